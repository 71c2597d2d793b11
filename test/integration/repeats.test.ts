/**
 * Repeated demands on the demo archive: the pairs the rule must propose and the near-misses it
 * must not, the secretariat's review queue (confirm, dismiss, take back; bad and stale forms), the
 * confirmed link on both Ziffern's pages (publicly only when both are public), and the incremental
 * comparison on import and edit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { and, eq, or } from 'drizzle-orm';
import { openDatabase, type Connection } from '../../db/connection.js';
import { auditLog, conferences, demandRepeats, demands, meetings, resolutions } from '../../db/schema.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { buildTestApp, conferenceIdOf, loginAs, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { importDocument } from '../../src/services/import.js';
import { rebuildRepeats } from '../../src/services/repeats.js';
import { repeatQueue } from '../../src/services/repeat-review.js';
import { topPairs, type TopPair } from '../../src/services/repeat-tops.js';
import type { Viewer } from '../../src/services/visibility.js';
import type { ImportDocument } from '../../src/domain/import-format.js';
import { formFields, post } from './forms.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bm-repeats-'));
const PASSWORD = 'ein langes sicheres Passwort';
let app: FastifyInstance;
let connection: Connection;

beforeAll(async () => {
  ({ app, connection } = await buildTestApp({ loadDemo: true, maxEventLoopDelayMs: 0 }, openDatabase(path.join(dir, 'demo.db'), MIGRATIONS_DIR)));
  const umkGmk = [conferenceIdOf(connection, 'UMK'), conferenceIdOf(connection, 'GMK')];
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@umk.example', name: 'Geschäftsstelle UMK', role: 'secretariat', conferenceIds: umkGmk, password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle IntMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection, 'IntMK')], password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: 'land@by.example', name: 'Land Bayern', role: 'land', land: 'BY', password: PASSWORD });
}, 180_000);
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** "umk/84/11#2" → the demand's id. */
function demandId(key: string): number {
  const [, slug, urlKey, agendaItem, number] = /^([^/]+)\/([^/]+)\/([^#]+)#(.+)$/.exec(key)!;
  const row = connection.db
    .select({ id: demands.id })
    .from(demands)
    .innerJoin(resolutions, eq(resolutions.id, demands.resolutionId))
    .innerJoin(meetings, eq(meetings.id, resolutions.meetingId))
    .innerJoin(conferences, eq(conferences.id, meetings.conferenceId))
    .where(and(eq(conferences.slug, slug!), eq(meetings.urlKey, urlKey!), eq(resolutions.agendaItem, agendaItem!), number === '-' ? undefined : eq(demands.number, number!)))
    .get();
  expect(row, key).toBeDefined();
  return row!.id;
}

function pairOf(a: string, b: string) {
  const [x, y] = [demandId(a), demandId(b)].sort((p, q) => p - q);
  return connection.db
    .select()
    .from(demandRepeats)
    .where(and(eq(demandRepeats.firstDemandId, x!), eq(demandRepeats.secondDemandId, y!)))
    .get();
}

/** The statistics page's section of repeated demands. */
function statisticSection(html: string): string {
  return html.slice(html.indexOf('id="wiederholte-forderungen"'));
}

function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
}

/** A secretariat working for every conference. */
function secretariatOfAll(): Viewer {
  return { userId: 1, role: 'secretariat', land: null, conferenceIds: connection.db.select({ id: conferences.id }).from(conferences).all().map((c) => c.id) };
}

describe('repeated demands in the demo archive', { timeout: 180_000 }, () => {
  it('proposes the repeats, at later meetings, in other words', () => {
    const repeats: [string, string][] = [
      // UMK: minimum recycled content for plastic packaging, 2015 → 2020 → 2023
      ['umk/84/11#2', 'umk/100/10#3'],
      ['umk/84/11#2', 'umk/94/16#4'],
      ['umk/94/16#4', 'umk/100/10#3'],
      // UMK: noise remediation values on federal roads, 2017 → 2020 → 2023
      ['umk/88/16#5', 'umk/94/11#5'],
      ['umk/88/16#5', 'umk/100/17#7'],
      // GMK: the pact for the public health service beyond 2026
      ['gmk/2020-04-17/2#2', 'gmk/96/5.2#4'],
      // IntMK: the residence rule, 2019 → 2023
      ['intmk/14/2.9a#3', 'intmk/18/2.9#3'],
      // ASMK: contract work in the meat industry
      ['asmk/94/5.1#2', 'asmk/99/5.4#7'],
      // JFMK: procedure guides in the youth welfare offices
      ['jfmk/36/3.4#2', 'jfmk/41/6.1#2'],
      // across conferences (seeded by the generator, test/tools/generate-demo/data/repeats.json):
      // the recognition of foreign nursing staff, GMK 2015 → IntMK 2023
      ['gmk/88/5.4#4', 'intmk/18/2.8#5'],
    ];
    for (const [a, b] of repeats) {
      const pair = pairOf(a, b);
      expect(pair, `${a} ~ ${b}`).toBeDefined();
      expect(pair!.state).toBe('proposed');
      expect(pair!.similarity).toBeGreaterThanOrEqual(0.75);
    }
  });

  it('does not propose the near-misses', () => {
    const nearMisses: [string, string][] = [
      // the same reporting formula ("wird sich mit dem Thema erneut befassen …") on different topics
      ['asmk/96/5.1#6', 'asmk/102/5.1#5'],
      ['intmk/12/2.4#7', 'asmk/96/5.9#7'],
      // the same filler sentences, different demands (Herdenschutz vs. Biotopverbund)
      ['umk/84/15#3', 'umk/88/10#3'],
      // "Förderung von Housing-First-Projekten" vs. a Ziffer made only of formulas
      ['asmk/94/5.4#4', 'asmk/99/5.2#6'],
      // declaratory Ziffern ("stellt fest", "nimmt zur Kenntnis") are no demands
      ['umk/84/11#1', 'umk/100/10#1'],
      // the same meeting: a formula in two TOPs is no repetition
      ['asmk/96/5.4#4', 'asmk/96/5.9#7'],
      // across conferences: the same request formula ("die Ergebnisse der Evaluation … zeitnah
      // vorzulegen und mit den Ländern zu erörtern") on other subjects is no repetition
      ['intmk/12/2.6#4', 'gmk/88/5.4#7'],
      ['gmk/88/5.4#7', 'asmk/99/5.2#5'],
    ];
    for (const [a, b] of nearMisses) expect(pairOf(a, b), `${a} ~ ${b}`).toBeUndefined();
  });

  it('finds the same pairs when the archive is compared again', () => {
    const before = connection.db.select({ a: demandRepeats.firstDemandId, b: demandRepeats.secondDemandId }).from(demandRepeats).all();
    expect(before.length).toBeGreaterThan(50);
    rebuildRepeats(connection.db, { force: true });
    const after = connection.db.select({ a: demandRepeats.firstDemandId, b: demandRepeats.secondDemandId }).from(demandRepeats).all();
    expect(after).toEqual(before);
  });
});

describe('the review queue', { timeout: 180_000 }, () => {
  it('is for the secretariat only', async () => {
    expect((await app.inject('/verwaltung/wiederholungen')).statusCode).toBe(303);
    const land = await loginAs(app, 'land@by.example', PASSWORD);
    expect((await app.inject({ url: '/verwaltung/wiederholungen', cookies: land })).statusCode).toBe(403);
  });

  it("shows a secretariat only the pairs with a Ziffer of its conferences and refuses the others' decisions", async () => {
    const intmk = conferenceIdOf(connection, 'IntMK');
    const viewer: Viewer = { userId: 2, role: 'secretariat', land: null, conferenceIds: [intmk] };
    const all = repeatQueue(connection.db, secretariatOfAll(), 'proposed', 1).total;
    const own = repeatQueue(connection.db, viewer, 'proposed', 1);
    expect(own.total).toBeGreaterThan(0);
    expect(own.total).toBeLessThan(all);
    for (const pair of own.pairs) expect([pair.earlier.conferenceId, pair.later.conferenceId]).toContain(intmk);
    const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
    const html = (await app.inject({ url: '/verwaltung/wiederholungen', cookies })).body;
    const umkPair = pairOf('umk/88/16#5', 'umk/100/17#7')!;
    expect(html).not.toContain(`/verwaltung/wiederholungen/${umkPair.id}"`);
    const refused = await post(app, `/verwaltung/wiederholungen/${umkPair.id}`, cookies, { _csrf: csrfOf(html), version: '1', entscheidung: 'bestaetigen' });
    expect(refused.statusCode).toBe(404);
    expect(pairOf('umk/88/16#5', 'umk/100/17#7')!.state).toBe('proposed');
  });

  it('confirms a repeat: the link shows on both public pages, the chain counts the times', async () => {
    const cookies = await loginAs(app, 'gs@umk.example', PASSWORD);
    const queue = await app.inject({ url: '/verwaltung/wiederholungen', cookies });
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('<h1>Wiederholte Forderungen</h1>');
    const pair = pairOf('umk/84/11#2', 'umk/100/10#3')!;
    const page = Math.floor(repeatQueue(connection.db, secretariatOfAll(), 'proposed', 1).total / 20) + 1;
    let html = '';
    for (let n = 1; n <= page && !html.includes(`/verwaltung/wiederholungen/${pair.id}"`); n++) {
      html = (await app.inject({ url: `/verwaltung/wiederholungen${n > 1 ? `?seite=${n}` : ''}`, cookies })).body;
    }
    expect(html).toContain(`action="/verwaltung/wiederholungen/${pair.id}"`);
    expect(html).toContain('Bestätigen: wiederholt Ziffer 2 von TOP 11, 84. UMK 2015');
    // both texts with their differences
    expect(html).toMatch(/<del>.*?<\/del>/s);
    expect(html).toMatch(/<ins>.*?<\/ins>/s);
    const csrf = csrfOf(html);

    const confirmed = await post(app, `/verwaltung/wiederholungen/${pair.id}`, cookies, { _csrf: csrf, version: '1', entscheidung: 'bestaetigen', zurueck: '/verwaltung/wiederholungen' });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe('/verwaltung/wiederholungen?hinweis=bestaetigen');
    expect(pairOf('umk/84/11#2', 'umk/100/10#3')!.state).toBe('confirmed');
    const entry = connection.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'demand_repeat'), eq(auditLog.entityId, String(pair.id)))).get();
    expect(entry?.action).toBe('repeat.confirm');

    const earlier = await app.inject('/umk/84/top/11');
    expect(earlier.body).toContain('Wiederholt gefordert seit 2015, 2 Mal');
    expect(earlier.body).toContain('<a href="/umk/100/top/10/ziffer/3">wiederholt in Ziffer 3 von TOP 10, 100. UMK 2023</a>');
    const later = await app.inject('/umk/100/top/10');
    expect(later.body).toContain('<a href="/umk/84/top/11/ziffer/2">wiederholt Ziffer 2 von TOP 11, 84. UMK 2015</a>');
    // as of a day before the later meeting, the repeat is not there yet
    expect((await app.inject('/umk/84/top/11?stand=01.01.2023')).body).not.toContain('Wiederholt gefordert');

    // a second confirmation makes a chain: three times since 2015
    const second = pairOf('umk/84/11#2', 'umk/94/16#4')!;
    const again = await post(app, `/verwaltung/wiederholungen/${second.id}`, cookies, { _csrf: csrf, version: '1', entscheidung: 'bestaetigen' });
    expect(again.statusCode).toBe(303);
    expect((await app.inject('/umk/100/top/10')).body).toContain('Wiederholt gefordert seit 2015, 3 Mal');
    expect((await app.inject('/umk/94/top/16')).body).toContain('wiederholt in Ziffer 3 von TOP 10, 100. UMK 2023');
    // the statistic: one demand raised three times, in the state of its latest Ziffer
    const statistic = statisticSection((await app.inject('/statistik')).body);
    expect(statistic).toContain('<a href="/umk/100/top/10/ziffer/3">Ziffer 3 von TOP 10, 100. UMK 2023</a>');
    expect(statistic).toContain('Wiederholt gefordert seit 2015, 3 Mal (<a href="/umk/84/top/11/ziffer/2">Ziffer 2 von TOP 11, 84. UMK 2015</a>; <a href="/umk/94/top/16/ziffer/4">Ziffer 4 von TOP 16, 94. UMK 2020</a>)');
    expect(statistic).toMatch(/1 Forderung, mindestens zweimal erhoben \([^)]+: 1\)/);
    // before the 2020 meeting: raised once only, not in the statistic; years limit it too
    expect(statisticSection((await app.inject('/statistik?stand=01.01.2020')).body)).toContain('Keine bestätigten Wiederholungen');
    expect(statisticSection((await app.inject('/statistik?von=2016')).body)).toContain('Wiederholt gefordert seit 2020, 2 Mal');

    // the confirmed list; taking the decision back
    const list = await app.inject({ url: '/verwaltung/wiederholungen?status=bestaetigt', cookies });
    expect(list.body).toContain('2 Paare');
    expect(list.body).toContain('Entscheidung zurücknehmen');
    const back = await post(app, `/verwaltung/wiederholungen/${second.id}`, cookies, { _csrf: csrf, version: '2', entscheidung: 'zuruecknehmen', zurueck: '/verwaltung/wiederholungen?status=bestaetigt' });
    expect(back.headers.location).toBe('/verwaltung/wiederholungen?status=bestaetigt&hinweis=zuruecknehmen');
    expect((await app.inject('/umk/100/top/10')).body).toContain('Wiederholt gefordert seit 2015, 2 Mal');
  });

  it('shows a link to an internal Ziffer only to logged-in users', async () => {
    const cookies = await loginAs(app, 'gs@umk.example', PASSWORD);
    const pair = pairOf('umk/88/12#1', 'umk/104/11#4')!; // UMK 104 is internal
    const csrf = csrfOf((await app.inject({ url: '/verwaltung/wiederholungen', cookies })).body);
    expect((await post(app, `/verwaltung/wiederholungen/${pair.id}`, cookies, { _csrf: csrf, version: '1', entscheidung: 'bestaetigen' })).statusCode).toBe(303);
    expect((await app.inject('/umk/88/top/12')).body).not.toContain('Wiederholt gefordert');
    expect((await app.inject({ url: '/umk/88/top/12', cookies })).body).toContain('wiederholt in Ziffer 4 von TOP 11, 104. UMK 2025');
    // the statistic, too: publicly only once both Ziffern are public
    expect(statisticSection((await app.inject('/statistik')).body)).not.toContain('104. UMK 2025');
    expect(statisticSection((await app.inject({ url: '/statistik', cookies })).body)).toContain('<a href="/umk/104/top/11/ziffer/4">Ziffer 4 von TOP 11, 104. UMK 2025</a>');
  });

  it('dismisses a pair for good: an edit of the Ziffer does not propose it again', async () => {
    const cookies = await loginAs(app, 'gs@umk.example', PASSWORD);
    const pair = pairOf('umk/88/16#5', 'umk/94/11#5')!;
    const csrf = csrfOf((await app.inject({ url: '/verwaltung/wiederholungen', cookies })).body);
    expect((await post(app, `/verwaltung/wiederholungen/${pair.id}`, cookies, { _csrf: csrf, version: '1', entscheidung: 'verwerfen' })).statusCode).toBe(303);
    // edit the resolution of one side (same text): the comparison runs again, the pair stays dismissed
    const resolutionId = connection.db.select({ id: demands.resolutionId }).from(demands).where(eq(demands.id, demandId('umk/94/11#5'))).get()!.id;
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${resolutionId}`, cookies })).body);
    expect((await post(app, `/verwaltung/beschluesse/${resolutionId}`, cookies, { ...fields, title: `${String(fields.title)} (korrigiert)` })).statusCode).toBe(303);
    expect(pairOf('umk/88/16#5', 'umk/94/11#5')!.state).toBe('dismissed');
    const dismissed = await app.inject({ url: '/verwaltung/wiederholungen?status=verworfen', cookies });
    expect(dismissed.body).toContain(`action="/verwaltung/wiederholungen/${pair.id}"`);
  });

  it('sums the pairs up by TOP: TOPs whose Ziffern repeat each other, dismissed pairs left out', async () => {
    const cookies = await loginAs(app, 'gs@umk.example', PASSWORD);
    const viewer: Viewer = { userId: 1, role: 'secretariat', land: null, conferenceIds: [conferenceIdOf(connection, 'UMK'), conferenceIdOf(connection, 'GMK')] };
    const all: TopPair[] = [];
    for (let page = 1; ; page++) {
      const found = topPairs(connection.db, viewer, page);
      all.push(...found.pairs);
      if (all.length >= found.total) break;
    }
    const key = (top: TopPair['earlier']) => `${top.conferenceSlug}/${top.meetingKey}/${top.agendaItem}`;
    const pair = (a: string, b: string) => all.find((p) => key(p.earlier) === a && key(p.later) === b);
    // the same UMK titles at meetings 84, 88 and 100 (and at 94 in other words)
    expect(pair('umk/84/16', 'umk/88/14'), 'Mikroplastik 2015 → 2017').toBeDefined();
    expect(pair('umk/84/16', 'umk/100/13'), 'Mikroplastik 2015 → 2023').toBeDefined();
    expect(pair('umk/88/15', 'umk/100/15')).toMatchObject({ proposed: 3 });
    expect(pair('gmk/96/5.2', 'gmk/98/5.2'), 'GMK: Öffentlicher Gesundheitsdienst').toBeDefined();
    // UMK 84/11 ~ 100/10 holds one Ziffer pair, confirmed above; 88/16 ~ 94/11 lost one by the dismissal
    expect(pair('umk/84/11', 'umk/100/10')).toMatchObject({ proposed: 0, confirmed: 1 });
    expect(pair('umk/88/16', 'umk/94/11')).toMatchObject({ proposed: 1, confirmed: 0 });
    // only pairs with a TOP of the secretariat's conferences; ordered by the number of similar Ziffern
    for (const p of all) expect([p.earlier.conferenceSlug, p.later.conferenceSlug].some((slug) => slug === 'umk' || slug === 'gmk'), key(p.earlier)).toBe(true);
    const counts = all.map((p) => p.proposed + p.confirmed);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const html = (await app.inject({ url: '/verwaltung/wiederholungen/tops', cookies })).body;
    expect(html).toContain('<h1>Wiederholte TOPs</h1>');
    expect(html).toContain('<a href="/umk/88/top/12">TOP 12, 88. UMK 2017</a>');
    expect(html).toMatch(/<p role="status">\d+ Paare von TOPs<\/p>/);
    expect((await app.inject({ url: '/verwaltung/wiederholungen/tops?seite=99', cookies })).statusCode).toBe(200);
  });

  it('answers bad and stale forms in German and changes nothing', async () => {
    const cookies = await loginAs(app, 'gs@umk.example', PASSWORD);
    const pair = pairOf('umk/88/16#5', 'umk/100/17#7')!;
    const csrf = csrfOf((await app.inject({ url: '/verwaltung/wiederholungen', cookies })).body);
    const bad = await post(app, `/verwaltung/wiederholungen/${pair.id}`, cookies, { _csrf: csrf, version: '1', entscheidung: 'loeschen' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Die Entscheidung „loeschen“ gibt es nicht.');
    const noVersion = await post(app, `/verwaltung/wiederholungen/${pair.id}`, cookies, { _csrf: csrf, version: 'x', entscheidung: 'bestaetigen' });
    expect(noVersion.statusCode).toBe(422);
    const stale = await post(app, `/verwaltung/wiederholungen/${pair.id}`, cookies, { _csrf: csrf, version: '7', entscheidung: 'bestaetigen' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Über dieses Paar wurde inzwischen anders entschieden.');
    expect((await post(app, '/verwaltung/wiederholungen/999999', cookies, { _csrf: csrf, version: '1', entscheidung: 'bestaetigen' })).statusCode).toBe(404);
    expect(pairOf('umk/88/16#5', 'umk/100/17#7')!.state).toBe('proposed');
    const unknownTab = await app.inject({ url: '/verwaltung/wiederholungen?status=alle', cookies });
    expect(unknownTab.body).toContain('Den Stand „alle“ gibt es nicht');
  });
});

describe('incremental comparison', { timeout: 180_000 }, () => {
  it('an import proposes its repeats at once; an edit that changes the demand removes the proposal', async () => {
    const document: ImportDocument = {
      resolutions: [
        {
          conference: 'GMK',
          meeting: { number: 99, year: 2026, startDate: '2026-06-11', endDate: '2026-06-12', place: 'Kiel' },
          agendaItem: '7.1',
          title: 'Psychotherapeutische Versorgung von Kindern',
          sponsors: ['SH'],
          decision: { outcome: 'adopted', voting: 'unanimous', formula: 'Die GMK hat einstimmig beschlossen:' },
          demands: [
            { number: '1', text: 'Die Gesundheitsministerkonferenz bittet den Bund, die Bedarfsplanung für Psychotherapeutinnen und Psychotherapeuten zu reformieren.', addressees: ['bund'] },
          ],
          protocolStatements: [],
        },
      ],
    } as unknown as ImportDocument;
    const result = importDocument(connection.db, TEST_ACTOR, document, { source: 'Test', release: 'draft' });
    const resolutionId = result.items[0]!.id;
    const newDemand = connection.db.select({ id: demands.id }).from(demands).where(eq(demands.resolutionId, resolutionId)).get()!.id;
    const earlier = demandId('gmk/88/5.10#4');
    const proposals = () =>
      connection.db.select().from(demandRepeats).where(or(eq(demandRepeats.firstDemandId, newDemand), eq(demandRepeats.secondDemandId, newDemand))).all();
    expect(proposals().some((p) => p.firstDemandId === earlier || p.secondDemandId === earlier)).toBe(true);

    const cookies = await loginAs(app, 'gs@umk.example', PASSWORD);
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${resolutionId}`, cookies })).body);
    const saved = await post(app, `/verwaltung/beschluesse/${resolutionId}`, cookies, { ...fields, demand_0_text: 'Die GMK bittet die Länder, die Weiterbildung in der Allgemeinmedizin zu fördern.' });
    expect(saved.statusCode).toBe(303);
    expect(proposals()).toEqual([]);
  });
});
