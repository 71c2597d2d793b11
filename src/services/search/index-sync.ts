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
 * Internal follow-up summaries sit in their own column, which is matched only for viewers who
 * may see internal follow-ups.
 */
import type Database from 'better-sqlite3';
import { codeList } from '../../domain/search-facets.js';
import { normalizeGerman } from '../../domain/search-text.js';

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
          codeList(s.sponsors.all(id) as string[]),
          codeList(demandRows.map((d) => d.status)),
          codeList(demandRows.map((d) => d.publicStatus)),
          codeList(addressees),
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
