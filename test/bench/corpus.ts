/**
 * Synthetic text corpus for the benchmark (pure, no I/O, no database): resolutions in the import
 * interchange format with demands and follow-ups, worded from the Zipf-distributed vocabulary of
 * ./words.ts, so full-text indexes see realistic term statistics.
 *
 * Deterministic for a given seed. Fast: words are sampled in O(1) with Walker's alias method and
 * appended to strings directly; 100,000 resolutions × 10 demands take a few seconds.
 *
 * Shape: ~12 conferences; each gets an equal share of the resolutions, split into meetings of
 * 50–250 TOPs (~40 meetings per conference at 100,000 resolutions). The first meeting of the
 * first conference has exactly 50 TOPs (see benchMeetingWithFiftyTops).
 */
import type { ImportDemand, ImportMeeting, ImportProtocolStatement, ImportResolution } from '../../src/domain/import-format.js';
import { LAND_CODES, type LandCode } from '../../src/domain/laender.js';
import { FOLLOW_UP_KINDS, type Addressee, type Outcome, type Visibility, type Voting } from '../../src/domain/vocabulary.js';
import { BENCH_VOCABULARY, CAPITALIZED, createZipfSampler, makeRandom } from './words.js';

export interface BenchFollowUp {
  /** Index into resolution.demands, or null for the whole resolution. */
  demandIndex: number | null;
  date: string;
  actor: string;
  kind: string;
  summary: string;
  status: string | null;
  visibility: Visibility;
}

export interface BenchItem {
  conference: string;
  /** 0-based index of the meeting within its conference. */
  meetingIndex: number;
  resolution: ImportResolution;
  followUps: BenchFollowUp[];
}

export interface BenchCorpusOptions {
  resolutions: number;
  demandsPerResolution: number;
  seed: number;
}

export const BENCH_CONFERENCES = ['IntMK', 'IMK', 'GMK', 'ASMK', 'JuMiKo', 'JFMK', 'UMK', 'KMK', 'VMK', 'WMK', 'AMK', 'BMK'] as const;
export const MIN_TOPS = 50;
export const MAX_TOPS = 250;
/** Follow-ups are not dated after this day. */
export const BENCH_HORIZON = '2026-10-31';

// ---------------------------------------------------------------------------------------------
// Meetings plan
// ---------------------------------------------------------------------------------------------

export interface BenchMeetingPlan {
  conference: string;
  meetingIndex: number;
  /** number of TOPs (resolutions) of the meeting */
  tops: number;
  meeting: ImportMeeting;
}

const PLACES = [
  'Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Stuttgart', 'Düsseldorf', 'Leipzig', 'Dresden', 'Hannover',
  'Bremen', 'Potsdam', 'Kiel', 'Schwerin', 'Magdeburg', 'Erfurt', 'Mainz', 'Saarbrücken', 'Wiesbaden', 'Lübeck', 'Weimar',
  'Rostock-Warnemünde', 'Friedrichshafen', 'Bad Dürkheim', 'Konstanz', 'Bad Saarow', 'Goslar', 'Würzburg', 'Binz', 'Timmendorfer Strand',
];

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The meetings the corpus will contain, in generation order. Cheap: a few hundred entries. */
export function benchMeetingPlan(opts: BenchCorpusOptions): BenchMeetingPlan[] {
  const random = makeRandom((opts.seed ^ 0x9e3779b9) >>> 0);
  const plan: BenchMeetingPlan[] = [];
  const conferences = BENCH_CONFERENCES.length;
  for (let c = 0; c < conferences; c++) {
    const share = Math.floor(opts.resolutions / conferences) + (c < opts.resolutions % conferences ? 1 : 0);
    const sizes: number[] = [];
    let remaining = share;
    while (remaining > 0) {
      // skewed towards large meetings: mean about 200 TOPs
      let size: number;
      if (c === 0 && sizes.length === 0 && remaining >= MIN_TOPS) size = MIN_TOPS;
      else if (remaining <= MAX_TOPS) size = remaining;
      else {
        size = MAX_TOPS - Math.floor((MAX_TOPS - MIN_TOPS) * Math.pow(random(), 3));
        if (remaining - size < MIN_TOPS) size = remaining - MIN_TOPS;
      }
      sizes.push(size);
      remaining -= size;
    }
    const perYear = c % 2 === 0 ? 2 : 1;
    const firstNumber = 1 + ((c * 37) % 90);
    const lastYear = 2025;
    sizes.forEach((tops, i) => {
      const fromEnd = sizes.length - 1 - i;
      const year = lastYear - Math.floor(fromEnd / perYear);
      const second = perYear === 2 && fromEnd % 2 === 0;
      const month = second ? 11 : 4 + (c % 3);
      const day = 1 + ((c * 7 + i * 3) % 26);
      const startDate = `${year}-${pad(month)}-${pad(day)}`;
      const twoDays = (i + c) % 3 !== 0;
      const endDate = `${year}-${pad(month)}-${pad(twoDays ? day + 1 : day)}`;
      const place = (i * 7 + c) % 23 === 5 ? null : (PLACES[(c * 11 + i * 5) % PLACES.length] as string);
      plan.push({
        conference: BENCH_CONFERENCES[c] as string,
        meetingIndex: i,
        tops,
        meeting: { number: firstNumber + i, year, startDate, endDate, place },
      });
    });
  }
  return plan;
}

/** The meeting with exactly 50 TOPs (the first meeting of the first conference), if the corpus has one. */
export function benchMeetingWithFiftyTops(opts: BenchCorpusOptions): BenchMeetingPlan | null {
  return benchMeetingPlan(opts).find((m) => m.tops === MIN_TOPS) ?? null;
}

function agendaItem(index: number): string {
  // sections of 40 TOPs starting at "2.1": 2.1 … 2.40, 3.1 …, up to 8.10 for 250 TOPs
  return `${2 + Math.floor(index / 40)}.${(index % 40) + 1}`;
}

// ---------------------------------------------------------------------------------------------
// Actors by conference (codes of src/domain/actors.ts, valid at the date)
// ---------------------------------------------------------------------------------------------

interface Period {
  code: string;
  from: string;
  to: string;
}

const LINEAGES: Record<string, Period[]> = {
  innen: [{ code: 'BMI', from: '0000', to: '9999' }],
  arbeit: [{ code: 'BMAS', from: '2005-11-22', to: '9999' }],
  gesundheit: [{ code: 'BMG', from: '2005-11-22', to: '9999' }],
  familie: [{ code: 'BMFSFJ', from: '1994-11-17', to: '2025-05-05' }, { code: 'BMBFSFJ', from: '2025-05-06', to: '9999' }],
  umwelt: [
    { code: 'BMUB', from: '2013-12-17', to: '2018-03-13' }, { code: 'BMU', from: '2018-03-14', to: '2021-12-07' },
    { code: 'BMUV', from: '2021-12-08', to: '2025-05-05' }, { code: 'BMUKN', from: '2025-05-06', to: '9999' },
  ],
  justiz: [{ code: 'BMJV', from: '2013-12-17', to: '2021-12-07' }, { code: 'BMJ', from: '2021-12-08', to: '2025-05-05' }, { code: 'BMJV', from: '2025-05-06', to: '9999' }],
  verkehr: [{ code: 'BMVI', from: '2013-12-17', to: '2021-12-07' }, { code: 'BMDV', from: '2021-12-08', to: '2025-05-05' }, { code: 'BMV', from: '2025-05-06', to: '9999' }],
  wirtschaft: [{ code: 'BMWi', from: '2013-12-17', to: '2021-12-07' }, { code: 'BMWK', from: '2021-12-08', to: '2025-05-05' }, { code: 'BMWE', from: '2025-05-06', to: '9999' }],
  landwirtschaft: [{ code: 'BMEL', from: '2013-12-17', to: '2025-05-05' }, { code: 'BMLEH', from: '2025-05-06', to: '9999' }],
  forschung: [{ code: 'BMBF', from: '1994-11-17', to: '2025-05-05' }, { code: 'BMFTR', from: '2025-05-06', to: '9999' }],
  bau: [{ code: 'BMWSB', from: '2021-12-08', to: '9999' }],
  finanzen: [{ code: 'BMF', from: '0000', to: '9999' }],
};

const CONFERENCE_LINEAGES: Record<string, string[]> = {
  IntMK: ['innen', 'arbeit', 'familie'], IMK: ['innen'], GMK: ['gesundheit'], ASMK: ['arbeit', 'finanzen'], JuMiKo: ['justiz'],
  JFMK: ['familie', 'forschung'], UMK: ['umwelt', 'landwirtschaft'], KMK: ['forschung', 'familie'], VMK: ['verkehr'],
  WMK: ['wirtschaft'], AMK: ['landwirtschaft'], BMK: ['bau', 'innen'],
};

function federalActor(lineage: string, date: string): string {
  const periods = LINEAGES[lineage];
  if (periods) for (const p of periods) if (p.from <= date && date <= p.to) return p.code;
  return 'BReg';
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const DAY = 86_400_000;
function toDays(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY;
}
const HORIZON_DAYS = toDays(BENCH_HORIZON);
const dateCache = new Map<number, string>();
function fromDays(days: number): string {
  let s = dateCache.get(days);
  if (s === undefined) {
    s = new Date(days * DAY).toISOString().slice(0, 10);
    dateCache.set(days, s);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

const OUTCOME_TABLE: Outcome[] = [
  ...Array<Outcome>(88).fill('adopted'), ...Array<Outcome>(5).fill('noted'), ...Array<Outcome>(3).fill('withdrawn'),
  ...Array<Outcome>(2).fill('rejected'), ...Array<Outcome>(2).fill('deferred'),
];
const ADDRESSEE_SETS: Addressee[][] = [
  ['bund'], ['bund'], ['bund'], ['bund'], ['bund'], ['laender'], ['laender'], ['bund', 'laender'], ['kommunen'],
  ['laender', 'kommunen'], ['bund', 'eu'], ['gremium'], [],
];
const STATUS_LADDER = ['open', 'in_progress', 'partial', 'implemented'] as const;

/**
 * Generates `opts.resolutions` items. Objects are fresh per item (consumers may keep them), but
 * meeting objects and sponsor lists are shared between items of the same meeting where equal.
 */
export function* generateBenchCorpus(opts: BenchCorpusOptions): Generator<BenchItem> {
  const random = makeRandom(opts.seed);
  const word = createZipfSampler(random);
  const vocab = BENCH_VOCABULARY;
  const capital = CAPITALIZED;
  const plan = benchMeetingPlan(opts);
  const allLaender: LandCode[] = [...LAND_CODES];
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

  const sentence = (min: number, max: number): string => {
    const len = int(min, max);
    let s = capital[word()] as string;
    for (let i = 1; i < len; i++) {
      s += ' ';
      s += vocab[word()] as string;
      if (random() < 0.04 && i < len - 2) s += ',';
    }
    return `${s}.`;
  };
  const title = (): string => {
    const len = int(4, 10);
    let s = capital[word()] as string;
    for (let i = 1; i < len; i++) s += ` ${vocab[word()] as string}`;
    return s;
  };
  const sponsors = (): LandCode[] => {
    const r = random();
    if (r < 0.12) return allLaender;
    const out: LandCode[] = [];
    const p = r < 0.4 ? 0.08 : 0.3;
    for (const code of LAND_CODES) if (random() < p) out.push(code);
    if (out.length === 0) out.push(LAND_CODES[int(0, 15)] as LandCode);
    return out;
  };

  for (const m of plan) {
    const lineages = CONFERENCE_LINEAGES[m.conference] ?? ['innen'];
    const endDay = toDays(m.meeting.endDate ?? m.meeting.startDate ?? '2000-01-01');
    const shortName = m.conference;
    for (let t = 0; t < m.tops; t++) {
      const outcome = OUTCOME_TABLE[int(0, OUTCOME_TABLE.length - 1)] as Outcome;
      let voting: Voting = 'unknown';
      let formula: string;
      let yes: number | undefined;
      let no: number | undefined;
      let abstain: number | undefined;
      if (outcome === 'adopted' || outcome === 'rejected') {
        const v = random();
        voting = v < 0.6 ? 'unanimous' : v < 0.85 ? 'majority' : 'counted';
        if (voting === 'counted') {
          no = int(0, 4);
          abstain = int(0, 3);
          yes = outcome === 'adopted' ? 16 - no - abstain - int(0, 1) : int(2, 6);
          formula = `Abstimmungsergebnis: ${yes}:${no}:${abstain}`;
        } else {
          formula = `Die ${shortName} hat ${voting === 'unanimous' ? 'einstimmig' : 'mehrheitlich'} ${outcome === 'adopted' ? 'beschlossen:' : 'abgelehnt.'}`;
        }
      } else if (outcome === 'noted') {
        formula = `Die ${shortName} nimmt den Bericht zur Kenntnis.`;
      } else if (outcome === 'withdrawn') {
        formula = '(zurückgezogen)';
      } else {
        formula = `Die ${shortName} vertagt die Beratung.`;
      }

      const demands: ImportDemand[] = [];
      const followUps: BenchFollowUp[] = [];
      if (outcome === 'adopted' || outcome === 'rejected') {
        // adopted and rejected items (90 %) carry the demands: scale so the mean over all items
        // is demandsPerResolution
        const mean = Math.round(opts.demandsPerResolution / 0.9);
        const spread = Math.max(1, Math.round(mean * 0.3));
        const count = Math.max(1, mean + int(-spread, spread));
        const lineage = lineages[int(0, lineages.length - 1)] as string;
        for (let d = 0; d < count; d++) {
          const sentences = int(1, 3);
          let text = sentence(12, 30);
          for (let s = 1; s < sentences; s++) text += ` ${sentence(12, 30)}`;
          const addressees = ADDRESSEE_SETS[int(0, ADDRESSEE_SETS.length - 1)] as Addressee[];
          const demand: ImportDemand = { number: count === 1 ? null : String(d + 1), text, addressees };
          if (random() < 0.05) demand.dueDate = fromDays(endDay + int(180, 720));
          demands.push(demand);
          if (outcome !== 'adopted') continue;
          // 0–3 follow-ups, status moving up the ladder, sometimes rejected or obsolete
          const n = int(0, 3);
          let day = endDay + int(20, 300);
          let step = 0;
          for (let f = 0; f < n && day <= HORIZON_DAYS; f++) {
            const date = fromDays(day);
            const kind = FOLLOW_UP_KINDS[int(0, FOLLOW_UP_KINDS.length - 1)]!;
            let status: string | null;
            if (kind === 'note') status = null;
            else {
              const r = random();
              status = r < 0.06 ? 'rejected' : r < 0.1 ? 'obsolete' : (STATUS_LADDER[Math.min(step, 3)] as string);
              step += int(0, 2);
            }
            const actor = kind === 'assessment' ? (allLaender[int(0, 15)] as string) : kind === 'note' ? 'GS' : federalActor(lineage, date);
            followUps.push({
              demandIndex: d,
              date,
              actor,
              kind,
              summary: sentence(12, 30),
              status,
              visibility: random() < 0.12 ? 'internal' : 'public',
            });
            day += int(30, 400);
          }
        }
        if (random() < 0.02 && endDay + 30 <= HORIZON_DAYS) {
          followUps.push({ demandIndex: null, date: fromDays(endDay + 30), actor: 'GS', kind: 'note', summary: sentence(12, 20), status: null, visibility: 'internal' });
        }
      }

      const statements: ImportProtocolStatement[] = [];
      if (voting !== 'unanimous' && voting !== 'unknown' && random() < 0.2) {
        statements.push({ laender: [allLaender[int(0, 15)] as string], text: sentence(12, 30) });
      }
      const decision = { outcome, voting, formula } as ImportResolution['decision'];
      if (voting === 'counted') {
        decision.yes = yes as number;
        decision.no = no as number;
        decision.abstain = abstain as number;
      }
      yield {
        conference: shortName,
        meetingIndex: m.meetingIndex,
        resolution: {
          conference: shortName,
          meeting: m.meeting,
          agendaItem: agendaItem(t),
          title: title(),
          sponsors: outcome === 'noted' ? [] : sponsors(),
          decision,
          demands,
          protocolStatements: statements,
        },
        followUps,
      };
    }
  }
}
