/**
 * The items of a refused form's error summary (views/partials/error-summary.hbs): each message
 * links to the field it is about, so that a keyboard or screen reader user goes from the summary
 * (where the focus lands) straight to the field to correct.
 */
import { translate } from '../i18n.js';

export interface ErrorSummaryItem {
  /** `#` and the field's id; null for a problem of the whole form (a conflict, a refused save). */
  href: string | null;
  message: string;
  /** A way forward after the message (e.g. to the meeting that exists already). */
  more?: { href: string; label: string };
}

/**
 * A form's errors keyed by field name as the summary lists them. A field's id is its name unless
 * `ids` names another element (a group of radio buttons: its first button); the key `form` and
 * names mapped to null are problems of the whole form and link nowhere.
 */
export function errorSummary(errors: Readonly<Record<string, string>>, ids: Readonly<Record<string, string | null>> = {}): ErrorSummaryItem[] {
  return Object.entries(errors).map(([field, message]) => {
    const id = field === 'form' ? null : ids[field] === undefined ? field : ids[field];
    return { href: id === null ? null : `#${id}`, message };
  });
}

/**
 * The problems of a password form (the services give them as sentences): the wrong current
 * password links to its field, a mismatch to the repetition, every rule of the new one to it.
 */
export function passwordErrorSummary(problems: readonly string[]): ErrorSummaryItem[] {
  return problems.map((message) => ({ href: `#${passwordFieldOf(message)}`, message }));
}

type PasswordField = 'current' | 'next' | 'repeat';

/** The field of a password form a problem is about (the wrong current password, a mismatch, or the new one). */
function passwordFieldOf(message: string): PasswordField {
  if (message === translate('userError.currentPasswordWrong')) return 'current';
  if (message === translate('account.repeatMismatch')) return 'repeat';
  return 'next';
}

/**
 * The same problems by field, for the message next to each field (and its aria-invalid), as the
 * other forms show them beside the summary: several about one field in one sentence after another.
 */
export function passwordFieldErrors(problems: readonly string[]): Partial<Record<PasswordField, string>> {
  const byField: Partial<Record<PasswordField, string>> = {};
  for (const message of problems) {
    const field = passwordFieldOf(message);
    byField[field] = byField[field] === undefined ? message : `${byField[field]} ${message}`;
  }
  return byField;
}
