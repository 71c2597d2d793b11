/**
 * The 16 Länder: codes (ISO 3166-2:DE without the "DE-" prefix), names and the order in which
 * resolutions list them. This is the one place the application knows about Länder.
 */

export const LAND_CODES = [
  'BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH',
] as const;

export type LandCode = (typeof LAND_CODES)[number];

export interface Land {
  readonly code: LandCode;
  readonly name: string;
}

export const LAENDER: readonly Land[] = [
  { code: 'BW', name: 'Baden-Württemberg' },
  { code: 'BY', name: 'Bayern' },
  { code: 'BE', name: 'Berlin' },
  { code: 'BB', name: 'Brandenburg' },
  { code: 'HB', name: 'Bremen' },
  { code: 'HH', name: 'Hamburg' },
  { code: 'HE', name: 'Hessen' },
  { code: 'MV', name: 'Mecklenburg-Vorpommern' },
  { code: 'NI', name: 'Niedersachsen' },
  { code: 'NW', name: 'Nordrhein-Westfalen' },
  { code: 'RP', name: 'Rheinland-Pfalz' },
  { code: 'SL', name: 'Saarland' },
  { code: 'SN', name: 'Sachsen' },
  { code: 'ST', name: 'Sachsen-Anhalt' },
  { code: 'SH', name: 'Schleswig-Holstein' },
  { code: 'TH', name: 'Thüringen' },
];

const byCode = new Map<string, Land>(LAENDER.map((land) => [land.code, land]));

export function isLandCode(value: string): value is LandCode {
  return byCode.has(value);
}

export function landName(code: LandCode): string {
  return byCode.get(code)!.name;
}

/** Sorts codes into the canonical order and drops duplicates. */
export function sortLandCodes(codes: Iterable<LandCode>): LandCode[] {
  const set = new Set(codes);
  return LAND_CODES.filter((code) => set.has(code));
}
