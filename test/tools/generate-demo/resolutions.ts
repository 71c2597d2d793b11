/** The resolutions of a generated meeting: TOP numbers, titles, sponsors, decision, demands, protocol statements. */
import type { ImportDecision, ImportDemand, ImportMeeting, ImportProtocolStatement, ImportResolution } from '../../../src/domain/import-format.js';
import { LAND_CODES, sortLandCodes, type LandCode } from '../../../src/domain/laender.js';
import type { DemoMeeting } from '../../../src/domain/demo-format.js';
import type { Outcome } from '../../../src/domain/vocabulary.js';
import { PHRASES, type ConferenceSpec, type MeetingSpec, type Topic, type TopStyle } from './data.js';
import { demandKinds, fill, makeDemand, type Ctx } from './demands.js';
import { joinNames, landSubject, nominative } from './language.js';
import type { Rng } from './rng.js';

function pickSponsors(rng: Rng): LandCode[] {
  const mode = rng.weighted([['all', 14], ['one', 22], ['few', 50], ['many', 14]] as const);
  switch (mode) {
    case 'all': return [...LAND_CODES];
    case 'one': return [rng.pick(LAND_CODES)];
    case 'few': return sortLandCodes(rng.sample(LAND_CODES, rng.int(2, 6)));
    case 'many': return sortLandCodes(rng.sample(LAND_CODES, rng.int(7, 13)));
  }
}

function protocolStatements(ctx: Ctx, sponsors: LandCode[], demandCount: number, decision: ImportDecision): ImportProtocolStatement[] {
  const against = decision.no ?? 0;
  const dissent = decision.voting !== 'unanimous';
  const { rng } = ctx;
  const statements: ImportProtocolStatement[] = [];
  const nonSponsors = LAND_CODES.filter((c) => !sponsors.includes(c));
  const pool = nonSponsors.length > 0 ? nonSponsors : [...LAND_CODES];
  const n = against > 0 ? 1 : rng.int(1, 2);
  const used = new Set<LandCode>();
  for (let i = 0; i < n; i++) {
    const size = rng.weighted([[1, 70], [2, 22], [3, 8]] as const);
    const laender = sortLandCodes(rng.sample(pool.filter((c) => !used.has(c)), size));
    if (laender.length === 0) break;
    laender.forEach((c) => used.add(c));
    const names = laender.map((c, idx) => (idx === 0 ? nominative(c, rng) : landSubject(c).replace(/^Das /, 'das ')));
    const subject = joinNames(names);
    const plural = laender.length > 1;
    const reason = rng.pick(PHRASES.protocolReasons);
    const form = rng.weighted([
      ['notCarry', dissent ? 40 : 0],
      ['digit', dissent && demandCount >= 2 ? 25 : 0],
      ['declare', 20],
      ['abstain', (decision.abstain ?? 0) > 0 ? 15 : 0],
    ] as const);
    let text: string;
    switch (form) {
      case 'notCarry':
        text = `${subject} ${plural ? 'tragen' : 'trägt'} den Beschluss nicht mit, weil ${reason}.`;
        break;
      case 'digit':
        text = `${subject} ${plural ? 'stimmen' : 'stimmt'} Ziffer ${rng.int(2, demandCount)} nicht zu, da ${reason}.`;
        break;
      case 'declare':
        text = `${subject} ${plural ? 'erklären' : 'erklärt'} zu Protokoll, dass ${fill(rng.pick(ctx.topic.facts), ctx)} und eine Lösung nur gemeinsam mit dem Bund gelingen kann.`;
        break;
      case 'abstain':
        text = `${subject} ${plural ? 'enthalten' : 'enthält'} sich der Stimme, da ${reason}.`;
        break;
    }
    statements.push({ laender, text });
  }
  return statements;
}

function votingFormula(ctx: Ctx, voting: 'unanimous' | 'majority' | 'counted', counts?: [number, number, number]): string {
  const { conf, rng } = ctx;
  const k = ctx.k;
  const written = ctx.meeting.kind === 'written' ? ' im Umlaufverfahren' : '';
  if (voting === 'counted' && counts) {
    const c = counts.join(':');
    return rng.pick([`Abstimmungsergebnis: ${c}`, `Die ${k} hat${written} mit ${c} Stimmen beschlossen:`, `Beschluss: ${c}`]);
  }
  const word = voting === 'unanimous' ? 'einstimmig' : 'mehrheitlich';
  if (conf.slug === 'intmk' || conf.slug === 'jfmk') {
    return rng.chance(0.25) ? `Abstimmungsergebnis: ${word}` : `Die ${conf.shortName} hat${written} ${word} beschlossen:`;
  }
  return `Die ${rng.chance(0.5) ? conf.longName : conf.shortName} hat${written} ${word} beschlossen:`;
}

export function meetingKey(m: DemoMeeting): number | string {
  return m.number ?? m.startDate;
}

function importMeeting(m: DemoMeeting): ImportMeeting {
  return { number: m.number, year: m.year, startDate: m.startDate, endDate: m.endDate, place: m.place };
}

export function makeTops(style: TopStyle, count: number, rng: Rng): string[] {
  const seq = (prefix: string, from: number, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${from + i}`);
  switch (style) {
    case 'intmk-12':
      return [...seq('2.', 1, 11), '3.1'].slice(0, count);
    case 'intmk':
      return [...seq('2.', 1, count - 1), '3.1'];
    case 'intmk-b': {
      const tops = seq('2.', 1, count - 1);
      tops.splice(9, 0, '2.9b');
      tops[8] = '2.9a';
      return tops.slice(0, count);
    }
    case 'gmk':
      return seq('5.', 1, count);
    case 'gmk-10':
      return [...seq('5.', 1, count - 3), '10.1', '10.2', '10.3'];
    case 'asmk':
      return seq('5.', 1, count);
    case 'asmk-a':
      return [...seq('A', 1, 3), ...seq('5.', 1, count - 3)];
    case 'umk':
      return seq('', rng.int(8, 14), count);
    case 'jfmk':
      return [...seq('3.', 1, count - 2), '6.1', '6.2'];
    case 'written':
      return seq('', 1, count);
  }
}

export interface GeneratedResolution {
  resolution: ImportResolution;
  topic: Topic;
}

export interface TopicHistory {
  agendaItem: string;
  meeting: MeetingSpec;
}

export function generateResolutions(
  rng: Rng, conf: ConferenceSpec, m: MeetingSpec, tops: string[], history: Map<Topic, TopicHistory>,
): GeneratedResolution[] {
  const available = conf.topics.filter((t) => (t.from ?? 0) <= m.year && m.year <= (t.to ?? 9999));
  const order = rng.shuffle(available);
  const titleUse = new Map<Topic, number>();
  const out: GeneratedResolution[] = [];
  tops.forEach((agendaItem, i) => {
    const topic = order[i % order.length] as Topic;
    const round = titleUse.get(topic) ?? rng.int(0, topic.titles.length - 1);
    titleUse.set(topic, round + 1);
    const ctx: Ctx = {
      rng, conf, meeting: m, topic, usedSentences: new Set(),
      k: rng.chance(0.75) ? conf.shortName : conf.longName,
    };
    const outcome: Outcome = rng.weighted([['adopted', 80], ['noted', 8], ['rejected', 4], ['deferred', 3], ['withdrawn', 5]] as const);
    let title = topic.titles[round % topic.titles.length] as string;
    let sponsors = pickSponsors(rng);
    let decision: ImportDecision;
    let demands: ImportDemand[] = [];
    let statements: ImportProtocolStatement[] = [];
    switch (outcome) {
      case 'adopted': {
        const voting = rng.weighted([['unanimous', 55], ['majority', 25], ['counted', 20]] as const);
        let counts: [number, number, number] | undefined;
        if (voting === 'counted') {
          const no = rng.int(0, 4);
          const abstain = rng.int(0, 3);
          const yes = rng.int(Math.max(9, 13 - no - abstain), 16 - no - abstain);
          counts = [yes, no, abstain];
        }
        decision = { outcome, voting, formula: votingFormula(ctx, voting, counts) };
        if (counts) Object.assign(decision, { yes: counts[0], no: counts[1], abstain: counts[2] });
        const count = rng.weighted([[1, 8], [2, 12], [3, 19], [4, 20], [5, 16], [6, 12], [7, 8], [8, 5]] as const);
        if (count === 1) {
          const d = makeDemand('bund', ctx);
          const intro = `Die ${ctx.k} ${rng.pick(PHRASES.factVerbs)} ${fill(rng.pick(topic.facts), ctx)}.`;
          demands = [{ ...d, text: `${intro} ${d.text}` }];
        } else {
          demands = demandKinds(rng, topic, count).map((kind, idx) => ({ ...makeDemand(kind, ctx), number: String(idx + 1) }));
        }
        const dissent = voting !== 'unanimous';
        if (rng.chance(dissent ? 0.45 : 0.08)) statements = protocolStatements(ctx, sponsors, demands.length, decision);
        break;
      }
      case 'noted': {
        title = rng.chance(0.6) ? `Bericht der ${topic.ag}` : `Sachstandsbericht des Bundes: ${title}`;
        sponsors = rng.chance(0.5) ? [] : [m.chairLand];
        decision = {
          outcome, voting: 'unknown',
          formula: title.startsWith('Bericht')
            ? `Die ${ctx.k} nimmt den Bericht der ${topic.ag} zur Kenntnis.`
            : `Die ${ctx.k} nimmt den Sachstandsbericht des Bundes zur Kenntnis.`,
        };
        break;
      }
      case 'rejected': {
        const counted = rng.chance(0.7);
        if (counted) {
          const yes = rng.int(3, 7);
          const no = rng.int(6, 16 - yes);
          const abstain = rng.int(0, 16 - yes - no);
          decision = { outcome, voting: 'counted', yes, no, abstain, formula: `Abstimmungsergebnis: ${yes}:${no}:${abstain} – der Antrag ist abgelehnt.` };
        } else {
          decision = { outcome, voting: 'majority', formula: 'Der Antrag wurde mehrheitlich abgelehnt.' };
        }
        sponsors = sponsors.length === 16 ? [rng.pick(LAND_CODES)] : sponsors;
        const n = rng.int(1, 3);
        demands = Array.from({ length: n }, (_, idx) => ({ ...makeDemand(idx === 0 && n > 1 ? 'statement' : 'bund', ctx), number: String(idx + 1) }));
        break;
      }
      case 'deferred':
        decision = { outcome, voting: 'unknown', formula: `Die ${ctx.k} vertagt die Beratung auf ihre nächste Sitzung.` };
        break;
      case 'withdrawn':
        decision = { outcome, voting: 'unknown', formula: rng.pick(['(zurückgezogen)', '- ZURÜCKGEZOGEN -', 'Der Antrag wurde zurückgezogen.']) };
        break;
    }
    const resolution: ImportResolution = {
      conference: conf.shortName,
      meeting: importMeeting(m),
      agendaItem,
      title,
      sponsors,
      decision,
      demands,
      protocolStatements: statements,
    };
    const prev = history.get(topic);
    if (prev && prev.meeting.number !== null && outcome === 'adopted' && rng.chance(0.45)) {
      resolution.references = [`TOP ${prev.agendaItem} ${prev.meeting.number}. ${conf.shortName}`];
    }
    if (outcome === 'adopted') history.set(topic, { agendaItem, meeting: m });
    out.push({ resolution, topic });
  });
  return out;
}
