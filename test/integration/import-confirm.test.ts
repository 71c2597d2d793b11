/**
 * The import's confirmation as a secretariat meets it in the browser: post/redirect/get (the result
 * is a page of its own; reloading it imports nothing), a second confirmation of the same preview
 * (back button, reload, double click) stores nothing and says "Bereits importiert" with links, a
 * "Neue Sitzung" that exists already names the TOPs it would replace before it replaces them, and
 * the chair the text names is a field of the preview the secretariat may correct.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { meetings, resolutions } from '../../db/schema.js';
import { importSeed, loginSecretariat, readFixture, useTestApp, watchWrites } from '../helpers.js';
import { decodeHtml, formFields, multipart, post, type Upload } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built));

const INTMK = { name: 'intmk-2017.txt', content: readFixture('import/intmk-2017-top-2.12.txt'), type: 'text/plain' };
const GMK = { name: 'gmk-2011.txt', content: readFixture('import/synthetic-gmk-2011-ergebnisniederschrift.txt'), type: 'text/plain' };
const CHAIR_TEXT = ['27. Konferenz der für Integration zuständigen Ministerinnen und Minister', 'am 21. und 22. März 2031 in Überherrn',
  'Vorsitz: Ministerin für Arbeit, Familie, Prävention, Soziales und Sport, Saarland', '',
  'TOP 2.1 Einbürgerung', 'Die IntMK hat einstimmig beschlossen:', '1. Die IntMK bittet den Bund, zu handeln.'].join('\n');

function secretariat(email = 'gs@intmk.example', conferences = ['IntMK', 'GMK']): Promise<Record<string, string>> {
  return loginSecretariat({ app, connection }, email, conferences);
}

/** The preview of the uploaded files and its form's fields as a browser sends them back. */
async function preview(cookies: Record<string, string>, ...files: Upload[]) {
  const form = (await app.inject({ url: '/verwaltung/import', cookies })).body;
  const token = decodeHtml(/name="_csrf" value="([^"]*)"/.exec(form)![1]!);
  const response = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token }, ...files) });
  expect(response.statusCode).toBe(200);
  return { html: response.body, fields: formFields(response.body, 'class="import-files"') };
}

const confirm = (cookies: Record<string, string>, fields: Record<string, string | string[]>) => post(app, '/verwaltung/import/speichern', cookies, fields);
const resolutionRows = () => connection.db.select().from(resolutions).all();

describe('confirming an import', () => {
  it('redirects to a result page that a reload shows again without importing; the same preview confirmed again stores nothing and says so', async () => {
    const cookies = await secretariat();
    const { html, fields } = await preview(cookies, INTMK);
    expect(fields.import_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(html).not.toContain('Eine Datei dieses Namens');
    const first = await confirm(cookies, fields);
    expect(first.statusCode).toBe(303);
    const location = first.headers.location as string;
    expect(location).toBe(`/verwaltung/import/ergebnis?import=${fields.import_id as string}`);
    const [row] = resolutionRows();
    expect(row).toMatchObject({ agendaItem: '2.12', release: 'draft' });

    const writes = watchWrites(connection);
    const result = await app.inject({ url: location, cookies });
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('<h1>Import gespeichert</h1>');
    expect(result.body).toContain(`angelegt: <a href="/verwaltung/beschluesse/${row!.id}">TOP 2.12 der 12. IntMK 2017</a>`);
    expect(result.body).toContain(`<a href="/verwaltung/sitzungen/${row!.meetingId}">12. IntMK 2017: TOPs und Freigabe</a>`);
    expect(result.body).toContain('von gs@intmk.example');
    expect(result.body).not.toContain('Bereits importiert');
    // a reload of the result is a GET: nothing is written
    expect((await app.inject({ url: location, cookies })).statusCode).toBe(200);
    expect(writes()).toEqual([]);

    // corrected by hand after the import; then the preview is confirmed again (back button, reload)
    const edit = formFields((await app.inject({ url: `/verwaltung/beschluesse/${row!.id}`, cookies })).body);
    expect((await post(app, `/verwaltung/beschluesse/${row!.id}`, cookies, { ...edit, title: 'Von Hand berichtigter Titel' })).statusCode).toBe(303);
    writes();
    const second = await confirm(cookies, fields);
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(`${location}&bereits=1`);
    expect(writes()).toEqual([]);
    expect(resolutionRows().map((r) => r.title)).toEqual(['Von Hand berichtigter Titel']);
    const again = await app.inject({ url: second.headers.location as string, cookies });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('<strong>Bereits importiert</strong>');
    expect(again.body).toContain('nichts wurde ein zweites Mal importiert');
    expect(again.body).toContain(`<a href="/verwaltung/beschluesse/${row!.id}">TOP 2.12 der 12. IntMK 2017</a>`);

    // the file uploaded again (or the upload sent again after the back button): a new preview, which says the file was imported
    const uploadedAgain = decodeHtml((await preview(cookies, INTMK)).html);
    expect(uploadedAgain).toMatch(/<p class="message message-warning">Eine Datei dieses Namens wurde am [^<]* von gs@intmk\.example schon importiert\./);
    expect(uploadedAgain).toContain(`<a href="${location}">Ergebnis ansehen</a>`);
  });

  it('keeps a file saved while another is refused; the refused preview sent again names the saved one as imported already, and the result page shows both', async () => {
    const cookies = await secretariat();
    const { fields } = await preview(cookies, INTMK, GMK);
    const refused = await confirm(cookies, { ...fields, f1_r0_agendaItem: 'kein TOP!' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Bereits gespeichert:');
    expect(resolutionRows().map((r) => r.agendaItem)).toEqual(['2.12']);
    const writes = watchWrites(connection);
    // the browser reloads the refused preview: it posts the same form again
    const reloaded = await confirm(cookies, { ...fields, f1_r0_agendaItem: 'kein TOP!' });
    expect(reloaded.statusCode).toBe(422);
    expect(reloaded.body).toContain('Bereits importiert (nicht noch einmal gespeichert):');
    expect(reloaded.body).toContain(`intmk-2017.txt: am `);
    expect(decodeHtml(reloaded.body)).toContain(`<a href="/verwaltung/import/ergebnis?import=${fields.import_id as string}">Ergebnis ansehen</a>`);
    expect(writes()).toEqual([]);
    // the refused file mended in the preview shown again: the result page names both files
    const mended = formFields(reloaded.body, 'class="import-files"');
    expect(mended.import_id).toBe(fields.import_id);
    expect(mended.f0_document).toBeUndefined();
    const saved = await confirm(cookies, { ...mended, f1_r0_agendaItem: '5.1' });
    expect(saved.statusCode).toBe(303);
    const result = (await app.inject({ url: saved.headers.location as string, cookies })).body;
    expect(result).toContain('<h2>intmk-2017.txt</h2>');
    expect(result).toContain('<h2>gmk-2011.txt</h2>');
    expect(resolutionRows().map((r) => r.agendaItem).sort()).toEqual(['2.12', '5.1', '5.2', '5.3']);
  });

  it('shows the result only to a secretariat of the conference, and an unknown result as not found', async () => {
    const cookies = await secretariat();
    const { fields } = await preview(cookies, INTMK);
    const location = (await confirm(cookies, fields)).headers.location as string;
    const other = await secretariat('gs@gmk.example', ['GMK']);
    expect((await app.inject({ url: location, cookies: other })).statusCode).toBe(404);
    expect((await app.inject({ url: '/verwaltung/import/ergebnis?import=00000000-0000-4000-8000-000000000000', cookies })).statusCode).toBe(404);
    expect((await app.inject({ url: '/verwaltung/import/ergebnis', cookies })).statusCode).toBe(404);
  });
});

describe('"Neue Sitzung" with the details of a meeting that exists', () => {
  it('names the TOPs it would replace before replacing them, then stores into that meeting', async () => {
    const stored = importSeed(connection, 'draft').items[0]!;
    const version = () => connection.db.select({ version: resolutions.version }).from(resolutions).where(eq(resolutions.id, stored.id)).get()!.version;
    const before = version();
    const cookies = await secretariat();
    const { html, fields } = await preview(cookies, INTMK);
    // the text's meeting is chosen for it, and its TOP is said to exist
    expect(html).toContain('Diesen TOP hat die Sitzung schon (Entwurf)');
    const refused = await confirm(cookies, { ...fields, f0_meeting: 'neu' });
    expect(refused.statusCode).toBe(422);
    expect(decodeHtml(refused.body)).toContain('<a href="#f0_meeting">Die Sitzung 12. IntMK 2017');
    expect(decodeHtml(refused.body)).toContain('gibt es schon, und sie hat TOP 2.12 schon: Übernehmen ersetzt deren Text.');
    expect(refused.body).toContain('id="f0_meeting-fehler"');
    // shown again with "Neue Sitzung" as chosen: the meeting and the TOP it has are said as for a meeting chosen above
    expect(decodeHtml(refused.body)).toContain('Eine Sitzung mit diesen Angaben gibt es schon: 12. IntMK 2017');
    expect(refused.body).toContain('Diesen TOP hat die Sitzung schon (Entwurf)');
    expect(version()).toBe(before);

    const again = formFields(refused.body, 'class="import-files"');
    expect(again.f0_meeting).toBe('neu');
    const saved = await confirm(cookies, { ...again, f0_r0_title: 'Ausbau der Migrationsberatung, neu gefasst' });
    expect(saved.statusCode).toBe(303);
    expect(version()).toBeGreaterThan(before);
    expect(connection.db.select().from(meetings).where(eq(meetings.number, 12)).all()).toHaveLength(1);
  });
});

describe('an existing meeting chosen in the preview', () => {
  it('still refuses a date that is none in the fields of a new meeting, at its field, and writes nothing', async () => {
    importSeed(connection, 'draft');
    const cookies = await secretariat();
    const { fields } = await preview(cookies, INTMK);
    expect(fields.f0_meeting).toMatch(/^\d+$/); // the text's meeting, found in the archive
    const writes = watchWrites(connection);
    const refused = await confirm(cookies, { ...fields, f0_startDate: '31.02.2025' });
    expect(refused.statusCode).toBe(422);
    expect(decodeHtml(refused.body)).toContain('<a href="#f0_startDate">Beginn: „31.02.2025“ ist kein Datum (TT.MM.JJJJ).</a>');
    expect(writes()).toEqual([]);
  });
});

describe('the chair in the preview', () => {
  it('is proposed from the text, may be corrected, and a value that is no Land is refused with nothing stored', async () => {
    const cookies = await secretariat();
    const { html, fields } = await preview(cookies, { name: 'intmk-2031.txt', content: CHAIR_TEXT, type: 'text/plain' });
    expect(html).toContain('<label for="f0_chair">Vorsitzland</label>');
    expect(html).toMatch(/<select id="f0_chair" name="f0_chair"[^>]*>\s*<option value="">– kein Vorsitzland –<\/option>/);
    expect(fields.f0_chair).toBe('SL');
    const refused = await confirm(cookies, { ...fields, f0_chair: 'XX' });
    expect(refused.statusCode).toBe(422);
    expect(decodeHtml(refused.body)).toContain('<a href="#f0_chair">Vorsitzland „XX“ ist kein Land.</a>');
    expect(refused.body).toMatch(/<select id="f0_chair" name="f0_chair" aria-describedby="[^"]*f0_chair-fehler" aria-invalid="true">/);
    expect(connection.db.select().from(meetings).where(eq(meetings.number, 27)).all()).toEqual([]);
    expect((await confirm(cookies, { ...fields, f0_chair: 'BY' })).statusCode).toBe(303);
    expect(connection.db.select().from(meetings).where(eq(meetings.number, 27)).all().map((m) => m.chairLand)).toEqual(['BY']);
  });

  it('may be left empty', async () => {
    const cookies = await secretariat();
    const { fields } = await preview(cookies, { name: 'intmk-2031.txt', content: CHAIR_TEXT, type: 'text/plain' });
    expect((await confirm(cookies, { ...fields, f0_chair: '' })).statusCode).toBe(303);
    expect(connection.db.select().from(meetings).where(eq(meetings.number, 27)).all().map((m) => m.chairLand)).toEqual([null]);
  });
});
