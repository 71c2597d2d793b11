/**
 * A UI text named by its key in views/i18n/de.json, with the values for its `{placeholders}`.
 * Pure code (forms, review hints) says which text it means; German is made only where the text is
 * shown (`uiTextOf` / `fieldErrorTexts` in src/i18n.ts), so the code never compares German words.
 */
export interface UiText {
  readonly key: string;
  /** A value may itself be a UI text (a label inside a message); it is made German with it. */
  readonly values?: Readonly<Record<string, UiTextValue>>;
}

export type UiTextValue = string | number | UiText;

/** A form's problems keyed by field name; empty when the input is valid. */
export type FieldErrors = Record<string, UiText>;

export function uiText(key: string, values?: Record<string, UiTextValue>): UiText {
  return values === undefined ? { key } : { key, values };
}
