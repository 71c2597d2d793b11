/**
 * Repeated demands, read and decided: the Ziffern of a pair, the secretariat's review queue and
 * its decisions, and the confirmed repeats shown with a Ziffer. The proposals themselves come
 * from ./repeats.ts.
 */
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/connection.js';
import { conferences, demandRepeats, demands, meetings, resolutions } from '../../db/schema.js';
import { selectResolutionWith } from './resolution-header.js';
import { translate } from '../i18n.js';
import { repeatGroups, repeatSummary } from '../domain/repeats.js';
import type { RepeatState, ReleaseState } from '../domain/vocabulary.js';
import { mayReviewRepeat, mayUseWorkspace } from './access.js';
import { reviewable } from './repeat-pairs.js';
import { audit, type Actor } from './audit.js';
import { writeTransaction } from './tx.js';
import { preparedOrBuilt, preparedPer, sqlStatement } from './prepared.js';
import { NotFoundError, ValidationError, type DbOrTx } from './types.js';
import { demandVisible, resolutionVisible, visibilityParams, type Viewer } from './visibility.js';

// ---------------------------------------------------------------------------------------------
// Reading: the Ziffern of a pair
// ---------------------------------------------------------------------------------------------

/** One Ziffer with what names and links it. */
export interface RepeatSide {
  demandId: number;
  number: string | null;
  text: string;
  resolutionId: number;
  agendaItem: string;
  title: string;
  release: ReleaseState;
  conferenceId: number;
  conferenceSlug: string;
  conferenceShortName: string;
  meetingNumber: number | null;
  meetingYear: number;
  meetingStart: string | null;
  meetingKey: string;
}

function sideColumns(d: typeof demands, r: typeof resolutions, m: typeof meetings, c: typeof conferences) {
  return {
    demandId: d.id,
    number: d.number,
    text: d.text,
    resolutionId: r.id,
    agendaItem: r.agendaItem,
    title: r.title,
    release: r.release,
    conferenceId: c.id,
    conferenceSlug: c.slug,
    conferenceShortName: c.shortName,
    meetingNumber: m.number,
    meetingYear: m.year,
    meetingStart: m.startDate,
    meetingKey: m.urlKey,
  };
}

/** The date a Ziffer was raised: its meeting's start, or the 1st of January of its year. */
export function raisedOn(side: Pick<RepeatSide, 'meetingStart' | 'meetingYear'>): string {
  return side.meetingStart ?? `${side.meetingYear}-01-01`;
}

/** The Ziffern (JSON array `ids`) that the viewer may see (not those withheld from it); placeholders ids, level, scope. */
function sidesQuery(db: DbOrTx) {
  return selectResolutionWith(db, sideColumns(demands, resolutions, meetings, conferences))
    .innerJoin(demands, eq(demands.resolutionId, resolutions.id))
    .where(and(sql`${demands.id} in (select value from json_each(${sql.placeholder('ids')}))`, resolutionVisible(resolutions.release, meetings.conferenceId), demandVisible(demands.internal)));
}

/** The reads of a resolution page's confirmed repeats, prepared once per database. */
const pageQueries = preparedPer((db: Db) => ({
  // every confirmed pair reachable from the Ziffern given (JSON array `ids`) through confirmed
  // pairs (+state: found by the Ziffer, not by the state's index over all confirmed pairs)
  chains: sqlStatement<{ first: number; second: number }>(
    db,
    sql`with recursive chain(id) as (
        select value from json_each(${sql.placeholder('ids')})
        union select dr.second_demand_id from demand_repeats dr join chain on dr.first_demand_id = chain.id where +dr.state = 'confirmed'
        union select dr.first_demand_id from demand_repeats dr join chain on dr.second_demand_id = chain.id where +dr.state = 'confirmed')
      select dr.first_demand_id as first, dr.second_demand_id as second
        from chain join demand_repeats dr on dr.first_demand_id = chain.id where +dr.state = 'confirmed'`,
  ),
  sides: sidesQuery(db).prepare(),
}));

/** The sides query on its own: prepared once per connection, built per call inside a write (a decision). */
const sidesStatement = preparedOrBuilt((db: DbOrTx) => sidesQuery(db).prepare());

function byDemand(rows: readonly RepeatSide[]): Map<number, RepeatSide> {
  return new Map(rows.map((row) => [row.demandId, row]));
}

/** The Ziffern with these ids that the viewer may see. */
export function visibleSides(db: DbOrTx, viewer: Viewer, ids: readonly number[]): Map<number, RepeatSide> {
  if (ids.length === 0) return new Map();
  return byDemand(sidesStatement(db).all({ ...visibilityParams(viewer), ids: JSON.stringify(ids) }));
}

// ---------------------------------------------------------------------------------------------
// The review queue
// ---------------------------------------------------------------------------------------------

export interface RepeatPair {
  id: number;
  similarity: number;
  state: RepeatState;
  version: number;
  decidedAt: string | null;
  /** The earlier Ziffer (by meeting date) … */
  earlier: RepeatSide;
  /** … and the one that repeats it. */
  later: RepeatSide;
}

export const REVIEW_PAGE_SIZE = 20;

function orderSides(a: RepeatSide, b: RepeatSide): [RepeatSide, RepeatSide] {
  const da = raisedOn(a);
  const dbDate = raisedOn(b);
  return da < dbDate || (da === dbDate && a.demandId < b.demandId) ? [a, b] : [b, a];
}

/** The review queue's reads (placeholders state, limit, offset and those of visibilityParams), prepared once per connection. */
const queueQueries = preparedPer((db: Db) => {
  const base = () =>
    reviewable(
      db
        .select({ id: demandRepeats.id, first: demandRepeats.firstDemandId, second: demandRepeats.secondDemandId, similarity: demandRepeats.similarity, state: demandRepeats.state, version: demandRepeats.version, decidedAt: demandRepeats.decidedAt })
        .from(demandRepeats)
        .$dynamic(),
      eq(demandRepeats.state, sql.placeholder('state')),
    );
  const page = (order: SQL) => base().orderBy(order, asc(demandRepeats.id)).limit(sql.placeholder('limit')).offset(sql.placeholder('offset')).prepare();
  return {
    total: db
      .select({ n: sql<number>`count(*)` })
      .from(base().as('q'))
      .prepare(),
    proposed: page(desc(demandRepeats.similarity)),
    decided: page(desc(demandRepeats.decidedAt)),
  };
});

/**
 * The pairs in a state that the viewer reviews, the most similar first, one page of
 * REVIEW_PAGE_SIZE; with the number of all such pairs.
 */
export function repeatQueue(db: Db, viewer: Viewer, state: RepeatState, page: number): { pairs: RepeatPair[]; total: number } {
  if (!mayUseWorkspace(viewer)) return { pairs: [], total: 0 };
  const q = queueQueries(db);
  const params = { ...visibilityParams(viewer), state };
  const total = q.total.all(params)[0]?.n ?? 0;
  const rows = (state === 'proposed' ? q.proposed : q.decided).all({ ...params, limit: REVIEW_PAGE_SIZE, offset: (Math.max(1, page) - 1) * REVIEW_PAGE_SIZE });
  const sides = visibleSides(db, viewer, rows.flatMap((r) => [r.first, r.second]));
  const pairs = rows.flatMap((row) => {
    const a = sides.get(row.first);
    const b = sides.get(row.second);
    if (!a || !b) return [];
    const [earlier, later] = orderSides(a, b);
    return [{ id: row.id, similarity: row.similarity, state: row.state, version: row.version, decidedAt: row.decidedAt, earlier, later }];
  });
  return { pairs, total };
}

const pairStatement = preparedOrBuilt((db: DbOrTx) => db.select().from(demandRepeats).where(eq(demandRepeats.id, sql.placeholder('id'))).prepare());

/** One pair the viewer reviews, or null. */
export function repeatPair(db: DbOrTx, viewer: Viewer, id: number): RepeatPair | null {
  const row = pairStatement(db).get({ id });
  if (!row) return null;
  const sides = visibleSides(db, viewer, [row.firstDemandId, row.secondDemandId]);
  const a = sides.get(row.firstDemandId);
  const b = sides.get(row.secondDemandId);
  if (!a || !b || !mayReviewRepeat(viewer, [a.conferenceId, b.conferenceId])) return null;
  const [earlier, later] = orderSides(a, b);
  return { id: row.id, similarity: row.similarity, state: row.state, version: row.version, decidedAt: row.decidedAt, earlier, later };
}

export type RepeatDecision = 'confirmed' | 'dismissed' | 'proposed';

/** Somebody decided the pair in the meantime; `current` is the pair as it is now. */
export class RepeatConflictError extends Error {
  constructor(readonly current: RepeatPair) {
    super(translate('repeats.decidedMeanwhile'));
    this.name = 'RepeatConflictError';
  }
}

/**
 * Confirms or dismisses a pair (or takes the decision back to the queue). A stale form (another
 * decision in between) gets a ConflictError; a pair the viewer does not review is not found.
 */
export function decideRepeat(db: Db, actor: Actor, viewer: Viewer, id: number, expectedVersion: number, decision: RepeatDecision): RepeatPair {
  return writeTransaction(db, (tx) => {
    const pair = repeatPair(tx, viewer, id);
    if (!pair) throw new NotFoundError();
    if (pair.version !== expectedVersion) throw new RepeatConflictError(pair);
    if (pair.state === decision) throw new ValidationError(translate('repeats.alreadyDecided'));
    const now = new Date().toISOString();
    tx.update(demandRepeats)
      .set({
        state: decision,
        decidedAt: decision === 'proposed' ? null : now,
        decidedBy: decision === 'proposed' ? null : actor.userId,
        version: expectedVersion + 1,
      })
      .where(and(eq(demandRepeats.id, id), eq(demandRepeats.version, expectedVersion)))
      .run();
    audit(tx, actor, {
      action: decision === 'confirmed' ? 'repeat.confirm' : decision === 'dismissed' ? 'repeat.dismiss' : 'repeat.reopen',
      entityType: 'demand_repeat',
      entityId: id,
      before: { state: pair.state },
      after: { state: decision, earlier: pair.earlier.demandId, later: pair.later.demandId },
      // the audit entry belongs to a conference of the deciding secretariat
      conferenceId: viewer.conferenceIds.includes(pair.later.conferenceId) ? pair.later.conferenceId : pair.earlier.conferenceId,
    });
    return { ...pair, state: decision, version: expectedVersion + 1, decidedAt: decision === 'proposed' ? null : now };
  });
}

// ---------------------------------------------------------------------------------------------
// Confirmed repeats on a Ziffer's page
// ---------------------------------------------------------------------------------------------

export interface DemandRepeats {
  /** The other Ziffern of the chain, earliest first. */
  others: RepeatSide[];
  /** "wiederholt gefordert seit 2015, 3 Mal". */
  since: number;
  times: number;
}

/**
 * For the Ziffern given: the confirmed repeats the viewer may see (both Ziffern visible; a chain
 * runs only through visible Ziffern), with the year since when and how often it was raised; as of
 * a date, only the Ziffern raised by then.
 */
export function confirmedRepeats(db: Db, viewer: Viewer, demandIds: readonly number[], asOf: string | null = null): Map<number, DemandRepeats> {
  const result = new Map<number, DemandRepeats>();
  if (demandIds.length === 0) return result;
  // the chains: every confirmed pair reachable from these Ziffern
  const q = pageQueries(db);
  const pairs = q.chains.all({ ids: JSON.stringify(demandIds) }).map(({ first, second }): [number, number] => [first, second]);
  if (pairs.length === 0) return result;
  const sides = byDemand(q.sides.all({ ...visibilityParams(viewer), ids: JSON.stringify([...new Set(pairs.flat())]) }));
  // as of a date: the Ziffern raised later are not there yet
  if (asOf !== null) for (const [id, side] of sides) if (raisedOn(side) > asOf) sides.delete(id);
  const visiblePairs = pairs.filter(([a, b]) => sides.has(a) && sides.has(b));
  const groups = repeatGroups(visiblePairs);
  for (const id of demandIds) {
    const group = groups.get(id);
    if (!group || !sides.has(id)) continue;
    const members = group.map((member) => sides.get(member)!);
    const summary = repeatSummary(members.map((m) => ({ demandId: m.demandId, date: raisedOn(m) })));
    if (!summary) continue;
    const others = members.filter((m) => m.demandId !== id).sort((a, b) => raisedOn(a).localeCompare(raisedOn(b)) || a.demandId - b.demandId);
    result.set(id, { others, ...summary });
  }
  return result;
}
