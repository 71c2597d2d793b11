/**
 * TOP numbers (agenda items) as printed: "2.12", "2.9b", "A3", "3/5/46", "10.1", and TOPs of a
 * Roman section ("I.1", "II.5", printed "TOP I 1" or "TOP I.1"). They sort by segment: Roman
 * sections first by their value (I < II < III < IV < … < IX < X), then numerically
 * (2.2 < 2.9 < 2.9b < 2.12 < 10.1); lettered items (A3) after the numbered ones.
 */

const SEGMENT = /^([A-Z]?)(\d+)([a-z]?)$/;
const ROMAN_SEGMENT = /^[IVX]{1,4}$/;
export const AGENDA_ITEM_PATTERN = /^(?:[IVX]{1,4}\.)?[A-Z]?[0-9]+[a-z]?([./][0-9]+[a-z]?)*$/;

export function isAgendaItem(value: string): boolean {
  return AGENDA_ITEM_PATTERN.test(value);
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
