/** Actors and Länder in the generated sentences: "das BMI", "Die Freie Hansestadt Bremen", … */
import { ACTORS, type ActorDefinition } from '../../../src/domain/actors.js';
import { LAND_CODES, landName, type LandCode } from '../../../src/domain/laender.js';
import type { Rng } from './rng.js';

/** Federal actors come from the maintained list of the application (src/domain/actors.ts). */
export type DemoActor = ActorDefinition;

/** Actor codes that are not federal actors: working group and secretariat. */
export const NON_FEDERAL_ACTORS = ['AG', 'GS'] as const;

export function actorValidAt(actor: DemoActor, date: string): boolean {
  return (actor.validFrom === null || actor.validFrom <= date) && (actor.validTo === null || date <= actor.validTo);
}

export function actorAt(lineage: string, date: string): DemoActor {
  const found = ACTORS.find((a) => a.lineage === lineage && actorValidAt(a, date));
  if (!found) throw new Error(`no actor of lineage ${lineage} on ${date}`);
  return found;
}

/** "das Bundesministerium für Gesundheit", "die Bundesregierung", … (accusative). */
export function actorAccusative(actor: DemoActor): string {
  return /^Bundesregierung/.test(actor.name) ? `die ${actor.name}` : `das ${actor.name}`;
}

/** Subject of a follow-up summary: "Das BMI", "Die Bundesregierung", "Bayern", … */
export function actorSubject(code: string): string {
  switch (code) {
    case 'BReg': return 'Die Bundesregierung';
    case 'BKAmt': return 'Das Bundeskanzleramt';
    case 'AG': return 'Die Arbeitsgruppe';
    case 'GS': return 'Die Geschäftsstelle';
    default: return LAND_CODES.includes(code as LandCode) ? landSubject(code as LandCode) : `Das ${code}`;
  }
}

export function landSubject(code: LandCode): string {
  switch (code) {
    case 'SL': return 'Das Saarland';
    default: return landName(code);
  }
}

const LAND_LONG: Partial<Record<LandCode, string>> = {
  BY: 'Der Freistaat Bayern',
  SN: 'Der Freistaat Sachsen',
  TH: 'Der Freistaat Thüringen',
  HH: 'Die Freie und Hansestadt Hamburg',
  HB: 'Die Freie Hansestadt Bremen',
  BE: 'Das Land Berlin',
};

export function nominative(code: LandCode, rng: Rng): string {
  const long = LAND_LONG[code];
  return long !== undefined && rng.chance(0.4) ? long : landSubject(code);
}

export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} und ${names[names.length - 1]}`;
}
