/**
 * A resolution as a reference for citation managers (Zotero, Citavi, JabRef, EndNote): BibTeX
 * (biblatex fields) and RIS. Pure. The values are the page's own citation: the conference as the
 * (institutional) author, the resolution's title, the meeting with its day and place, the address
 * cited (with ?stand= as of a day) and the note the page adds (state of implementation, version).
 */

export interface CitationRecord {
  /** An ASCII key: "intmk-12-top-2.12", as of a day "intmk-12-top-2.12-stand-2018-01-01" (citationKey). */
  key: string;
  /** The conference's full name: the institutional author. */
  author: string;
  /** The conference's short name ("IntMK"): the author in RIS when the full name has a comma. */
  authorShort: string;
  title: string;
  /** "Beschluss der 12. IntMK 2017 (16.–17. März 2017, Friedrichshafen), TOP 2.12" */
  howPublished: string;
  /** The meeting's first day (YYYY-MM-DD) or, without one, its year. */
  date: string;
  place: string | null;
  url: string;
  /** The day the reference was taken (YYYY-MM-DD). */
  accessed: string;
  /** "Umsetzungsstand am 1. Januar 2018. Wortlaut: Fassung 1, gültig ab …" */
  note: string;
  /** The publisher of the archive. */
  publisher: string;
}

/**
 * The key of a TOP's reference: made of its address only, so the same address gives the same key
 * on every download (a document citing it with \cite{…} keeps working after the reference is
 * taken again), and each state cited as of a day (`?stand=`) its own: a bibliography citing the
 * TOP as of two days holds two references, not one key twice (BibTeX keeps only the first). ASCII
 * letters, digits, dots and hyphens: what every citation manager takes as a key.
 */
export function citationKey(slug: string, meetingKey: string, agendaItem: string, asOf: string | null): string {
  return `${slug}-${meetingKey}-top-${agendaItem}${asOf === null ? '' : `-stand-${asOf}`}`.replace(/[^A-Za-z0-9.-]/g, '-');
}

/** BibTeX's special characters as text (UTF-8 stays as it is: biblatex and BibTeX with inputenc read it). */
function bibText(value: string): string {
  return value
    .replace(/[\\{}]/g, (c) => (c === '\\' ? '\\textbackslash{}' : `\\${c}`))
    .replace(/[#$%&_]/g, (c) => `\\${c}`)
    .replace(/~/g, '\\textasciitilde{}')
    .replace(/\^/g, '\\textasciicircum{}')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A URL in BibTeX: only its braces and percent signs need protecting (the url field is verbatim in biblatex). */
function bibUrl(value: string): string {
  return value.replace(/%/g, '\\%').replace(/[{}]/g, (c) => encodeURIComponent(c));
}

export function bibtex(record: CitationRecord): string {
  const fields: [string, string][] = [
    // double braces: an institution, not a person's family and given names
    ['author', `{${bibText(record.author)}}`],
    ['title', bibText(record.title)],
    ['howpublished', bibText(record.howPublished)],
    ['date', record.date],
    ['year', record.date.slice(0, 4)],
    ...(record.place ? [['location', bibText(record.place)] as [string, string]] : []),
    ['publisher', bibText(record.publisher)],
    ['url', bibUrl(record.url)],
    ['urldate', record.accessed],
    ['note', bibText(record.note)],
    ['langid', 'ngerman'],
  ];
  return `@misc{${record.key},\n${fields.map(([name, value]) => `  ${name} = {${value}}`).join(',\n')}\n}\n`;
}

/** A RIS value: one line. */
function risText(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** RIS dates: YYYY/MM/DD/ (a year alone: YYYY///). */
function risDate(value: string): string {
  const [year, month = '', day = ''] = value.split('-');
  return `${year}/${month}/${day}/`;
}

export function ris(record: CitationRecord): string {
  const lines: [string, string][] = [
    ['TY', 'GEN'],
    // RIS names are "family, given": a name without a comma is taken whole, as an institution;
    // a full name with a comma ("Ministerinnen und Minister, Senatorinnen …") would be split there
    ['AU', risText(record.author.includes(',') ? record.authorShort : record.author)],
    ['TI', risText(record.title)],
    ['T2', risText(record.howPublished)],
    ['PY', record.date.slice(0, 4)],
    ['DA', risDate(record.date)],
    ...(record.place ? [['CY', risText(record.place)] as [string, string]] : []),
    ['PB', risText(record.publisher)],
    ['UR', record.url],
    ['Y2', risDate(record.accessed)],
    ['N1', risText(record.note)],
    ['LA', 'de'],
    ['ID', record.key],
  ];
  // RIS: "TAG  - value", CRLF, closed by "ER  - "
  return `${[...lines, ['ER', '']].map(([tag, value]) => `${tag}  - ${value}`.trimEnd() + (tag === 'ER' ? ' ' : '')).join('\r\n')}\r\n`;
}
