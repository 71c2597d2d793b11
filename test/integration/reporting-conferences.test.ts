/**
 * The conference filter of the reporting requests offers the conferences that exist for the viewer
 * (services/visibility.ts conferenceExists): for a Länder official those with a released
 * resolution, not one that holds only drafts or nothing yet; a secretariat also its own.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, importSeed, loginAs, seedDocument, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { importDocument } from '../../src/services/import.js';

const PASSWORD = 'ein langes sicheres Passwort';
let app: FastifyInstance;
let connection: Connection;

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  importSeed(connection);
  const draft = seedDocument();
  for (const resolution of draft.resolutions) resolution.conference = 'SportMK';
  importDocument(connection.db, TEST_ACTOR, draft, { source: 'Test', release: 'draft' });
  conferenceIdOf(connection, 'BauMK');
  await createUser(connection.db, TEST_ACTOR, { email: 'ref@by.example', name: 'Referentin Bayern', role: 'land', land: 'BY', password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@sportmk.example', name: 'GS SportMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection, 'SportMK')], password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

const offered = (html: string) => [...html.matchAll(/<option value="([a-z0-9-]+)"/g)].map((m) => m[1]);

describe('the conference filter of the reporting requests', () => {
  it('offers a Länder official the conferences with a released resolution only', async () => {
    const page = await app.inject({ url: '/berichtsauftraege', cookies: await loginAs(app, 'ref@by.example', PASSWORD) });
    expect(offered(page.body)).toEqual(['intmk']);
    const secretariat = await app.inject({ url: '/berichtsauftraege', cookies: await loginAs(app, 'gs@sportmk.example', PASSWORD) });
    expect(offered(secretariat.body)).toEqual(['intmk', 'sportmk']);
  });
});
