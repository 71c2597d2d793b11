/**
 * The search's lookups by id reach the rows they name through the primary key, whatever the
 * archive's size: SQLite's plan is checked, since the planner without statistics preferred the
 * release index (every public resolution) for a page's details.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { queries } from '../../src/services/search/queries.js';
import { PUBLIC_VIEWER, visibilityParams } from '../../src/services/visibility.js';
import { freshDatabase, queryPlan } from '../helpers.js';

let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => {
  connection.close();
});

describe('search query plans', () => {
  it("a page's details start from its ids and find each resolution by its key", () => {
    const q = queries(connection.db, PUBLIC_VIEWER);
    const steps = queryPlan(connection, q.details, { ...visibilityParams(PUBLIC_VIEWER), ids: '[1,2,3]' });
    expect(steps[0]).toMatch(/^SCAN page_ids VIRTUAL TABLE/);
    expect(steps).toContain('SEARCH r USING INTEGER PRIMARY KEY (rowid=?)');
    expect(steps.join(' / ')).not.toMatch(/resolutions_release/);
  });
});
