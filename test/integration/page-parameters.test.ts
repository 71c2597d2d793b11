/**
 * Query values of the logged-in pages that were ignored without a word: an unknown kind of object
 * or action in the audit log's filter, a Ziffer from a stale link to the follow-up form, the
 * "saved" flag of the legal pages' form.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { conferenceIdOf, cookiesOf, importSeed, TEST_ACTOR, useTestApp } from '../helpers.js';
import { createUser } from '../../src/services/users.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built), { rateLimitAllow: ['127.0.0.1'] });

const PASSWORD = 'ein langes sicheres Passwort';

async function login(email: string): Promise<Record<string, string>> {
  const form = await app.inject('/anmelden');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const response = await app.inject({ method: 'POST', url: '/anmelden', cookies: cookiesOf(form), payload: { email, password: PASSWORD, _csrf: token } });
  expect(response.statusCode).toBe(303);
  return { ...cookiesOf(form), ...cookiesOf(response) };
}

describe('query values of logged-in pages', () => {
  it('the audit log names a kind of object or an action it does not have, shows all, and refuses the download', async () => {
    importSeed(connection);
    await createUser(connection.db, TEST_ACTOR, { email: 'admin@example.org', name: 'A', role: 'admin', password: PASSWORD });
    const cookies = await login('admin@example.org');
    const all = await app.inject({ url: '/verwaltung/protokoll', cookies });
    const count = /(\d+) Einträge/.exec(all.body)![1];
    const page = await app.inject({ url: '/verwaltung/protokoll?typ=beschlus', cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Objektart „beschlus“ kommt im Protokoll nicht vor; dieser Filter wird nicht angewendet.');
    expect(page.body).toContain(`${count} Einträge`);
    const file = await app.inject({ url: '/verwaltung/protokoll.csv?typ=beschlus', cookies });
    expect(file.statusCode).toBe(400);
    expect(file.body).toBe('Objektart „beschlus“ kommt im Protokoll nicht vor. Es wurde keine Datei erstellt.');
    // a kind the log has filters as before
    const known = await app.inject({ url: '/verwaltung/protokoll?typ=resolution', cookies });
    expect(known.body).not.toContain('kommt im Protokoll nicht vor');
  });

  it('the follow-up form says that the Ziffer of its link is not one of the resolution', async () => {
    const resolutionId = importSeed(connection).items[0]!.id;
    await createUser(connection.db, TEST_ACTOR, { email: 'gs@example.org', name: 'G', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
    const cookies = await login('gs@example.org');
    const demandId = connection.sqlite.prepare('select id from demands where resolution_id = ? order by id').pluck().get(resolutionId) as number;
    const notice = 'Die Ziffer aus dem Link gehört nicht zu diesem Beschluss.';
    const good = await app.inject({ url: `/beschluesse/${resolutionId}/folgemassnahme?ziffer=${demandId}`, cookies });
    expect(good.body).toContain(`<option value="${demandId}" selected>`);
    expect(good.body).not.toContain(notice);
    for (const value of ['999999', 'abc', '-1']) {
      const stale = await app.inject({ url: `/beschluesse/${resolutionId}/folgemassnahme?ziffer=${value}`, cookies });
      expect(stale.statusCode, value).toBe(200);
      expect(stale.body, value).toContain(notice);
      expect(stale.body, value).toContain('<option value="alle" selected>');
    }
  });

  it('the legal pages\' form takes its "saved" flag with any short value, as the other forms do', async () => {
    importSeed(connection);
    await createUser(connection.db, TEST_ACTOR, { email: 'gs@example.org', name: 'G', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
    const cookies = await login('gs@example.org');
    for (const query of ['?gespeichert', '?gespeichert=1']) {
      const response = await app.inject({ url: `/verwaltung/seiten/impressum${query}`, cookies });
      expect(response.statusCode, query).toBe(200);
      expect(response.body, query).not.toContain('kennt diese Seite nicht');
    }
  });
});
