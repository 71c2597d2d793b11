/**
 * The column names the MATCH expressions use (services/search/queries.ts): a stem goes without a
 * column filter because the word columns and the stems column are all of each table's columns
 * (domain/search-match.ts MatchColumns.all). If a table gains a column, that no longer holds.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { INTERNAL_COLUMNS, PUBLIC_COLUMNS, TITLE_COLUMNS } from '../../src/services/search/queries.js';
import { freshDatabase } from '../helpers.js';

let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => connection.close());

describe('the column sets of the MATCH expressions', () => {
  it('name every column of their FTS5 table', () => {
    const columnsOf = (table: string) => (connection.sqlite.prepare(`select name from pragma_table_info('${table}')`).pluck().all() as string[]).sort();
    for (const [table, columns] of [['search_index', PUBLIC_COLUMNS], ['search_internal', INTERNAL_COLUMNS], ['search_titles', TITLE_COLUMNS]] as const) {
      expect(columns.all, table).toBe(true);
      expect(columnsOf(table), table).toEqual([...columns.words, columns.stems].sort());
    }
  });
});
