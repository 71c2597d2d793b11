import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { openDatabase } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { buildTestApp, importSeed, seedDocument, TEST_ACTOR, useTestApp } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { loggerOptions } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import type { ImportDocument, ImportResolution } from '../../src/domain/import-format.js';

let app: FastifyInstance;
let connection: Connection;

useTestApp((built) => ({ app, connection } = built));

function resolution(overrides: Partial<ImportResolution>): ImportResolution {
  return { ...seedDocument().resolutions[0]!, ...overrides };
}

function doc(...resolutions: ImportResolution[]): ImportDocument {
  return { resolutions, warnings: [] };
}

describe('meeting page', () => {
  it('lists TOPs in numeric order and hides unreleased ones from the public', async () => {
    const items = ['10.1', '2.12', 'A3', '2.2', '2.9b'].map((agendaItem) => resolution({ agendaItem, title: `Titel ${agendaItem}` }));
    importDocument(connection.db, TEST_ACTOR, doc(...items), { source: 'Test', release: 'public' });
    importDocument(connection.db, TEST_ACTOR, doc(resolution({ agendaItem: '3.1', title: 'Geheimer Entwurf' })), { source: 'Test', release: 'draft' });
    importDocument(connection.db, TEST_ACTOR, doc(resolution({ agendaItem: '3.2', title: 'Interner Beschluss' })), { source: 'Test', release: 'internal' });
    const page = await app.inject('/intmk/12');
    expect(page.statusCode).toBe(200);
    const order = ['2.2', '2.9b', '2.12', '10.1', 'A3'].map((top) => page.body.indexOf(`Titel ${top}`));
    expect(order.every((pos, i) => pos > 0 && (i === 0 || pos > order[i - 1]!))).toBe(true);
    expect(page.body).not.toContain('Geheimer Entwurf');
    expect(page.body).not.toContain('Interner Beschluss');
    const home = await app.inject('/');
    expect(home.body).toMatch(/5 Beschlüsse/);
    expect((await app.inject('/intmk')).body).toContain('5 Beschlüsse');
  });

  it('keys a meeting without ordinal by its start date and serves TOPs like 3/5/46', async () => {
    const r = resolution({
      conference: 'UMK',
      meeting: { number: null, year: 2022, startDate: '2022-05-12', endDate: '2022-05-12', place: null },
      agendaItem: '3/5/46',
    });
    importDocument(connection.db, TEST_ACTOR, doc(r), { source: 'Test', release: 'public' });
    const meeting = await app.inject('/umk/2022-05-12');
    expect(meeting.statusCode).toBe(200);
    expect(meeting.body).toContain('/umk/2022-05-12/top/3%2F5%2F46');
    const page = await app.inject('/umk/2022-05-12/top/3%2F5%2F46');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ausbau und Öffnung der Migrationsberatung');
  });

  it('answers malformed keys with the German 404 page, not a 400', async () => {
    for (const url of ['/intmk/zwölf', '/intmk/12/top/..%2F..', '/intmk/12/top/2.12%00', '/intmk/12/TOP/2.12', '/%C3%9Cbersicht']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).toContain('Seite nicht gefunden');
    }
  });

  it('leads an address with capitals in its first segment (a conference as it is cited, "IntMK") to its lower-case address', async () => {
    importSeed(connection);
    const cases: [string, string][] = [
      ['/IntMK/12/top/2.12?stand=2018-01-01', '/intmk/12/top/2.12?stand=2018-01-01'],
      ['/INTMK', '/intmk'],
      ['/IntMK/12/top/2.12/ziffer/3', '/intmk/12/top/2.12/ziffer/3'],
      ['/Impressum', '/impressum'],
      // whether the page exists is the page's own answer: the redirect says nothing about the data
      ['/IntMK/99', '/intmk/99'],
    ];
    for (const [url, location] of cases) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(301);
      expect(response.headers.location, url).toBe(location);
    }
    expect((await app.inject('/intmk/99')).statusCode).toBe(404);
    // a form is not sent elsewhere
    expect((await app.inject({ method: 'POST', url: '/IntMK/12' })).statusCode).not.toBe(301);
  });
});

describe('status as of a date', () => {
  it('shows the status as it was, and a German message for a bad date', async () => {
    const { items } = importSeed(connection);
    const resolutionId = items[0]!.id;
    const demandId = (connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '2'").get(resolutionId) as { id: number }).id;
    recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId, demandId, date: '2019-07-01', actor: 'BMI', kind: 'response',
      summary: 'Teilweise umgesetzt durch Aufstockung', link: null, resultingStatus: 'partial', visibility: 'public',
    });
    const now = await app.inject('/intmk/12/top/2.12');
    expect(now.body).toMatch(/id="ziffer-2"[\s\S]*?teilweise umgesetzt/);
    const before = await app.inject('/intmk/12/top/2.12?stand=2019-06-30');
    expect(before.statusCode).toBe(200);
    expect(before.body).not.toContain('Teilweise umgesetzt durch Aufstockung');
    expect(before.body).toContain('30. Juni 2019');
    const german = await app.inject('/intmk/12/top/2.12?stand=30.06.2019');
    expect(german.body).not.toContain('Teilweise umgesetzt durch Aufstockung');
    const bad = await app.inject('/intmk/12/top/2.12?stand=gestern');
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain('„gestern“ ist kein gültiges Datum');
  });

  it('never shows internal follow-ups or their status to the public', async () => {
    const { items } = importSeed(connection);
    recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId: items[0]!.id, demandId: null, date: '2018-03-01', actor: 'GS', kind: 'note',
      summary: 'Interne Notiz der Geschäftsstelle', link: null, resultingStatus: 'rejected', visibility: 'internal',
    });
    const page = await app.inject('/intmk/12/top/2.12');
    expect(page.body).not.toContain('Interne Notiz');
    expect(page.body).not.toContain('status-rejected');
    const meeting = await app.inject('/intmk/12');
    expect(meeting.body).not.toContain('status-rejected');
  });
});

describe('page cache', () => {
  it('is invalidated by a commit from another connection (the command-line importer)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-cache-'));
    try {
      const file = path.join(dir, 'db.sqlite');
      const own = openDatabase(file, MIGRATIONS_DIR);
      const built = await buildTestApp({}, own);
      importSeed(own);
      const first = await built.app.inject('/intmk/12');
      expect(first.body).toContain('2.12');
      await built.app.inject('/intmk/12'); // asked for again: now stored
      expect(built.app.pageCache.size()).toBe(1);
      const other = openDatabase(file, MIGRATIONS_DIR);
      importDocument(other.db, TEST_ACTOR, doc(resolution({ agendaItem: '4.1', title: 'Neu aus der Kommandozeile' })), { source: 'cli', release: 'public' });
      other.close();
      // another process's commit is seen from the next turn of the event loop on (services/generation.ts)
      await new Promise((resolve) => setImmediate(resolve));
      const second = await built.app.inject('/intmk/12');
      expect(second.body).toContain('Neu aus der Kommandozeile');
      await built.app.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('request logs', () => {
  it('redact cookies and authorization headers', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(chunk.toString()); done(); } });
    const logger = { ...(loggerOptions(testConfig({ logLevel: 'info' })) as object), stream };
    const server = Fastify({ logger });
    server.get('/', async () => 'ok');
    server.addHook('onRequest', async (request) => { request.log.info({ headers: request.headers }, 'with headers'); });
    await server.inject({ url: '/', headers: { cookie: 'session=geheim', authorization: 'Bearer geheim' } });
    await server.close();
    const all = lines.join('');
    expect(all).toContain('[redacted]');
    expect(all).not.toContain('geheim');
  });
});

describe('stale flag', () => {
  /** The real 2.12 with addressees: 1 (declaratory) and 3 to the Bund, 4 to the Länder only. */
  function addressed(overrides: Partial<ImportResolution> = {}): ImportResolution {
    const seed = resolution(overrides);
    const addressees: Record<string, ('bund' | 'laender')[]> = { '1': ['bund'], '2': ['bund'], '3': ['bund'], '4': ['laender'], '5': [] };
    return { ...seed, demands: seed.demands.map((d) => ({ ...d, addressees: addressees[d.number ?? ''] ?? [] })) };
  }
  /** Numbers of the Ziffern flagged on a page. */
  function flagged(html: string): string[] {
    return [...html.matchAll(/id="ziffer-(\d+)"[\s\S]*?<\/h3>/g)]
      .filter((m) => m[0].includes('seit über 12 Monaten ohne Reaktion des Bundes'))
      .map((m) => m[1]!);
  }
  function demandId(number: string): number {
    return connection.sqlite.prepare('select id from demands where number = ?').pluck().get(number) as number;
  }

  it('marks exactly the open demands to the Bund without a federal reaction for 12 months, also as of a past date', async () => {
    const { items } = importDocument(connection.db, TEST_ACTOR, doc(addressed()), { source: 'Test', release: 'public', releasedOn: '2017-04-01' });
    const page = await app.inject('/intmk/12/top/2.12');
    // 1 is declaratory ("unterstreicht", "begrüßt"), 4 goes to the Länder, 5 has no addressee
    expect(flagged(page.body)).toEqual(['2', '3']);
    expect(page.body).toContain('Feststellende Ziffer');
    expect(page.body).toContain('erhalten den Hinweis nie');
    // 12 months after the meeting (16 March 2017) not yet, one day later yes
    expect(flagged((await app.inject('/intmk/12/top/2.12?stand=2018-03-16')).body)).toEqual([]);
    expect(flagged((await app.inject('/intmk/12/top/2.12?stand=2018-03-17')).body)).toEqual(['2', '3']);

    // A Land's own assessment does not reset the flag; a federal response does.
    const base = { resolutionId: items[0]!.id, link: null, resultingStatus: null, visibility: 'public' as const };
    recordFollowUp(connection.db, TEST_ACTOR, { ...base, demandId: demandId('3'), date: '2019-01-10', actor: 'BY', kind: 'assessment', summary: 'Bayern hält die Forderung für offen.', resultingStatus: 'open' });
    recordFollowUp(connection.db, TEST_ACTOR, { ...base, demandId: demandId('2'), date: '2019-01-10', actor: 'BMI', kind: 'response', summary: 'Das BMI prüft die Aufstockung.', resultingStatus: 'in_progress' });
    const later = await app.inject('/intmk/12/top/2.12?stand=2019-06-01');
    expect(flagged(later.body)).toEqual(['3']);
    // a note of the secretariat is no reaction either; 12 months after the response, 2 is stale again
    recordFollowUp(connection.db, TEST_ACTOR, { ...base, demandId: demandId('2'), date: '2019-12-01', actor: 'GS', kind: 'note', summary: 'Nachfrage beim BMI.' });
    expect(flagged((await app.inject('/intmk/12/top/2.12?stand=2020-01-10')).body)).toEqual(['3']);
    expect(flagged((await app.inject('/intmk/12/top/2.12?stand=2020-01-11')).body)).toEqual(['2', '3']);
    // a finished demand is never stale
    recordFollowUp(connection.db, TEST_ACTOR, { ...base, demandId: demandId('3'), date: '2020-02-01', actor: 'BMI', kind: 'report', summary: 'Umgesetzt.', resultingStatus: 'implemented' });
    expect(flagged((await app.inject('/intmk/12/top/2.12?stand=2022-01-01')).body)).toEqual(['2']);
  });

  it('never marks the Ziffern of a resolution that was not adopted', async () => {
    const rejected = addressed({ decision: { outcome: 'rejected', voting: 'majority', formula: 'Der Antrag wurde mehrheitlich abgelehnt.' } });
    importDocument(connection.db, TEST_ACTOR, doc(rejected), { source: 'Test', release: 'public', releasedOn: '2017-04-01' });
    const page = await app.inject('/intmk/12/top/2.12');
    expect(flagged(page.body)).toEqual([]);
    expect(page.body).not.toContain('ohne Reaktion des Bundes');
  });
});

describe('reporting requests due at a later meeting', () => {
  it('are linked to that meeting and its date as soon as it exists', async () => {
    const seed = seedDocument().resolutions[0]!;
    const r = resolution({
      agendaItem: '4.1',
      demands: [{ number: '1', text: 'Die IntMK bittet die Bundesregierung, der 13. IntMK im Jahr 2018 über den Stand der Umsetzung zu berichten.' }],
    });
    importDocument(connection.db, TEST_ACTOR, doc(r), { source: 'Test', release: 'public' });
    const before = await app.inject('/intmk/12/top/4.1');
    expect(before.body).toContain('Berichtsauftrag zur 13. IntMK (Termin steht noch nicht fest)');
    const later = { ...seed, agendaItem: '1.1', meeting: { number: 13, year: 2018, startDate: '2018-04-12', endDate: '2018-04-13', place: 'Nürnberg' } };
    importDocument(connection.db, TEST_ACTOR, doc(later), { source: 'Test', release: 'public' });
    const after = await app.inject('/intmk/12/top/4.1');
    expect(after.body).toContain('Berichtsauftrag fällig am 12. April 2018');
  });
});
