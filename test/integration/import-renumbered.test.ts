/**
 * A document that still names a meeting by the number it had before the secretariat corrected it
 * (meeting_former_keys): the preview says which meeting that is now and proposes it, "Neue Sitzung"
 * makes another meeting of the old number only once the preview has said so, and the import
 * service refuses such a document unless told which of the two is meant — never a second meeting
 * of the same one without a word.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { conferenceIdOf, importSeed, loginAs, readFixture, seedDocument, TEST_ACTOR, useTestApp, watchWrites } from '../helpers.js';
import { decodeHtml, formFields, multipart, post, type Upload } from './forms.js';
import { createUser } from '../../src/services/users.js';
import { importDocument, RenumberedError } from '../../src/services/import.js';
import { uiTextOf } from '../../src/i18n.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built));

const PASSWORD = 'ein langes sicheres Passwort';
const INTMK: Upload = { name: 'intmk-2017.txt', content: readFixture('import/intmk-2017-top-2.12.txt'), type: 'text/plain' };
/** What the preview and the import say of the seed's meeting, renumbered from 12 to 13 on 02.11.2026. */
const SAID = 'Der Text nennt die 12. IntMK 2017. So hieß bis zum 02.11.2026 die Sitzung, die jetzt 13. IntMK 2017 heißt (berichtigt).';

async function secretariat(): Promise<Record<string, string>> {
  await createUser(connection.db, TEST_ACTOR, {
    email: 'gs@intmk.example', name: 'Geschäftsstelle', role: 'secretariat', password: PASSWORD, conferenceIds: [conferenceIdOf(connection)],
  });
  return loginAs(app, 'gs@intmk.example', PASSWORD);
}

const meetingRows = () => connection.sqlite.prepare('select id, number, year from meetings order by id').all() as { id: number; number: number; year: number }[];
const resolutionRows = () => connection.sqlite.prepare('select id, meeting_id as meetingId, agenda_item as agendaItem from resolutions order by id').all();

/** Corrects the meeting's number in its form, as the secretariat does; the change dated 02.11.2026 for the messages. */
async function renumber(cookies: Record<string, string>, id: number, number: string): Promise<void> {
  const page = await app.inject({ url: `/verwaltung/sitzungen/${id}`, cookies });
  const response = await post(app, `/verwaltung/sitzungen/${id}`, cookies, { ...formFields(page.body, 'id="sitzungsdaten"'), number });
  expect(response.statusCode).toBe(303);
  connection.sqlite.prepare("update meeting_former_keys set replaced_at = '2026-11-02T10:00:00.000Z' where meeting_id = ?").run(id);
}

async function preview(cookies: Record<string, string>, ...files: Upload[]) {
  const form = (await app.inject({ url: '/verwaltung/import', cookies })).body;
  const token = decodeHtml(/name="_csrf" value="([^"]*)"/.exec(form)![1]!);
  const response = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token }, ...files) });
  expect(response.statusCode).toBe(200);
  return { html: decodeHtml(response.body), fields: formFields(response.body, 'class="import-files"') };
}

const confirm = (cookies: Record<string, string>, fields: Record<string, string | string[]>) => post(app, '/verwaltung/import/speichern', cookies, fields);

describe('the preview of a text that names a meeting by its number before a correction', () => {
  it('says which meeting that is now, proposes it, and stores into it: no second meeting', async () => {
    const cookies = await secretariat();
    const [stored] = importSeed(connection, 'draft').items;
    const [meeting] = meetingRows();
    await renumber(cookies, meeting!.id, '13');

    const { html, fields } = await preview(cookies, INTMK);
    expect(fields.f0_meeting).toBe(String(meeting!.id));
    expect(fields.f0_renumbered).toBe(String(meeting!.id));
    expect(html).toContain(`<p class="message message-warning" id="f0-umnummeriert">${SAID} Sie ist oben gewählt: Die Beschlüsse werden in der 13. IntMK 2017 gespeichert.`);
    expect(html).toMatch(/<select id="f0_meeting" name="f0_meeting" aria-describedby="[^"]*f0-umnummeriert"/);
    // the TOP it has is said as for any meeting chosen above
    expect(html).toContain('Diesen TOP hat die Sitzung schon (Entwurf)');

    const saved = await confirm(cookies, fields);
    expect(saved.statusCode).toBe(303);
    expect(meetingRows()).toEqual([{ id: meeting!.id, number: 13, year: 2017 }]);
    expect(resolutionRows()).toEqual([{ id: stored!.id, meetingId: meeting!.id, agendaItem: '2.12' }]);
    const result = (await app.inject({ url: saved.headers.location as string, cookies })).body;
    expect(result).toContain('TOP 2.12 der 13. IntMK 2017');
  });

  it('makes another meeting of the old number with "Neue Sitzung" only once the preview has said so; refused before, nothing written', async () => {
    const cookies = await secretariat();
    importSeed(connection, 'draft');
    const [meeting] = meetingRows();
    // previewed while the meeting still had the number 12: the preview said nothing of a correction
    const { fields } = await preview(cookies, INTMK);
    expect(fields.f0_renumbered).toBeUndefined();
    await renumber(cookies, meeting!.id, '13');

    const writes = watchWrites(connection);
    const refused = await confirm(cookies, { ...fields, f0_meeting: 'neu' });
    expect(refused.statusCode).toBe(422);
    const page = decodeHtml(refused.body);
    expect(page).toContain(`<a href="#f0_meeting">${SAID} Um die Beschlüsse in ihr zu speichern, wählen Sie oben die 13. IntMK 2017. Soll wirklich eine weitere Sitzung „12. IntMK 2017“ entstehen, bestätigen Sie erneut.</a>`);
    expect(refused.body).toContain('id="f0_meeting-fehler"');
    // shown again with "Neue Sitzung" chosen: what it would do is said at the meeting
    expect(page).toContain(`${SAID} Mit „Neue Sitzung“ entsteht eine weitere Sitzung „12. IntMK 2017“.`);
    expect(writes()).toEqual([]);

    const again = formFields(refused.body, 'class="import-files"');
    expect(again.f0_meeting).toBe('neu');
    expect(again.f0_renumbered).toBe(String(meeting!.id));
    expect((await confirm(cookies, again)).statusCode).toBe(303);
    expect(meetingRows().map((m) => m.number)).toEqual([13, 12]);
    expect(resolutionRows()).toHaveLength(2);
  });

  it('proposes nothing for a meeting of another year that has the old number: that is another meeting', async () => {
    const cookies = await secretariat();
    importSeed(connection, 'draft');
    await renumber(cookies, meetingRows()[0]!.id, '13');
    const text = readFixture('import/intmk-2017-top-2.12.txt').replace('12. Integrationsministerkonferenz 2017', '12. Integrationsministerkonferenz 2019')
      .replace('am 16. und 17. März 2017', 'am 14. und 15. März 2019');
    const { html, fields } = await preview(cookies, { name: 'intmk-2019.txt', content: text, type: 'text/plain' });
    expect(fields.f0_meeting).toBe('neu');
    expect(fields.f0_renumbered).toBeUndefined();
    expect(html).not.toContain('umnummeriert');
    expect((await confirm(cookies, fields)).statusCode).toBe(303);
    expect(meetingRows().map((m) => [m.number, m.year])).toEqual([[13, 2017], [12, 2019]]);
  });
});

/** Corrects a TOP's number in its form; the version that made the change dated 02.11.2026 for the messages. */
async function renumberTop(cookies: Record<string, string>, id: number, agendaItem: string): Promise<void> {
  const form = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
  expect((await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...form, agendaItem })).statusCode).toBe(303);
  connection.sqlite.prepare("update resolution_versions set at = '2026-11-02T10:00:00.000Z' where resolution_id = ? and number = (select max(number) from resolution_versions where resolution_id = ?)").run(id, id);
}

/** What the preview and the import say of the seed's TOP, renumbered from 2.12 to 2.13 on 02.11.2026. */
const SAID_TOP = 'Der Text nennt TOP 2.12 der 12. IntMK 2017. So hieß bis zum 02.11.2026 der TOP, der jetzt TOP 2.13 heißt (berichtigt).';

describe('the preview of a text that names a TOP by its number before a correction', () => {
  it('proposes the TOP under its number today and says so, and updates it: no second TOP', async () => {
    const cookies = await secretariat();
    const [stored] = importSeed(connection, 'draft').items;
    await renumberTop(cookies, stored!.id, '2.13');
    const { html, fields } = await preview(cookies, INTMK);
    expect(fields.f0_r0_agendaItem).toBe('2.13');
    expect(fields.f0_r0_renumbered).toBe(String(stored!.id));
    expect(html).toContain(`<p class="message message-warning" id="f0_r0_umnummeriert">${SAID_TOP} Vorgeschlagen ist TOP 2.13: Übernehmen aktualisiert ihn. Soll ein weiterer TOP 2.12 entstehen, tragen Sie 2.12 als TOP-Nummer ein.</p>`);
    expect(html).toMatch(/<input id="f0_r0_agendaItem" name="f0_r0_agendaItem" value="2.13" aria-describedby="f0_r0_umnummeriert">/);
    expect(html).toContain('Diesen TOP hat die Sitzung schon (Entwurf)');
    expect((await confirm(cookies, fields)).statusCode).toBe(303);
    expect(resolutionRows()).toEqual([{ id: stored!.id, meetingId: meetingRows()[0]!.id, agendaItem: '2.13' }]);
  });

  it('makes another TOP of the old number only once the preview has said so; refused before, nothing written', async () => {
    const cookies = await secretariat();
    const [stored] = importSeed(connection, 'draft').items;
    const { fields } = await preview(cookies, INTMK);
    expect(fields.f0_r0_agendaItem).toBe('2.12');
    await renumberTop(cookies, stored!.id, '2.13');
    const writes = watchWrites(connection);
    const refused = await confirm(cookies, fields);
    expect(refused.statusCode).toBe(422);
    expect(decodeHtml(refused.body)).toContain(`<a href="#f0_r0_agendaItem">${SAID_TOP} Um ihn zu aktualisieren, tragen Sie 2.13 als TOP-Nummer ein. Soll wirklich ein weiterer TOP 2.12 entstehen, bestätigen Sie erneut.</a>`);
    expect(refused.body).toContain('id="f0_r0_agendaItem-fehler"');
    expect(writes()).toEqual([]);
    const again = formFields(refused.body, 'class="import-files"');
    expect(again.f0_r0_agendaItem).toBe('2.12'); // as typed
    expect(again.f0_r0_renumbered).toBe(String(stored!.id));
    expect((await confirm(cookies, again)).statusCode).toBe(303);
    expect(resolutionRows().map((r) => (r as { agendaItem: string }).agendaItem)).toEqual(['2.13', '2.12']);
  });
});

describe('the import service and a meeting named by a number it gave up', () => {
  it('refuses the document without a choice and writes nothing; "use" stores into the meeting, "new" makes another', async () => {
    const cookies = await secretariat();
    const [stored] = importSeed(connection, 'draft').items;
    const [meeting] = meetingRows();
    await renumber(cookies, meeting!.id, '13');

    const writes = watchWrites(connection);
    let refusal: unknown;
    try {
      importDocument(connection.db, TEST_ACTOR, seedDocument(), { source: 'Test' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RenumberedError);
    expect((refusal as RenumberedError).problems.map(uiTextOf)).toEqual([SAID]);
    expect(writes()).toEqual([]);

    const used = importDocument(connection.db, TEST_ACTOR, seedDocument(), { source: 'Test', renumbered: 'use' });
    expect(used.items.map((item) => [item.id, item.label])).toEqual([[stored!.id, 'TOP 2.12 der 13. IntMK 2017']]);
    expect(used.notes).toEqual([`${SAID} Gespeichert in der 13. IntMK 2017.`]);
    expect(meetingRows()).toHaveLength(1);

    const made = importDocument(connection.db, TEST_ACTOR, seedDocument(), { source: 'Test', renumbered: 'new' });
    expect(made.items.map((item) => [item.change, item.label])).toEqual([['created', 'TOP 2.12 der 12. IntMK 2017']]);
    expect(made.notes).toEqual([]);
    expect(meetingRows().map((m) => m.number)).toEqual([13, 12]);
    // now that a meeting has the number again, the text is of that one: no question any more
    expect(importDocument(connection.db, TEST_ACTOR, seedDocument(), { source: 'Test' }).items.map((item) => item.change)).toEqual(['unchanged']);
  });

  it('treats a TOP named by a number it gave up alike; a document naming its number today as well names another TOP', async () => {
    const cookies = await secretariat();
    const [stored] = importSeed(connection, 'draft').items;
    await renumberTop(cookies, stored!.id, '2.13');
    const writes = watchWrites(connection);
    expect(() => importDocument(connection.db, TEST_ACTOR, seedDocument(), { source: 'Test' })).toThrow(RenumberedError);
    expect(writes()).toEqual([]);
    const used = importDocument(connection.db, TEST_ACTOR, seedDocument(), { source: 'Test', renumbered: 'use' });
    expect(used.items.map((item) => [item.id, item.label])).toEqual([[stored!.id, 'TOP 2.13 der 12. IntMK 2017']]);
    expect(used.notes).toEqual([`${SAID_TOP} Gespeichert als TOP 2.13.`]);
    // both numbers in one document: each is its own TOP, nothing to ask
    const both = seedDocument();
    both.resolutions.push({ ...both.resolutions[0]!, agendaItem: '2.13' });
    expect(importDocument(connection.db, TEST_ACTOR, both, { source: 'Test' }).items.map((item) => [item.change, item.label])).toEqual([
      ['created', 'TOP 2.12 der 12. IntMK 2017'], ['unchanged', 'TOP 2.13 der 12. IntMK 2017'],
    ]);
  });
});
