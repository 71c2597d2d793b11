/**
 * The maintained list of actors of follow-ups: federal ministries with the dates of each name,
 * so that a 2017 response by the BMUB and a 2023 one by the BMUV are the same line of
 * responsibility (`lineage`), plus the conference's own bodies. Dates are those of the
 * organisational decrees (Organisationserlasse) that renamed the ministries.
 */

import { addDays } from './dates.js';
import type { ActorKind } from './vocabulary.js';

/** The kinds of actors in the maintained list (a Land acts under its own code, not as a listed actor). */
export type ListedActorKind = Exclude<ActorKind, 'land'>;

export interface ActorDefinition {
  code: string;
  name: string;
  lineage: string;
  kind: ListedActorKind;
  validFrom: string | null;
  validTo: string | null;
}

const T18 = '2018-03-14'; // 19th Bundestag: Kabinett Merkel IV
const T21 = '2021-12-08'; // 20th Bundestag: Kabinett Scholz
const T25 = '2025-05-06'; // 21st Bundestag: Kabinett Merz


function bund(code: string, name: string, lineage: string, validFrom: string | null, until: string | null = null): ActorDefinition {
  return { code, name, lineage, kind: 'bund', validFrom, validTo: until === null ? null : addDays(until, -1) };
}

export const ACTORS: readonly ActorDefinition[] = [
  bund('BReg', 'Bundesregierung', 'bundesregierung', null),
  bund('BKAmt', 'Bundeskanzleramt', 'kanzleramt', null),
  bund('BMI', 'Bundesministerium des Innern', 'innen', null, T18),
  bund('BMI', 'Bundesministerium des Innern, für Bau und Heimat', 'innen', T18, T21),
  bund('BMI', 'Bundesministerium des Innern und für Heimat', 'innen', T21, T25),
  bund('BMI', 'Bundesministerium des Innern', 'innen', T25),
  bund('BMAS', 'Bundesministerium für Arbeit und Soziales', 'arbeit', null),
  bund('BMFSFJ', 'Bundesministerium für Familie, Senioren, Frauen und Jugend', 'familie', null, T25),
  bund('BMBFSFJ', 'Bundesministerium für Bildung, Familie, Senioren, Frauen und Jugend', 'familie', T25),
  bund('BMG', 'Bundesministerium für Gesundheit', 'gesundheit', null),
  bund('BMBF', 'Bundesministerium für Bildung und Forschung', 'forschung', null, T25),
  bund('BMFTR', 'Bundesministerium für Forschung, Technologie und Raumfahrt', 'forschung', T25),
  bund('BMJV', 'Bundesministerium der Justiz und für Verbraucherschutz', 'justiz', null, T21),
  bund('BMJ', 'Bundesministerium der Justiz', 'justiz', T21, T25),
  bund('BMJV', 'Bundesministerium der Justiz und für Verbraucherschutz', 'justiz', T25),
  bund('BMF', 'Bundesministerium der Finanzen', 'finanzen', null),
  bund('BMUB', 'Bundesministerium für Umwelt, Naturschutz, Bau und Reaktorsicherheit', 'umwelt', null, T18),
  bund('BMU', 'Bundesministerium für Umwelt, Naturschutz und nukleare Sicherheit', 'umwelt', T18, T21),
  bund('BMUV', 'Bundesministerium für Umwelt, Naturschutz, nukleare Sicherheit und Verbraucherschutz', 'umwelt', T21, T25),
  bund('BMUKN', 'Bundesministerium für Umwelt, Klimaschutz, Naturschutz und nukleare Sicherheit', 'umwelt', T25),
  bund('BMVI', 'Bundesministerium für Verkehr und digitale Infrastruktur', 'verkehr', null, T21),
  bund('BMDV', 'Bundesministerium für Digitales und Verkehr', 'verkehr', T21, T25),
  bund('BMV', 'Bundesministerium für Verkehr', 'verkehr', T25),
  bund('BMDS', 'Bundesministerium für Digitales und Staatsmodernisierung', 'digitales', T25),
  bund('BMWi', 'Bundesministerium für Wirtschaft und Energie', 'wirtschaft', null, T21),
  bund('BMWK', 'Bundesministerium für Wirtschaft und Klimaschutz', 'wirtschaft', T21, T25),
  bund('BMWE', 'Bundesministerium für Wirtschaft und Energie', 'wirtschaft', T25),
  bund('BMEL', 'Bundesministerium für Ernährung und Landwirtschaft', 'landwirtschaft', null, T25),
  bund('BMLEH', 'Bundesministerium für Landwirtschaft, Ernährung und Heimat', 'landwirtschaft', T25),
  bund('BMWSB', 'Bundesministerium für Wohnen, Stadtentwicklung und Bauwesen', 'bau', T21),
  bund('BMZ', 'Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung', 'entwicklung', null),
  bund('BMVg', 'Bundesministerium der Verteidigung', 'verteidigung', null),
  bund('AA', 'Auswärtiges Amt', 'aussen', null),
  bund('BAMF', 'Bundesamt für Migration und Flüchtlinge', 'bamf', null),
  { code: 'AG', name: 'Arbeitsgruppe der Konferenz', lineage: 'gremium', kind: 'gremium', validFrom: null, validTo: null },
  { code: 'GS', name: 'Geschäftsstelle der Konferenz', lineage: 'geschaeftsstelle', kind: 'secretariat', validFrom: null, validTo: null },
  { code: 'EU-KOM', name: 'Europäische Kommission', lineage: 'eu-kommission', kind: 'other', validFrom: null, validTo: null },
];
