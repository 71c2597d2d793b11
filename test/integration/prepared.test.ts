/**
 * Pages read the database through statements prepared once per connection (STYLE.md §6): after a
 * first request of each page (warm-up), a second request of the same page, as the same role, calls
 * better-sqlite3's `prepare` not once. A drizzle query builder run per request (`db.select()…all()`)
 * compiles its SQL and prepares it again on every request; this test names the pages that still do.
 * The page cache is off, so every request renders.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { conferenceIdOf, importSeed, loginAs, TEST_ACTOR, useTestApp } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { createFeedToken, setWatch } from '../../src/services/watches.js';
import { createPasswordLinkIn } from '../../src/services/account-links.js';
import { unsubscribeToken } from '../../src/services/mail-preferences.js';
import { writeTransaction } from '../../src/services/tx.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built), { pageCache: false });

const PASSWORD = 'ein langes sicheres Passwort';

interface Fixture {
  resolutionId: number;
  meetingId: number;
  conferenceId: number;
  followUpId: number;
  feedToken: string;
  passwordLink: string;
  unsubscribe: string;
  secretariatId: number;
}

async function seed(): Promise<Fixture> {
  const resolutionId = importSeed(connection).items[0]!.id;
  const conferenceId = conferenceIdOf(connection);
  const meetingId = connection.sqlite.prepare('select meeting_id from resolutions where id = ?').pluck().get(resolutionId) as number;
  const demandId = connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '2'").pluck().get(resolutionId) as number;
  const followUpId = recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId, demandId, date: '2019-07-01', actor: 'BMI', kind: 'response',
    summary: 'Teilweise umgesetzt', link: null, resultingStatus: 'partial', visibility: 'public',
  });
  await createUser(connection.db, TEST_ACTOR, { email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  const { user: secretariat } = await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle', role: 'secretariat', conferenceIds: [conferenceId], password: PASSWORD });
  const { user: land } = await createUser(connection.db, TEST_ACTOR, { email: 'land@by.example', name: 'Land Bayern', role: 'land', land: 'BY', password: PASSWORD });
  setWatch(connection.db, TEST_ACTOR, { userId: land.id, role: 'land', land: 'BY', conferenceIds: [] }, resolutionId, true);
  const feedToken = createFeedToken(connection.db, TEST_ACTOR, land.id);
  const passwordLink = writeTransaction(connection.db, (tx) => createPasswordLinkIn(tx, land.id, 'password_reset', new Date())).token;
  const unsubscribe = unsubscribeToken(connection.db, land.id, 'digest');
  return { resolutionId, meetingId, conferenceId, followUpId, feedToken, passwordLink, unsubscribe, secretariatId: secretariat.id };
}

/** The archive and feeds, which every role reads. */
function archivePages(): string[] {
  return [
    '/',
    '/intmk',
    '/intmk/12',
    '/intmk/12/top/2.12',
    '/intmk/12/top/2.12/fassungen',
    '/intmk/12/umsetzungsbericht',
    '/statistik',
    '/intmk/statistik',
    '/suche?q=Migrationsberatung',
    '/feeds/beschluesse.atom',
    '/intmk/feed.atom',
    '/intmk/status.atom',
    '/intmk/12/top/2.12/status.atom',
    '/impressum',
    '/intmk/12/export.json',
    '/intmk/12/umsetzungsbericht.csv',
    '/statistik.json',
    '/api/v1/conferences',
    '/api/v1/resolutions',
    '/api/v1/resolutions/intmk/12/2.12',
    '/oparl/v1/bodies',
    '/oparl/v1/paper/intmk/12/2.12',
  ];
}

function pagesByRole(f: Fixture): Record<string, string[]> {
  const workspace = [
    '/verwaltung',
    `/verwaltung/sitzungen/${f.meetingId}`,
    `/verwaltung/sitzungen/${f.meetingId}/neuer-beschluss`,
    `/verwaltung/beschluesse/${f.resolutionId}`,
    `/beschluesse/${f.resolutionId}/folgemassnahme`,
    `/folgemassnahmen/${f.followUpId}`,
    '/verwaltung/import',
    '/verwaltung/protokoll',
    `/verwaltung/konferenzen/${f.conferenceId}`,
    '/dashboard',
    '/berichtsauftraege',
    '/verwaltung/wiederholungen',
    '/verwaltung/wiederholungen/tops',
    '/verwaltung/seiten',
    '/verwaltung/seiten/impressum',
    `/verwaltung/konferenzen/${f.conferenceId}/neue-sitzung`,
    `/verwaltung/sitzungen/${f.meetingId}/tops.json`,
    '/dashboard.json?land=BE', // a download needs the Land (the page asks for it)
    '/berichtsauftraege.csv',
    '/konto/passwort',
  ];
  return {
    public: [...archivePages(), `/merkliste/feed/${f.feedToken}`, `/passwort-setzen/${f.passwordLink}`, `/abbestellen/${f.unsubscribe}`, '/anmelden', '/passwort-vergessen'],
    land: [...archivePages(), '/merkliste', '/merkliste.json', '/dashboard', '/berichtsauftraege', '/konto/passwort', `/beschluesse/${f.resolutionId}/folgemassnahme`],
    secretariat: [...archivePages(), ...workspace],
    admin: [...archivePages(), '/verwaltung/protokoll', '/verwaltung/protokoll.csv', '/verwaltung/postausgang', '/konto/passwort', '/verwaltung/benutzer', '/verwaltung/benutzer/neu', `/verwaltung/benutzer/${f.secretariatId}/konferenzen`],
  };
}

const LOGINS: Record<string, string | null> = {
  public: null,
  land: 'land@by.example',
  secretariat: 'gs@intmk.example',
  admin: 'admin@example.org',
};

/** The SQL of the statements better-sqlite3 prepares during `run`. */
async function preparedDuring(run: () => Promise<unknown>): Promise<string[]> {
  const sqlite = app.sqlite;
  const original = sqlite.prepare;
  const sources: string[] = [];
  sqlite.prepare = function (this: typeof sqlite, source: string) {
    sources.push(source);
    return original.call(this, source);
  } as typeof original;
  try {
    await run();
  } finally {
    sqlite.prepare = original;
  }
  return sources;
}

describe('prepared statements on every page', () => {
  it('prepares no statement on the second request of a page, for every role', async () => {
    const fixture = await seed();
    const offenders: string[] = [];
    for (const [role, pages] of Object.entries(pagesByRole(fixture))) {
      const email = LOGINS[role]!;
      const cookies = email ? await loginAs(app, email, PASSWORD) : {};
      for (const url of pages) {
        const first = await app.inject({ url, cookies });
        let second = first;
        const prepared = await preparedDuring(async () => {
          second = await app.inject({ url, cookies });
        });
        if (first.statusCode !== 200 || second.statusCode !== 200) offenders.push(`${role} ${url}: status ${first.statusCode}, ${second.statusCode}`);
        if (prepared.length > 0) {
          offenders.push(`${role} ${url}: ${prepared.length} × prepare, e.g. ${prepared.map((source) => source.slice(0, 120)).join(' | ')}`);
        }
      }
    }
    expect(offenders, 'pages that prepare statements per request').toEqual([]);
  });
});
