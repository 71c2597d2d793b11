/**
 * What one resolution page costs the database: the statements executed per request, counted on
 * better-sqlite3's Statement, through which every read and write of the process goes. The page
 * is one read transaction of three statements: the resolution with its sponsors, protocol
 * statements, versions and back-links, then its Ziffern, then its follow-ups with their documents;
 * one more only where the resolution's references name TOPs, two more where one of its Ziffern
 * takes part in a confirmed repeat; a logged-in user's session and watches add their own. Before
 * them, for the public, the database's generation its ETag is made of (plugins/page-cache.ts; the
 * data version read once per turn of the event loop: each request here starts a turn of its own).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import Database from 'better-sqlite3';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, importSeed, loginAs, seedDocument, TEST_ACTOR } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { createUser } from '../../src/services/users.js';

type Method = 'get' | 'all' | 'run' | 'iterate';
const METHODS: Method[] = ['get', 'all', 'run', 'iterate'];
type StatementMethods = Record<Method, (...args: unknown[]) => unknown>;
const probe = new Database(':memory:');
const statementPrototype = Object.getPrototypeOf(probe.prepare('select 1')) as StatementMethods;
probe.close();
const originals = { ...Object.fromEntries(METHODS.map((method) => [method, statementPrototype[method]])) } as StatementMethods;

let app: FastifyInstance;
let connection: Connection;
let executed: string[] = [];

beforeEach(async () => {
  ({ app, connection } = await buildTestApp({ pageCache: false }));
  for (const method of METHODS) {
    statementPrototype[method] = function (this: { source: string }, ...args: unknown[]) {
      executed.push(this.source);
      return originals[method].apply(this, args);
    };
  }
});
afterEach(async () => {
  for (const method of METHODS) statementPrototype[method] = originals[method];
  await app.close();
});

/** The statements one request executes (the page asked for once before, so nothing is prepared on the way). */
async function statementsOf(url: string, cookies: Record<string, string> = {}): Promise<string[]> {
  expect((await app.inject({ url, cookies })).statusCode).toBe(200);
  await nextTurn();
  executed = [];
  const response = await app.inject({ url, cookies });
  expect(response.statusCode).toBe(200);
  return executed;
}

/** Which statements these are (the resolution, its Ziffern and follow-ups, its references, its repeats, the session, the watches), or their SQL. */
function kinds(statements: readonly string[]): string[] {
  return statements.map((source) =>
    source.includes('as referencedBy') ? 'resolution'
      : source.includes('from demands d left join meetings dm') ? 'demands'
      : source.includes('from follow_ups f left join actors a') ? 'follow-ups'
      : source.includes("t.value ->> 'conference'") ? 'references'
        : source.includes('with recursive chain') ? 'repeat chains'
          : source.includes('json_each') && source.includes('"demands"."id" in') ? 'repeat sides'
            : source.includes('from "sessions"') ? 'session'
              : source.includes('from "watches"') ? 'watches'
                : source,
  );
}

/** The seed TOP (IntMK 2017 TOP 2.12) again, as another TOP of the UMK with these references. */
function umk(number: number, year: number, agendaItem: string, references: string[]): number {
  const document = seedDocument();
  const seed = document.resolutions[0]!;
  document.resolutions = [{ ...seed, conference: 'UMK', meeting: { ...seed.meeting, number, year, startDate: `${year}-05-10`, endDate: `${year}-05-11` }, agendaItem, references }];
  return importDocument(connection.db, TEST_ACTOR, document, { source: 'Test', release: 'public', releasedOn: `${year}-06-01` }).items[0]!.id;
}

/** The resolution as its page reads it: one read transaction, the same state of the database for all three. */
const RESOLUTION = ['BEGIN', 'resolution', 'demands', 'follow-ups', 'COMMIT'];
/** The public page: the generation for its ETag, read before the page's statements, then the resolution. */
const PUBLIC = ['select total_changes()', 'pragma data_version', ...RESOLUTION];

describe('statements per resolution page', () => {
  it('reads a resolution with its demands and follow-ups in one read transaction of three statements, as of any date', async () => {
    const resolutionId = importSeed(connection).items[0]!.id;
    for (const [date, visibility] of [['2018-03-01', 'public'], ['2019-03-01', 'internal']] as const) {
      recordFollowUp(connection.db, TEST_ACTOR, {
        resolutionId, demandId: null, date, actor: 'BMI', kind: 'response',
        summary: 'Der Bund prüft.', link: null, resultingStatus: 'in_progress', visibility,
      });
    }
    expect(kinds(await statementsOf('/intmk/12/top/2.12'))).toEqual(PUBLIC);
    expect(kinds(await statementsOf('/intmk/12/top/2.12?stand=2018-12-31'))).toEqual(PUBLIC);
    // the citable address of a Ziffer reads the same, then redirects
    await nextTurn();
    executed = [];
    expect((await app.inject('/intmk/12/top/2.12/ziffer/2')).statusCode).toBe(302);
    expect(kinds(executed)).toEqual(PUBLIC);
  });

  it('adds one statement for the TOPs its references name, and two for confirmed repeats', async () => {
    const earlier = umk(88, 2017, '14', []);
    const later = umk(100, 2023, '13', ['TOP 14 88. UMK', 'TOP 3 50. UMK', 'Beschluss vom Mai']);
    // the back-link of the earlier TOP is part of the resolution's statement
    const earlierPage = await statementsOf('/umk/88/top/14');
    expect(kinds(earlierPage)).toEqual(PUBLIC);
    expect(kinds(await statementsOf('/umk/100/top/13'))).toEqual([...PUBLIC, 'references']);
    const demandOf = (id: number) => connection.sqlite.prepare('select id from demands where resolution_id = ? order by position').pluck().get(id) as number;
    connection.sqlite
      .prepare("insert into demand_repeats (first_demand_id, second_demand_id, similarity, state, found_at) values (?, ?, 0.9, 'confirmed', '2024-01-01T00:00:00Z')")
      .run(demandOf(earlier), demandOf(later));
    const withRepeat = await app.inject('/umk/88/top/14');
    expect(withRepeat.body).toContain('demand-repeats');
    expect(kinds(await statementsOf('/umk/88/top/14'))).toEqual([...PUBLIC, 'repeat chains', 'repeat sides']);
    expect(kinds(await statementsOf('/umk/100/top/13'))).toEqual([...PUBLIC, 'references', 'repeat chains', 'repeat sides']);
  });

  it('reads the same for a logged-in user, plus the session and the watches', async () => {
    importSeed(connection);
    await createUser(connection.db, TEST_ACTOR, { email: 'land@example.org', name: 'Land', role: 'land', land: 'BY', conferenceIds: [], password: 'ein langes sicheres Passwort' });
    const cookies = await loginAs(app, 'land@example.org', 'ein langes sicheres Passwort');
    expect(kinds(await statementsOf('/intmk/12/top/2.12', cookies))).toEqual(['session', ...RESOLUTION, 'watches']);
  });
});
