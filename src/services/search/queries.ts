/**
 * The search's prepared statements, built once per database and status column: candidates of a
 * text search (FTS5 MATCH) or of filters alone, the details and texts of one page of hits, and
 * the status events for "as of" searches. Every statement applies the visibility rule.
 *
 * Performance. bm25 over tens of thousands of matches costs 30–230 ms, so the ranking works on a
 * bounded candidate set: the `cap` most recently recorded matches that pass visibility and
 * filters (FTS5 walks its doclist by descending rowid and stops at the LIMIT), ranked by bm25.
 */
import { and, desc, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';
import type { Db } from '../../../db/connection.js';
import { conferences, demands, followUpDocuments, meetings, protocolStatements, resolutions } from '../../../db/schema.js';
import { rowIterator } from '../prepared.js';
import { c, conferenceOfMeeting, f, m, meetingOfResolution, r, resolutionHeader } from '../resolution-header.js';
import { conferenceExists, demandVisible, followUpVisible, followUpVisibleOnShownDemands, resolutionVisible, fieldVisible, statusColumn, type Viewer } from '../visibility.js';

/** The FTS5 tables, for the query builder only (they are created by the custom migrations). */
const searchIndex = sqliteTable('search_index', {
  rowid: integer('rowid').notNull(),
  title: text('title'),
});
const searchInternal = sqliteTable('search_internal', {
  rowid: integer('rowid').notNull(),
  internal: text('internal'),
});
const searchTitles = sqliteTable('search_titles', {
  rowid: integer('rowid').notNull(),
  title: text('title'),
});
type FtsTable = typeof searchIndex | typeof searchInternal | typeof searchTitles;
const FTS_NAMES = new Map<FtsTable, string>([
  [searchIndex, 'search_index'],
  [searchInternal, 'search_internal'],
  [searchTitles, 'search_titles'],
]);

/**
 * Column names of the two FTS5 tables, for the MATCH expressions (domain/search-match.ts): the
 * word columns and the stems column are all of each table's columns (`all`, a test checks it).
 */
export const PUBLIC_COLUMNS = Object.freeze({ words: ['title', 'body', 'followups', 'documents'], stems: 'stems', all: true });
export const INTERNAL_COLUMNS = Object.freeze({ words: ['internal'], stems: 'stems', all: true });
/** The titles' own table (title-matches.ts). */
export const TITLE_COLUMNS = Object.freeze({ words: ['title'], stems: 'stems', all: true });


/**
 * What a candidate statement reads of each resolution, one compact row per resolution (migration
 * 0038): release, conference, year and first day of its meeting, sort key, release date, outcome,
 * title, and the facet lists as search_facets holds them (null while it has no row there: not
 * indexed yet, and not a candidate). Kept by triggers in the transaction of every write. Read
 * instead of resolutions, meetings and search_facets, a candidate costs one page of about 30 rows
 * instead of a page of its resolution and one of its facets (see docs/search.md, Geschwindigkeit).
 */
const searchAttributes = sqliteTable('search_attributes', {
  resolutionId: integer('resolution_id').notNull(),
  release: text('release').notNull(),
  conferenceId: integer('conference_id').notNull(),
  year: integer('year').notNull(),
  startDate: text('start_date'),
  sortKey: text('sort_key').notNull(),
  releasedOn: text('released_on'),
  outcome: text('outcome').notNull(),
  title: text('title').notNull(),
  sponsors: text('sponsors'),
  statuses: text('statuses'),
  publicStatuses: text('public_statuses'),
  addressees: text('addressees'),
  publicAddressees: text('public_addressees'),
});
const sa = alias(searchAttributes, 'sa');
/** The conference of a resolution's attributes. */
const conferenceOfAttributes = eq(c.id, sa.conferenceId);
/** The resolutions and meetings of the subquery of hidden resolutions (hiddenResolutions). */
const rh = alias(resolutions, 'rh');
const mh = alias(meetings, 'mh');

/**
 * The ids of the resolutions the viewer may not see: those that fail resolutionVisible (the one
 * rule, ../visibility.ts), looked for among the resolutions that are not public (a public
 * resolution is visible to everyone: the rule's first case), in the two ranges of releases beside
 * 'public', from an index alone (no resolution read): without a scope of conferences (`level` below
 * 2) the rule asks for no meeting, and the index of releases holds the rest (on 100,000
 * resolutions 3,000 rows, 0.4 ms); with one, meeting by meeting in the index of resolutions by
 * meeting and release (1 ms; from the index of releases each draft's resolution would be read for
 * its meeting). Each viewer runs one of the two forms (the other's condition on `level` is false
 * before it reads a row). Once per run of a statement that holds it: `rowid not in (…)` then checks
 * an id without reading the resolution.
 */
function hiddenResolutions(): SQL {
  const level = ph('level');
  const byRelease = (side: SQL) =>
    // the conference matters to the rule only with a scope of conferences
    sql`select ${rh.id} from ${resolutions} ${sql.identifier('rh')}
      where ${level} < 2 and ${rh.release} ${side} 'public' and not ${resolutionVisible(rh.release, sql`null`)}`;
  const byMeeting = (side: SQL) =>
    // CROSS JOIN keeps the meetings first (SQLite would start from the release index and read each resolution)
    sql`select ${rh.id} from ${meetings} ${sql.identifier('mh')} cross join ${resolutions} ${sql.identifier('rh')} on ${rh.meetingId} = ${mh.id}
      where ${level} >= 2 and ${rh.release} ${side} 'public' and not ${resolutionVisible(rh.release, mh.conferenceId)}`;
  return sql`${byRelease(sql`<`)} union all ${byRelease(sql`>`)} union all ${byMeeting(sql`<`)} union all ${byMeeting(sql`>`)}`;
}

const ph = (name: string) => sql.placeholder(name);

/** bm25 weights of the columns title, body, followups, documents, stems. */
const BM25 = 'bm25(search_index, 10.0, 1.0, 1.0, 1.0, 1.0)';
const SCORE = sql<number>`${sql.raw(BM25)}`;
const INTERNAL_SCORE = sql<number>`bm25(search_internal, 1.0, 1.0)`;
/**
 * Compound matches are not ranked by bm25: it computes the document frequency of every phrase
 * of the query (a scan of each word's whole doclist), and a compound query ORs dozens of words.
 */
const UNRANKED = sql<number>`0`;

/**
 * A status event as text that sorts as the events do (domain/status.ts compareEvents: by date, then
 * id): the date (YYYY-MM-DD), the id in 12 digits, then the status it sets, from EVENT_KEY_STATUS on.
 * The largest key of a set of events is its last event.
 */
function eventKey(events: typeof f): SQL<string> {
  return sql<string>`${events.date} || printf('%012d', ${events.id}) || ${events.resultingStatus}`;
}
export const EVENT_KEY_STATUS = 22;

function prepareQueries(db: Db, column: 'status' | 'public_status') {
  // the candidates' visibility, from their attributes (the one rule, ../visibility.ts)
  const visible = resolutionVisible(sa.release, sa.conferenceId);
  // a resolution not indexed yet has no facets and is no candidate (as with the join of search_facets until 07.12.2026)
  const indexed = sql`${sa.sponsors} is not null`;
  const statuses = column === 'status' ? sa.statuses : sa.publicStatuses;
  // the public's lists leave out the Ziffern marked internal (see index-sync.ts)
  const addressees = column === 'status' ? sa.addressees : sa.publicAddressees;
  const contains = (set: AnyColumn, name: string) =>
    sql`(${ph(name)} is null or instr(${set}, ',' || ${ph(name)} || ',') > 0)`;
  // the filters on meetings ("as of" a date, meetings held later do not exist yet), on the
  // meeting's columns or on their copies in the attributes
  const meetingFiltersOn = (year: AnyColumn, startDate: AnyColumn): SQL => sql`(${ph('conference')} is null or ${c.slug} = ${ph('conference')})
    and (${ph('yearFrom')} is null or ${year} >= ${ph('yearFrom')})
    and (${ph('yearTo')} is null or ${year} <= ${ph('yearTo')})
    and (${ph('asOf')} is null or coalesce(${startDate}, ${year} || '-01-01') <= ${ph('asOf')})`;
  const meetingFilters = meetingFiltersOn(m.year, m.startDate);
  const filters: SQL = sql`${meetingFiltersOn(sa.year, sa.startDate)}
    and (${ph('outcome')} is null or ${sa.outcome} = ${ph('outcome')})
    and ${contains(sa.sponsors, 'land')}
    and ${contains(statuses, 'status')}
    and ${contains(addressees, 'addressee')}`;
  const attributes = {
    id: sa.resolutionId,
    conference: c.slug,
    year: sa.year,
    startDate: sa.startDate,
    sortKey: sa.sortKey,
    releasedOn: sa.releasedOn,
    outcome: sa.outcome,
    sponsors: sa.sponsors,
    statuses,
    addressees,
    title: sa.title,
  };
  // The MATCH, within the range of ids the filters on meetings leave (RowBounds, `lo`..`hi`):
  // FTS5 starts at `hi` and stops at `lo` instead of reading the matches the filters discard.
  const matchIn = (table: FtsTable) =>
    sql`${sql.identifier(FTS_NAMES.get(table)!)} match ${ph('match')}
      and ${table.rowid} >= cast(${ph('lo')} as integer) and ${table.rowid} <= cast(${ph('hi')} as integer)`;
  const candidateQuery = (table: FtsTable, score: SQL<number>) =>
    db
      .select({ ...attributes, score })
      .from(table)
      .innerJoin(sa, eq(sa.resolutionId, table.rowid))
      .innerJoin(c, conferenceOfAttributes)
      .where(and(matchIn(table), visible, indexed, filters))
      .orderBy(desc(table.rowid))
      .limit(ph('cap'));
  const candidates = (table: FtsTable, score: SQL<number>) => candidateQuery(table, score).prepare();
  // The same rows as candidateQuery, their ids alone: the rows of the internal notes' tiers are
  // read this way and only those the search takes with their attributes (candidatesOf).
  const idQuery = (table: FtsTable) =>
    db
      .select({ id: sa.resolutionId })
      .from(table)
      .innerJoin(sa, eq(sa.resolutionId, table.rowid))
      .innerJoin(c, conferenceOfAttributes)
      .where(and(matchIn(table), visible, indexed, filters))
      .orderBy(desc(table.rowid))
      .limit(ph('cap'));
  // The same ids where no filter is set: from the index alone, with the rows the viewer may not
  // see left out (hiddenResolutions). Joined with the attributes, each id costs reading a page of
  // them (on the benchmark archive until 07.12.2026, with the resolutions and their facets, about
  // 25 ms for a tier's 1,000 ids when they were not in SQLite's page cache, against 1 ms from the index).
  const unfilteredIdQuery = (table: FtsTable) =>
    db
      .select({ id: table.rowid })
      .from(table)
      .where(and(matchIn(table), sql`${table.rowid} not in (${hiddenResolutions()})`))
      .orderBy(desc(table.rowid))
      .limit(ph('cap'));
  // the parameters of the filters: those of the joined id statement that the other lacks
  const placeholders = (query: { toSQL(): { params: unknown[] } }) =>
    query.toSQL().params.flatMap((param) => (typeof param === 'object' && param !== null && 'name' in param ? [String(param.name)] : []));
  const unfilteredParams = new Set(placeholders(unfilteredIdQuery(searchInternal)));
  const filterParams: readonly string[] = [...new Set(placeholders(idQuery(searchInternal)))].filter((name) => !unfilteredParams.has(name));
  return {
    /** The names of the filters' parameters (conference, years, "as of", Land, …): none set, the unfiltered statements apply. */
    filterParams,
    textCandidates: candidates(searchIndex, SCORE),
    unrankedCandidates: candidates(searchIndex, UNRANKED),
    // the same, read row by row (raw arrays in the order of the attributes + score): a lower tier
    // reads only as many of its new matches as the candidate set takes (see candidates.ts)
    textCandidateRows: rowIterator<unknown[]>(db, candidateQuery(searchIndex, SCORE)),
    unrankedCandidateRows: rowIterator<unknown[]>(db, candidateQuery(searchIndex, UNRANKED)),
    // The internal notes' matches with their attributes, for queries whose internal matches are
    // all taken (one group, nothing excluded: candidates.ts internalCandidates) ...
    internalCandidates: candidates(searchInternal, INTERNAL_SCORE),
    unrankedInternalCandidates: candidates(searchInternal, UNRANKED),
    // (the same, read row by row: a lower tier of the internal notes reads only its new matches)
    internalCandidateRows: rowIterator<unknown[]>(db, candidateQuery(searchInternal, INTERNAL_SCORE)),
    unrankedInternalCandidateRows: rowIterator<unknown[]>(db, candidateQuery(searchInternal, UNRANKED)),
    // ... and ids alone, newest first (candidates.ts internalTierRows): most
    // are dropped by the checks of the other groups ("Bund Länder Kommunen" logged in: 11 of the
    // first tier's 1,000), the search takes the rest with their attributes (candidatesOf) and
    // scores them afterwards (Lookups.internalScoredAmong).
    internalIds: idQuery(searchInternal).prepare(),
    // the same, read row by row: a lower tier of the internal notes reads only its new matches
    internalIdRows: rowIterator<[number]>(db, idQuery(searchInternal)),
    // internalIds and internalIdRows for searches without filters (FILTER_PARAMS all null): the
    // same ids, read without the tables (unfilteredIdQuery)
    unfilteredInternalIds: unfilteredIdQuery(searchInternal).prepare(),
    unfilteredInternalIdRows: rowIterator<[number]>(db, unfilteredIdQuery(searchInternal)),
    /** The attributes of some resolutions (`ids`, a JSON array) that passed visibility and filters, in no order; score 0. */
    candidatesOf: db
      .select({ ...attributes, score: UNRANKED })
      // the ids drive the query (as in `details`)
      .from(sql`json_each(${ph('ids')}) as ${sql.identifier('taken_ids')}`)
      .crossJoin(sa)
      .innerJoin(c, conferenceOfAttributes)
      .where(and(sql`${sa.resolutionId} = ${sql.identifier('taken_ids')}.value`, indexed))
      .prepare(),
    // resolutions whose title matches (title-matches.ts), newest first, unscored
    titleCandidates: candidates(searchTitles, UNRANKED),

    // Filters alone: the newest `cap` resolutions that pass them, in two plans with the same
    // rows. Left to itself, SQLite read every visible resolution through the release index and
    // sorted them all (70–235 ms on 100,000 resolutions).
    // By key: resolutions newest first (their attributes), until `cap` pass.
    filterCandidates: db
      .select({ ...attributes, score: sql<number>`0` })
      .from(sa)
      .innerJoin(c, conferenceOfAttributes)
      .where(and(visible, indexed, filters))
      .orderBy(desc(sa.resolutionId))
      .limit(ph('cap'))
      .prepare(),
    // By meeting: the resolutions of the meetings that pass the filters on meetings (conference,
    // years, "as of"), sorted; for filters that leave few of them (see filterRowsOfMeetings).
    filterCandidatesByMeeting: db
      .select({ ...attributes, score: sql<number>`0` })
      .from(m)
      .innerJoin(c, conferenceOfMeeting)
      .crossJoin(r)
      .innerJoin(sa, eq(sa.resolutionId, r.id))
      .where(and(eq(r.meetingId, m.id), meetingFilters, visible, indexed, filters))
      .orderBy(desc(sa.resolutionId))
      .limit(ph('cap'))
      .prepare(),
    // The smallest and largest id of the resolutions in the meetings that pass the filters on
    // meetings (candidates.ts rowBounds), from the index of resolutions by meeting.
    meetingRowBounds: db
      .select({ lo: sql<number | null>`min(${r.id})`, hi: sql<number | null>`max(${r.id})` })
      .from(m)
      .innerJoin(c, conferenceOfMeeting)
      .crossJoin(r)
      .where(and(eq(r.meetingId, m.id), meetingFilters))
      .prepare(),
    // How many resolutions the meetings passing the filters on meetings hold, counted up to `limit`
    // (in the index of resolutions by meeting).
    filterRowsOfMeetings: db
      .select({ n: sql<number>`count(*)` })
      .from(
        db
          .select({ one: sql`1` })
          .from(m)
          .innerJoin(c, conferenceOfMeeting)
          .crossJoin(r)
          .where(and(eq(r.meetingId, m.id), meetingFilters))
          .limit(ph('limit'))
          .as('rows_of_meetings'),
      )
      .prepare(),

    details: db
      .select({ ...resolutionHeader, meetingEnd: m.endDate, meetingPlace: m.place })
      // The page's ids drive the query (CROSS JOIN keeps SQLite's join order): given the choice,
      // the planner walks the release index over every public resolution (measured 25–30 ms on
      // 100,000 resolutions, against 0.05 ms from the ids).
      .from(sql`json_each(${ph('ids')}) as ${sql.identifier('page_ids')}`)
      .crossJoin(r)
      .innerJoin(m, meetingOfResolution)
      .innerJoin(c, conferenceOfMeeting)
      .where(and(sql`${r.id} = ${sql.identifier('page_ids')}.value`, resolutionVisible(r.release, m.conferenceId)))
      .prepare(),

    demandTexts: db
      .select({ resolutionId: demands.resolutionId, number: demands.number, text: demands.text })
      .from(demands)
      .where(and(sql`${demands.resolutionId} in (select value from json_each(${ph('ids')}))`, demandVisible(demands.internal)))
      .orderBy(demands.resolutionId, demands.position)
      .prepare(),

    statementTexts: db
      .select({ resolutionId: protocolStatements.resolutionId, text: protocolStatements.text })
      .from(protocolStatements)
      .where(and(sql`${protocolStatements.resolutionId} in (select value from json_each(${ph('ids')}))`, fieldVisible(protocolStatements.internal)))
      .orderBy(protocolStatements.resolutionId, protocolStatements.position)
      .prepare(),

    followUpTexts: db
      .select({ resolutionId: f.resolutionId, text: f.summary })
      .from(f)
      .where(and(sql`${f.resolutionId} in (select value from json_each(${ph('ids')}))`, followUpVisible(f.visibility, f.demandId)))
      .orderBy(f.resolutionId, f.date, f.id)
      .prepare(),

    // the text of documents on follow-ups the viewer may see (its first 100,000 characters: enough for a snippet)
    documentTexts: db
      .select({ resolutionId: f.resolutionId, text: sql<string>`substr(${followUpDocuments.text}, 1, 100000)` })
      .from(followUpDocuments)
      .innerJoin(f, eq(f.id, followUpDocuments.followUpId))
      .where(and(sql`${f.resolutionId} in (select value from json_each(${ph('ids')}))`, followUpVisible(f.visibility, f.demandId), fieldVisible(followUpDocuments.internal), sql`${followUpDocuments.text} is not null`))
      .orderBy(f.resolutionId, followUpDocuments.id)
      .prepare(),

    // "As of" a date (./hits.ts withStatusesAsOf): per candidate the Ziffern the viewer may see, in
    // printed order (one row per resolution, not per Ziffer), from the index demands_resolution alone ...
    asOfDemands: db
      .select({ resolutionId: demands.resolutionId, ids: sql<string>`group_concat(${demands.id}, ',' order by ${demands.position}, ${demands.id})` })
      .from(demands)
      .where(and(sql`${demands.resolutionId} in (select value from json_each(${ph('ids')}))`, demandVisible(demands.internal)))
      .groupBy(demands.resolutionId)
      .prepare(),
    // ... and per Ziffer (demandId null: the whole resolution) the last status event on or before
    // the date that the viewer may see, as its eventKey (an event on a Ziffer hidden from the viewer
    // is read but matches none of asOfDemands'): from the index follow_ups_status_events
    // alone (`+` keeps follow_ups_resolution_date, which lacks the status, out), one row per Ziffer
    // instead of every event.
    asOfLastEvents: db
      .select({ resolutionId: f.resolutionId, demandId: f.demandId, last: sql<string>`max(${eventKey(f)})` })
      .from(f)
      .where(
        and(
          sql`${f.resolutionId} in (select value from json_each(${ph('ids')}))`,
          followUpVisibleOnShownDemands(f.visibility),
          sql`+${f.date} <= ${ph('asOf')}`,
          sql`${f.resultingStatus} is not null`,
        ),
      )
      .groupBy(f.resolutionId, f.demandId)
      .prepare(),

    // only conferences that exist for the viewer (../visibility.ts)
    conferences: db
      .select({ slug: conferences.slug, shortName: conferences.shortName, name: conferences.name })
      .from(conferences)
      .where(conferenceExists(conferences.id))
      .orderBy(conferences.shortName)
      .prepare(),
  };
}

export type Queries = ReturnType<typeof prepareQueries>;
const cache = new WeakMap<Db, Map<string, Queries>>();

export function queries(db: Db, viewer: Viewer): Queries {
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

/** The most compounds one query word expands to (the shortest first: the most general ones). */
export const MAX_COMPOUNDS = 100;

/**
 * A prefix of four or more letters (FTS5's prefix index covers two and three) that matches more
 * words of the vocabulary than this is "wide": it is searched as an OR of those words and its
 * matches are not ranked by bm25 (see candidates.ts).
 */
export const WIDE_PREFIX_WORDS = 20;
/** The most words a wide prefix is expanded to; beyond, FTS5 reads the prefix itself (unranked). */
export const MAX_PREFIX_WORDS = 2_000;

function prepareLookups(sqlite: Database.Database) {
  return {
    /** The connection, for reading texts (search/match-checks.ts). */
    sqlite,
    /** Words of the vocabulary containing a part (a trigram phrase: the part as a substring). */
    compounds: sqlite
      .prepare('select word from search_word_parts where search_word_parts match ? order by length(word), word limit ?')
      .pluck(),
    /** Words of the vocabulary starting with a prefix (at most `limit`). */
    prefixWords: sqlite
      .prepare("select word from search_words where word >= ? and word < ? || char(1114111) order by word limit ?")
      .pluck(),
    /** The newest resolutions in the public index (FTS5's per-row shadow table), for the warm-up. */
    newestIndexed: sqlite.prepare('select id from search_index_docsize order by id desc limit ?').pluck(),
    /**
     * Which of some resolutions (`ids`, a JSON array; `lo`, `hi` its smallest and largest) a MATCH
     * of the public index finds, with their bm25 score as the candidate queries compute it. FTS5
     * reads the matches from `hi` down to `lo`; the ids are checked row by row (`+`: a rowid
     * constraint would run the MATCH once per id, and bm25 would count each phrase's matches again
     * each time). The bounds are cast to integers: better-sqlite3 binds JavaScript numbers as reals,
     * and FTS5 ignores a real-valued bound (it read the whole doclist, until 07.12.2026).
     */
    scoredAmong: sqlite
      .prepare(
        `select rowid, ${BM25} from search_index where search_index match :match and rowid >= cast(:lo as integer) and rowid <= cast(:hi as integer)
          and +rowid in (select value from json_each(:ids)) order by rowid desc`,
      )
      .raw(),
    /** The same without bm25 (for tiers the search does not rank by it). */
    matchedAmong: sqlite
      .prepare(
        `select rowid, 0 from search_index where search_index match :match and rowid >= cast(:lo as integer) and rowid <= cast(:hi as integer)
          and +rowid in (select value from json_each(:ids)) order by rowid desc`,
      )
      .raw(),
    /** scoredAmong for the internal notes (bm25 as the internal candidate queries compute it). */
    internalScoredAmong: sqlite
      .prepare(
        `select rowid, bm25(search_internal, 1.0, 1.0) from search_internal where search_internal match :match and rowid >= cast(:lo as integer) and rowid <= cast(:hi as integer)
          and +rowid in (select value from json_each(:ids)) order by rowid desc`,
      )
      .raw(),
    /** matchedAmong for the internal notes. */
    internalMatchedAmong: sqlite
      .prepare(
        `select rowid, 0 from search_internal where search_internal match :match and rowid >= cast(:lo as integer) and rowid <= cast(:hi as integer)
          and +rowid in (select value from json_each(:ids)) order by rowid desc`,
      )
      .raw(),
    /**
     * Which of some resolutions (`ids`, a JSON array) some MATCH expressions (`terms`, a JSON array)
     * find, one expression after the other, read lazily (an id comes once per expression that finds
     * it). Each expression is read on its own, its whole doclist (about 0.1 µs per row on 100,000
     * resolutions): an OR of a hundred compounds in one MATCH costs FTS5 a comparison with each of
     * its hundred doclists per row, and a rowid range does not make FTS5 skip (see match-checks.ts).
     */
    anyMatchAmong: sqlite
      .prepare(
        `select s.rowid from json_each(:terms) t cross join search_index s
          where s.search_index match t.value and +s.rowid in (select value from json_each(:ids))`,
      )
      .pluck(),
    /**
     * Which of some resolutions (`ids`, a JSON array) a MATCH finds, one resolution at a time: FTS5
     * seeks to each (about 10 µs) instead of reading the doclist. The rowid comes from json_each as
     * an integer: a real-valued one, as better-sqlite3 binds JavaScript numbers, FTS5 ignores (and
     * with `rowid = ?` returns every match).
     */
    anyMatchAt: sqlite
      .prepare(
        `select s.rowid from json_each(:ids) j cross join search_index s
          where s.search_index match :match and s.rowid = j.value`,
      )
      .pluck(),
    /** Whether a MATCH finds any row. */
    phraseOccurs: sqlite.prepare('select exists (select 1 from search_index where search_index match ?)').pluck(),
    /** How many rows a MATCH finds, counted up to `limit`. */
    countMatches: sqlite.prepare('select count(*) from (select 1 from search_index where search_index match :match limit :limit)').pluck(),
    /** The first `limit` rows a MATCH finds (by rowid): a short doclist whole, a long one's start. */
    matchHead: sqlite.prepare('select rowid from search_index where search_index match :match limit :limit').pluck(),
    /** anyMatchAmong for the internal notes. */
    internalAnyMatchAmong: sqlite
      .prepare(
        `select s.rowid from json_each(:terms) t cross join search_internal s
          where s.search_internal match t.value and +s.rowid in (select value from json_each(:ids))`,
      )
      .pluck(),
  };
}

export type Lookups = ReturnType<typeof prepareLookups>;
const lookupCache = new WeakMap<Database.Database, Lookups>();

export function lookups(sqlite: Database.Database): Lookups {
  let l = lookupCache.get(sqlite);
  if (!l) {
    l = prepareLookups(sqlite);
    lookupCache.set(sqlite, l);
  }
  return l;
}
