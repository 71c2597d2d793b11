/**
 * A Land official's week through the mails: a reminder and the watch-list digest are delivered by
 * the real worker to a real SMTP server in the test process, and their links are followed as the
 * official would follow them — logged out first. A link to what only logged-in accounts see
 * (an internal resolution, an internal Ziffer or follow-up) leads through the login and then to
 * the item; a public one leads there directly. The digest names a Land by its name, shows nothing
 * the recipient may not see, and its settings and unsubscribe links work.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { conferences, demands, resolutions, users } from '../../db/schema.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { addDays } from '../../src/domain/dates.js';
import type { ImportDemand } from '../../src/domain/import-format.js';
import type { ReleaseState } from '../../src/domain/vocabulary.js';
import { runDigests } from '../../src/services/digests.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { mailPreferencesOf } from '../../src/services/mail-preferences.js';
import { runReminders } from '../../src/services/reminders.js';
import { setRelease } from '../../src/services/resolutions.js';
import { createUser } from '../../src/services/users.js';
import { createFeedToken, setWatch } from '../../src/services/watches.js';
import { cookiesOf, freshDatabase, loginAs, TEST_ACTOR } from '../helpers.js';
import { startSmtpServer, type TestSmtpServer } from '../smtp.js';
import { deliverDueAt, demand, demandIdOf, mailContext, storeResolution, tomorrowMorning } from './scheduled-mail.js';

const PUBLIC_URL = 'https://beschluesse.example.de';
const PASSWORD = 'ein langes sicheres Passwort';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

let app: FastifyInstance;
let connection: Connection;
let smtp: TestSmtpServer;
const { TOMORROW, MORNING } = tomorrowMorning();

function userId(email: string): number {
  return connection.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()!.id;
}

const store = (agendaItem: string, demandList: ImportDemand[], release: ReleaseState) =>
  storeResolution(connection.db, 'IntMK', agendaItem, demandList, release, release === 'public' ? '2025-07-01' : null);
const demandId = (resolutionId: number, number: string) => demandIdOf(connection.db, resolutionId, number);
const deliverAt = (at: Date) => deliverDueAt(connection.db, smtp.url, at);
const ctx = () => mailContext(PUBLIC_URL);

/** The path of an absolute address of the mails, as the browser asks the server for it. */
function pathOf(url: string): string {
  expect(url.startsWith(PUBLIC_URL), url).toBe(true);
  return url.slice(PUBLIC_URL.length);
}

/** The links of a mail's HTML part (`&amp;` as the browser reads it). */
function linksOf(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

/**
 * Follows a link of a mail in a browser without a session: the login page, logging in there with
 * the form's return address, and the redirects after it. Returns the page the official lands on.
 */
async function followLoggedOut(url: string, email: string) {
  const form = await app.inject(pathOf(url));
  expect(form.statusCode, url).toBe(200);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const weiter = /name="weiter" value="([^"]*)"/.exec(form.body)![1]!.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
  const login = await app.inject({ method: 'POST', url: '/anmelden', cookies: cookiesOf(form), payload: { email, password: PASSWORD, weiter, _csrf: token } });
  expect(login.statusCode).toBe(303);
  const cookies = { ...cookiesOf(form), ...cookiesOf(login) };
  let location = login.headers.location as string;
  const visited = [location];
  let page = await app.inject({ url: location.split('#')[0]!, cookies });
  while (page.statusCode === 302 || page.statusCode === 301) {
    location = page.headers.location as string;
    visited.push(location);
    page = await app.inject({ url: location.split('#')[0]!, cookies });
  }
  return { form, page, visited, cookies };
}

beforeEach(async () => {
  smtp = await startSmtpServer();
  connection = freshDatabase();
  app = await buildApp({ config: testConfig({ smtpUrl: smtp.url, publicUrl: PUBLIC_URL, reminderDaysBefore: 14 }), connection });
  await app.ready();
  await createUser(connection.db, TEST_ACTOR, { email: 'ref@by.example', name: 'Rita Referentin', role: 'land', land: 'BY', password: PASSWORD });
}, 60_000); // only a net against a hang: the first app of the file compiles its schemas and templates, on a shared machine

afterEach(async () => {
  await app.close();
  connection.close();
  await smtp.close();
});

describe('a reminder opened without a session', () => {
  it('leads through the login to a request of an internal resolution, and straight to a public one', async () => {
    store('1', [demand('2', ['laender'], addDays(TOMORROW, 10))], 'internal');
    store('2', [demand('1', ['laender'], addDays(TOMORROW, 5))], 'public');
    expect(runReminders(connection.db, ctx(), MORNING, 14)).toEqual({ mails: 1, reminders: 2 });
    await deliverAt(MORNING);
    const [mail] = smtp.received;
    const viaLogin = `${PUBLIC_URL}/anmelden?weiter=/intmk/30/top/1/ziffer/2`;
    const direct = `${PUBLIC_URL}/intmk/30/top/2/ziffer/1`;
    // both parts, the plain text readable
    expect(mail!.text).toContain(`\n  ${viaLogin}\n`);
    expect(mail!.text).toContain(`\n  ${direct}\n`);
    expect(linksOf(mail!.html)).toEqual(expect.arrayContaining([viaLogin, direct]));

    // logged out: the item itself is a 404 to the public (it is not released to it) …
    expect((await app.inject('/intmk/30/top/1/ziffer/2')).statusCode).toBe(404);
    // … the mail's link is the login, which says where it leads, and then the request
    const { form, page, visited } = await followLoggedOut(viaLogin, 'ref@by.example');
    expect(form.body).toContain('Nach der Anmeldung geht es weiter zur aufgerufenen Seite (/intmk/30/top/1/ziffer/2).');
    expect(visited).toEqual(['/intmk/30/top/1/ziffer/2', '/intmk/30/top/1#ziffer-2']);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="ziffer-2"');
    expect(page.body).toContain('Bericht zu TOP 1');

    // already logged in: the same link goes on to the request at once
    const cookies = await loginAs(app, 'ref@by.example', PASSWORD);
    const again = await app.inject({ url: pathOf(viaLogin), cookies });
    expect([again.statusCode, again.headers.location]).toEqual([302, '/intmk/30/top/1/ziffer/2']);
    // the public one opens without a session
    expect((await app.inject(pathOf(direct))).headers.location).toBe('/intmk/30/top/2#ziffer-1');
  });

  it('leads through the login to an internal Ziffer of a public resolution', async () => {
    const resolution = store('1', [demand('1', ['bund']), demand('2', ['laender'], addDays(TOMORROW, 3))], 'public');
    connection.db.update(demands).set({ internal: true }).where(eq(demands.id, demandId(resolution, '2'))).run();
    expect(runReminders(connection.db, ctx(), MORNING, 14)).toEqual({ mails: 1, reminders: 1 });
    await deliverAt(MORNING);
    expect(smtp.received[0]!.text).toContain(`${PUBLIC_URL}/anmelden?weiter=/intmk/30/top/1/ziffer/2\n`);
  });
});

describe('a page the public does not see, opened without a session', () => {
  it('answers 404 with the login that returns to it, the same as for an address that does not exist', async () => {
    store('1', [demand('1', ['bund'])], 'internal');
    const internal = await app.inject('/intmk/30/top/1');
    const unknown = await app.inject('/intmk/30/top/99');
    expect([internal.statusCode, unknown.statusCode]).toEqual([404, 404]);
    expect(internal.body.replaceAll('&#x3D;', '=')).toContain('<a href="/anmelden?weiter=/intmk/30/top/1">Anmelden und diese Seite öffnen</a>');
    // nothing tells the public that the internal TOP exists: both pages differ in their address only
    expect(internal.body.replaceAll('/top/1', '/top/N')).toBe(unknown.body.replaceAll('/top/99', '/top/N'));
    // the login leads back to it
    const { page, visited } = await followLoggedOut(`${PUBLIC_URL}/anmelden?weiter=/intmk/30/top/1`, 'ref@by.example');
    expect(visited).toEqual(['/intmk/30/top/1']);
    expect(page.statusCode).toBe(200);
    // a logged-in reader who gets a 404 is not sent to the login
    const cookies = await loginAs(app, 'ref@by.example', PASSWORD);
    const missing = await app.inject({ url: '/intmk/30/top/99', cookies });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('/anmelden?weiter=');
  });

  it('never leads the login to another site, whatever the return address says', async () => {
    for (const weiter of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const form = await app.inject(`/anmelden?weiter=${encodeURIComponent(weiter)}`);
      expect(form.statusCode, weiter).toBe(200);
      expect(form.body).not.toContain('Nach der Anmeldung geht es weiter');
      expect(form.body).toContain('name="weiter" value="/"');
    }
  });
});

describe('the digest, walked end to end', () => {
  it('tells what changed with the Land by its name, links through the login where needed, and shows nothing the reader may not see', async () => {
    await createUser(connection.db, TEST_ACTOR, { email: 'ref@be.example', name: 'Bernd Berlin', role: 'land', land: 'BE', password: PASSWORD });
    const pub = store('1', [demand('1', ['bund']), demand('2', ['bund'])], 'public');
    const internal = store('2', [demand('1', ['bund'])], 'internal');
    const withdrawn = store('3', [demand('1', ['bund'])], 'internal');
    const rita = { userId: userId('ref@by.example'), role: 'land' as const, land: 'BY', conferenceIds: [] };
    for (const id of [pub, internal, withdrawn]) setWatch(connection.db, TEST_ACTOR, rita, id, true);
    const record = (resolutionId: number, actor: string, summary: string, extra: { demand?: string; visibility?: 'public' | 'internal'; kind?: 'response' | 'assessment' } = {}) =>
      recordFollowUp(connection.db, TEST_ACTOR, {
        resolutionId,
        demandId: extra.demand ? demandId(resolutionId, extra.demand) : null,
        date: '2026-11-20',
        actor,
        kind: extra.kind ?? 'response',
        summary,
        link: null,
        resultingStatus: extra.kind === 'assessment' ? 'partial' : null,
        visibility: extra.visibility ?? 'public',
      });
    record(pub, 'BMI', 'Der Bund prüft die Aufstockung.', { demand: '1' });
    record(pub, 'BE', 'Berlin hält Ziffer 2 für teilweise umgesetzt.', { demand: '2', kind: 'assessment', visibility: 'internal' });
    record(internal, 'BMI', 'Interne Stellungnahme zu TOP 2.');
    record(withdrawn, 'BMI', 'Stellungnahme zu einem zurückgezogenen TOP.');
    // the secretariat takes TOP 3 back to a draft: the official no longer sees it, nor its news
    const version = connection.db.select({ version: resolutions.version }).from(resolutions).where(eq(resolutions.id, withdrawn)).get()!.version;
    const intmk = connection.db.select({ id: conferences.id }).from(conferences).where(eq(conferences.shortName, 'IntMK')).get()!.id;
    setRelease(connection.db, TEST_ACTOR, { userId: null, role: 'secretariat', land: null, conferenceIds: [intmk] }, withdrawn, version, 'draft', null);

    expect(runDigests(connection.db, ctx(), MORNING)).toEqual({ mails: 1, changes: 3 });
    await deliverAt(MORNING);
    const [mail] = smtp.received;
    expect(mail!.envelopeTo).toEqual(['ref@by.example']);
    expect(mail!.subject).toBe('Merkliste: 3 neue Folgemaßnahmen');
    // the Land by its name, in both parts; never its bare code
    expect(mail!.text).toContain('20.11.2026, Ziffer 2: Bewertung der Länder · Berlin · intern (nicht öffentlich) (neuer Status: teilweise umgesetzt) – Berlin hält Ziffer 2 für teilweise umgesetzt.');
    expect(mail!.html).toContain('Bewertung der Länder · Berlin · intern (nicht öffentlich)');
    expect(mail!.text).not.toMatch(/· BE\b/);
    // nothing of the TOP withdrawn to a draft
    for (const part of [mail!.text, mail!.html]) {
      expect(part).not.toContain('zurückgezogenen');
      expect(part).not.toContain('TOP 3');
    }
    // TOP 1 is public but tells of an internal assessment, TOP 2 is internal: both through the login
    const top1 = `${PUBLIC_URL}/anmelden?weiter=/intmk/30/top/1`;
    const top2 = `${PUBLIC_URL}/anmelden?weiter=/intmk/30/top/2`;
    expect(mail!.text).toContain(`Zum Beschluss: ${top1}\n`);
    expect(mail!.text).toContain(`Zum Beschluss: ${top2}\n`);
    const links = linksOf(mail!.html);
    expect(links).toEqual(expect.arrayContaining([top1, top2, `${PUBLIC_URL}/merkliste`]));
    const unsubscribe = links.find((link) => link.includes('/abbestellen/'))!;
    // the header of one-click unsubscribing names the same link (a long header is folded: unfolded here)
    expect(mail!.raw.replace(/\r?\n[ \t]+/g, ' ')).toMatch(new RegExp(`^List-Unsubscribe:\\s*<${unsubscribe.replaceAll('.', '\\.')}>`, 'm'));

    // every link works for the official, logged out: the TOP after the login, with the news on it
    const { page } = await followLoggedOut(top2, 'ref@by.example');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Interne Stellungnahme zu TOP 2.');
    const first = await followLoggedOut(top1, 'ref@by.example');
    expect(first.page.body).toMatch(/Bewertung der Länder<\/span>\s*· Berlin/);
    // the settings: /merkliste asks for the login and returns there
    const settings = await app.inject(pathOf(`${PUBLIC_URL}/merkliste`));
    expect([settings.statusCode, settings.headers.location]).toEqual([303, '/anmelden?weiter=%2Fmerkliste']);
    const list = await followLoggedOut(`${PUBLIC_URL}${settings.headers.location as string}`, 'ref@by.example');
    expect(list.page.statusCode).toBe(200);
    expect(list.page.body).toContain('Benachrichtigungen per E-Mail');
    // unsubscribing without a session: the link asks, the button switches the digest off
    const asked = await app.inject(pathOf(unsubscribe));
    expect(asked.statusCode).toBe(200);
    expect(mailPreferencesOf(connection.db, rita.userId).digest).toBe('weekly');
    expect((await app.inject({ method: 'POST', url: pathOf(unsubscribe), headers: FORM, payload: '' })).statusCode).toBe(200);
    expect(mailPreferencesOf(connection.db, rita.userId).digest).toBe('off');
  });

  it('links a public TOP whose news is all public straight to its page', async () => {
    const pub = store('1', [demand('1', ['bund'])], 'public');
    setWatch(connection.db, TEST_ACTOR, { userId: userId('ref@by.example'), role: 'land', land: 'BY', conferenceIds: [] }, pub, true);
    recordFollowUp(connection.db, TEST_ACTOR, { resolutionId: pub, demandId: null, date: '2026-11-20', actor: 'BMI', kind: 'response', summary: 'Öffentlich.', link: null, resultingStatus: null, visibility: 'public' });
    expect(runDigests(connection.db, ctx(), MORNING)).toEqual({ mails: 1, changes: 1 });
    await deliverAt(MORNING);
    expect(smtp.received[0]!.text).toContain(`Zum Beschluss: ${PUBLIC_URL}/intmk/30/top/1\n`);
    expect((await app.inject('/intmk/30/top/1')).statusCode).toBe(200);
  });
});

describe('the personal feed of the watch list', () => {
  it('links an internal follow-up through the login and a public one straight to the page', async () => {
    const pub = store('1', [demand('1', ['bund'])], 'public');
    const rita = { userId: userId('ref@by.example'), role: 'land' as const, land: 'BY', conferenceIds: [] };
    setWatch(connection.db, TEST_ACTOR, rita, pub, true);
    const record = (summary: string, visibility: 'public' | 'internal') =>
      recordFollowUp(connection.db, TEST_ACTOR, { resolutionId: pub, demandId: demandId(pub, '1'), date: '2026-11-20', actor: 'BMI', kind: 'response', summary, link: null, resultingStatus: null, visibility });
    record('Öffentliche Stellungnahme.', 'public');
    record('Interne Stellungnahme.', 'internal');
    const feed = await app.inject(`/merkliste/feed/${createFeedToken(connection.db, TEST_ACTOR, rita.userId)}`);
    expect(feed.statusCode).toBe(200);
    const entries = [...feed.body.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]!);
    const entry = (summary: string) => entries.find((e) => e.includes(summary))!;
    const link = (xml: string) => /<link href="([^"]+)"/.exec(xml)![1]!.replaceAll('&amp;', '&');
    expect(link(entry('Öffentliche Stellungnahme.'))).toBe(`${PUBLIC_URL}/intmk/30/top/1#ziffer-1`);
    expect(link(entry('Interne Stellungnahme.'))).toBe(`${PUBLIC_URL}/anmelden?weiter=/intmk/30/top/1%23ziffer-1`);
    // the entry's id is the follow-up's, whatever address its Ziffer has (test/integration/feed-ids.test.ts)
    expect(entry('Interne Stellungnahme.')).toMatch(/<id>tag:beschlussmonitor,2026:merkliste-folgemassnahme-\d+@/);
    // the login leads to the page, the Ziffer's place on it
    const { visited, page } = await followLoggedOut(link(entry('Interne Stellungnahme.')), 'ref@by.example');
    expect(visited).toEqual(['/intmk/30/top/1#ziffer-1']);
    expect(page.body).toContain('Interne Stellungnahme.');
  });
});
