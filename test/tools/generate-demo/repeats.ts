/**
 * Repeats across conferences, seeded on purpose (./data/repeats.json): one conference asks the Bund
 * again, in its own words, for what another conference asked earlier. The topic banks are per
 * conference, so such a repeat cannot arise by chance; the generator writes it over the generated
 * demand after all meetings exist (no random numbers are drawn, the rest of the archive stays as
 * it is). Both demands must exist and the earlier one must contain the clause, or generating fails.
 */
import type { ImportDemand, ImportResolution } from '../../../src/domain/import-format.js';
import { readFileSync } from 'node:fs';

interface SeededRepeat {
  /** the demand that repeats: "intmk/18/2.8#5" (conference slug / meeting number or start date / TOP # Ziffer) */
  at: string;
  /** the earlier demand it repeats */
  repeats: string;
  /** the zu-clause both ask the Bund for */
  clause: string;
  /** the repeating demand's text ({K} its conference as the resolution names it, {clause}) */
  text: string;
}

const SEEDED: readonly SeededRepeat[] = (
  JSON.parse(readFileSync(new URL('./data/repeats.json', import.meta.url), 'utf8')) as { acrossConferences: SeededRepeat[] }
).acrossConferences;

/** A generated resolution with its conference's slug (the files name conferences by slug). */
export interface SluggedResolution {
  slug: string;
  resolution: ImportResolution;
}

function findDemand(all: readonly SluggedResolution[], key: string): ImportDemand {
  const match = /^([^/]+)\/([^/]+)\/([^#]+)#(.+)$/.exec(key);
  if (!match) throw new Error(`repeats.json: bad demand key "${key}"`);
  const [, slug, meeting, agendaItem, number] = match;
  const found = all.find(({ slug: s, resolution: r }) =>
    s === slug && String(r.meeting.number ?? r.meeting.startDate) === meeting && r.agendaItem === agendaItem);
  const demand = found?.resolution.demands.find((d) => d.number === number);
  if (!demand) throw new Error(`repeats.json: no demand ${key} in the generated archive`);
  return demand;
}

/** Writes the seeded repeats over the generated demands (in place). */
export function applySeededRepeats(all: readonly SluggedResolution[]): void {
  for (const seed of SEEDED) {
    const earlier = findDemand(all, seed.repeats);
    if (!earlier.text.includes(seed.clause)) throw new Error(`repeats.json: ${seed.repeats} does not ask "${seed.clause}"`);
    const later = findDemand(all, seed.at);
    const k = /^Die (\S+) /.exec(later.text)?.[1];
    if (k === undefined || !earlier.addressees?.includes('bund') || !later.addressees?.includes('bund')) {
      throw new Error(`repeats.json: ${seed.repeats} and ${seed.at} must both be generated demands to the Bund`);
    }
    later.text = seed.text.replaceAll('{K}', k).replaceAll('{clause}', seed.clause);
  }
}
