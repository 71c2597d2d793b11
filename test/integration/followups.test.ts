import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, cookiesOf, loginAs as login, importSeed, conferenceIdOf, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { createFeedToken, setWatch, watchList } from '../../src/services/watches.js';
import { auditLog, followUps } from '../../db/schema.js';

let app: FastifyInstance;
let connection: Connection;
let resolutionId: number;
let demand2: number;
const PASSWORD = 'ein langes sicheres Passwort';

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  resolutionId = importSeed(connection).items[0]!.id;
  demand2 = connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '2'").pluck().get(resolutionId) as number;
  const actor = { userId: null, name: 'test' };
  await createUser(connection.db, actor, { email: 'be@land.example', name: 'Referent Berlin', role: 'land', land: 'BE', password: PASSWORD });
  await createUser(connection.db, actor, { email: 'by@land.example', name: 'Referentin Bayern', role: 'land', land: 'BY', password: PASSWORD });
  await createUser(connection.db, actor, { email: 'gs@intmk.example', name: 'Geschäftsstelle IntMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection, 'IntMK')], password: PASSWORD });
  await createUser(connection.db, actor, { email: 'gs@gmk.example', name: 'Geschäftsstelle GMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection, 'GMK')], password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});


const loginAs = (email: string) => login(app, email, PASSWORD);

async function submit(cookies: Record<string, string>, url: string, fields: Record<string, string>) {
  const form = await app.inject({ url, cookies });
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '0';
  return app.inject({
    method: 'POST',
    url,
    cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, version, ...fields }).toString(),
  });
}

const assessment = (overrides: Record<string, string> = {}) => ({
  demand: String(demand2), date: '10.07.2019', actor: 'BE', kind: 'assessment',
  summary: 'Berlin hält die Ziffer für teilweise umgesetzt.', link: '', status: 'partial', visibility: 'public', ...overrides,
});

const response = (overrides: Record<string, string> = {}) => ({
  demand: String(demand2), date: '10.07.2019', actor: 'BMI', kind: 'response',
  summary: 'Der Bund hat die Mittel für die Migrationsberatung 2019 erhöht.', link: 'https://www.bmi.bund.de/x',
  status: 'partial', visibility: 'public', ...overrides,
});

describe('follow-ups', () => {
  it('the secretariat records a federal response, a Länder official an internal note; the public page shows the new status and timeline, not the note', async () => {
    const secretariat = await loginAs('gs@intmk.example');
    const cookies = await loginAs('be@land.example');
    const page = await app.inject({ url: '/intmk/12/top/2.12', cookies });
    expect(page.body.replace(/&#x3D;/g, '=')).toContain(`/beschluesse/${resolutionId}/folgemassnahme?ziffer=${demand2}`);

    const saved = await submit(secretariat, `/beschluesse/${resolutionId}/folgemassnahme?ziffer=${demand2}`, response());
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/intmk/12/top/2.12?gespeichert=ziffer-2#ziffer-2');
    // where the redirect lands, the Ziffer says that the follow-up is saved (as the other forms do); nowhere else
    const landed = await app.inject({ url: saved.headers.location as string, cookies: secretariat });
    expect(landed.statusCode).toBe(200);
    expect(landed.body).toMatch(/id="ziffer-2"[\s\S]*?<p class="message message-info" role="status">Die Folgemaßnahme ist gespeichert\.<\/p>[\s\S]*?id="ziffer-3"/);
    expect(landed.body.match(/Die Folgemaßnahme ist gespeichert/g)).toHaveLength(1);
    // not for the public, who saved nothing
    expect((await app.inject(saved.headers.location as string)).body).not.toContain('Die Folgemaßnahme ist gespeichert');
    // one on the whole resolution: said in its section
    const wide = await submit(secretariat, `/beschluesse/${resolutionId}/folgemassnahme`, response({ demand: 'alle', summary: 'Bericht zum ganzen Beschluss.' }));
    expect(wide.headers.location).toBe('/intmk/12/top/2.12?gespeichert=gesamt#gesamt');
    const wideSaved = (await app.inject({ url: wide.headers.location as string, cookies: secretariat })).body;
    expect(wideSaved).toMatch(/<h2 id="gesamt">[^<]*<\/h2>\s*<p class="message message-info" role="status">Die Folgemaßnahme ist gespeichert\.<\/p>/);
    const note = await submit(cookies, `/beschluesse/${resolutionId}/folgemassnahme`, response({ demand: String(demand2), kind: 'note', actor: 'BE', summary: 'Interne Notiz: Nachfrage beim BMI läuft', status: '', visibility: 'internal', date: '11.07.2019', link: '' }));
    expect(note.statusCode).toBe(303);

    const publicPage = await app.inject('/intmk/12/top/2.12');
    expect(publicPage.body).toMatch(/id="ziffer-2"[\s\S]*?status-partial/);
    expect(publicPage.body).toContain('Der Bund hat die Mittel für die Migrationsberatung 2019 erhöht.');
    expect(publicPage.body).toContain('<time datetime="2019-07-10">10.07.2019</time>');
    const form = await app.inject({ url: `/beschluesse/${resolutionId}/folgemassnahme`, cookies });
    expect(form.body).toMatch(/name="date" value="\d{2}\.\d{2}\.\d{4}"/);
    // the breadcrumbs name the conference and the meeting, as on the resolution's page
    const trail = /<nav class="breadcrumbs[\s\S]*?<\/nav>/.exec(form.body)![0].replace(/\s+/g, ' ');
    expect(trail).toContain('<a href="/intmk">IntMK</a>');
    expect(trail).toContain('<a href="/intmk/12">12. IntMK 2017</a>');
    expect(trail).toContain('<a href="/intmk/12/top/2.12">TOP 2.12</a>');
    expect(publicPage.body).not.toContain('Interne Notiz');
    const before = await app.inject('/intmk/12/top/2.12?stand=30.06.2019');
    expect(before.body).not.toMatch(/id="ziffer-2"[\s\S]*?status-partial[\s\S]*?id="ziffer-3"/);
    expect(before.body).not.toContain('Mittel für die Migrationsberatung 2019');
    const feed = await app.inject('/intmk/12/top/2.12/status.atom');
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('atom');
    expect(feed.body).toContain('Der Bund hat die Mittel für die Migrationsberatung 2019 erhöht.');
    expect(feed.body).not.toContain('Interne Notiz');
    expect((await app.inject('/intmk/12/top/9.99/status.atom')).statusCode).toBe(404);
    const loggedIn = await app.inject({ url: '/intmk/12/top/2.12', cookies });
    expect(loggedIn.body).toContain('Interne Notiz');
    expect(connection.db.select().from(auditLog).all().filter((e) => e.action === 'followup.create')).toHaveLength(3);
  });

  it('the form and its document are one: one multipart form with the file field in it, one "Speichern"', async () => {
    const secretariat = await loginAs('gs@intmk.example');
    for (const url of [`/beschluesse/${resolutionId}/folgemassnahme`]) {
      const form = (await app.inject({ url, cookies: secretariat })).body;
      const main = form.slice(form.indexOf('<main'), form.indexOf('</main>'));
      const forms = [...main.matchAll(/<form[^>]*>/g)].map((m) => m[0]);
      expect(forms).toEqual([`<form method="post" action="${url}" class="form wide edit-form" enctype="multipart/form-data" novalidate>`]);
      const inForm = main.slice(main.indexOf('<form'), main.indexOf('</form>'));
      expect(inForm).toContain('<input id="datei" name="datei" type="file"');
      expect(inForm.match(/<button type="submit"/g)).toHaveLength(1);
    }
  });

  it('a Ziffer without follow-ups of its own points to those on the whole resolution, where the viewer sees any', async () => {
    const ownNone = /id="ziffer-3"[\s\S]*?<p class="muted">([^<]*)(<a href="#gesamt">[^<]*<\/a>)?/;
    const record = (visibility: 'public' | 'internal', summary: string) => recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId, demandId: null, date: '2019-02-01', actor: 'BMI', kind: 'response', summary, link: null, resultingStatus: 'in_progress', visibility,
    });
    record('internal', 'Interner Zwischenstand zum ganzen Beschluss.');
    const land = await loginAs('be@land.example');
    // logged in, the internal follow-up on the whole resolution is there: the Ziffer points to it
    const inside = ownNone.exec((await app.inject({ url: '/intmk/12/top/2.12', cookies: land })).body)!;
    expect(inside[1]).toBe('Keine Folgemaßnahme zu dieser Ziffer allein – siehe ');
    expect(inside[2]).toBe('<a href="#gesamt">Folgemaßnahmen zum gesamten Beschluss</a>');
    // the public sees none at all, and is not pointed to a section it does not have
    const outside = ownNone.exec((await app.inject('/intmk/12/top/2.12')).body)!;
    expect(outside[1]).toBe('Noch keine Folgemaßnahmen erfasst.');
    expect(outside[2]).toBeUndefined();
    record('public', 'Der Bund berichtet zum ganzen Beschluss.');
    const now = (await app.inject('/intmk/12/top/2.12')).body;
    expect(ownNone.exec(now)![2]).toBe('<a href="#gesamt">Folgemaßnahmen zum gesamten Beschluss</a>');
    expect(now).toContain('id="gesamt"');
  });

  it('refuses bad input with German messages beside the fields and stores nothing', async () => {
    const cookies = await loginAs('gs@intmk.example');
    const url = `/beschluesse/${resolutionId}/folgemassnahme`;
    const cases: [Record<string, string>, RegExp][] = [
      [response({ date: '01.01.2016' }), /vor der Sitzung/],
      [response({ date: '31.02.2019' }), /gültiges Datum/],
      [response({ status: 'fertig' }), /Unbekannter Umsetzungsstand/],
      [response({ actor: 'BMXYZ' }), /kein bekannter Akteur/],
      [response({ actor: 'BMUV', date: '10.07.2019' }), /kein bekannter Akteur/],
      [response({ summary: '   ' }), /Zusammenfassung/],
      [response({ link: 'javascript:alert(1)' }), /http/],
      [response({ demand: '999999' }), /Ziffer dieses Beschlusses/],
    ];
    for (const [fields, message] of cases) {
      const result = await submit(cookies, url, fields);
      expect(result.statusCode, JSON.stringify(fields)).toBe(422);
      expect(result.body).toMatch(message);
    }
    expect(connection.db.select().from(followUps).all()).toHaveLength(0);
  });

  it('completes a link typed without https://, shows the completed address, and refuses text that is no address in German', async () => {
    const cookies = await loginAs('gs@intmk.example');
    const url = `/beschluesse/${resolutionId}/folgemassnahme`;
    // refused for another reason: the field shows the completed address
    const refused = await submit(cookies, url, response({ link: 'www.bmi.bund.de/antwort.pdf', summary: '' }));
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/<input id="link" name="link" type="text" inputmode="url" value="https:\/\/www\.bmi\.bund\.de\/antwort\.pdf" aria-describedby="link-hint">/);
    const garbage = await submit(cookies, url, response({ link: 'siehe Anlage' }));
    expect(garbage.statusCode).toBe(422);
    expect(garbage.body).toMatch(/<input id="link" name="link" type="text" inputmode="url" value="siehe Anlage" aria-describedby="link-hint link-fehler" aria-invalid="true">/);
    expect(garbage.body).toContain('<p class="field-error" id="link-fehler">Das ist keine Webadresse.');
    expect(connection.db.select().from(followUps).all()).toHaveLength(0);
    const saved = await submit(cookies, url, response({ link: 'www.bmi.bund.de/antwort.pdf' }));
    expect(saved.statusCode).toBe(303);
    expect(connection.db.select({ link: followUps.link }).from(followUps).all()).toEqual([{ link: 'https://www.bmi.bund.de/antwort.pdf' }]);
  });

  it('takes today as the date in Berlin: shortly after midnight there, today\'s date is not in the future', async () => {
    // 23:30 UTC on 6 December 2026 is 00:30 on 7 December in Berlin (MEZ); only the clock is set
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-12-06T23:30:00.000Z'));
      const cookies = await loginAs('be@land.example');
      const url = `/beschluesse/${resolutionId}/folgemassnahme`;
      const form = await app.inject({ url, cookies });
      expect(form.body).toContain('name="date" value="07.12.2026"');
      const tomorrow = await submit(cookies, url, assessment({ date: '08.12.2026' }));
      expect(tomorrow.statusCode).toBe(422);
      expect(tomorrow.body).toMatch(/in der Zukunft/);
      expect(connection.db.select().from(followUps).all()).toHaveLength(0);
      const saved = await submit(cookies, url, assessment({ date: '07.12.2026' }));
      expect(saved.statusCode).toBe(303);
      expect(connection.db.select().from(followUps).all().map((f) => f.date)).toEqual(['2026-12-07']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets a Länder official edit only their own entries, and logs the attempt on others', async () => {
    const berlin = await loginAs('be@land.example');
    await submit(berlin, `/beschluesse/${resolutionId}/folgemassnahme`, assessment());
    const id = connection.db.select().from(followUps).get()!.id;
    const edited = await submit(berlin, `/folgemassnahmen/${id}`, assessment({ summary: 'Korrigierte Zusammenfassung' }));
    expect(edited.statusCode).toBe(303);
    expect(connection.db.select().from(followUps).get()!.summary).toBe('Korrigierte Zusammenfassung');

    const bayern = await loginAs('by@land.example');
    expect((await app.inject({ url: `/folgemassnahmen/${id}`, cookies: bayern })).statusCode).toBe(403);
    const page = await app.inject({ url: '/intmk/12/top/2.12', cookies: bayern });
    expect(page.body).not.toContain(`/folgemassnahmen/${id}`);
    expect((await app.inject({ url: '/intmk/12/top/2.12', cookies: berlin })).body).toContain(`/folgemassnahmen/${id}`);
    expect((await app.inject({ url: '/intmk/12/top/2.12' })).body).not.toContain(`/folgemassnahmen/${id}`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const attempt = await app.inject({
      method: 'POST', url: `/folgemassnahmen/${id}`, cookies: bayern,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, version: '2', ...assessment({ summary: 'Übernommen' }) }).toString(),
    });
    expect(attempt.statusCode).toBe(403);
    expect(connection.db.select().from(followUps).get()!.summary).toBe('Korrigierte Zusammenfassung');
  });
});

describe('acting only for oneself', () => {
  it('a Länder official records in its own Land\'s name, whatever the form sends, and no federal kinds', async () => {
    const bayern = await loginAs('by@land.example');
    const url = `/beschluesse/${resolutionId}/folgemassnahme`;
    const form = await app.inject({ url, cookies: bayern });
    // the form offers only Bayern as the actor, and only the kinds a Land records
    expect([...form.body.matchAll(/<select id="actor"[\s\S]*?<\/select>/g)][0]![0].match(/<option/g)).toHaveLength(1);
    expect(form.body).toContain('value="BY"');
    expect(form.body).not.toContain('value="response"');
    for (const actor of ['HE', 'BMI', 'NW', '']) {
      const saved = await submit(bayern, url, assessment({ actor, summary: `Bewertung mit Akteur ${actor || 'leer'}` }));
      expect(saved.statusCode, actor).toBe(303);
    }
    const stored = connection.db.select().from(followUps).all();
    expect(stored.map((f) => [f.actorLand, f.actorId])).toEqual([['BY', null], ['BY', null], ['BY', null], ['BY', null]]);
    for (const kind of ['response', 'report', 'legislation', 'budget']) {
      const refused = await submit(bayern, url, response({ kind, actor: 'BMI' }));
      expect(refused.statusCode, kind).toBe(422);
      expect(refused.body).toContain('Bewertungen und Notizen ihres Landes');
    }
    expect(connection.db.select().from(followUps).all()).toHaveLength(4);
    // the public API shows Bayern as the actor, never a ministry
    const api = await app.inject('/api/v1/resolutions/intmk/12/2.12');
    expect(api.body).not.toContain('"actor":"BMI"');
  });

  it('a secretariat records and corrects follow-ups only on its own conferences\' resolutions', async () => {
    const gmk = await loginAs('gs@gmk.example');
    const url = `/beschluesse/${resolutionId}/folgemassnahme`;
    expect((await app.inject({ url, cookies: gmk })).statusCode).toBe(403);
    const intmk = await loginAs('gs@intmk.example');
    await submit(intmk, url, response());
    const id = connection.db.select().from(followUps).get()!.id;
    expect((await app.inject({ url: `/folgemassnahmen/${id}`, cookies: gmk })).statusCode).toBe(403);
    const page = await app.inject({ url: '/intmk/12/top/2.12', cookies: gmk });
    expect(page.body).not.toContain(`/folgemassnahmen/${id}`);
    expect(page.body).not.toContain('/folgemassnahme?');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    for (const target of [url, `/folgemassnahmen/${id}`]) {
      const attempt = await app.inject({
        method: 'POST', url: target, cookies: gmk, headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: token, version: '1', ...response({ summary: 'Fremd' }) }).toString(),
      });
      expect(attempt.statusCode, target).toBe(403);
    }
    expect(connection.db.select().from(followUps).all().map((f) => f.summary)).toEqual([response().summary]);
  });
});

describe('watch lists', () => {
  it('watches a resolution, lists changes since the last visit, and serves them as a revocable personal feed', async () => {
    const berlin = await loginAs('be@land.example');
    const page = await app.inject({ url: '/intmk/12/top/2.12', cookies: berlin });
    // the empty list names the button the resolution's page has
    expect(page.body).toMatch(/<button[^>]*>Beschluss beobachten<\/button>/);
    expect((await app.inject({ url: '/merkliste', cookies: berlin })).body).toContain('Auf jeder Beschlussseite können Sie „Beschluss beobachten“ wählen.');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const post = (url: string, fields: Record<string, string>) =>
      app.inject({ method: 'POST', url, cookies: berlin, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: token, ...fields }).toString() });
    const watched = await post('/beobachten', { resolution: String(resolutionId), action: 'watch', back: '/intmk/12/top/2.12' });
    expect(watched.statusCode).toBe(303);
    expect((await app.inject({ url: '/intmk/12/top/2.12', cookies: berlin })).body).toContain('Sie beobachten diesen Beschluss.');

    await submit(await loginAs('gs@intmk.example'), `/beschluesse/${resolutionId}/folgemassnahme`, response());
    const list = await app.inject({ url: '/merkliste', cookies: berlin });
    expect(list.body).toContain('Neu seit Ihrem letzten Besuch: 1');
    expect(list.body).toContain('Der Bund hat die Mittel');
    const again = await app.inject({ url: '/merkliste', cookies: berlin });
    expect(again.body).toContain('Nichts Neues seit Ihrem letzten Besuch.');

    // Post/Redirect/Get: the answer is a redirect, the page after it shows the new address once
    const created = await post('/merkliste/feed', {});
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/merkliste#feed');
    const activeTokens = () => connection.sqlite.prepare('select count(*) from feed_tokens where revoked_at is null').pluck().get();
    const shown = await app.inject({ url: '/merkliste', cookies: { ...berlin, ...cookiesOf(created) } });
    expect(shown.body).toContain('Ihre neue Feed-Adresse');
    const feedUrl = /<code class="feed-url">([^<]+)<\/code>/.exec(shown.body)![1]!;
    expect(created.headers.location).not.toContain(new URL(feedUrl).pathname.split('/').at(-1));
    // shown once: the page clears what carried it, and a reload neither shows it again nor creates another
    expect(shown.cookies.find((c) => c.name === 'bm_new_feed')?.value).toBe('');
    const reloaded = await app.inject({ url: '/merkliste', cookies: berlin });
    expect(reloaded.body).not.toContain('feed-url');
    expect(reloaded.body).toContain('Es gibt eine gültige Feed-Adresse.');
    expect(activeTokens()).toBe(1);
    // another user never sees it, even with the cookie
    const other = await app.inject({ url: '/merkliste', cookies: { ...(await loginAs('gs@intmk.example')), ...cookiesOf(created) } });
    expect(other.body).not.toContain('feed-url');
    const feedPath = new URL(feedUrl).pathname;
    const feed = await app.inject(feedPath);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain('<feed');
    expect(feed.body).toContain('Der Bund hat die Mittel');
    expect(feed.headers['cache-control']).toContain('no-store');
    expect((await post('/merkliste/feed/widerrufen', {})).statusCode).toBe(303);
    expect((await app.inject(feedPath)).statusCode).toBe(404);
    expect((await app.inject('/merkliste/feed/xyz')).statusCode).toBe(404);
    expect((await app.inject('/merkliste')).statusCode).toBe(303);
  });
});

describe('what the watch list tells a Länder official', () => {
  it('where each watched item stands now, who acted, and which follow-ups are internal', async () => {
    const berlin = await loginAs('be@land.example');
    const userId = connection.sqlite.prepare("select id from users where email = 'be@land.example'").pluck().get() as number;
    const viewer = { userId, role: 'land' as const, land: 'BE', conferenceIds: [] };
    const demand3 = connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '3'").pluck().get(resolutionId) as number;
    setWatch(connection.db, TEST_ACTOR, viewer, resolutionId, true, demand3);
    setWatch(connection.db, TEST_ACTOR, viewer, resolutionId, true);
    const secretariat = await loginAs('gs@intmk.example');
    await submit(secretariat, `/beschluesse/${resolutionId}/folgemassnahme`, response());
    await submit(secretariat, `/beschluesse/${resolutionId}/folgemassnahme`, response({ demand: String(demand3), summary: 'Nachfrage beim BAMF', status: 'in_progress', visibility: 'internal' }));
    await submit(berlin, `/beschluesse/${resolutionId}/folgemassnahme`, assessment());
    await submit(await loginAs('by@land.example'), `/beschluesse/${resolutionId}/folgemassnahme`, assessment({ actor: 'BY', summary: 'Bayern hält die Ziffer für teilweise umgesetzt.' }));
    const body = (await app.inject({ url: '/merkliste', cookies: berlin })).body;
    const section = (label: string) => new RegExp(`<section class="watch-item"[^>]*>\\s*<h2[^>]*><a[^>]*>${label}:(?:(?!</section>)[\\s\\S])*</section>`).exec(body)![0];
    const top = section('12. IntMK 2017, TOP 2.12');
    const ziffer3 = section('12. IntMK 2017, TOP 2.12, Ziffer 3');
    // the status now, also where nothing is new: the whole TOP Ziffer by Ziffer, a Ziffer its own
    const badges = (html: string) => [.../<p class="watch-status">([\s\S]*?)<\/p>/.exec(html)![1]!.matchAll(/(Ziffer \d+ )?<span class="status[^"]*">([^<]+)<\/span>/g)].map((m) => `${m[1] ?? ''}${m[2]}`);
    expect(badges(ziffer3)).toEqual(['in Bearbeitung']);
    expect(badges(top)).toEqual(['Ziffer 1 offen', 'Ziffer 2 teilweise umgesetzt', 'Ziffer 3 in Bearbeitung', 'Ziffer 4 offen', 'Ziffer 5 offen']);
    // who acted (the federal ministry, the Land), and the internal follow-up marked as such, as on the resolution page
    expect(top).toMatch(/Stellungnahme des Bundes · <abbr title="[^"]*Innern[^"]*">BMI<\/abbr> <span class="badge badge-internal">intern<\/span> → <span class="status[^"]*">in Bearbeitung<\/span> – Nachfrage beim BAMF/);
    expect(top).toMatch(/Stellungnahme des Bundes · <abbr title="[^"]*">BMI<\/abbr> → <span class="status[^"]*">teilweise umgesetzt<\/span> – Der Bund hat die Mittel/);
    // the Land by its name, not its code ("· BY"), as in the timeline of the TOP's page
    expect(top).toMatch(/Bewertung der Länder · Bayern → <span class="status[^"]*">teilweise umgesetzt<\/span> – Bayern hält/);
    const timeline = (await app.inject({ url: '/intmk/12/top/2.12', cookies: berlin })).body;
    expect(timeline).toMatch(/<span class="follow-up-kind">Bewertung der Länder<\/span>\s*· Bayern/);
    expect(timeline).toMatch(/<span class="follow-up-kind">Bewertung der Länder<\/span>\s*· Berlin/);
    for (const html of [body, timeline]) expect(html).not.toMatch(/· (BY|BE)\b/);
    // Berlin's own assessment is no news to Berlin: not listed, not counted (its status shows all the same)
    expect(body).not.toContain(assessment().summary);
    expect(top).toContain('Neu seit Ihrem letzten Besuch: 3');
    expect(body).toContain('Was Sie selbst oder andere für Berlin erfasst haben (Bewertungen und Notizen), steht hier, in der E-Mail-Zusammenfassung und im Feed nicht als neu');
    expect(body.match(/badge-internal/g)).toHaveLength(1);
    // the personal feed says the same: who acted, and which follow-up is internal (a feed reader is outside the app)
    const feed = await app.inject(`/merkliste/feed/${createFeedToken(connection.db, TEST_ACTOR, userId)}`);
    const titles = [...feed.body.matchAll(/<entry>[\s\S]*?<title[^>]*>([\s\S]*?)<\/title>/g)].map((m) => m[1]!.replace(/<!\[CDATA\[|\]\]>/g, ''));
    expect(titles).toContain('12. IntMK 2017, TOP 2.12, Ziffer 3: Stellungnahme des Bundes · BMI · intern (nicht öffentlich) – in Bearbeitung');
    expect(titles.some((title) => title.endsWith(': Stellungnahme des Bundes · BMI – teilweise umgesetzt'))).toBe(true);
    expect(titles.some((title) => /Bewertung der Länder · Bayern/.test(title))).toBe(true);
    expect(titles.some((title) => /Bewertung der Länder · Berlin/.test(title))).toBe(false);
    expect(titles.filter((title) => title.includes('intern'))).toHaveLength(1);
  });
});

describe('new since the last visit', () => {
  it('shows a follow-up stored in the millisecond of a visit, before or after it, as new exactly once', async () => {
    const visit = new Date('2026-03-02T10:00:00.000Z');
    const berlin = await loginAs('be@land.example');
    const userId = connection.sqlite.prepare("select id from users where email = 'be@land.example'").pluck().get() as number;
    const record = (summary: string) => {
      const id = recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: null, date: '2019-07-01', actor: 'BMI', kind: 'response', summary, link: null, resultingStatus: null, visibility: 'public' });
      // stored in the millisecond of the visit (SQLite's clock stamps it; the test sets it)
      connection.sqlite.prepare('update follow_ups set created_at = ? where id = ?').run(visit.toISOString(), id);
    };
    const newOnes = async () => {
      const body = (await app.inject({ url: '/merkliste', cookies: berlin })).body;
      return ['vor dem Besuch', 'nach dem Besuch'].filter((summary) => body.includes(`Bericht ${summary}`));
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date(visit.getTime() - 60_000));
      setWatch(connection.db, TEST_ACTOR, { userId, role: 'land', land: 'BE', conferenceIds: [] }, resolutionId, true);
      vi.setSystemTime(visit);
      record('Bericht vor dem Besuch');
      expect(await newOnes()).toEqual(['vor dem Besuch']);
      record('Bericht nach dem Besuch');
      expect(await newOnes()).toEqual(['nach dem Besuch']);
      expect(await newOnes()).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the personal feed of a TOP watched whole and by one Ziffer', () => {
  it('has one entry per follow-up (one Atom id), named by the Ziffer it is on', async () => {
    const userId = connection.sqlite.prepare("select id from users where email = 'be@land.example'").pluck().get() as number;
    const viewer = { userId, role: 'land' as const, land: 'BE', conferenceIds: [] };
    setWatch(connection.db, TEST_ACTOR, viewer, resolutionId, true);
    setWatch(connection.db, TEST_ACTOR, viewer, resolutionId, true, demand2);
    recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: demand2, date: '2019-07-01', actor: 'BMI', kind: 'response', summary: 'Der Bund stockt auf.', link: null, resultingStatus: 'in_progress', visibility: 'public' });
    recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: null, date: '2019-07-02', actor: 'BMI', kind: 'report', summary: 'Bericht zum ganzen TOP.', link: null, resultingStatus: null, visibility: 'public' });
    const feed = await app.inject(`/merkliste/feed/${createFeedToken(connection.db, TEST_ACTOR, userId)}`);
    const entries = [...feed.body.matchAll(/<entry>[\s\S]*?<title[^>]*>([\s\S]*?)<\/title>[\s\S]*?<id>([^<]+)<\/id>/g)].map((m) => ({ title: m[1]!.replace(/<!\[CDATA\[|\]\]>/g, ''), id: m[2]! }));
    expect(entries.map((entry) => entry.title).sort()).toEqual([
      '12. IntMK 2017, TOP 2.12, Ziffer 2: Stellungnahme des Bundes · BMI – in Bearbeitung',
      '12. IntMK 2017, TOP 2.12: Bericht des Adressaten · BMI',
    ]);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(2);
  });
});

describe('the order of the news on the watch list', () => {
  it('lists them by their date, the newest first, not by when they were recorded, on the page and in the downloads', async () => {
    const berlin = await loginAs('be@land.example');
    const userId = connection.sqlite.prepare("select id from users where email = 'be@land.example'").pluck().get() as number;
    setWatch(connection.db, TEST_ACTOR, { userId, role: 'land', land: 'BE', conferenceIds: [] }, resolutionId, true);
    const on = (date: string, summary: string) =>
      recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: null, date, actor: 'BMI', kind: 'response', summary, link: null, resultingStatus: null, visibility: 'public' });
    on('2026-12-02', 'Schreiben vom Dezember.');
    on('2026-09-10', 'Schreiben vom September, später nachgetragen.');
    on('2026-11-20', 'Schreiben vom November.');
    on('2026-11-20', 'Zweites Schreiben vom November, danach erfasst.');
    // the download first (a download is no visit): its newest follow-up is the one of the latest date
    const { rows } = (await app.inject({ url: '/merkliste.json', cookies: berlin })).json() as { rows: { changes: number; latest: string }[] };
    expect(rows.map((row) => [row.changes, row.latest])).toEqual([[4, 'gesamter Beschluss (alle Ziffern), 02.12.2026: Stellungnahme des Bundes · BMI – Schreiben vom Dezember.']]);
    const body = (await app.inject({ url: '/merkliste', cookies: berlin })).body;
    const order = ['Schreiben vom Dezember.', 'Zweites Schreiben vom November, danach erfasst.', 'Schreiben vom November.', 'Schreiben vom September, später nachgetragen.'].map((summary) => body.indexOf(summary));
    expect(order.every((index) => index > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });
});

describe('the downloads of the watch list page', () => {
  it('hold the news the page showed, although showing them marked them seen; a bad mark is refused in German', async () => {
    const berlin = await loginAs('be@land.example');
    const userId = connection.sqlite.prepare("select id from users where email = 'be@land.example'").pluck().get() as number;
    setWatch(connection.db, TEST_ACTOR, { userId, role: 'land', land: 'BE', conferenceIds: [] }, resolutionId, true);
    const on = (date: string, summary: string) =>
      recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: null, date, actor: 'BMI', kind: 'response', summary, link: null, resultingStatus: null, visibility: 'public' });
    on('2026-11-20', 'Schreiben vom November.');
    on('2026-12-02', 'Schreiben vom Dezember.');
    const page = (await app.inject({ url: '/merkliste', cookies: berlin })).body;
    expect(page).toContain('Neu seit Ihrem letzten Besuch: 2');
    const links = [...page.matchAll(/<a href="(\/merkliste\.(?:csv|json)[^"]*)" download>/g)].map((m) => m[1]!.replaceAll('&amp;', '&').replaceAll('&#x3D;', '='));
    expect(links).toHaveLength(2);
    // recorded after the page was shown: not in the page's files, as not on the page
    on('2026-12-03', 'Schreiben nach dem Besuch.');
    const json = (await app.inject({ url: links.find((link) => link.startsWith('/merkliste.json'))!, cookies: berlin })).json() as { rows: { changes: number; latest: string }[] };
    expect(json.rows.map((row) => [row.changes, row.latest])).toEqual([[2, 'gesamter Beschluss (alle Ziffern), 02.12.2026: Stellungnahme des Bundes · BMI – Schreiben vom Dezember.']]);
    const csv = await app.inject({ url: links.find((link) => link.startsWith('/merkliste.csv'))!, cookies: berlin });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\r\n')[1]).toContain(';2;gesamter Beschluss (alle Ziffern), 02.12.2026: Stellungnahme des Bundes · BMI – Schreiben vom Dezember.;');
    // without the page's marks: since the last visit (the page just now), only what came after it
    const plain = (await app.inject({ url: '/merkliste.json', cookies: berlin })).json() as { rows: { changes: number }[] };
    expect(plain.rows.map((row) => row.changes)).toEqual([1]);
    // a mark that is no follow-up number: no file, a German message, nothing marked
    for (const query of ['seit=abc', 'bis=-1', 'seit=1&bis=2e3']) {
      const refused = await app.inject({ url: `/merkliste.csv?${query}`, cookies: berlin });
      expect(refused.statusCode, query).toBe(400);
      expect(refused.body, query).toMatch(/^Angabe „(seit|bis)“: „[^“]+“ ist keine Nummer einer Folgemaßnahme\. .*Es wurde keine Datei erstellt\.$/);
    }
    expect((await app.inject({ url: '/merkliste', cookies: berlin })).body).toContain('Neu seit Ihrem letzten Besuch: 1');
  });
});

describe('the watch list of a TOP watched whole and by one Ziffer', () => {
  it('lists a follow-up on that Ziffer once, on the page and in its downloads, and says where it stands', async () => {
    const berlin = await loginAs('be@land.example');
    const userId = connection.sqlite.prepare("select id from users where email = 'be@land.example'").pluck().get() as number;
    const viewer = { userId, role: 'land' as const, land: 'BE', conferenceIds: [] };
    setWatch(connection.db, TEST_ACTOR, viewer, resolutionId, true);
    setWatch(connection.db, TEST_ACTOR, viewer, resolutionId, true, demand2);
    recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: demand2, date: '2019-07-01', actor: 'BMI', kind: 'response', summary: 'Der Bund stockt auf.', link: null, resultingStatus: 'in_progress', visibility: 'public' });
    recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: null, date: '2019-07-02', actor: 'BMI', kind: 'report', summary: 'Bericht zum ganzen TOP.', link: null, resultingStatus: null, visibility: 'public' });
    // the downloads first: a download is no visit
    const { rows } = JSON.parse((await app.inject({ url: '/merkliste.json', cookies: berlin })).body) as { rows: { changes: number }[] };
    expect(rows.map((row) => row.changes).reduce((a, b) => a + b, 0)).toBe(2);
    const csv = (await app.inject({ url: '/merkliste.csv', cookies: berlin })).body;
    expect(csv.match(/Der Bund stockt auf\./g)?.length ?? 0).toBeLessThanOrEqual(1);
    const body = (await app.inject({ url: '/merkliste', cookies: berlin })).body;
    expect(body.match(/Der Bund stockt auf\./g)).toHaveLength(1);
    expect(body.match(/Bericht zum ganzen TOP\./g)).toHaveLength(1);
    const counts = [...body.matchAll(/Neu seit Ihrem letzten Besuch: (\d+)/g)].map((m) => Number(m[1]));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    // the watch whose news stand with the other one says so instead of "nothing new"
    expect(body).toContain('Weitere neue Folgemaßnahmen dazu stehen bereits bei „12. IntMK 2017, TOP 2.12, Ziffer 2“.');
    expect(body).not.toContain('Nichts Neues seit Ihrem letzten Besuch.');
  });
});

describe('watch list order', () => {
  it('lists watches and changes newest first, also those stored in the same millisecond', () => {
    const userId = connection.sqlite.prepare("select id from users where email = 'be@land.example'").pluck().get() as number;
    const viewer = { userId, role: 'land' as const, land: 'BE', conferenceIds: [] };
    setWatch(connection.db, TEST_ACTOR, viewer, resolutionId, true);
    setWatch(connection.db, TEST_ACTOR, viewer, resolutionId, true, demand2);
    for (const summary of ['erste', 'zweite', 'dritte']) {
      recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: null, date: '2019-07-01', actor: 'BMI', kind: 'response', summary, link: null, resultingStatus: null, visibility: 'public' });
    }
    // all in one millisecond (a fast machine, the clock's resolution)
    connection.sqlite.prepare("update follow_ups set created_at = '2026-01-01T00:00:00.000Z'").run();
    connection.sqlite.prepare("update watches set created_at = '2026-01-01T00:00:00.000Z', seen_follow_up_id = 0").run();
    const list = watchList(connection.db, viewer);
    expect(list.map((item) => item.watchedDemandId)).toEqual([demand2, null]);
    for (const item of list) expect(item.changes.map((change) => change.summary)).toEqual(['dritte', 'zweite', 'erste']);
  });
});

describe('watching a single demand', () => {
  it('lists only that demand\'s changes (and those on the whole resolution)', async () => {
    const berlin = await loginAs('be@land.example');
    const page = await app.inject({ url: '/intmk/12/top/2.12', cookies: berlin });
    expect(page.body).toContain('Ziffer 2 beobachten');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const demand3 = connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '3'").pluck().get(resolutionId) as number;
    const watch = await app.inject({
      method: 'POST', url: '/beobachten', cookies: berlin, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, resolution: String(resolutionId), demand: String(demand3), action: 'watch', back: '/intmk/12/top/2.12' }).toString(),
    });
    expect(watch.statusCode).toBe(303);
    expect((await app.inject({ url: '/intmk/12/top/2.12', cookies: berlin })).body).toContain('Ziffer 3 nicht mehr beobachten');
    const secretariat = await loginAs('gs@intmk.example');
    await submit(secretariat, `/beschluesse/${resolutionId}/folgemassnahme`, response());
    await submit(secretariat, `/beschluesse/${resolutionId}/folgemassnahme`, response({ demand: String(demand3), summary: 'Zu Ziffer 3: Prüfauftrag an das BAMF', status: 'in_progress', date: '12.07.2019' }));
    const list = await app.inject({ url: '/merkliste', cookies: berlin });
    expect(list.body).toContain('TOP 2.12, Ziffer 3');
    expect(list.body).toContain('Zu Ziffer 3: Prüfauftrag an das BAMF');
    expect(list.body).not.toContain('Der Bund hat die Mittel');
  });
});

describe('unwatching from the watch list', () => {
  it('the button of a watched Ziffer ends that watch, not the one on the whole resolution, and its heading leads to the Ziffer', async () => {
    const berlin = await loginAs('be@land.example');
    const demand3 = connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '3'").pluck().get(resolutionId) as number;
    const viewer = { userId: connection.sqlite.prepare("select id from users where email = 'be@land.example'").pluck().get() as number, role: 'land' as const, land: 'BE', conferenceIds: [] };
    setWatch(connection.db, TEST_ACTOR, viewer, resolutionId, true);
    setWatch(connection.db, TEST_ACTOR, viewer, resolutionId, true, demand3);
    const list = await app.inject({ url: '/merkliste', cookies: berlin });
    const section = /<section class="watch-item"[^>]*>(?:(?!<\/section>)[\s\S])*?Ziffer 3(?:(?!<\/section>)[\s\S])*<\/section>/.exec(list.body)![0];
    expect(section).toContain('href="/intmk/12/top/2.12#ziffer-3"');
    // the item's own form, as a browser sends it
    const fields = Object.fromEntries([...section.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
    const unwatched = await app.inject({
      method: 'POST', url: '/beobachten', cookies: berlin, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });
    expect(unwatched.statusCode).toBe(303);
    expect(watchList(connection.db, viewer).map((item) => item.label)).toEqual(['12. IntMK 2017, TOP 2.12']);
  });
});
