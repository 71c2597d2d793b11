/**
 * A synthetic archive for the rebuild of repeated demands: resolutions of three conferences with
 * two Ziffern each, worded from a large pool of rare compounds (the subject of a Ziffer) and a
 * small pool of common ones, the same request formula in every Ziffer, and every fifth resolution
 * asking again, in another opening sentence, what a Ziffer of an earlier meeting asked.
 * Deterministic: the same size gives the same archive, and in a fresh database the same ids.
 */
import type { ImportDocument, ImportResolution } from '../../src/domain/import-format.js';
import { makeRandom } from '../bench/words.js';

const CONFERENCES = ['UMK', 'GMK', 'ASMK'] as const;
const TOPS_PER_MEETING = 10;

const HEADS = ['Förder', 'Wasser', 'Schul', 'Kranken', 'Energie', 'Verkehrs', 'Wohn', 'Pflege', 'Daten', 'Klima', 'Boden', 'Arbeits', 'Kinder', 'Kultur', 'Wald', 'Hafen', 'Bahn', 'Strom', 'Küsten', 'Lärm'];
const MIDDLES = ['schutz', 'netz', 'plan', 'fonds', 'rechts', 'amts', 'markt', 'zentral', 'werk', 'hilfe'];
const TAILS = ['programm', 'gesetz', 'strategie', 'verordnung', 'konzept', 'initiative', 'register', 'kontrolle', 'abgabe', 'pflicht'];
const MARKS = ['ost', 'west', 'nord', 'süd', 'mittel', 'ober', 'unter', 'vorder', 'hinter', 'außen'];
const COMMON_HEADS = ['Landes', 'Kreis', 'Stadt', 'Gemeinde', 'Regional', 'Fach', 'Haupt', 'Grund'];
const COMMON_TAILS = ['verwaltung', 'behörde', 'stelle', 'kommission', 'ausschuss', 'gremium', 'beirat', 'dienst', 'büro', 'leitung'];
const OPENINGS = [
  'Die Konferenz bittet die Bundesregierung,',
  'Die Konferenz fordert den Bund erneut auf,',
  'Die Ministerinnen und Minister halten es weiterhin für dringend geboten,',
];

export interface SyntheticArchive {
  document: ImportDocument;
  /** Texts of Ziffern that repeat one another (later, earlier). */
  repeats: [string, string][];
}

export function syntheticArchive(resolutionCount: number): SyntheticArchive {
  const next = makeRandom(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const rare = () => `${pick(MARKS)}${pick(HEADS).toLowerCase()}${pick(MIDDLES)}${pick(TAILS)}`.replace(/^./, (c) => c.toUpperCase());
  const common = () => `${pick(COMMON_HEADS)}${pick(COMMON_TAILS)}`;
  const subject = () => ({ words: [rare(), rare(), rare(), rare(), rare()], common: [common(), common()] });
  const text = (opening: string, s: ReturnType<typeof subject>) =>
    `${opening} das ${s.words[0]} für ${s.words[1]} und ${s.words[2]} mit der ${s.common[0]} zu stärken sowie ${s.words[3]} im ${s.words[4]} ` +
    `gemeinsam mit der ${s.common[1]} zu verankern. Über den Stand der Umsetzung ist der Konferenz zu berichten.`;

  const subjects: { subject: ReturnType<typeof subject>; text: string; meeting: number }[] = [];
  const repeats: [string, string][] = [];
  const resolutions: ImportResolution[] = [];
  for (let r = 0; r < resolutionCount; r++) {
    const meeting = Math.floor(r / TOPS_PER_MEETING);
    const conference = CONFERENCES[meeting % CONFERENCES.length]!;
    const number = 1 + Math.floor(meeting / CONFERENCES.length);
    const year = 2000 + number;
    const demands = [0, 1].map((d) => {
      const earlier = subjects.filter((s) => s.meeting < meeting);
      if (d === 0 && r % 5 === 4 && earlier.length > 0) {
        const original = pick(earlier);
        const again = { words: original.subject.words, common: [original.subject.common[0]!, common()] };
        const repeated = text(pick(OPENINGS.slice(1)), again);
        repeats.push([repeated, original.text]);
        return { number: String(d + 1), text: repeated };
      }
      const s = subject();
      const own = text(OPENINGS[0]!, s);
      subjects.push({ subject: s, text: own, meeting });
      return { number: String(d + 1), text: own };
    });
    resolutions.push({
      conference,
      meeting: { number, year, startDate: `${year}-05-10`, endDate: `${year}-05-11`, place: 'Berlin' },
      agendaItem: String((r % TOPS_PER_MEETING) + 1),
      title: `Synthetischer Beschluss ${r + 1}`,
      sponsors: ['BY'],
      decision: { outcome: 'adopted', voting: 'unanimous', formula: 'Die Konferenz hat einstimmig beschlossen:' },
      demands,
      protocolStatements: [],
    });
  }
  return { document: { resolutions, warnings: [] }, repeats };
}
