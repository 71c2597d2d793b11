import { describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, freshDatabase } from '../helpers.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { NO_FILTERS, searchResolutions } from '../../src/services/search.js';
import { PREFETCH_ROWS, searchWarmUpSteps, warmUpQueries, warmUpWord } from '../../src/services/search/warm-up.js';
import { PUBLIC_VIEWER } from '../../src/services/visibility.js';
import { RATE_LIMIT_WARM_UP } from '../../src/routes/rate-limits.js';
import { buildArchive, store, useArchiveApp, type Archive } from './fixtures.js';

let app: FastifyInstance;
let connection: Connection;
let archive: Archive;

useArchiveApp((built) => ({ app, connection, archive } = built));

/** Runs every warm-up step; returns the queries it searched whole. */
async function runWarmUp(conn: Connection): Promise<string[]> {
  const searched: string[] = [];
  for (const step of searchWarmUpSteps(conn.db, (q) => searched.push(q))) await step();
  return searched;
}

describe('search warm-up', () => {
  it('takes the longest word of four or more letters of a title', () => {
    expect(warmUpWord('Pflegekräfte aus dem Ausland')).toBe('Pflegekräfte');
    expect(warmUpWord('TOP 1: Bau')).toBeNull();
    expect(warmUpQueries('Krankenhausfinanzierung')).toEqual(['Krankenhausfinanzierung', 'Krankenhausfinanzieru*']);
    // a short word keeps a prefix of four letters
    expect(warmUpQueries('Kita')).toEqual(['Kita', 'Kita*']);
  });

  it('searches a word of the newest resolution the public may see, then a prefix of it', async () => {
    expect(await runWarmUp(connection)).toEqual(['Krankenhausfinanzierung', 'Krankenhausfinanzieru*']);
    // a newer resolution in draft is passed over
    store(
      connection,
      { conference: 'IntMK', number: 15, year: 2021, agendaItem: '2', title: 'Entwurfsvorhaben', sponsors: ['SN'], demands: [{ text: 'Der Bund soll prüfen.' }] },
      'draft',
    );
    expect(await runWarmUp(connection)).toEqual(['Krankenhausfinanzierung', 'Krankenhausfinanzieru*']);
  });

  it('leaves the results users get unchanged', async () => {
    const query = parseQuery('Krankenhausfinanzierung');
    const before = searchResolutions(connection.db, PUBLIC_VIEWER, query, NO_FILTERS, { cache: false });
    await runWarmUp(connection);
    expect(searchResolutions(connection.db, PUBLIC_VIEWER, query, NO_FILTERS)).toEqual(before);
    expect(before.hits.map((hit) => hit.id)).toEqual([archive.withFollowUps]);
  });

  it('reads the joined tables through in ranges of PREFETCH_ROWS ids', () => {
    const steps = () => searchWarmUpSteps(connection.db, () => undefined).length;
    expect(steps()).toBe(11);
    // a resolution with a high id (its Ziffern are left behind: only the ids count here)
    connection.sqlite.pragma('foreign_keys = OFF');
    connection.sqlite.prepare('update resolutions set id = ? where id = ?').run(2 * PREFETCH_ROWS + 1, archive.pflege);
    expect(steps()).toBe(13);
  });

  it('runs on an empty archive without searching', async () => {
    const empty = freshDatabase();
    try {
      expect(searchWarmUpSteps(empty.db, () => undefined)).toHaveLength(10);
      expect(await runWarmUp(empty)).toEqual([]);
    } finally {
      empty.close();
    }
  });

  it('runs once the server listens, page rendering included, and answers requests meanwhile', async () => {
    const built = await buildTestApp();
    buildArchive(built.connection);
    const debug = vi.spyOn(built.app.log, 'debug');
    const warn = vi.spyOn(built.app.log, 'warn');
    try {
      await built.app.listen({ host: '127.0.0.1', port: 0 });
      const response = await fetch(`http://127.0.0.1:${(built.app.server.address() as { port: number }).port}/suche?q=Pflege`);
      expect(response.status).toBe(200);
      // the rate limit's two, ten steps of the search, one of reading the tables through (fewer than PREFETCH_ROWS resolutions)
      await vi.waitFor(() => expect(debug).toHaveBeenCalledWith(expect.objectContaining({ steps: 13 }), 'search warmed up'), { timeout: 20_000 });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      await built.app.close();
    }
  });

  it("warms the rate limit's address check (node's isIPv6) with an IPv4 and an IPv6 address", () => {
    expect(RATE_LIMIT_WARM_UP.map((step) => step())).toEqual([false, true]);
  });

  it('does not run without listening (inject)', async () => {
    const debug = vi.spyOn(app.log, 'debug');
    expect((await app.inject('/suche?q=Pflege')).statusCode).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    expect(debug).not.toHaveBeenCalledWith(expect.anything(), 'search warmed up');
  });
});
