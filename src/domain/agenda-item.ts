/**
 * TOP numbers (agenda items) as printed: "2.12", "2.9b", "A3", "3/5/46", "10.1", and TOPs of a
 * Roman section ("I.1", "II.5", printed "TOP I 1" or "TOP I.1"). They sort by segment: Roman
 * sections first by their value (I < II < III < IV < … < IX < X), then numerically
 * (2.2 < 2.9 < 2.9b < 2.12 < 10.1); lettered items (A3) after the numbered ones.
 *
 * A number has at most MAX_AGENDA_ITEM_DIGITS digits per segment and at most
 * MAX_AGENDA_ITEM_SEGMENTS segments (the parser reads no more from a printed TOP line): a
 * 20-digit "TOP" is a typing slip, not an agenda item.
 */

const SEGMENT = /^([A-Z]?)(\d+)([a-z]?)$/;
const ROMAN_SEGMENT = /^[IVX]{1,4}$/;
/** Digits in one segment: "105", never "1000". */
export const MAX_AGENDA_ITEM_DIGITS = 3;
/** Segments after an optional Roman section: "3/5/46", "2.1.3.4.5". */
export const MAX_AGENDA_ITEM_SEGMENTS = 5;
export const AGENDA_ITEM_PATTERN = new RegExp(
  `^(?:[IVX]{1,4}\\.)?[A-Z]?[0-9]{1,${MAX_AGENDA_ITEM_DIGITS}}[a-z]?(?:[./][0-9]{1,${MAX_AGENDA_ITEM_DIGITS}}[a-z]?){0,${MAX_AGENDA_ITEM_SEGMENTS - 1}}$`,
);
/** The limits as the messages name them. */
export const AGENDA_ITEM_LIMITS = Object.freeze({ digits: MAX_AGENDA_ITEM_DIGITS, segments: MAX_AGENDA_ITEM_SEGMENTS });
/** The shape without the limits: what is refused as too long rather than as no TOP number. */
const AGENDA_ITEM_SHAPE = /^(?:[IVX]{1,4}\.)?[A-Z]?[0-9]+[a-z]?(?:[./][0-9]+[a-z]?)*$/;

export function isAgendaItem(value: string): boolean {
  return AGENDA_ITEM_PATTERN.test(value);
}

/** Why a typed TOP number cannot be stored: not shaped like one, or too long to be one; null when it is fine. */
export function agendaItemProblem(value: string): 'shape' | 'tooLong' | null {
  if (isAgendaItem(value)) return null;
  return AGENDA_ITEM_SHAPE.test(value) ? 'tooLong' : 'shape';
}

/**
 * A TOP number as typed into a form, written the way the archive writes it (as the parser does
 * with a printed TOP line): without the word "TOP", "5 a" → "5a", "II 3" → "II.3".
 */
export function normalizeAgendaItem(input: string): string {
  return input
    .trim()
    .replace(/^TOP\s*/i, '')
    .replace(/^([IVX]{1,4})\s+(?=[0-9])/, '$1.')
    .replace(/([0-9])\s+([a-z])(?=$|[./])/g, '$1$2');
}

const ROMAN_VALUES: Readonly<Record<string, number>> = { I: 1, V: 5, X: 10 };

/** "IV" → 4, "IX" → 9. */
export function romanValue(numeral: string): number {
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const value = ROMAN_VALUES[numeral[i]!]!;
    const next = ROMAN_VALUES[numeral[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}

/**
 * A string whose byte order is the agenda order. Each segment becomes
 * `<prefix flag><prefix><10-digit number><suffix>`; a Roman section is `2R<10-digit value>`.
 * Segments are joined with "." which sorts below every digit, so "2" < "2.1".
 */
export function agendaItemSortKey(agendaItem: string): string {
  return agendaItem
    .split(/[./]/)
    .map((segment, index) => {
      if (index === 0 && ROMAN_SEGMENT.test(segment)) return `2R${String(romanValue(segment)).padStart(10, '0')}_`;
      const match = SEGMENT.exec(segment);
      if (!match) return `9${segment}`;
      const [, prefix = '', digits = '0', suffix = ''] = match;
      const flag = prefix ? `1${prefix}` : '0_';
      return `${flag}${digits.padStart(10, '0')}${suffix || '_'}`;
    })
    .join('.');
}

export function compareAgendaItems(a: string, b: string): number {
  const ka = agendaItemSortKey(a);
  const kb = agendaItemSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
