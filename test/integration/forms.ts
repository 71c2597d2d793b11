/** Submitting server-rendered forms in tests as a browser would. */
import type { FastifyInstance } from 'fastify';

/** Text as Handlebars escaped it, back as it was. */
export function decodeHtml(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&amp;/g, '&');
}

/** The edit form (or the form from `start` on) as a browser would submit it: every named field with its current value. */
export function formFields(html: string, start = 'class="edit-form"'): Record<string, string | string[]> {
  const form = html.slice(html.indexOf(start));
  const fields: Record<string, string | string[]> = {};
  const add = (name: string, value: string) => {
    const decoded = decodeHtml(value);
    const existing = fields[name];
    fields[name] = existing === undefined ? decoded : [...(Array.isArray(existing) ? existing : [existing]), decoded];
  };
  for (const m of form.matchAll(/<input([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (!name) continue;
    if (/type="(checkbox|radio)"/.test(attrs) && !/ checked/.test(attrs)) continue;
    add(name, /value="([^"]*)"/.exec(attrs)?.[1] ?? '');
  }
  for (const m of form.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) add(m[1]!, m[2]!);
  for (const m of form.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    add(m[1]!, /<option value="([^"]+)" selected/.exec(m[2]!)?.[1] ?? '');
  }
  return fields;
}

export function urlEncode(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  return params.toString();
}

export async function post(app: FastifyInstance, url: string, cookies: Record<string, string>, fields: Record<string, string | string[]>) {
  return app.inject({ method: 'POST', url, cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: urlEncode(fields) });
}

/** A file of a multipart form (sent in the field `datei`). */
export interface Upload {
  name: string;
  content: string | Buffer;
  type: string;
}

/** A multipart/form-data body as a browser sends it: the fields, then the files. */
export function multipart(fields: Record<string, string | string[]>, ...files: Upload[]) {
  const boundary = '----bm-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, values] of Object.entries(fields)) {
    for (const value of Array.isArray(values) ? values : [values]) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
  }
  for (const file of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="datei"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
