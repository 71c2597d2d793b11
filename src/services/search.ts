/**
 * Full-text search over the archive (issue 6): FTS5 with German normalisation, bm25 ranking
 * (title above body), filters, facet counts, snippets from the original text.
 *
 * Index maintenance. `search_index` (db/migrations/0001_search.sql) holds one row per resolution
 * with its texts in normalised form (domain/search-text.ts). Triggers on resolutions, demands,
 * protocol statements and follow-ups only record the changed resolution in `search_pending` —
 * plain SQL, so every writer is covered (services, CLI import, raw bulk SQL, a sqlite3 shell)
 * and no connection needs a JavaScript SQL function. `syncSearchIndex` normalises and
 * re-indexes the pending resolutions in one write transaction; `searchResolutions` calls it
 * before every query (an EXISTS on an almost always empty table otherwise), so results are
 * consistent with every committed write. Bulk loaders call it once at the end.
 *
 * Visibility is not part of the index: every query joins the resolution and applies
 * `resolutionVisible(...)`; internal follow-up summaries sit in their own column, which is matched
 * only for viewers who may see internal follow-ups.
 *
 * Performance. bm25 over tens of thousands of matches costs 30–230 ms, so the ranking works on a
 * bounded candidate set: the `cap` most recently recorded matches that pass visibility and
 * filters (FTS5 walks its doclist by descending rowid and stops at the LIMIT), ranked by bm25.
 * Facet counts are computed over the same candidate set; when it is full, the total is counted
 * exactly in a separate query and the page says that rank and counts cover the newest `cap`.
 */
import { and, desc, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';
import type { Db } from '../../db/connection.js';
import {
  conferences,
  demands,
  followUps,
  meetings,
  protocolStatements,
  resolutions,
  DEMAND_STATUSES,
  type DemandStatus,
} from '../../db/schema.js';
import { ADDRESSEES, OUTCOMES, type Addressee, type Outcome } from '../domain/import-format.js';
import { LAND_CODES, isLandCode, landName, type LandCode } from '../domain/laender.js';
import { demandStatusesAsOf } from '../domain/status.js';
import { generationOf } from './generation.js';
import type { ParsedQuery } from '../domain/search-query.js';
import {
  bestSnippet,
  excerpt,
  highlight,
  normalizeGerman,
  titleCoverage,
  type Segment,
} from '../domain/search-text.js';
import {
  followUpVisible,
  isPublic,
  resolutionVisible,
  statusColumn,
  visibilityParams,
  type Viewer,
} from './visibility.js';

// ---------------------------------------------------------------------------------------------
// Index maintenance
// ---------------------------------------------------------------------------------------------

function syncStatements(sqlite: Database.Database) {
  return {
    hasPending: sqlite.prepare('select exists (select 1 from search_pending)').pluck(),
    pending: sqlite.prepare('select resolution_id from search_pending order by resolution_id limit ?').pluck(),
    title: sqlite.prepare('select title from resolutions where id = ?').pluck(),
    demands: sqlite.prepare(
      'select text, status, public_status as publicStatus, addressees from demands where resolution_id = ? order by position',
    ),
    sponsors: sqlite.prepare('select land from resolution_sponsors where resolution_id = ? order by position').pluck(),
    removeFacets: sqlite.prepare('delete from search_facets where resolution_id = ?'),
    insertFacets: sqlite.prepare(
      'insert into search_facets (resolution_id, sponsors, statuses, public_statuses, addressees) values (?, ?, ?, ?, ?)',
    ),
    statements: sqlite
      .prepare('select text from protocol_statements where resolution_id = ? order by position')
      .pluck(),
    followUps: sqlite.prepare('select summary, visibility from follow_ups where resolution_id = ? order by date, id'),
    // FTS5's documented per-row shadow table: deleting a rowid that was never indexed costs a
    // search through every segment of a contentless table, so only indexed rows are deleted.
    indexed: sqlite.prepare('select exists (select 1 from search_index_docsize where id = ?)').pluck(),
    remove: sqlite.prepare('delete from search_index where rowid = ?'),
    insert: sqlite.prepare(
      'insert into search_index (rowid, title, body, followups, internal) values (?, ?, ?, ?, ?)',
    ),
    done: sqlite.prepare('delete from search_pending where resolution_id = ?'),
  };
}

type SyncStatements = ReturnType<typeof syncStatements>;
const syncCache = new WeakMap<Database.Database, SyncStatements>();

function statementsFor(sqlite: Database.Database): SyncStatements {
  let s = syncCache.get(sqlite);
  if (!s) {
    s = syncStatements(sqlite);
    syncCache.set(sqlite, s);
  }
  return s;
}

const BATCH = 2_000;

/** A set of codes as ',a,b,' (empty: ''), searched with instr(column, ',a,'). */
function list(values: Iterable<string>): string {
  const unique = [...new Set(values)];
  return unique.length === 0 ? '' : `,${unique.join(',')},`;
}


/**
 * Re-indexes every resolution recorded in `search_pending` (by the triggers); returns how many.
 * Runs in write transactions of up to 2,000 resolutions each.
 */
export function syncSearchIndex(sqlite: Database.Database): number {
  const s = statementsFor(sqlite);
  if (!s.hasPending.get()) return 0;
  let total = 0;
  const batch = sqlite.transaction(() => {
    const ids = s.pending.all(BATCH) as number[];
    // All deletes first, then all inserts: a delete between inserts makes FTS5 flush its
    // pending in-memory terms into a tiny segment each time (measured: 10× slower re-indexing).
    for (const id of ids) {
      if (s.indexed.get(id)) s.remove.run(id);
      s.removeFacets.run(id);
    }
    for (const id of ids) {
      const title = s.title.get(id) as string | undefined;
      if (title !== undefined) {
        const demandRows = s.demands.all(id) as { text: string; status: string; publicStatus: string; addressees: string }[];
        const addressees = new Set<string>();
        for (const row of demandRows) {
          for (const value of JSON.parse(row.addressees) as string[]) addressees.add(value);
        }
        s.insertFacets.run(
          id,
          list(s.sponsors.all(id) as string[]),
          list(demandRows.map((d) => d.status)),
          list(demandRows.map((d) => d.publicStatus)),
          list(addressees),
        );
        const body = [...demandRows.map((d) => d.text), ...(s.statements.all(id) as string[])];
        const events = s.followUps.all(id) as { summary: string; visibility: string }[];
        s.insert.run(
          id,
          normalizeGerman(title),
          normalizeGerman(body.join('\n')),
          normalizeGerman(events.filter((e) => e.visibility === 'public').map((e) => e.summary).join('\n')),
          normalizeGerman(events.filter((e) => e.visibility !== 'public').map((e) => e.summary).join('\n')),
        );
      }
      s.done.run(id);
    }
    return ids.length;
  });
  for (;;) {
    const n = batch.immediate();
    total += n;
    if (n < BATCH) return total;
  }
}

/** Rebuilds the whole index from the tables (repair, or after a bulk load); returns the count. */
export function rebuildSearchIndex(sqlite: Database.Database): number {
  sqlite.transaction(() => {
    sqlite.prepare("insert into search_index (search_index) values ('delete-all')").run();
    sqlite.prepare('insert or ignore into search_pending (resolution_id) select id from resolutions').run();
  }).immediate();
  const count = syncSearchIndex(sqlite);
  sqlite.prepare("insert into search_index (search_index) values ('optimize')").run();
  return count;
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

/** The FTS5 table, for the query builder only (it is created by the custom migration). */
const searchIndex = sqliteTable('search_index', {
  rowid: integer('rowid').notNull(),
  title: text('title'),
});

const r = alias(resolutions, 'r');
const m = alias(meetings, 'm');
const c = alias(conferences, 'c');
const f = alias(followUps, 'f');

/** Facet attributes per resolution, kept by syncSearchIndex (see the migration). */
const searchFacets = sqliteTable('search_facets', {
  resolutionId: integer('resolution_id').notNull(),
  sponsors: text('sponsors').notNull(),
  statuses: text('statuses').notNull(),
  publicStatuses: text('public_statuses').notNull(),
  addressees: text('addressees').notNull(),
});
const sf = alias(searchFacets, 'sf');

const ph = (name: string) => sql.placeholder(name);

/** bm25 weights of the columns title, body, followups, internal. */
const SCORE = sql<number>`bm25(search_index, 10.0, 1.0, 1.0, 1.0)`;

function prepareQueries(db: Db, column: 'status' | 'public_status') {
  const visible = resolutionVisible(r.release, m.conferenceId);
  const statuses = column === 'status' ? sf.statuses : sf.publicStatuses;
  const contains = (set: AnyColumn, name: string) =>
    sql`(${ph(name)} is null or instr(${set}, ',' || ${ph(name)} || ',') > 0)`;
  const filters: SQL = sql`(${ph('conference')} is null or ${c.slug} = ${ph('conference')})
    and (${ph('yearFrom')} is null or ${m.year} >= ${ph('yearFrom')})
    and (${ph('yearTo')} is null or ${m.year} <= ${ph('yearTo')})
    and (${ph('outcome')} is null or ${r.outcome} = ${ph('outcome')})
    and ${contains(sf.sponsors, 'land')}
    and ${contains(statuses, 'status')}
    and ${contains(sf.addressees, 'addressee')}`;
  const attributes = {
    id: r.id,
    conference: c.slug,
    year: m.year,
    startDate: m.startDate,
    sortKey: r.sortKey,
    releasedOn: r.releasedOn,
    outcome: r.outcome,
    sponsors: sf.sponsors,
    statuses,
    addressees: sf.addressees,
    title: r.title,
  };
  const match = sql`search_index match ${ph('match')}`;
  return {
    textCandidates: db
      .select({ ...attributes, score: SCORE })
      .from(searchIndex)
      .innerJoin(r, eq(r.id, searchIndex.rowid))
      .innerJoin(m, eq(m.id, r.meetingId))
      .innerJoin(c, eq(c.id, m.conferenceId))
      .innerJoin(sf, eq(sf.resolutionId, r.id))
      .where(and(match, visible, filters))
      .orderBy(desc(searchIndex.rowid))
      .limit(ph('cap'))
      .prepare(),

    filterCandidates: db
      .select({ ...attributes, score: sql<number>`0` })
      .from(r)
      .innerJoin(m, eq(m.id, r.meetingId))
      .innerJoin(c, eq(c.id, m.conferenceId))
      .innerJoin(sf, eq(sf.resolutionId, r.id))
      .where(and(visible, filters))
      .orderBy(desc(r.id))
      .limit(ph('cap'))
      .prepare(),

    details: db
      .select({
        id: r.id,
        agendaItem: r.agendaItem,
        title: r.title,
        outcome: r.outcome,
        release: r.release,
        releasedOn: r.releasedOn,
        updatedAt: r.updatedAt,
        meetingKey: m.urlKey,
        meetingNumber: m.number,
        meetingYear: m.year,
        meetingStart: m.startDate,
        meetingEnd: m.endDate,
        meetingPlace: m.place,
        conference: c.slug,
        conferenceShortName: c.shortName,
        conferenceName: c.name,
      })
      .from(r)
      .innerJoin(m, eq(m.id, r.meetingId))
      .innerJoin(c, eq(c.id, m.conferenceId))
      .where(and(sql`${r.id} in (select value from json_each(${ph('ids')}))`, visible))
      .prepare(),

    demandTexts: db
      .select({ resolutionId: demands.resolutionId, number: demands.number, text: demands.text })
      .from(demands)
      .where(sql`${demands.resolutionId} in (select value from json_each(${ph('ids')}))`)
      .orderBy(demands.resolutionId, demands.position)
      .prepare(),

    statementTexts: db
      .select({ resolutionId: protocolStatements.resolutionId, text: protocolStatements.text })
      .from(protocolStatements)
      .where(sql`${protocolStatements.resolutionId} in (select value from json_each(${ph('ids')}))`)
      .orderBy(protocolStatements.resolutionId, protocolStatements.position)
      .prepare(),

    followUpTexts: db
      .select({ resolutionId: f.resolutionId, text: f.summary })
      .from(f)
      .where(and(sql`${f.resolutionId} in (select value from json_each(${ph('ids')}))`, followUpVisible(f.visibility)))
      .orderBy(f.resolutionId, f.date, f.id)
      .prepare(),

    demandIds: db
      .select({ id: demands.id, resolutionId: demands.resolutionId })
      .from(demands)
      .where(sql`${demands.resolutionId} in (select value from json_each(${ph('ids')}))`)
      .prepare(),

    statusEvents: db
      .select({
        id: f.id,
        resolutionId: f.resolutionId,
        demandId: f.demandId,
        date: f.date,
        kind: f.kind,
        resultingStatus: f.resultingStatus,
      })
      .from(f)
      .where(
        and(
          sql`${f.resolutionId} in (select value from json_each(${ph('ids')}))`,
          followUpVisible(f.visibility),
          sql`${f.date} <= ${ph('asOf')}`,
          sql`${f.resultingStatus} is not null`,
        ),
      )
      .prepare(),

    conferences: db
      .select({ slug: conferences.slug, shortName: conferences.shortName, name: conferences.name })
      .from(conferences)
      .orderBy(conferences.shortName)
      .prepare(),
  };
}

type Queries = ReturnType<typeof prepareQueries>;
const cache = new WeakMap<Db, Map<string, Queries>>();

function queries(db: Db, viewer: Viewer): Queries {
  const column = statusColumn(viewer);
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let q = perDb.get(column);
  if (!q) {
    q = prepareQueries(db, column);
    perDb.set(column, q);
  }
  return q;
}

// ---------------------------------------------------------------------------------------------
// The search
// ---------------------------------------------------------------------------------------------

export interface SearchFilters {
  conference: string | null;
  yearFrom: number | null;
  yearTo: number | null;
  land: LandCode | null;
  outcome: Outcome | null;
  status: DemandStatus | null;
  addressee: Addressee | null;
}

export const NO_FILTERS: SearchFilters = Object.freeze({
  conference: null,
  yearFrom: null,
  yearTo: null,
  land: null,
  outcome: null,
  status: null,
  addressee: null,
});

export type SearchSort = 'relevance' | 'date' | 'released';

export interface SearchOptions {
  page: number;
  pageSize: number;
  sort: SearchSort;
  /** Size of the ranked candidate set (see the file comment). */
  cap: number;
  /** Build snippets and highlighted titles (pages, feeds); exports do without. */
  snippets: boolean;
  /** Statuses (filter, facets, hits) as they were on this date; null = today. */
  asOf: string | null;
}

export const DEFAULT_CAP = 1_000;

export const DEFAULT_OPTIONS: SearchOptions = Object.freeze({
  asOf: null,
  page: 1,
  pageSize: 20,
  sort: 'relevance',
  cap: DEFAULT_CAP,
  snippets: true,
});

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface Facets {
  conference: FacetValue[];
  year: FacetValue[];
  land: FacetValue[];
  outcome: FacetValue[];
  status: FacetValue[];
  addressee: FacetValue[];
}

export type FacetName = keyof Facets;

export interface SearchHit {
  id: number;
  conference: { slug: string; shortName: string; name: string };
  meeting: {
    urlKey: string;
    number: number | null;
    year: number;
    startDate: string | null;
    endDate: string | null;
    place: string | null;
  };
  agendaItem: string;
  title: string;
  titleSegments: Segment[];
  snippet: Segment[] | null;
  outcome: Outcome;
  sponsors: LandCode[];
  statuses: DemandStatus[];
  addressees: Addressee[];
  release: 'draft' | 'internal' | 'public';
  releasedOn: string | null;
  updatedAt: string;
  score: number;
}

export interface SearchResult {
  /** False when there was nothing to search for (no terms, no filters). */
  searched: boolean;
  total: number;
  /** The candidate set was full: ranking and facet counts cover the newest `cap` matches. */
  capped: boolean;
  cap: number;
  page: number;
  pages: number;
  hits: SearchHit[];
  facets: Facets;
}

interface Candidate {
  id: number;
  conference: string;
  year: number;
  startDate: string | null;
  sortKey: string;
  releasedOn: string | null;
  outcome: Outcome;
  sponsors: string | null;
  statuses: string | null;
  addressees: string | null;
  title: string;
  score: number;
}

function toCandidate(row: unknown[]): Candidate {
  const [id, conference, year, startDate, sortKey, releasedOn, outcome, sponsors, statuses, addressees, title, score] = row;
  return {
    id: id as number,
    conference: conference as string,
    year: year as number,
    startDate: startDate as string | null,
    sortKey: sortKey as string,
    releasedOn: releasedOn as string | null,
    outcome: outcome as Outcome,
    sponsors: sponsors as string | null,
    statuses: statuses as string | null,
    addressees: addressees as string | null,
    title: title as string,
    score: score as number,
  };
}

/**
 * FTS5's bm25 weights columns by scaling term frequencies and normalises by the length of the
 * whole document, so a title hit saturates quickly and a short document with many body hits
 * outranks a resolution whose title is about nothing but the query. The relevance score is
 * therefore bm25 scaled by how much of the title the query covers (the share of title words
 * matched: a per-field length normalisation as in BM25F): 1 + TITLE_BOOST × share.
 */
const TITLE_BOOST = 1;

function withTitleBoost(candidates: Candidate[], query: ParsedQuery): Candidate[] {
  for (const candidate of candidates) {
    const share = titleCoverage(candidate.title, query.highlight);
    if (share > 0) candidate.score *= 1 + TITLE_BOOST * share;
  }
  return candidates;
}

function hasFilters(filters: SearchFilters): boolean {
  return Object.values(filters).some((value) => value !== null);
}

/** ',a,b,' → ['a', 'b']. */
function split(list: string | null): string[] {
  return list ? list.split(',').filter(Boolean) : [];
}

function ordered<T extends string>(order: readonly T[], counts: Map<string, number>, label: (value: T) => string): FacetValue[] {
  return order
    .filter((value) => counts.has(value))
    .map((value) => ({ value, label: label(value), count: counts.get(value)! }));
}

function facetsOf(
  candidates: readonly Candidate[],
  conferenceNames: ReadonlyMap<string, string>,
  labels: { outcome: (v: Outcome) => string; status: (v: DemandStatus) => string; addressee: (v: Addressee) => string },
): Facets {
  const count = () => new Map<string, number>();
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const byConference = count();
  const byYear = count();
  const byLand = count();
  const byOutcome = count();
  const byStatus = count();
  const byAddressee = count();
  for (const row of candidates) {
    add(byConference, row.conference);
    add(byYear, String(row.year));
    add(byOutcome, row.outcome);
    // The lists hold each value once (syncSearchIndex).
    for (const land of split(row.sponsors)) add(byLand, land);
    for (const status of split(row.statuses)) add(byStatus, status);
    for (const addressee of split(row.addressees)) add(byAddressee, addressee);
  }
  return {
    conference: [...byConference.entries()]
      .map(([value, n]) => ({ value, label: conferenceNames.get(value) ?? value, count: n }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'de')),
    year: [...byYear.entries()]
      .map(([value, n]) => ({ value, label: value, count: n }))
      .sort((a, b) => Number(b.value) - Number(a.value)),
    land: ordered(LAND_CODES, byLand, (code) => landName(code)).sort((a, b) => b.count - a.count),
    outcome: ordered(OUTCOMES, byOutcome, labels.outcome),
    status: ordered(DEMAND_STATUSES, byStatus, labels.status),
    addressee: ordered(ADDRESSEES, byAddressee, labels.addressee),
  };
}

function compareCandidates(sort: SearchSort): (a: Candidate, b: Candidate) => number {
  const byDate = (a: Candidate, b: Candidate) =>
    (b.startDate ?? `${b.year}`).localeCompare(a.startDate ?? `${a.year}`) ||
    a.sortKey.localeCompare(b.sortKey) ||
    b.id - a.id;
  if (sort === 'date') return byDate;
  if (sort === 'released') {
    return (a, b) => (b.releasedOn ?? '').localeCompare(a.releasedOn ?? '') || b.id - a.id;
  }
  return (a, b) => a.score - b.score || byDate(a, b);
}

export interface SearchLabels {
  outcome: (v: Outcome) => string;
  status: (v: DemandStatus) => string;
  addressee: (v: Addressee) => string;
}

const CODE_LABELS: SearchLabels = { outcome: (v) => v, status: (v) => v, addressee: (v) => v };

// ---------------------------------------------------------------------------------------------
// Result cache: ranked candidates, facet counts and rendered-ready pages of recent searches,
// valid for one "generation" of the database (./generation.ts, as the page cache).
// ---------------------------------------------------------------------------------------------

interface CachedSearch {
  candidates: Candidate[];
  capped: boolean;
  facets: Facets;
  pages: Map<string, SearchHit[]>;
}

const CACHE_ENTRIES = 500;

/** Facet labels are part of a cached result: callers with other labels get their own entries. */
const labelIds = new WeakMap<SearchLabels, number>();
let nextLabelsId = 1;
function labelsId(labels: SearchLabels): number {
  let id = labelIds.get(labels);
  if (id === undefined) {
    id = nextLabelsId++;
    labelIds.set(labels, id);
  }
  return id;
}

interface ResultCache {
  generation: string;
  entries: Map<string, CachedSearch>;
  /** The conference list of the filter form, read once per generation. */
  conferences: { slug: string; shortName: string; name: string }[] | null;
}

const resultCaches = new WeakMap<Db, ResultCache>();

function resultCache(db: Db): ResultCache {
  let rc = resultCaches.get(db);
  if (!rc) {
    rc = { generation: '', entries: new Map(), conferences: null };
    resultCaches.set(db, rc);
  }
  const now = generationOf(db);
  if (now !== rc.generation) {
    rc.entries.clear();
    rc.conferences = null;
    rc.generation = now;
  }
  return rc;
}

/**
 * Searches the resolutions the viewer may see. With neither terms nor filters nothing is
 * searched (`searched: false`). Without terms, the filters list resolutions by date.
 */
export function searchResolutions(
  db: Db,
  viewer: Viewer,
  query: ParsedQuery,
  filters: SearchFilters,
  options: Partial<SearchOptions> & { cache?: boolean } = {},
  labels: SearchLabels = CODE_LABELS,
): SearchResult {
  const opts: SearchOptions = { ...DEFAULT_OPTIONS, ...options };
  const empty: Facets = { conference: [], year: [], land: [], outcome: [], status: [], addressee: [] };
  if (query.match === null && (!hasFilters(filters) || query.input !== '')) {
    return { searched: false, total: 0, capped: false, cap: opts.cap, page: 1, pages: 0, hits: [], facets: empty };
  }
  syncSearchIndex(db.$client);
  const q = queries(db, viewer);
  // Internal follow-up summaries are matched only for viewers who see internal follow-ups.
  const match =
    query.match === null ? null : isPublic(viewer) ? `{title body followups} : (${query.match})` : query.match;
  // "As of" a date the stored current statuses do not apply: the status filter then runs on the
  // statuses recomputed from the follow-ups (see withStatusesAsOf), not in SQL.
  const sqlFilters = opts.asOf === null ? filters : { ...filters, status: null };
  const params = { ...visibilityParams(viewer), ...sqlFilters, match, cap: opts.cap };
  const sort: SearchSort = match === null && opts.sort === 'relevance' ? 'date' : opts.sort;

  const cache = options.cache === false ? null : resultCache(db);
  const key = JSON.stringify([params, statusColumn(viewer), sort, labelsId(labels), opts.asOf, filters.status]);
  let entry = cache?.entries.get(key);
  if (entry && cache) {
    // least recently used goes first
    cache.entries.delete(key);
    cache.entries.set(key, entry);
  } else {
    // Raw rows (`values`): mapping up to `cap` rows into objects column by column is where
    // drizzle spends its time; the column order is that of `attributes` + score.
    const rows = (match === null ? q.filterCandidates.values(params) : q.textCandidates.values(params)) as unknown[][];
    let candidates = rows.map(toCandidate);
    if (opts.asOf !== null) {
      candidates = withStatusesAsOf(q, params, candidates, opts.asOf);
      if (filters.status !== null) candidates = candidates.filter((c) => split(c.statuses).includes(filters.status!));
    }
    const conferenceNames = new Map(searchConferences(db, viewer).map((row) => [row.slug, row.shortName]));
    entry = {
      candidates: (match === null ? candidates : withTitleBoost(candidates, query)).sort(compareCandidates(sort)),
      capped: candidates.length >= opts.cap,
      facets: facetsOf(candidates, conferenceNames, labels),
      pages: new Map(),
    };
    if (cache) {
      if (cache.entries.size >= CACHE_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
      cache.entries.set(key, entry);
    }
  }

  const { candidates } = entry;
  const pages = Math.max(1, Math.ceil(candidates.length / opts.pageSize));
  const page = Math.min(Math.max(1, opts.page), pages);
  const pageKey = `${page}:${opts.pageSize}:${opts.snippets}:${query.highlight.words.join(' ')}:${query.highlight.prefixes.join(' ')}`;
  let hits = entry.pages.get(pageKey);
  if (!hits) {
    hits = pageHits(q, params, query, candidates.slice((page - 1) * opts.pageSize, page * opts.pageSize), opts.snippets);
    entry.pages.set(pageKey, hits);
  }
  return {
    searched: true,
    total: candidates.length,
    capped: entry.capped,
    cap: opts.cap,
    page,
    pages,
    hits,
    facets: entry.facets,
  };
}

/**
 * Replaces each candidate's demand statuses with those as of `asOf`: per demand the last
 * status-bearing follow-up (its own or one on the whole resolution) on or before the date that
 * the viewer may see, else open. Bounded by the candidate cap.
 */
function withStatusesAsOf(q: Queries, params: Record<string, unknown>, candidates: Candidate[], asOf: string): Candidate[] {
  if (candidates.length === 0) return candidates;
  const ids = JSON.stringify(candidates.map((c) => c.id));
  const demandRows = q.demandIds.all({ ids });
  const asOfStatuses = demandStatusesAsOf(demandRows, q.statusEvents.all({ ...params, ids, asOf }), asOf);
  const statuses = new Map<number, string[]>();
  for (const demand of demandRows) {
    statuses.set(demand.resolutionId, [...(statuses.get(demand.resolutionId) ?? []), asOfStatuses.get(demand.id)!]);
  }
  return candidates.map((c) => ({ ...c, statuses: list(statuses.get(c.id) ?? []) }));
}

/** Details and snippets of one page of candidates. */
function pageHits(
  q: Queries,
  params: Record<string, unknown>,
  query: ParsedQuery,
  slice: readonly Candidate[],
  snippets: boolean,
): SearchHit[] {
  const ids = JSON.stringify(slice.map((row) => row.id));
  const details = new Map(q.details.all({ ...params, ids }).map((row) => [row.id, row]));
  const texts = new Map<number, { text: string; source: string }[]>();
  if (snippets && slice.length > 0) {
    const push = (id: number, text: string, source: string) => {
      const list = texts.get(id) ?? [];
      list.push({ text, source });
      texts.set(id, list);
    };
    for (const row of q.demandTexts.all({ ids })) push(row.resolutionId, row.text, 'demand');
    if (query.match !== null) {
      for (const row of q.statementTexts.all({ ids })) push(row.resolutionId, row.text, 'statement');
      for (const row of q.followUpTexts.all({ ...params, ids })) push(row.resolutionId, row.text, 'followUp');
    }
  }
  const hits: SearchHit[] = [];
  for (const row of slice) {
    const detail = details.get(row.id);
    if (!detail) continue;
    const own = texts.get(row.id) ?? [];
    let snippetSegments: Segment[] | null = null;
    if (snippets) {
      snippetSegments = query.match !== null ? (bestSnippet(own, query.highlight)?.segments ?? null) : null;
      if (snippetSegments === null && own[0]) snippetSegments = excerpt(own[0].text);
    }
    hits.push({
      id: row.id,
      conference: { slug: detail.conference, shortName: detail.conferenceShortName, name: detail.conferenceName },
      meeting: {
        urlKey: detail.meetingKey,
        number: detail.meetingNumber,
        year: detail.meetingYear,
        startDate: detail.meetingStart,
        endDate: detail.meetingEnd,
        place: detail.meetingPlace,
      },
      agendaItem: detail.agendaItem,
      title: detail.title,
      titleSegments: snippets ? highlight(detail.title, query.highlight) : [{ text: detail.title, hit: false }],
      snippet: snippetSegments,
      outcome: detail.outcome,
      sponsors: split(row.sponsors).filter(isLandCode),
      statuses: split(row.statuses) as DemandStatus[],
      addressees: split(row.addressees) as Addressee[],
      release: detail.release,
      releasedOn: detail.releasedOn,
      updatedAt: detail.updatedAt,
      score: row.score,
    });
  }
  return hits;
}

/** Conferences for the filter form. */
export function searchConferences(db: Db, viewer: Viewer) {
  const rc = resultCache(db);
  rc.conferences ??= queries(db, viewer).conferences.all();
  return rc.conferences;
}
