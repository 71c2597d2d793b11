/**
 * Versions (Fassungen): every change of text, title, Ziffern or release is kept with who and when;
 * two versions compare word by word; the public sees only the versions a resolution had while public.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { resolutionVersions } from '../../db/schema.js';
import { buildTestApp, conferenceIdOf, importSeed, loginAs as login, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { formFields, post } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle IntMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: 'land@by.example', name: 'Land Bayern', role: 'land', land: 'BY', password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

describe('versions of a resolution', () => {
  it('keeps every change as a version and compares any two word by word', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    const cookies = await login(app, 'gs@intmk.example', PASSWORD);
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    // a new title and a changed Ziffer in one save
    const saved = await post(app, `/verwaltung/beschluesse/${id}`, cookies, {
      ...fields,
      title: 'Ausbau der Migrationsberatung für Erwachsene',
      demand_0_text: String(fields.demand_0_text).replace('unterstreicht', 'betont'),
    });
    expect(saved.statusCode).toBe(303);
    // saving the unchanged form again is no new version
    const unchanged = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    expect((await post(app, `/verwaltung/beschluesse/${id}`, cookies, unchanged)).statusCode).toBe(303);
    const release = await post(app, `/verwaltung/beschluesse/${id}/freigabe`, cookies, { _csrf: String(unchanged._csrf), version: String(Number(unchanged.version) + 1), release: 'public', releasedOn: '01.04.2017' });
    expect(release.statusCode).toBe(303);
    const stored = connection.db.select().from(resolutionVersions).where(eq(resolutionVersions.resolutionId, id)).orderBy(resolutionVersions.number).all();
    expect(stored.map((v) => [v.number, v.action, v.release, v.actor])).toEqual([
      [1, 'import', 'draft', 'test'],
      [2, 'edit', 'draft', 'gs@intmk.example'],
      [3, 'release', 'public', 'gs@intmk.example'],
    ]);

    // logged in: all three, with who and when
    const page = await app.inject({ url: '/intmk/12/top/2.12', cookies });
    expect(page.body).toContain('<h2 id="fassungen">Fassungen</h2>');
    // each number links to the page of its version (the row's header names it "Fassung N")
    const VERSION_ROW = /<tr>\s*<th scope="row"><a href="\/intmk\/12\/top\/2\.12\/fassungen\/(\d)"><span class="visually-hidden">Fassung <\/span>\1<\/a><\/th>/g;
    expect([...page.body.matchAll(VERSION_ROW)].map((m) => m[1])).toEqual(['1', '2', '3']);
    expect(page.body).toContain('Geschäftsstelle IntMK');

    const diff = await app.inject({ url: '/intmk/12/top/2.12/fassungen?von=1&bis=2', cookies });
    expect(diff.statusCode).toBe(200);
    expect(diff.body).toContain('Unterschiede zwischen Fassung 1 und Fassung 2');
    expect([...diff.body.matchAll(VERSION_ROW)].map((m) => m[1])).toEqual(['1', '2', '3']);
    expect(diff.body).toMatch(/<dt>Titel <span class="muted">\(geändert\)<\/span><\/dt>/);
    expect(diff.body).toMatch(/<del><span class="visually-hidden">\[entfernt: <\/span>und Öffnung <span/);
    expect(diff.body).toMatch(/<ins><span class="visually-hidden">\[eingefügt: <\/span>betont/);
    expect(diff.body).toMatch(/<del><span class="visually-hidden">\[entfernt: <\/span>unterstreicht/);
    expect(diff.body).not.toMatch(/<dt>Ziffer 2/);
    const release23 = await app.inject({ url: '/intmk/12/top/2.12/fassungen?von=2&bis=3', cookies });
    expect(release23.body).toMatch(/<dt>Freigabe <span class="muted">\(geändert\)<\/span>/);
    expect(release23.body).toContain('öffentlich seit 01.04.2017');

    // the public: only the released version, no names; earlier versions are unknown to it
    const publicPage = await app.inject('/intmk/12/top/2.12');
    expect([...publicPage.body.matchAll(VERSION_ROW)].map((m) => m[1])).toEqual(['3']);
    expect((await app.inject('/intmk/12/top/2.12/fassungen/3')).statusCode).toBe(200);
    expect(publicPage.body).not.toContain('Geschäftsstelle IntMK');
    expect(publicPage.body).not.toContain('gs@intmk.example');
    const publicDiff = await app.inject('/intmk/12/top/2.12/fassungen?von=1&bis=3');
    expect(publicDiff.statusCode).toBe(200);
    expect(publicDiff.body).toContain('Angabe „von“: Eine Fassung „1“ gibt es hier nicht');
    expect(publicDiff.body).not.toContain('Öffnung');
    expect((await app.inject('/intmk/12/top/9.99/fassungen')).statusCode).toBe(404);
  });

  it('keeps the state before the first change of a resolution stored without versions', async () => {
    const id = importSeed(connection, 'public').items[0]!.id;
    connection.db.delete(resolutionVersions).run();
    const cookies = await login(app, 'gs@intmk.example', PASSWORD);
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, title: 'Neuer Titel' });
    const stored = connection.db.select().from(resolutionVersions).orderBy(resolutionVersions.number).all();
    expect(stored.map((v) => [v.action, v.content.title])).toEqual([
      ['baseline', 'Ausbau und Öffnung der Migrationsberatung'],
      ['edit', 'Neuer Titel'],
    ]);
    const publicDiff = await app.inject('/intmk/12/top/2.12/fassungen');
    expect(publicDiff.body).toContain('Unterschiede zwischen Fassung 1 und Fassung 2');
    expect(publicDiff.body).toContain('Bestand vor Einführung der Fassungen');
  });

  it('a resolution with a single version says so instead of comparing it with itself', async () => {
    importSeed(connection, 'public');
    const page = await app.inject('/intmk/12/top/2.12/fassungen');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Von diesem Beschluss gibt es bisher nur eine Fassung');
    expect(page.body).not.toContain('Unterschiede zwischen Fassung 1 und Fassung 1');
    expect(page.body).not.toContain('Sie haben zweimal dieselbe Fassung gewählt.');
    // asked for explicitly, the same
    const asked = await app.inject('/intmk/12/top/2.12/fassungen?von=1&bis=1');
    expect(asked.body).toContain('Von diesem Beschluss gibt es bisher nur eine Fassung');
    expect(asked.body).not.toContain('Sie haben zweimal dieselbe Fassung gewählt.');
  });
});
