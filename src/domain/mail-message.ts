/**
 * A message as plain text and simple HTML from one structured description: German text, one link
 * back to the application, an optional unsubscribe link in the footer, no images, no tracking.
 * Every piece of text is escaped in the HTML.
 */
import { escapeHtml } from './html.js';

export interface MailSection {
  heading: string;
  /** Where the heading's subject is (e.g. the TOP of a digest): the HTML heading links it, the text names it under the heading. */
  link?: { label: string; url: string };
  /** A remark on the section as a whole, under its heading (e.g. since when a TOP is watched). */
  note?: string;
  /** A line, or a line with the address of its own page (the HTML links the line, the text gives the address under it). */
  items: (string | MailItem)[];
}

export interface MailItem {
  text: string;
  url: string;
}

export interface MailContent {
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** Lists under headings (e.g. a digest per TOP). */
  sections?: MailSection[];
  /** The one link back into the application. */
  link: { label: string; url: string };
  /** Text after the link (e.g. how long it is valid). */
  after?: string[];
  closing: string;
  /** Why the recipient gets this message. */
  footer: string[];
  unsubscribe?: { label: string; url: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}


/** A subject line on one line (no header injection through titles with line breaks). */
export function oneLine(value: string, max = 180): string {
  const line = value.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function textOf(content: MailContent): string {
  const blocks: string[] = [content.greeting, ...content.paragraphs];
  for (const section of content.sections ?? []) {
    const items = section.items.map((item) => (typeof item === 'string' ? `- ${item}` : `- ${item.text}\n  ${item.url}`));
    blocks.push([section.heading, ...(section.note ? [section.note] : []), ...items, ...(section.link ? [`${section.link.label}: ${section.link.url}`] : [])].join('\n'));
  }
  blocks.push(`${content.link.label}:\n${content.link.url}`);
  blocks.push(...(content.after ?? []), content.closing);
  const footer = [...content.footer];
  if (content.unsubscribe) footer.push(`${content.unsubscribe.label}: ${content.unsubscribe.url}`);
  return `${blocks.join('\n\n')}\n\n-- \n${footer.join('\n')}\n`;
}

function htmlOf(content: MailContent): string {
  const p = (text: string) => `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;
  const parts: string[] = [p(content.greeting), ...content.paragraphs.map(p)];
  for (const section of content.sections ?? []) {
    parts.push(`<h2 style="font-size:1.05em;margin:1.2em 0 0.4em">${escapeHtml(section.heading)}</h2>`);
    if (section.note) parts.push(p(section.note));
    const items = section.items.map((item) => (typeof item === 'string' ? escapeHtml(item) : `<a href="${escapeHtml(item.url)}">${escapeHtml(item.text)}</a>`));
    parts.push(`<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`);
    if (section.link) parts.push(`<p><a href="${escapeHtml(section.link.url)}">${escapeHtml(section.link.label)}</a></p>`);
  }
  parts.push(`<p><a href="${escapeHtml(content.link.url)}">${escapeHtml(content.link.label)}</a></p>`);
  parts.push(...(content.after ?? []).map(p), p(content.closing));
  const footer = content.footer.map(escapeHtml);
  if (content.unsubscribe) footer.push(`<a href="${escapeHtml(content.unsubscribe.url)}">${escapeHtml(content.unsubscribe.label)}</a>`);
  parts.push(`<hr><p style="font-size:0.9em;color:#444">${footer.join('<br>')}</p>`);
  return (
    '<!DOCTYPE html>\n<html lang="de">\n<head><meta charset="utf-8">' +
    `<title>${escapeHtml(content.subject)}</title></head>\n` +
    `<body style="font-family:sans-serif;line-height:1.5;color:#111;max-width:40em">\n${parts.join('\n')}\n</body>\n</html>\n`
  );
}

export function renderMail(content: MailContent): RenderedMail {
  return { subject: oneLine(content.subject), text: textOf(content), html: htmlOf(content) };
}
