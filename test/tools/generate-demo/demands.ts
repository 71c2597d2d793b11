/** The numbered demands (Ziffern) of a generated resolution, sentence by sentence. */
import { addDays, formatDateLong, lastDayOfMonth } from '../../../src/domain/dates.js';
import type { ImportDemand } from '../../../src/domain/import-format.js';
import type { Addressee } from '../../../src/domain/vocabulary.js';
import { PHRASES, type ConferenceSpec, type MeetingSpec, type Topic } from './data.js';
import { actorAccusative, actorAt } from './language.js';
import type { Rng } from './rng.js';

export interface Ctx {
  rng: Rng;
  conf: ConferenceSpec;
  meeting: MeetingSpec;
  /** "IntMK" or "Integrationsministerkonferenz" for this resolution */
  k: string;
  topic: Topic;
  usedSentences: Set<string>;
}

export function fill(template: string, ctx: Ctx, extra: Record<string, string> = {}): string {
  const y = ctx.meeting.year;
  const min = actorAt(ctx.topic.lineage, ctx.meeting.startDate);
  const vars: Record<string, string> = {
    K: ctx.k,
    gen: ctx.topic.gen,
    purpose: ctx.topic.purpose,
    ag: ctx.topic.ag,
    min: actorAccusative(min),
    y1: String(y + 1),
    y2: String(y + 2),
    ...extra,
  };
  return template.replace(/\{(\w+)\}/g, (m, key: string) => vars[key] ?? m);
}

function pickFresh(ctx: Ctx, items: readonly string[]): string {
  const fresh = items.filter((s) => !ctx.usedSentences.has(s));
  const chosen = ctx.rng.pick(fresh.length > 0 ? fresh : items);
  ctx.usedSentences.add(chosen);
  return chosen;
}

/** The next meeting the conference expects a report at: "der 14. IntMK im Jahr 2019". */
function reportTarget(ctx: Ctx, yearsAhead: number): { phrase: string; dueDate: string } {
  const { conf, meeting: m } = ctx;
  const year = m.year + yearsAhead;
  const number = m.number === null ? null : m.number + yearsAhead * conf.perYear;
  const listed = number === null ? undefined : conf.meetings.find((x) => x.number === number);
  const dueDate = listed ? listed.startDate : `${year}${m.startDate.slice(4)}`;
  const phrase = number === null ? `der ${ctx.k} im Jahr ${year}` : `der ${number}. ${ctx.k} im Jahr ${year}`;
  return { phrase, dueDate };
}

type DemandKind = 'statement' | 'bund' | 'laender' | 'kommunen' | 'eu' | 'gremium' | 'report';

export function makeDemand(kind: DemandKind, ctx: Ctx): ImportDemand {
  const { rng, topic } = ctx;
  const sentences: string[] = [];
  let addressees: Addressee[] = [];
  let dueDate: string | undefined;
  const supports = (bank: readonly string[], lo: number, hi: number) => {
    const n = rng.int(lo, hi);
    for (let i = 0; i < n; i++) sentences.push(fill(pickFresh(ctx, bank), ctx));
  };
  switch (kind) {
    case 'statement': {
      sentences.push(`Die ${ctx.k} ${rng.pick(PHRASES.factVerbs)} ${fill(pickFresh(ctx, topic.facts), ctx)}.`);
      supports(PHRASES.factTail, 1, 2);
      break;
    }
    case 'bund': {
      const freshTopic = topic.bund.filter((c) => !ctx.usedSentences.has(c));
      const clause = pickFresh(ctx, freshTopic.length > 0 && !rng.chance(0.15) ? freshTopic : PHRASES.bundGeneric);
      sentences.push(`Die ${ctx.k} ${fill(rng.pick(PHRASES.bundOpeners), ctx)} ${fill(clause, ctx)}.`);
      supports(PHRASES.bundSupport, 1, 3);
      addressees = ['bund'];
      break;
    }
    case 'laender': {
      sentences.push(`${fill(rng.pick(PHRASES.laenderOpeners), ctx)} ${fill(pickFresh(ctx, topic.laender), ctx)}.`);
      supports(PHRASES.laenderSupport, 1, 2);
      addressees = ['laender'];
      break;
    }
    case 'kommunen': {
      if (rng.chance(0.5)) {
        sentences.push(`Die ${ctx.k} appelliert an die Kommunen und die kommunalen Spitzenverbände, ${fill(topic.kommunen ?? '', ctx)}.`);
        addressees = ['kommunen'];
      } else {
        sentences.push(`Die ${ctx.k} bittet die Länder, gemeinsam mit den Kommunen darauf hinzuwirken, ${fill(topic.kommunen ?? '', ctx)}.`);
        addressees = ['laender', 'kommunen'];
      }
      supports(PHRASES.kommunenSupport, 1, 2);
      break;
    }
    case 'eu': {
      sentences.push(`Die ${ctx.k} bittet die Bundesregierung, sich gegenüber der Europäischen Kommission und im Rat dafür einzusetzen, dass ${fill(topic.eu ?? '', ctx)}.`);
      supports(PHRASES.euSupport, 1, 2);
      addressees = ['bund', 'eu'];
      break;
    }
    case 'gremium': {
      const target = reportTarget(ctx, 1);
      sentences.push(`Die ${ctx.k} beauftragt die ${topic.ag}, ${fill(pickFresh(ctx, PHRASES.gremiumTasks), ctx)} und ${target.phrase} zu berichten.`);
      supports(PHRASES.gremiumSupport, 1, 2);
      addressees = ['gremium'];
      dueDate = target.dueDate;
      break;
    }
    case 'report': {
      if (rng.chance(0.7)) {
        const target = reportTarget(ctx, rng.chance(0.6) ? 2 : 1);
        sentences.push(`Die ${ctx.k} wird sich mit dem Thema erneut befassen.`);
        sentences.push(`Sie bittet ${fill('{min}', ctx)}, ${target.phrase} über den Stand der Umsetzung zu berichten.`);
        dueDate = target.dueDate;
      } else {
        const due = lastDayOfMonth(addDays(ctx.meeting.endDate, rng.int(150, 330)));
        sentences.push(`Die Bundesregierung wird gebeten, der ${ctx.k} bis zum ${formatDateLong(due)} schriftlich über die Umsetzung dieses Beschlusses zu berichten.`);
        sentences.push(fill(pickFresh(ctx, ['Der Bericht soll auch die Erfahrungen der Länder einbeziehen.', 'Dabei ist insbesondere auf die Finanzierung {gen} einzugehen.']), ctx));
        dueDate = due;
      }
      addressees = ['bund'];
      break;
    }
  }
  const demand: ImportDemand = { number: null, text: sentences.join(' '), addressees };
  if (dueDate !== undefined) demand.dueDate = dueDate;
  return demand;
}

export function demandKinds(rng: Rng, topic: Topic, count: number): DemandKind[] {
  const kinds: DemandKind[] = [];
  if (count >= 2 && rng.chance(0.75)) kinds.push('statement');
  const finalReport = count >= 3 && rng.chance(0.4);
  const options: Array<readonly [DemandKind, number]> = [
    ['bund', 50],
    ['laender', 14],
    ['gremium', 7],
    ['statement', 4],
  ];
  if (topic.kommunen) options.push(['kommunen', 10]);
  if (topic.eu) options.push(['eu', 8]);
  while (kinds.length < count - (finalReport ? 1 : 0)) {
    const kind = rng.weighted(options);
    if ((kind === 'eu' || kind === 'kommunen' || kind === 'gremium') && kinds.includes(kind)) continue;
    if (kind === 'laender' && kinds.filter((k) => k === 'laender').length >= topic.laender.length) continue;
    kinds.push(kind);
  }
  if (finalReport) kinds.push('report');
  if (!kinds.some((k) => k === 'bund' || k === 'eu' || k === 'report') && count >= 2) kinds[kinds.length - 1] = 'bund';
  return kinds;
}
