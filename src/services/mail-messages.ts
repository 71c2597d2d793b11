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
