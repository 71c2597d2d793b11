/**
 * The audit log names what an entry is about as people know it — an account by its name and
 * address, a meeting, TOP or follow-up by its conference, meeting and TOP — not by an internal
 * number, and links it where the reader may open it: a draft TOP for the secretariat that works on
 * it, not for the administration (which does not see drafts); accounts for the administration only.
 * The numbers in an entry's details are named the same way; the downloads carry the names beside
 * the numbers.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { createUser } from '../../src/services/users.js';
import { conferenceIdOf, importSeed, loginAs, seedDocument, TEST_ACTOR, useTestApp } from '../helpers.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built));

const PASSWORD = 'ein langes sicheres Passwort';

/** The cells of the log's rows: [who, action, object, details], each as HTML. */
function rowsOf(page: string): string[][] {
  return [...page.matchAll(/<tr id="eintrag-\d+">([\s\S]*?)<\/tr>\s*(?=<tr id="eintrag-|<\/tbody>\s*<\/table>\s*<\/div>)/g)].map((row) =>
    [...row[1]!.matchAll(/<td>([\s\S]*?)<\/td>\s*(?=<td>|$)/g)].map((cell) => cell[1]!.trim()),
  );
}

async function setUp() {
  const admin = await createUser(connection.db, TEST_ACTOR, { email: 'admin@bund.example', name: 'Ada Admin', role: 'admin', password: PASSWORD });
  const secretariat = await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle IntMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  const rita = await createUser(connection.db, TEST_ACTOR, { email: 'ref@by.example', name: 'Rita Referentin', role: 'land', land: 'BY', password: PASSWORD });
  const internal = importSeed(connection, 'internal').items[0]!.id;
  const document = seedDocument();
  const draft = importDocument(connection.db, TEST_ACTOR, { ...document, resolutions: [{ ...document.resolutions[0]!, agendaItem: '2.13', title: 'Sprachkurse' }] }, { source: 'Test', release: 'draft' })
    .items[0]!.id;
  recordFollowUp(connection.db, { userId: secretariat.user.id, name: 'gs@intmk.example' }, {
    resolutionId: internal,
    demandId: null,
    date: '2026-01-15',
    actor: 'BMI',
    kind: 'response',
    summary: 'Der Bund prüft.',
    link: null,
    resultingStatus: null,
    visibility: 'internal',
  });
  return { admin: admin.user.id, secretariat: secretariat.user.id, rita: rita.user.id, internal, draft };
}

describe('the objects of the audit log', () => {
  it('are named as people know them and linked where the reader may open them', async () => {
    const ids = await setUp();
    const cookies = await loginAs(app, 'admin@bund.example', PASSWORD);
    const log = async (action: string) => rowsOf((await app.inject({ url: `/verwaltung/protokoll?aktion=${action}`, cookies })).body);

    // an account: name and address, linked to its row in the list of accounts
    const created = await log('user.create');
    expect(created.map((row) => row[2])).toContain(`Benutzerkonto<br><a href="/verwaltung/benutzer#konto-${ids.rita}">Rita Referentin (ref@by.example)</a>`);
    expect((await app.inject({ url: '/verwaltung/benutzer', cookies })).body).toContain(`<tr id="konto-${ids.rita}">`);

    // a meeting and the TOPs as the archive names them; the draft without a link (the administration does not see drafts)
    expect((await log('meeting.create')).map((row) => row[2])).toEqual(['Sitzung<br><a href="/intmk/12">12. IntMK 2017</a>']);
    const imported = (await log('resolution.import')).map((row) => row[2]);
    expect(imported).toEqual(['Beschluss<br>12. IntMK 2017, TOP 2.13', 'Beschluss<br><a href="/intmk/12/top/2.12">12. IntMK 2017, TOP 2.12</a>']);
    expect((await app.inject({ url: '/intmk/12/top/2.13', cookies })).statusCode).toBe(404);
    expect((await app.inject({ url: '/intmk/12/top/2.12', cookies })).statusCode).toBe(200);

    // a follow-up, and the numbers in its details: TOP, actor and author by name
    const [followUp] = await log('followup.create');
    expect(followUp![2]).toBe('Folgemaßnahme<br><a href="/intmk/12/top/2.12#gesamt">Stellungnahme des Bundes vom 15.01.2026 zu 12. IntMK 2017, TOP 2.12</a>');
    expect(followUp![3]).toContain('<th scope="row">Beschluss</th><td class="audit-value">12. IntMK 2017, TOP 2.12</td>');
    expect(followUp![3]).toMatch(/<th scope="row">Akteur<\/th><td class="audit-value">BMI \([^)<]+\)<\/td>/);
    expect(followUp![3]).toContain('<th scope="row">Erfasst von</th><td class="audit-value">Geschäftsstelle IntMK (gs@intmk.example)</td>');

    // a follow-up on the draft: named (the administration reads every entry whole), not linked
    recordFollowUp(connection.db, TEST_ACTOR, { resolutionId: ids.draft, demandId: null, date: '2026-02-01', actor: 'BMI', kind: 'report', summary: 'Bericht.', link: null, resultingStatus: null, visibility: 'public' });
    const [onDraft] = await log('followup.create');
    expect(onDraft![2]).toBe('Folgemaßnahme<br>Bericht des Adressaten vom 01.02.2026 zu 12. IntMK 2017, TOP 2.13');
    expect(onDraft![3]).toContain('<th scope="row">Beschluss</th><td class="audit-value">12. IntMK 2017, TOP 2.13</td>');

    // no object of these entries by its bare number any more
    const page = (await app.inject({ url: '/verwaltung/protokoll', cookies })).body;
    expect(page).not.toMatch(/<td>(Benutzerkonto|Sitzung|Beschluss|Folgemaßnahme) \d+<\/td>/);

    // the downloads: the name beside the number
    const csv = (await app.inject({ url: '/verwaltung/protokoll.csv?aktion=resolution.import', cookies })).body;
    expect(csv).toContain(`;Beschluss;12. IntMK 2017, TOP 2.13;${ids.draft};`);
    expect(csv).toContain(`;Beschluss;12. IntMK 2017, TOP 2.12;${ids.internal};`);
  });

  it('links a draft for the secretariat that works on it, and no account', async () => {
    const ids = await setUp();
    const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
    const page = (await app.inject({ url: '/verwaltung/protokoll?aktion=resolution.import', cookies })).body;
    const objects = rowsOf(page).map((row) => row[2]);
    expect(objects).toEqual(['Beschluss<br><a href="/intmk/12/top/2.13">12. IntMK 2017, TOP 2.13</a>', 'Beschluss<br><a href="/intmk/12/top/2.12">12. IntMK 2017, TOP 2.12</a>']);
    expect((await app.inject({ url: '/intmk/12/top/2.13', cookies })).statusCode).toBe(200);
    // the author of a follow-up by name, not linked to the administration's pages
    const followUp = (await app.inject({ url: '/verwaltung/protokoll?aktion=followup.create', cookies })).body;
    expect(followUp).toContain('<td class="audit-value">Geschäftsstelle IntMK (gs@intmk.example)</td>');
    expect(followUp).not.toContain(`/verwaltung/benutzer#konto-${ids.secretariat}`);
  });

  it('keeps the number of an object removed since, and of one the reader may not know', async () => {
    const ids = await setUp();
    // an entry about a Ziffer of another conference's draft (a repeat found across conferences names two Ziffern)
    const other = importDocument(
      connection.db,
      TEST_ACTOR,
      { resolutions: [{ ...seedDocument().resolutions[0]!, conference: 'GMK', agendaItem: '5.1' }], warnings: [] },
      { source: 'Test', release: 'draft' },
    ).items[0]!.id;
    const otherDemand = connection.sqlite.prepare('select id from demands where resolution_id = ? order by position limit 1').pluck().get(other) as number;
    connection.sqlite
      .prepare("insert into audit_log (user_id, actor, action, entity_type, entity_id, before, after, ip, conference_id, at) values (null, 'test', 'followup.update', 'follow_up', '999999', null, json_object('demandId', ?, 'resolutionId', ?), null, ?, '2026-01-01T00:00:00.000Z')")
      .run(otherDemand, ids.internal, conferenceIdOf(connection));
    const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
    const [entry] = rowsOf((await app.inject({ url: '/verwaltung/protokoll?aktion=followup.update', cookies })).body);
    expect(entry![2]).toBe('Folgemaßnahme 999999');
    expect(entry![3]).toContain(`<th scope="row">Ziffer</th><td class="audit-value">Nr. ${otherDemand}</td>`);
    expect(entry![3]).toContain('<th scope="row">Beschluss</th><td class="audit-value">12. IntMK 2017, TOP 2.12</td>');
    expect(entry![3]).not.toContain('GMK');
  });
});
