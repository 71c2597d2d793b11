/** The invented follow-up history of the generated resolutions: planned events, then dated follow-ups. */
import { addDays, dateOfDayNumber, dayNumber, formatDateLong } from '../../../src/domain/dates.js';
import type { DemoFollowUp } from '../../../src/domain/demo-format.js';
import type { ImportDemand, ImportResolution } from '../../../src/domain/import-format.js';
import { LAND_CODES, type LandCode } from '../../../src/domain/laender.js';
import type { Addressee, DemandStatus, FollowUpKind, Visibility } from '../../../src/domain/vocabulary.js';
import { PHRASES, type ConferenceSpec, type MeetingSpec, type Topic } from './data.js';
import { actorAt, actorSubject } from './language.js';
import { meetingKey, type GeneratedResolution } from './resolutions.js';
import type { Rng } from './rng.js';

/** Follow-ups are dated up to this day. */
export const DEMO_HORIZON = '2026-10-31';

type ActorRole = 'bund' | 'land' | 'gs' | 'ag';
interface PlannedEvent {
  kind: FollowUpKind;
  status: DemandStatus | null;
  role: ActorRole;
  visibility?: Visibility;
}

function planBund(rng: Rng): PlannedEvent[] {
  const scenario = rng.weighted([
    ['none', 120], ['single', 18], ['chain', 20], ['disagree', 11], ['legislation', 9], ['budget', 8], ['obsolete', 5], ['rejected', 5],
  ] as const);
  const ev = (kind: FollowUpKind, status: DemandStatus | null, role: ActorRole = 'bund', visibility?: Visibility): PlannedEvent =>
    visibility ? { kind, status, role, visibility } : { kind, status, role };
  switch (scenario) {
    case 'none':
      return [];
    case 'single':
      return [ev('response', rng.weighted([['in_progress', 40], ['open', 25], ['rejected', 20], ['partial', 15]] as const))];
    case 'chain': {
      const events: PlannedEvent[] = [ev('response', 'open')];
      if (rng.chance(0.4)) events.push(ev('note', null, 'gs', 'internal'));
      events.push(ev(rng.pick(['report', 'response'] as const), 'in_progress'));
      events.push(ev(rng.pick(['legislation', 'budget', 'report'] as const), 'partial'));
      if (rng.chance(0.7)) events.push(ev(rng.pick(['legislation', 'report'] as const), 'implemented'));
      return events;
    }
    case 'disagree': {
      const reported = rng.pick(['implemented', 'partial'] as const);
      const assessed = reported === 'implemented' ? rng.pick(['partial', 'open'] as const) : rng.pick(['open', 'in_progress'] as const);
      const events: PlannedEvent[] = [];
      if (rng.chance(0.5)) events.push(ev('response', 'in_progress'));
      events.push(ev('report', reported));
      events.push(ev('assessment', assessed, 'land', rng.chance(0.25) ? 'internal' : 'public'));
      return events;
    }
    case 'legislation':
      return [ev('legislation', 'in_progress'), ev('legislation', rng.pick(['implemented', 'implemented', 'partial'] as const))];
    case 'budget': {
      const events = [ev('budget', rng.pick(['partial', 'in_progress'] as const))];
      if (rng.chance(0.5)) events.push(ev('budget', rng.pick(['implemented', 'partial'] as const)));
      return events;
    }
    case 'obsolete':
      return [ev('response', 'open'), rng.chance(0.5) ? ev('note', 'obsolete', 'gs') : ev('assessment', 'obsolete', 'land')];
    case 'rejected': {
      const events = [ev('response', 'rejected')];
      if (rng.chance(0.6)) events.push(ev('assessment', 'open', 'land'));
      return events;
    }
  }
}

function planOther(rng: Rng, addressees: readonly Addressee[]): PlannedEvent[] {
  if (addressees.length === 0) {
    return rng.chance(0.06) ? [{ kind: 'note', status: null, role: 'gs', visibility: 'internal' }] : [];
  }
  const role: ActorRole = addressees.includes('gremium') ? 'ag' : 'gs';
  const scenario = rng.weighted([['none', 65], ['progress', 25], ['done', 18], ['assessed', 12]] as const);
  switch (scenario) {
    case 'none': return [];
    case 'progress': return [{ kind: 'report', status: 'in_progress', role }];
    case 'done': return [{ kind: 'report', status: 'in_progress', role }, { kind: 'report', status: 'implemented', role }];
    case 'assessed': return [{ kind: 'report', status: 'partial', role }, { kind: 'assessment', status: 'implemented', role: 'land' }];
  }
}

interface DemandRef {
  conf: ConferenceSpec;
  meeting: MeetingSpec;
  resolution: ImportResolution;
  topic: Topic;
  demand: ImportDemand | null;
}

function makeFollowUps(rng: Rng, ref: DemandRef, events: PlannedEvent[]): DemoFollowUp[] {
  const out: DemoFollowUp[] = [];
  let day = dayNumber(ref.meeting.endDate)! + rng.int(25, 240);
  const horizon = dayNumber(DEMO_HORIZON)!;
  const sponsorPool: readonly LandCode[] = ref.resolution.sponsors.length > 0 ? ref.resolution.sponsors : LAND_CODES;
  for (const event of events) {
    const weekday = (((day + 4) % 7) + 7) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
    if (weekday === 6) day += 2;
    else if (weekday === 0) day += 1;
    if (day > horizon) break;
    const date = dateOfDayNumber(day);
    let actor: string;
    switch (event.role) {
      case 'bund':
        actor = event.kind === 'legislation' && rng.chance(0.2) ? 'BReg' : actorAt(ref.topic.lineage, date).code;
        break;
      case 'land':
        actor = rng.pick(sponsorPool);
        break;
      case 'gs':
        actor = 'GS';
        break;
      case 'ag':
        actor = 'AG';
        break;
    }
    const kind: FollowUpKind = event.kind;
    let summary: string;
    const statusKey = event.status ?? 'null';
    const vars: Record<string, string> = {
      S: actorSubject(actor),
      gen: ref.topic.gen,
      y1: String(Number(date.slice(0, 4)) + 1),
      d: formatDateLong(addDays(date, rng.int(10, 60))),
      n: String(rng.pick([2, 3, 5, 8, 10, 12, 15, 20, 25, 40])),
      bund: actorAt(ref.topic.lineage, date).code,
    };
    if (kind === 'assessment' && event.status !== null) {
      summary = `${vars.S} bewertet den Umsetzungsstand als „${PHRASES.statusWords[event.status]}“: ${rng.pick(PHRASES.assessmentReasons[event.status])}.`;
    } else {
      const bank = PHRASES.summaries[`${kind}:${statusKey}`] ?? PHRASES.summaries['note:null'] as string[];
      summary = rng.pick(bank).replace(/\{(\w+)\}/g, (m, key: string) => vars[key] ?? m);
    }
    let visibility: Visibility = event.visibility ?? (rng.chance(0.09) ? 'internal' : 'public');
    if (summary.startsWith('Interne Notiz')) visibility = 'internal';
    const link = kind === 'legislation' && event.status === 'implemented' && rng.chance(0.5)
      ? `https://example.org/demo/bgbl/${date.slice(0, 4)}/${rng.int(100, 999)}`
      : null;
    const key = ref.demand?.number ?? null;
    out.push({
      conference: ref.conf.shortName,
      meeting: meetingKey(ref.meeting),
      agendaItem: ref.resolution.agendaItem,
      demand: key,
      date,
      actor,
      kind,
      summary,
      link,
      status: event.status,
      visibility,
    });
    day += rng.int(60, 420);
  }
  return out;
}

export function followUpsFor(rng: Rng, conf: ConferenceSpec, m: MeetingSpec, generated: GeneratedResolution[]): DemoFollowUp[] {
  const out: DemoFollowUp[] = [];
  for (const { resolution, topic } of generated) {
    if (resolution.decision.outcome !== 'adopted') continue;
    if (rng.chance(0.08)) {
      out.push(...makeFollowUps(rng, { conf, meeting: m, resolution, topic, demand: null }, [
        { kind: 'note', status: null, role: 'gs', visibility: rng.chance(0.5) ? 'internal' : 'public' },
      ]));
    }
    for (const demand of resolution.demands) {
      const addressees = demand.addressees ?? [];
      const events = addressees.includes('bund') ? planBund(rng) : planOther(rng, addressees);
      out.push(...makeFollowUps(rng, { conf, meeting: m, resolution, topic, demand }, events));
    }
  }
  return out;
}
