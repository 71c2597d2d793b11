/**
 * Names of downloaded files and their Content-Disposition header (RFC 6266). Pure; the names
 * themselves are UI text (views/i18n/de.json documents.file), filled with fileNamePart values.
 */

/** Characters no file system or browser keeps in a file name (control characters too), and white space: each becomes "-". */
const UNSAFE = /[\s/\\:*?"<>|\p{Cc}]+/gu;

/**
 * A value within a file name (a conference's short name, a TOP): characters no file system or
 * browser keeps, and white space, as "-"; no leading or trailing "-".
 */
export function fileNamePart(text: string): string {
  return text.replace(UNSAFE, '-').replace(/^-+|-+$/g, '');
}

const TRANSLITERATION: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss', ẞ: 'SS' };

/**
 * The name in US-ASCII for clients that do not read `filename*`: umlauts and ß as ae, oe, ue, ss
 * (as German writes them without umlauts), other accents dropped, quotes and backslashes removed.
 */
export function asciiFileName(name: string): string {
  const ascii = name
    .replace(/[äöüÄÖÜßẞ]/g, (c) => TRANSLITERATION[c]!)
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '');
  return ascii.replace(/^[\s.]+$/, '') || 'Datei';
}

/** RFC 8187 (ext-value): UTF-8, percent-encoded except attr-char; encodeURIComponent leaves ' ( ) * unencoded, which attr-char excludes. */
function extValue(name: string): string {
  return `UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/**
 * Content-Disposition of a download (RFC 6266): `filename` in US-ASCII for every client and
 * `filename*` with the name in UTF-8 (RFC 8187), which browsers prefer.
 */
export function attachmentHeader(name: string): string {
  return `attachment; filename="${asciiFileName(name)}"; filename*=${extValue(name)}`;
}
