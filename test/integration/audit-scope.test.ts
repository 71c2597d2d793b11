/**
 * The audit log for the secretariat: it reads the entries of its own conference and nothing
 * else, with German labels; administrators read and download everything.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { auditLog, conferences } from '../../db/schema.js';
import { buildTestApp, importSeed, loginAs as login, seedDocument, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { importDocument } from '../../src/services/import.js';
import { formFields, post } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
});
afterEach(async () => {
  await app.close();
});

describe('the audit log by conference', () => {
  it('shows a secretariat only its conference, in German; administrators everything, also as downloads', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    const seed = seedDocument().resolutions[0]!;
    importDocument(connection.db, TEST_ACTOR, { warnings: [], resolutions: [{ ...seed, conference: 'UMK', title: 'Ein Beschluss der UMK' }] }, { source: 'Test' });
    const intmk = connection.db.select().from(conferences).where(eq(conferences.slug, 'intmk')).get()!.id;
    const umk = connection.db.select().from(conferences).where(eq(conferences.slug, 'umk')).get()!.id;
    await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'GS IntMK', role: 'secretariat', conferenceIds: [intmk], password: PASSWORD });
    await createUser(connection.db, TEST_ACTOR, { email: 'gs@umk.example', name: 'GS UMK', role: 'secretariat', conferenceIds: [umk], password: PASSWORD });
    await createUser(connection.db, TEST_ACTOR, { email: 'admin@bund.example', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    await createUser(connection.db, TEST_ACTOR, { email: 'land@by.example', name: 'Land Bayern', role: 'land', land: 'BY', password: PASSWORD });

    const gs = await login(app, 'gs@intmk.example', PASSWORD);
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies: gs })).body);
    expect((await post(app, `/verwaltung/beschluesse/${id}`, gs, { ...fields, title: 'Neuer Titel', outcome: 'rejected' })).statusCode).toBe(303);
    const entries = connection.db.select().from(auditLog).all();
    expect(entries.filter((e) => e.entityType === 'resolution').every((e) => e.conferenceId === (e.entityId === String(id) ? intmk : umk))).toBe(true);
    expect(entries.filter((e) => e.entityType === 'user').every((e) => e.conferenceId === null)).toBe(true);

    const page = await app.inject({ url: '/verwaltung/protokoll', cookies: gs });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Beschluss geändert');
    expect(page.body).toContain('<tr><th scope="row">Titel</th><td class="audit-value">Ausbau und Öffnung der Migrationsberatung</td><td class="audit-value">Neuer Titel</td></tr>');
    expect(page.body).toContain('<tr><th scope="row">Ergebnis</th><td class="audit-value">angenommen</td><td class="audit-value">abgelehnt</td></tr>');
    expect(page.body).not.toContain('Ein Beschluss der UMK');
    expect(page.body).not.toContain('Konto angelegt');
    expect(page.body).not.toContain('&quot;');
    // no downloads of the whole log for the secretariat
    expect(page.body).not.toContain('/verwaltung/protokoll.csv');
    expect((await app.inject({ url: '/verwaltung/protokoll.csv', cookies: gs })).statusCode).toBe(403);

    const other = await app.inject({ url: '/verwaltung/protokoll', cookies: await login(app, 'gs@umk.example', PASSWORD) });
    expect(other.body).toContain('Ein Beschluss der UMK');
    expect(other.body).not.toContain('Neuer Titel');
    expect((await app.inject({ url: '/verwaltung/protokoll', cookies: await login(app, 'land@by.example', PASSWORD) })).statusCode).toBe(403);

    const admin = await login(app, 'admin@bund.example', PASSWORD);
    const all = await app.inject({ url: '/verwaltung/protokoll?typ=resolution', cookies: admin });
    const shown = [...all.body.matchAll(/<tr id="eintrag-(\d+)">/g)].length;
    expect(shown).toBe(3);
    const csv = await app.inject({ url: '/verwaltung/protokoll.csv?typ=resolution', cookies: admin });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r\n(?=\d{4}-)/);
    expect(lines[0]).toBe('Zeitpunkt (UTC);Zeitpunkt (deutsche Zeit);Wer;E-Mail-Adresse;Aktion;Objekt;Bezeichnung;Nummer;Änderungen;IP-Adresse');
    expect(lines).toHaveLength(shown + 1);
    expect(csv.body).toContain('Titel: Ausbau und Öffnung der Migrationsberatung → Neuer Titel');
    const json = (await app.inject({ url: '/verwaltung/protokoll.json?typ=resolution', cookies: admin })).json();
    expect(json.total).toBe(shown);
    expect(json.rows.map((r: { action: string }) => r.action).sort()).toEqual(['Beschluss geändert', 'Beschluss importiert', 'Beschluss importiert']);
  });
});
