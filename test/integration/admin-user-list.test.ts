/** The administration's list of accounts names a Länder official's Land by its name. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, loginAs, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';

const PASSWORD = 'ein langes sicheres Passwort';
let app: FastifyInstance;
let connection: Connection;

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, TEST_ACTOR, { email: 'admin@bund.example', name: 'Administration', role: 'admin', password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

describe('the list of accounts', () => {
  it('names the Land of a Länder official, not its code', async () => {
    const { user } = await createUser(connection.db, TEST_ACTOR, { email: 'ref@mv.example', name: 'Referentin MV', role: 'land', land: 'MV', password: PASSWORD });
    const page = await app.inject({ url: '/verwaltung/benutzer', cookies: await loginAs(app, 'admin@bund.example', PASSWORD) });
    expect(page.statusCode).toBe(200);
    const row = new RegExp(`<tr id="konto-${user.id}">[\\s\\S]*?</tr>`).exec(page.body)![0];
    const cells = [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.trim());
    expect(cells[2]).toBe('Mecklenburg-Vorpommern');
  });
});
