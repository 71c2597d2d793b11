/**
 * Which vocabulary words each resolution's public text holds (`search_row_words`, migration 0035):
 * per resolution the ids of the distinct words of four or more letters of its public row
 * (search_words.id; domain/search-text.ts indexedText `words`), sorted, as varint gaps in a blob
 * (about 300 bytes for the benchmark's resolutions).
 *
 * What it is for. The compound tier of a query word ORs up to a hundred vocabulary words; telling
 * which of a few hundred title matches hold one of them took reading up to a hundred doclists
 * (match-checks.ts), 100–200 ms for two or three common words on 100,000 resolutions. With this
 * table it is one read of the rows asked about. A vocabulary word w is in a row's list exactly when
 * the row's word columns hold the token w (`{title body followups documents} : "w"`): the list is
 * written from the same texts as the index row (index-sync.ts), and the backfill reads it from
 * the index itself.
 *
 * Backfill. The migration queues every resolution in `search_row_words_pending`; rows re-indexed
 * anyway get their list from their texts, the rest from the index as it is: each vocabulary word's
 * doclist is read once (for a range of rows at a time) and turned around. Computing the lists
 * from the texts would take about 2 ms per resolution (normalising and stemming every text).
 */
import type Database from 'better-sqlite3';

/** The blob of a set of word ids: sorted, each as its gap to the one before, 7 bits a byte. */
export function encodeWordIds(ids: Iterable<number>): Buffer {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const bytes: number[] = [];
  let previous = 0;
  for (const id of sorted) {
    let gap = id - previous;
    previous = id;
    while (gap >= 0x80) {
      bytes.push((gap & 0x7f) | 0x80);
      gap = Math.floor(gap / 0x80);
    }
    bytes.push(gap);
  }
  return Buffer.from(bytes);
}

export function decodeWordIds(blob: Uint8Array): number[] {
  const ids: number[] = [];
  let previous = 0;
  let gap = 0;
  let scale = 1;
  for (const byte of blob) {
    gap += (byte & 0x7f) * scale;
    if (byte & 0x80) {
      scale *= 0x80;
      continue;
    }
    previous += gap;
    ids.push(previous);
    gap = 0;
    scale = 1;
  }
  return ids;
}

/** Whether a blob holds one of some word ids (flags by id; read without building the list). */
function holdsAny(blob: Uint8Array, wanted: Uint8Array): boolean {
  let previous = 0;
  let gap = 0;
  let scale = 1;
  for (const byte of blob) {
    gap += (byte & 0x7f) * scale;
    if (byte & 0x80) {
      scale *= 0x80;
      continue;
    }
    previous += gap;
    if (previous < wanted.length && wanted[previous] === 1) return true;
    gap = 0;
    scale = 1;
  }
  return false;
}

function statements(sqlite: Database.Database) {
  return {
    wordIds: sqlite.prepare('select id, word from search_words where word in (select value from json_each(?))').raw(),
    rows: sqlite
      .prepare('select resolution_id, words from search_row_words where resolution_id in (select value from json_each(?))')
      .raw(),
  };
}

const statementCache = new WeakMap<Database.Database, ReturnType<typeof statements>>();

function statementsFor(sqlite: Database.Database) {
  let s = statementCache.get(sqlite);
  if (!s) {
    s = statements(sqlite);
    statementCache.set(sqlite, s);
  }
  return s;
}

/** What the lists tell about some resolutions and some words. */
export interface RowWordsAnswer {
  /** The words the vocabulary lists (the others cannot be told from the lists). */
  listed: ReadonlySet<string>;
  /** The resolutions asked about that have a list. */
  known: ReadonlySet<number>;
  /** Those of them whose list holds one of the listed words. */
  found: ReadonlySet<number>;
}

/** Asks the lists of some resolutions whether they hold one of some words (for one search: the lists read are kept). */
export type RowWords = (ids: readonly number[], words: readonly string[]) => RowWordsAnswer;

export function rowWords(sqlite: Database.Database): RowWords {
  const s = statementsFor(sqlite);
  // the lists read so far (a query asks about the same rows for each of its words)
  const lists = new Map<number, Buffer | null>();
  return (ids, words) => {
    const listed = new Set<string>();
    const wordIds = words.length > 0 ? (s.wordIds.all(JSON.stringify(words)) as [number, string][]) : [];
    const wanted = new Uint8Array(wordIds.reduce((most, [id]) => Math.max(most, id), 0) + 1);
    for (const [id, word] of wordIds) {
      wanted[id] = 1;
      listed.add(word);
    }
    const known = new Set<number>();
    const found = new Set<number>();
    const unread = ids.filter((id) => !lists.has(id));
    if (unread.length > 0) {
      for (const id of unread) lists.set(id, null);
      for (const [id, blob] of s.rows.all(JSON.stringify(unread)) as [number, Buffer][]) lists.set(id, blob);
    }
    for (const id of ids) {
      const blob = lists.get(id);
      if (!blob) continue;
      known.add(id);
      if (wordIds.length > 0 && holdsAny(blob, wanted)) found.add(id);
    }
    return { listed, known, found };
  };
}

/** Rows of resolutions the backfill turns around at a time (memory: their lists of word ids). */
const BACKFILL_ROWS = 20_000;

/**
 * Writes the lists of the resolutions queued in `search_row_words_pending` from the public index
 * as it is (see the file comment); returns how many were queued. A resolution without an index
 * row (deleted, or still waiting in search_pending) loses its list.
 */
export function backfillRowWords(sqlite: Database.Database): number {
  const pendingCount = sqlite.prepare('select count(*) from search_row_words_pending').pluck();
  if ((pendingCount.get() as number) === 0) return 0;
  const next = sqlite.prepare('select resolution_id from search_row_words_pending order by resolution_id limit ?').pluck();
  const indexed = sqlite.prepare('select exists (select 1 from search_index_docsize where id = ?)').pluck();
  const vocabularyWords = sqlite.prepare('select id, word from search_words order by id').raw();
  // an integer range: FTS5 skips to it (a real-valued bound, as better-sqlite3 binds numbers, it ignores)
  const doclist = sqlite
    .prepare('select rowid from search_index where search_index match ? and rowid >= cast(? as integer) and rowid <= cast(? as integer)')
    .pluck();
  const remove = sqlite.prepare('delete from search_row_words where resolution_id = ?');
  const insert = sqlite.prepare('insert into search_row_words (resolution_id, words) values (?, ?)');
  const done = sqlite.prepare('delete from search_row_words_pending where resolution_id = ?');
  let vocabulary: [number, string][] | undefined;
  let total = 0;
  for (;;) {
    const written = sqlite
      .transaction(() => {
        const ids = next.all(BACKFILL_ROWS) as number[];
        if (ids.length === 0) return 0;
        const lo = ids[0]!;
        const hi = ids[ids.length - 1]!;
        const lists = new Map<number, number[]>();
        for (const id of ids) if (indexed.get(id) === 1) lists.set(id, []);
        if (lists.size > 0) {
          // read first: the connection runs one statement at a time
          vocabulary ??= vocabularyWords.all() as [number, string][];
          for (const [wordId, word] of vocabulary) {
            // vocabulary words are letters and digits only: safe to quote
            for (const rowid of doclist.all(`{title body followups documents} : "${word}"`, lo, hi) as number[]) lists.get(rowid)?.push(wordId);
          }
        }
        for (const id of ids) {
          remove.run(id);
          const list = lists.get(id);
          if (list) insert.run(id, encodeWordIds(list));
          done.run(id);
        }
        return ids.length;
      })
      .immediate();
    total += written;
    if (written === 0) return total;
  }
}
