/**
 * The texts of the messages the application sends, in German (strings under `mailText` in
 * views/i18n/de.json), rendered as plain text and simple HTML by domain/mail-message.ts.
 */
import type { UserRole } from '../domain/vocabulary.js';
import { formatBerlinDateTime } from '../domain/berlin-time.js';
import { renderMail, type MailSection, type RenderedMail } from '../domain/mail-message.js';
import { translate } from '../i18n.js';

function greeting(name: string): string {
  return translate('mailText.greeting', { name });
}

export function invitationMessage(input: { name: string; email: string; role: UserRole; url: string; expiresAt: Date; siteUrl: string }): RenderedMail {
  return renderMail({
    subject: translate('mailText.invitation.subject'),
    greeting: greeting(input.name),
    paragraphs: [
      translate('mailText.invitation.body', { role: translate(`admin.roles.${input.role}`), email: input.email }),
      translate('mailText.invitation.instruction'),
    ],
    link: { label: translate('mailText.invitation.link'), url: input.url },
    after: [translate('mailText.invitation.valid', { until: formatBerlinDateTime(input.expiresAt.toISOString()) })],
    closing: translate('mailText.closing'),
    footer: [translate('mailText.invitation.footer', { site: input.siteUrl })],
  });
}

export function passwordResetMessage(input: { name: string; url: string; expiresAt: Date; siteUrl: string; unsubscribeUrl: string | null }): RenderedMail {
  return renderMail({
    subject: translate('mailText.reset.subject'),
    greeting: greeting(input.name),
    paragraphs: [translate('mailText.reset.body')],
    link: { label: translate('mailText.reset.link'), url: input.url },
    after: [
      translate('mailText.reset.valid', { until: formatBerlinDateTime(input.expiresAt.toISOString()) }),
      translate('mailText.reset.notYou'),
    ],
    closing: translate('mailText.closing'),
    footer: [translate('mailText.reset.footer', { site: input.siteUrl })],
    ...(input.unsubscribeUrl ? { unsubscribe: { label: translate('mailText.reset.unsubscribe'), url: input.unsubscribeUrl } } : {}),
  });
}

export type { MailSection };

export interface ReminderLine {
  /** "12. IntMK 2017, TOP 2.12, Ziffer 3" */
  label: string;
  title: string;
  dueDate: string;
  /** The Ziffer's own page (or its TOP's), an absolute address. */
  url: string;
}

function shortDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

function shortened(text: string, max = 160): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function reminderMessage(input: {
  name: string;
  overdue: ReminderLine[];
  dueSoon: ReminderLine[];
  daysBefore: number;
  url: string;
  unsubscribeUrl: string;
  siteUrl: string;
}): RenderedMail {
  const line = (r: ReminderLine) => ({ text: translate('mailText.reminder.line', { label: r.label, title: shortened(r.title), date: shortDate(r.dueDate) }), url: r.url });
  const sections: MailSection[] = [];
  if (input.overdue.length > 0) sections.push({ heading: translate('mailText.reminder.overdueHeading'), items: input.overdue.map(line) });
  if (input.dueSoon.length > 0) sections.push({ heading: translate('mailText.reminder.dueSoonHeading', { days: input.daysBefore }), items: input.dueSoon.map(line) });
  const counts = [
    input.overdue.length > 0 ? translate('mailText.reminder.countOverdue', { count: input.overdue.length }) : null,
    input.dueSoon.length > 0 ? translate('mailText.reminder.countDueSoon', { count: input.dueSoon.length }) : null,
  ].filter((part) => part !== null);
  return renderMail({
    subject: translate('mailText.reminder.subject', { counts: counts.join(', ') }),
    greeting: greeting(input.name),
    paragraphs: [translate('mailText.reminder.body')],
    sections,
    link: { label: translate('mailText.reminder.link'), url: input.url },
    closing: translate('mailText.closing'),
    footer: [translate('mailText.reminder.footer', { site: input.siteUrl })],
    unsubscribe: { label: translate('mailText.reminder.unsubscribe'), url: input.unsubscribeUrl },
  });
}

export interface DigestEntry {
  /** "12. IntMK 2017, TOP 2.12: Titel" */
  heading: string;
  /**
   * The Berlin date (YYYY-MM-DD) the watch began, where that lies within the period the digest
   * covers (a TOP watched only since Wednesday has news since Wednesday, not of the whole week);
   * null for a watch older than the period.
   */
  watchedSince: string | null;
  /** The watched TOP (or Ziffer) on its page, an absolute address. */
  url: string;
  changes: {
    date: string;
    kind: string;
    /** Who acted ("BMI", or the Land's name for its assessment or note); null where nobody is named. */
    actor: string | null;
    /** An internal follow-up: the mail says so, as the pages mark it, before anybody passes it on. */
    internal: boolean;
    status: string | null;
    demand: string | null;
    summary: string;
  }[];
}

/**
 * What period the digest tells of, truthfully: the past day or week — unless a watch began within
 * it, when the digest tells only of what was recorded since (services/watches.ts fromWatchStart).
 * Every entry watched since one day: that day in the introduction. Some entries, or several days:
 * the introduction says so, and each such entry names its day (`noteEach`).
 */
function digestPeriodText(frequency: 'daily' | 'weekly', entries: readonly DigestEntry[]): { intro: string; noteEach: boolean } {
  const since = entries.map((entry) => entry.watchedSince);
  const days = new Set(since);
  if (!days.has(null) && days.size === 1) {
    return { intro: translate('mailText.digest.bodySinceWatch', { date: shortDate(since[0]!) }), noteEach: false };
  }
  if (days.has(null) && days.size === 1) {
    return { intro: translate(frequency === 'daily' ? 'mailText.digest.bodyDaily' : 'mailText.digest.bodyWeekly'), noteEach: false };
  }
  const key = days.has(null) ? (frequency === 'daily' ? 'bodyDailyPartly' : 'bodyWeeklyPartly') : 'bodySinceWatches';
  return { intro: translate(`mailText.digest.${key}`), noteEach: true };
}

export function digestMessage(input: {
  name: string;
  frequency: 'daily' | 'weekly';
  /** The reader's Land (its German name) for a Land's account, else null: what it recorded is left out (services/watches.ts notOwn), and the mail says so. */
  land: string | null;
  entries: DigestEntry[];
  url: string;
  unsubscribeUrl: string;
  siteUrl: string;
}): RenderedMail {
  const count = input.entries.reduce((sum, entry) => sum + entry.changes.length, 0);
  const { intro, noteEach } = digestPeriodText(input.frequency, input.entries);
  return renderMail({
    subject: translate(count === 1 ? 'mailText.digest.subjectOne' : 'mailText.digest.subject', { count }),
    greeting: greeting(input.name),
    paragraphs: [
      intro,
      input.land === null ? translate('mailText.digest.ownLeftOut') : translate('mailText.digest.ownLeftOutLand', { land: input.land }),
    ],
    sections: input.entries.map((entry) => ({
      heading: entry.heading,
      ...(noteEach && entry.watchedSince !== null ? { note: translate('mailText.digest.watchedSince', { date: shortDate(entry.watchedSince) }) } : {}),
      link: { label: translate('mailText.digest.toResolution'), url: entry.url },
      items: entry.changes.map((change) =>
        translate('mailText.digest.line', {
          date: shortDate(change.date),
          demand: change.demand ?? translate('followUp.wholeResolution'),
          kind: translate(`followUpKind.${change.kind}`),
          actor: change.actor === null ? '' : translate('mailText.digest.actor', { actor: change.actor }),
          internal: change.internal ? translate('mailText.digest.internal') : '',
          status: change.status ? translate('mailText.digest.status', { status: translate(`status.${change.status}`) }) : '',
          summary: shortened(change.summary, 300),
        }),
      ),
    })),
    link: { label: translate('mailText.digest.link'), url: input.url },
    closing: translate('mailText.closing'),
    footer: [translate('mailText.digest.footer', { site: input.siteUrl })],
    unsubscribe: { label: translate('mailText.digest.unsubscribe'), url: input.unsubscribeUrl },
  });
}
