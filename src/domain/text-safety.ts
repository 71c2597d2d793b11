/**
 * Text that came from outside, made safe for where it goes: control characters dropped on input
 * (they make Atom feeds invalid XML and hide text in forms), spreadsheet formulas defused in CSV
 * cells (a cell "=HYPERLINK(…)" would run in Excel or LibreOffice), and characters XML 1.0 cannot
 * carry removed from feeds (defence in depth for text stored before input was cleaned).
 */

/** C0 control characters except tab, line feed and carriage return; and DEL. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function withoutControlCharacters(text: string): string {
  return text.replace(CONTROL, '');
}

/** An object of keys and values (not a Buffer, a Date, a stream, …). */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

/** The same for every string inside a value of plain objects and arrays (a form body, a JSON document). */
export function withoutControlCharactersDeep<T>(value: T): T {
  if (typeof value === 'string') return withoutControlCharacters(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutControlCharactersDeep(item)) as T;
  if (isRecord(value)) {
    // keep the prototype: Fastify's query and form objects have none of Object's
    const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) copy[withoutControlCharacters(key)] = withoutControlCharactersDeep(item);
    return copy as T;
  }
  return value;
}

/** What starts a formula in a spreadsheet cell (OWASP "CSV injection"): = + - @, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell a spreadsheet shows as text: a leading apostrophe where it would start a formula. */
export function spreadsheetSafe(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** Characters XML 1.0 does not allow: C0 controls but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

/** The longest file name a message or heading repeats in full. */
export const SHOWN_FILE_NAME_LENGTH = 60;

/**
 * An uploaded file's name as a message or heading shows it: a name longer than `max` characters
 * keeps its start and its extension, joined by an ellipsis ("Ergebnisniederschrift…2024.pdf" →
 * "Ergebnisniederschri….pdf"), so that a 300-character name does not fill the page. Counted in
 * code points: never cuts a character in two. Escaping is the template's job.
 */
export function shortFileName(name: string, max = SHOWN_FILE_NAME_LENGTH): string {
  const characters = Array.from(name);
  if (characters.length <= max) return name;
  const extension = Array.from(/\.[\p{L}\p{N}]{1,8}$/u.exec(name)?.[0] ?? '');
  const start = characters.slice(0, Math.max(1, max - 1 - extension.length)).join('').trimEnd();
  return `${start}…${extension.join('')}`;
}
