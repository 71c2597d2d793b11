/**
 * TOP numbers (agenda items) as printed: "2.12", "2.9b", "A3", "3/5/46", "10.1".
 * They sort numerically by segment: 2.2 < 2.9 < 2.9b < 2.12 < 10.1; lettered items (A3) after
 * the numbered ones.
 */

const SEGMENT = /^([A-Z]?)(\d+)([a-z]?)$/;
export const AGENDA_ITEM_PATTERN = /^[A-Z]?[0-9]+[a-z]?([./][0-9]+[a-z]?)*$/;

export function isAgendaItem(value: string): boolean {
  return AGENDA_ITEM_PATTERN.test(value);
}

/**
 * A string whose byte order is the agenda order. Each segment becomes
 * `<prefix flag><prefix><10-digit number><suffix>`; segments are joined with "." which sorts
 * below every digit, so "2" < "2.1".
 */
export function agendaItemSortKey(agendaItem: string): string {
  return agendaItem
    .split(/[./]/)
    .map((segment) => {
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
