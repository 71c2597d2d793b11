/**
 * Keeping the search index in step with the tables.
 *
 * `search_index` (an FTS5 table, see the migrations) holds one row per resolution with its texts
 * in normalised form (domain/search-text.ts); `search_facets` holds its facet attributes.
 * Triggers on resolutions, demands, protocol statements, sponsors and follow-ups only record the
 * changed resolution in `search_pending` — plain SQL, so every writer is covered (services, CLI
 * import, raw bulk SQL, a sqlite3 shell) and no connection needs a JavaScript SQL function.
 * `syncSearchIndex` normalises and re-indexes the pending resolutions in one write transaction;
 * the search calls it before every query (an EXISTS on an almost always empty table otherwise),
 * so results are consistent with every committed write. Bulk loaders call it once at the end.
 *
 * Internal follow-ups (summaries), Ziffern, statements and documents marked internal, and the
 * follow-ups on such Ziffern are indexed in their own table, `search_internal`, which is
 * matched only for viewers who may see internal follow-ups: bm25 normalises by the length of the
 * whole row, so internal text in the public table would move the public ranking.
 *
 * Besides the normalised words, each row holds the stem keys of its words (domain/search-stem.ts)
 * where they differ from the word, and every word of four or more letters of the resolution's
 * own text (not of internal follow-ups) goes into the vocabulary `search_words` (never removed; a
 * word no longer in any text matches nothing), whose trigram index finds the compounds
 * containing a query word. A change of the stemming rules
 * needs a migration that queues every resolution in `search_pending`.
 *
 * `search_attributes` (migration 0038) holds what the search reads of every candidate; triggers
 * keep it, but its facet lists are written here with those of search_facets.
 *
 * `search_titles` (migration 0032) holds each title once more on its own, its words and their
 * stem keys, so that the search can find the titles with a query word as typed or inflected
 * (title-matches.ts). Its row is written with the public row, in the same transaction;
 * resolutions queued in `search_titles_pending` (the migration's backfill) get their title row
 * alone.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { codeList } from '../../domain/search-facets.js';
import { indexedText, type IndexedText } from '../../domain/search-text.js';
import { byResolution } from '../prepared.js';
import { documentPublic } from '../visibility.js';
import { backfillRowWords, encodeWordIds } from './row-words.js';

/** Whether anything waits to be indexed (the search asks before it searches, see search.ts). */
export const PENDING_CHECK =
  'select exists (select 1 from search_pending) or exists (select 1 from search_titles_pending) or exists (select 1 from search_row_words_pending)';

function syncStatements(sqlite: Database.Database) {
  return {
    hasPending: sqlite.prepare(PENDING_CHECK).pluck(),
    pending: sqlite.prepare('select resolution_id from search_pending order by resolution_id limit ?').pluck(),
    titlesPending: sqlite.prepare('select resolution_id from search_titles_pending order by resolution_id limit ?').pluck(),
    title: sqlite.prepare('select title from resolutions where id = ?').pluck(),
    demands: sqlite.prepare(
      'select text, status, public_status as publicStatus, addressees, internal from demands where resolution_id = ? order by position',
    ),
    sponsors: sqlite.prepare('select land from resolution_sponsors where resolution_id = ? order by position').pluck(),
    hashes: sqlite.prepare('select public_hash as publicHash, internal_hash as internalHash from search_facets where resolution_id = ?'),
    removeFacets: sqlite.prepare('delete from search_facets where resolution_id = ?'),
    insertFacets: sqlite.prepare(
      'insert into search_facets (resolution_id, sponsors, statuses, public_statuses, addressees, public_addressees, public_hash, internal_hash) values (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    // the same lists in the candidates' attributes (migration 0038; the row itself is kept by triggers)
    attributeFacets: sqlite.prepare(
      'update search_attributes set sponsors = ?, statuses = ?, public_statuses = ?, addressees = ?, public_addressees = ? where resolution_id = ?',
    ),
    statements: sqlite.prepare('select text, internal from protocol_statements where resolution_id = ? order by position'),
    // a follow-up on a Ziffer marked internal counts as internal (visibility.ts followUpVisible)
    followUps: sqlite.prepare(
      `select f.summary, iif(dm.internal, 'internal', f.visibility) as visibility from follow_ups f left join demands dm on dm.id = f.demand_id
        where f.resolution_id = ? order by f.date, f.id`,
    ),
    documents: sqlite.prepare(
      `select d.text, d.internal, iif(dm.internal, 'internal', f.visibility) as visibility from follow_up_documents d join follow_ups f on f.id = d.follow_up_id
        left join demands dm on dm.id = f.demand_id
        where f.resolution_id = ? and d.text is not null order by d.id`,
    ),
    // FTS5's documented per-row shadow table: deleting a rowid that was never indexed costs a
    // search through every segment of a contentless table, so only indexed rows are deleted.
    indexed: sqlite.prepare('select exists (select 1 from search_index_docsize where id = ?)').pluck(),
    indexedCount: sqlite.prepare('select count(*) from search_index_docsize').pluck(),
    remove: sqlite.prepare('delete from search_index where rowid = ?'),
    insert: sqlite.prepare(
      'insert into search_index (rowid, title, body, followups, documents, stems) values (?, ?, ?, ?, ?, ?)',
    ),
    indexedInternal: sqlite.prepare('select exists (select 1 from search_internal_docsize where id = ?)').pluck(),
    removeInternal: sqlite.prepare('delete from search_internal where rowid = ?'),
    insertInternal: sqlite.prepare('insert into search_internal (rowid, internal, stems) values (?, ?, ?)'),
    indexedTitle: sqlite.prepare('select exists (select 1 from search_titles_docsize where id = ?)').pluck(),
    removeTitle: sqlite.prepare('delete from search_titles where rowid = ?'),
    insertTitle: sqlite.prepare('insert into search_titles (rowid, title, stems) values (?, ?, ?)'),
    titleDone: sqlite.prepare('delete from search_titles_pending where resolution_id = ?'),
    hasRowWords: sqlite.prepare('select exists (select 1 from search_row_words where resolution_id = ?)').pluck(),
    removeRowWords: sqlite.prepare('delete from search_row_words where resolution_id = ?'),
    insertRowWords: sqlite.prepare('insert into search_row_words (resolution_id, words) values (?, ?)'),
    rowWordsDone: sqlite.prepare('delete from search_row_words_pending where resolution_id = ?'),
    wordId: sqlite.prepare('select id from search_words where word = ?').pluck(),
    addWord: sqlite.prepare('insert or ignore into search_words (word) values (?)'),
    addWordParts: sqlite.prepare('insert into search_word_parts (rowid, word) values (?, ?)'),
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

interface Hashes {
  publicHash: string | null;
  internalHash: string | null;
}

const hash = (texts: readonly string[]) => createHash('sha1').update(texts.join('\u0000')).digest('base64');

type DemandRow = { text: string; status: string; publicStatus: string; addressees: string; internal: number };
type StatementRow = { text: string; internal: number };
type EventRow = { summary: string; visibility: string };
type DocumentRow = { text: string; internal: number; visibility: string };

/**
 * The texts of one resolution as the index holds them, before normalisation, from its rows (each
 * list in its order): the public ones (title, body, follow-ups, documents: the columns of
 * search_index) and the internal ones joined (search_internal).
 */
function composeTexts(title: string, demandRows: DemandRow[], statements: StatementRow[], events: EventRow[], documentList: DocumentRow[]) {
  // Ziffern marked internal (visibility.ts demandVisible): in the internal text, the logged-in
  // users' facets only
  const publicDemands = demandRows.filter((d) => d.internal === 0);
  // protocol statements marked internal are indexed with the internal follow-ups (visibleStatements)
  const body = [...publicDemands.map((d) => d.text), ...statements.filter((st) => st.internal === 0).map((st) => st.text)].join('\n');
  const followUps = events.filter((e) => e.visibility === 'public').map((e) => e.summary).join('\n');
  // documents marked internal are indexed with the internal follow-ups (documentPublic)
  const documentRows = documentList.map((d) => ({ ...d, public: documentPublic({ internal: d.internal !== 0 }, d.visibility) }));
  const documents = documentRows.filter((d) => d.public).map((d) => d.text).join('\n');
  const internal = [
    ...demandRows.filter((d) => d.internal !== 0).map((d) => d.text),
    ...events.filter((e) => e.visibility !== 'public').map((e) => e.summary),
    ...documentRows.filter((d) => !d.public).map((d) => d.text),
    ...statements.filter((st) => st.internal !== 0).map((st) => st.text),
  ].join('\n');
  return { demandRows, publicDemands, publicTexts: [title, body, followUps, documents], internal };
}

/** The texts of one resolution as the index holds them (composeTexts); undefined when it no longer exists. */
function textsOf(s: SyncStatements, id: number) {
  const title = s.title.get(id) as string | undefined;
  if (title === undefined) return undefined;
  return composeTexts(
    title,
    s.demands.all(id) as DemandRow[],
    s.statements.all(id) as StatementRow[],
    s.followUps.all(id) as EventRow[],
    s.documents.all(id) as DocumentRow[],
  );
}

/**
 * The same statements for many resolutions at once (`ids`, a JSON array): one statement per table
 * for all of them, not five per resolution. Each row comes with its resolution's id first; the
 * order within a resolution is that of the statements above.
 */
function manyStatements(sqlite: Database.Database) {
  const among = 'in (select value from json_each(?))';
  return {
    titles: sqlite.prepare(`select id, title from resolutions where id ${among}`).raw(),
    demands: sqlite.prepare(
      `select resolution_id as resolutionId, text, status, public_status as publicStatus, addressees, internal from demands where resolution_id ${among} order by resolution_id, position`,
    ),
    statements: sqlite.prepare(`select resolution_id as resolutionId, text, internal from protocol_statements where resolution_id ${among} order by resolution_id, position`),
    followUps: sqlite.prepare(
      `select f.resolution_id as resolutionId, f.summary, iif(dm.internal, 'internal', f.visibility) as visibility from follow_ups f left join demands dm on dm.id = f.demand_id
        where f.resolution_id ${among} order by f.resolution_id, f.date, f.id`,
    ),
    documents: sqlite.prepare(
      `select f.resolution_id as resolutionId, d.text, d.internal, iif(dm.internal, 'internal', f.visibility) as visibility from follow_up_documents d join follow_ups f on f.id = d.follow_up_id
        left join demands dm on dm.id = f.demand_id
        where f.resolution_id ${among} and d.text is not null order by f.resolution_id, d.id`,
    ),
  };
}

const manyCache = new WeakMap<Database.Database, ReturnType<typeof manyStatements>>();

/**
 * The texts of some resolutions as the index holds them (composeTexts), by id; those that no
 * longer exist are missing. Five statements for any number of resolutions: the search checks a
 * few dozen rows in their texts at a time (search/match-checks.ts), and reading them one by one
 * took five statements each (547 statements for "Bund Länder" logged in, until 07.12.2026).
 */
export function textsOfMany(sqlite: Database.Database, ids: readonly number[]): Map<number, ReturnType<typeof composeTexts>> {
  const result = new Map<number, ReturnType<typeof composeTexts>>();
  if (ids.length === 0) return result;
  let s = manyCache.get(sqlite);
  if (!s) manyCache.set(sqlite, (s = manyStatements(sqlite)));
  const json = JSON.stringify(ids);
  const titles = s.titles.all(json) as [number, string][];
  if (titles.length === 0) return result;
  const demandRows = byResolution(s.demands.all(json) as (DemandRow & { resolutionId: number })[]);
  const statements = byResolution(s.statements.all(json) as (StatementRow & { resolutionId: number })[]);
  const events = byResolution(s.followUps.all(json) as (EventRow & { resolutionId: number })[]);
  const documents = byResolution(s.documents.all(json) as (DocumentRow & { resolutionId: number })[]);
  for (const [id, title] of titles) {
    result.set(id, composeTexts(title, demandRows.get(id) ?? [], statements.get(id) ?? [], events.get(id) ?? [], documents.get(id) ?? []));
  }
  return result;
}

/**
 * The public texts of a resolution (the columns of its search_index row, before normalisation);
 * undefined when it no longer exists.
 */
export function publicTextsOf(sqlite: Database.Database, id: number): string[] | undefined {
  return textsOf(statementsFor(sqlite), id)?.publicTexts;
}

/** What one resolution contributes to the index; undefined when it no longer exists. */
function readRow(s: SyncStatements, id: number) {
  const texts = textsOf(s, id);
  if (texts === undefined) return undefined;
  const { demandRows, publicDemands, publicTexts, internal } = texts;
  const addresseesOf = (rows: typeof demandRows) => codeList(new Set(rows.flatMap((row) => JSON.parse(row.addressees) as string[])));
  const facets = [
    codeList(s.sponsors.all(id) as string[]),
    codeList(demandRows.map((d) => d.status)),
    codeList(publicDemands.map((d) => d.publicStatus)),
    addresseesOf(demandRows),
    addresseesOf(publicDemands),
  ] as const;
  return {
    facets,
    publicHash: hash(publicTexts),
    internalHash: hash([internal]),
    publicTexts: publicTexts.map(indexedText),
    internal: indexedText(internal),
  };
}

function stemsOf(texts: readonly IndexedText[]): string {
  return texts
    .map((t) => t.stems)
    .filter((stems) => stems !== '')
    .join('\n');
}

/**
 * A sync that re-indexed at least this many resolutions, and at least OPTIMIZE_SHARE of the index,
 * was a bulk load (a first build, an import, a migration that queues every resolution): the index
 * is optimized after it (see optimizeSearchIndex).
 */
export const OPTIMIZE_MIN_ROWS = BATCH;
export const OPTIMIZE_SHARE = 0.1;

/**
 * Merges each FTS5 table of the search into a single segment ('optimize'). Loading in batches
 * leaves the index in many segments (13 after building 100,000 resolutions), and every query
 * reads each term in every segment: after the merge the first queries of a process read fewer
 * pages (measured on 100,000 resolutions: "Statistik" 8.5 → 2.4 ms, a two-word query 33 → 12 ms
 * of bare FTS5 time). Matches and bm25 scores stay the same. It rewrites the whole index
 * (about 20 s for 100,000 resolutions), so it follows bulk loads only; FTS5's automerge keeps
 * the few segments of everyday writes in check.
 */
export function optimizeSearchIndex(
  sqlite: Database.Database,
  tables: readonly string[] = ['search_index', 'search_internal', 'search_word_parts', 'search_titles'],
): void {
  sqlite.transaction(() => {
    for (const table of tables) {
      sqlite.prepare(`insert into ${table} (${table}) values ('optimize')`).run();
    }
  }).immediate();
}

/**
 * Re-indexes every resolution recorded in `search_pending` (by the triggers); returns how many.
 * Runs in write transactions of up to 2,000 resolutions each; after a bulk load (see
 * OPTIMIZE_MIN_ROWS) the index is optimized. `optimizeMinRows` replaces OPTIMIZE_MIN_ROWS (tests).
 */
export function syncSearchIndex(sqlite: Database.Database, optimizeMinRows = OPTIMIZE_MIN_ROWS): number {
  const s = statementsFor(sqlite);
  if (!s.hasPending.get()) return 0;
  let total = 0;
  const batch = sqlite.transaction(() => {
    const ids = s.pending.all(BATCH) as number[];
    const rows = ids.map((id) => ({ id, row: readRow(s, id), old: s.hashes.get(id) as Hashes | undefined }));
    // All deletes first, then all inserts: a delete between inserts makes FTS5 flush its
    // pending in-memory terms into a tiny segment each time (measured: 10× slower re-indexing).
    // A row whose text is unchanged (a status change, an internal note) is left as it is: FTS5
    // does not restore its totals exactly on delete, and they are part of every bm25 score.
    // The title row goes with the public text (its hash covers the title); one that is missing
    // (queued for the backfill) is written as well.
    const titles = rows.map(({ id, row, old }) => {
      const indexed = s.indexedTitle.get(id) === 1;
      return { indexed, write: row !== undefined && (old?.publicHash !== row.publicHash || !indexed) };
    });
    rows.forEach(({ id, row, old }, i) => {
      if (old?.publicHash !== row?.publicHash && s.indexed.get(id)) s.remove.run(id);
      if (old?.internalHash !== row?.internalHash && s.indexedInternal.get(id)) s.removeInternal.run(id);
      if (titles[i]!.indexed && (row === undefined || titles[i]!.write)) s.removeTitle.run(id);
      s.removeFacets.run(id);
    });
    const words = new Set<string>();
    // the vocabulary words of the public text, for search_row_words (row-words.ts): with a new
    // public text, or where the list is missing (queued for the backfill)
    const rowWords = new Map<number, Set<string>>();
    rows.forEach(({ id, row, old }, i) => {
      if (row) {
        s.insertFacets.run(id, ...row.facets, row.publicHash, row.internalHash);
        s.attributeFacets.run(...row.facets, id);
        const changed = old?.publicHash !== row.publicHash;
        if (changed) s.insert.run(id, ...row.publicTexts.map((t) => t.normalized), stemsOf(row.publicTexts));
        if (changed || s.hasRowWords.get(id) !== 1) {
          const own = new Set(row.publicTexts.flatMap((text) => [...text.words]));
          rowWords.set(id, own);
          for (const word of own) words.add(word);
        }
        if (titles[i]!.write) s.insertTitle.run(id, row.publicTexts[0]!.normalized, row.publicTexts[0]!.stems);
        if (old?.internalHash !== row.internalHash && row.internal.normalized !== '') {
          s.insertInternal.run(id, row.internal.normalized, stemsOf([row.internal]));
        }
      }
      s.done.run(id);
      s.titleDone.run(id);
    });
    const wordIds = new Map<string, number>();
    for (const word of words) {
      const added = s.addWord.run(word);
      if (added.changes > 0) s.addWordParts.run(added.lastInsertRowid, word);
      wordIds.set(word, added.changes > 0 ? Number(added.lastInsertRowid) : (s.wordId.get(word) as number));
    }
    for (const { id, row } of rows) {
      const own = rowWords.get(id);
      // a list is rewritten with a new public text, and removed with its resolution
      if (own !== undefined || row === undefined) s.removeRowWords.run(id);
      if (own) s.insertRowWords.run(id, encodeWordIds([...own].map((word) => wordIds.get(word)!)));
      s.rowWordsDone.run(id);
    }
    return ids.length;
  });
  for (;;) {
    const n = batch.immediate();
    total += n;
    if (n < BATCH) break;
  }
  if (total >= optimizeMinRows && total >= OPTIMIZE_SHARE * (s.indexedCount.get() as number)) optimizeSearchIndex(sqlite);
  const titles = syncTitles(sqlite, s);
  if (titles >= optimizeMinRows && titles >= OPTIMIZE_SHARE * (s.indexedCount.get() as number)) optimizeSearchIndex(sqlite, ['search_titles']);
  return total + titles + backfillRowWords(sqlite);
}

/**
 * Writes the title rows queued in `search_titles_pending` alone (a migration's backfill: about
 * 4 s for 100,000 titles, against minutes for re-indexing every text); returns how many.
 */
function syncTitles(sqlite: Database.Database, s: SyncStatements): number {
  let total = 0;
  const batch = sqlite.transaction(() => {
    const ids = s.titlesPending.all(BATCH) as number[];
    const rows = ids.map((id) => ({ id, title: s.title.get(id) as string | undefined, indexed: s.indexedTitle.get(id) === 1 }));
    // deletes first, as above
    for (const { id, indexed } of rows) if (indexed) s.removeTitle.run(id);
    for (const { id, title } of rows) {
      if (title !== undefined) {
        const text = indexedText(title);
        s.insertTitle.run(id, text.normalized, text.stems);
      }
      s.titleDone.run(id);
    }
    return ids.length;
  });
  for (;;) {
    const n = batch.immediate();
    total += n;
    if (n < BATCH) return total;
  }
}
