import { Readable } from 'node:stream';
import { AlignmentType, Document, LevelFormat, Packer, Paragraph } from 'docx';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, loginAs as login, readFixture, conferenceIdOf } from '../helpers.js';
import { decodeHtml, formFields, multipart } from './forms.js';
import { createUser } from '../../src/services/users.js';
import { demands, resolutionSponsors, resolutions } from '../../db/schema.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, { userId: null, name: 'test' }, {
    email: 'gs@example.org', name: 'GS', role: 'secretariat', password: PASSWORD,
    conferenceIds: ['GMK', 'UMK', 'IntMK'].map((short) => conferenceIdOf(connection, short)),
  });
  await createUser(connection.db, { userId: null, name: 'test' }, { email: 'gs@intmk.example', name: 'GS IntMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection, 'IntMK')], password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

/** A real .docx with a resolution, as a secretariat's word processor writes it: the Ziffern a numbered list (their numbers are not in the text). */
async function wordDocument(): Promise<Buffer> {
  const ziffer = (text: string) => new Paragraph({ text, numbering: { reference: 'ziffern', level: 0 } });
  return Packer.toBuffer(new Document({
    numbering: { config: [{ reference: 'ziffern', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }] },
    sections: [{
      children: [
        new Paragraph('12. Integrationsministerkonferenz'), new Paragraph('am 16. und 17. März 2017 in Friedrichshafen'),
        new Paragraph('TOP 2.1 Benennung eines ständigen Ausschusses'), new Paragraph('Die IntMK hat einstimmig beschlossen:'),
        ziffer('Die IntMK richtet einen ständigen Ausschuss ein.'), ziffer('Sie bittet den Bund, ihn zu unterstützen.'),
      ],
    }],
  }));
}

/** An OpenDocument text (.odt): a zip whose first entry is its media type, and content.xml. */
function openDocumentText(): Uint8Array {
  return zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8('<office:document-content/>') });
}

const loginSecretariat = () => login(app, 'gs@example.org', PASSWORD);

function hidden(html: string, name: string): string {
  return decodeHtml(new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!);
}

/** The hidden fields of file k in a preview, as the browser sends them back. */
function previewFields(html: string, k: number): Record<string, string> {
  return {
    _csrf: hidden(html, '_csrf'),
    [`f${k}_source`]: hidden(html, `f${k}_source`),
    [`f${k}_document`]: hidden(html, `f${k}_document`),
    [`f${k}_lines`]: hidden(html, `f${k}_lines`),
    [`f${k}_warnings`]: hidden(html, `f${k}_warnings`),
  };
}

/**
 * A confirmation as the browser shows its outcome: a refused one is the preview again; a stored one
 * redirects (post/redirect/get) to its result page, which the browser then loads.
 */
async function shown(cookies: Record<string, string>, response: Awaited<ReturnType<typeof app.inject>>) {
  if (response.statusCode !== 303) return response;
  const location = response.headers.location as string;
  expect(location).toMatch(/^\/verwaltung\/import\/ergebnis\?import=[0-9a-f-]{36}$/);
  return app.inject({ url: location, cookies });
}

async function post(cookies: Record<string, string>, form: URLSearchParams) {
  return shown(cookies, await app.inject({ method: 'POST', url: '/verwaltung/import/speichern', cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() }));
}

/** The seed resolution as interchange JSON, once in its own meeting and once in the next one. */
function twoMeetings() {
  const document = JSON.parse(readFixture('import/intmk-2017-top-2.12.expected.json')) as { resolutions: { meeting: { number: number } }[] };
  const other = structuredClone(document.resolutions[0]!);
  other.meeting.number = 13;
  return { ...document, resolutions: [...document.resolutions, other] };
}

describe('import in the browser', () => {
  it('shows a preview with warnings beside the source, stores nothing before the confirmation, then stores corrected drafts', async () => {
    const cookies = await loginSecretariat();
    const page = await app.inject({ url: '/verwaltung/import', cookies });
    expect(page.statusCode).toBe(200);
    const token = hidden(page.body, '_csrf');
    const upload = multipart({ _csrf: token }, { name: 'gmk.txt', content: readFixture('import/synthetic-gmk-2011-ergebnisniederschrift.txt'), type: 'text/plain' });
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('<legend>TOP 5.1</legend>');
    expect(preview.body).toMatch(/id="f0_number" name="f0_number" inputmode="numeric" value="84"/);
    expect(preview.body).toContain('Antragsteller „Vorsitzland“ ist kein Land'); // the parser's warning, in German
    expect(preview.body).toContain('<p>1 Hinweis des Parsers:</p>'); // one warning, in the singular
    expect(preview.body).toContain('id="f0-zeile-23"');
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);
    // the title in a field that wraps: a textarea with its label, as many rows as the title needs
    expect(preview.body).toMatch(/<label for="f0_r0_title">Titel<\/label>\s*(?:\{\{!--[^]*?--\}\}\s*)?<textarea id="f0_r0_title" name="f0_r0_title" class="title-field" rows="[1-4]">[^<]+<\/textarea>/);
    expect(preview.body).not.toMatch(/<input[^>]*name="f0_r0_title"/);

    const form = new URLSearchParams({
      ...previewFields(preview.body, 0),
      f0_r0_include: '1', f0_r0_title: 'Hausärztliche Versorgung im ländlichen Raum sichern', f0_r0_agendaItem: '5.1',
      f0_r1_include: '1', f0_r1_agendaItem: '5.2',
    });
    const broken = new URLSearchParams(form);
    broken.set('f0_r0_agendaItem', 'kein TOP!');
    const refused = await app.inject({ method: 'POST', url: '/verwaltung/import/speichern', cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: broken.toString() });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Antragsteller „Vorsitzland“ ist kein Land'); // the warnings come back with the corrections
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);

    const saved = await post(cookies, form);
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('angelegt');
    const rows = connection.db.select().from(resolutions).all();
    expect(rows.map((r) => r.agendaItem).sort()).toEqual(['5.1', '5.2']);
    expect(rows.find((r) => r.agendaItem === '5.1')!.title).toBe('Hausärztliche Versorgung im ländlichen Raum sichern');
    expect(rows.every((r) => r.release === 'draft' && r.source === 'gmk.txt')).toBe(true);
    // the drafts are released on their meeting's page: the done page leads there
    const meetingId = rows[0]!.meetingId;
    expect(rows.every((r) => r.meetingId === meetingId)).toBe(true);
    expect(saved.body).toContain(`<a href="/verwaltung/sitzungen/${meetingId}">84. GMK 2011: TOPs und Freigabe</a>`);
    const meetingPage = await app.inject({ url: `/verwaltung/sitzungen/${meetingId}`, cookies });
    expect(meetingPage.statusCode).toBe(200);
  });

  it('shows the public source before storing: the file name unless changed, none when emptied, a German message when too long', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const upload = multipart({ _csrf: token }, { name: 'Entwurf intern Müller.txt', content: readFixture('import/synthetic-gmk-2011-ergebnisniederschrift.txt'), type: 'text/plain' });
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
    expect(preview.body).toMatch(/<label for="f0_quelle">Quelle \(öffentlich sichtbar\)<\/label>\s*<input id="f0_quelle" name="f0_quelle" value="Entwurf intern Müller.txt" maxlength="300" aria-describedby="f0_quelle-hinweis">/);
    // one TOP of the file at a time, with the source as typed
    const form = (top: 0 | 1, quelle: string) => new URLSearchParams({
      ...previewFields(preview.body, 0), f0_quelle: quelle, [`f0_r${top}_include`]: '1', f0_r0_agendaItem: '5.1', f0_r1_agendaItem: '5.2',
    });
    const sourceOf = (agendaItem: string) => connection.sqlite.prepare('select source from resolutions where agenda_item = ?').pluck().get(agendaItem);

    const tooLong = await post(cookies, form(0, 'x'.repeat(301)));
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('<a href="#f0_quelle">Die Quelle darf höchstens 300 Zeichen lang sein.</a>');
    expect(tooLong.body).toContain(`value="${'x'.repeat(301)}"`); // shown as typed
    expect(sourceOf('5.1')).toBeUndefined();

    // the address of the published collection, typed without https://: completed, and a link on the page
    expect((await post(cookies, form(0, '  www.gmkonline.de/Beschluesse.html\t'))).statusCode).toBe(200);
    expect(sourceOf('5.1')).toBe('https://www.gmkonline.de/Beschluesse.html');
    const page = (await app.inject({ url: '/gmk/84/top/5.1', cookies })).body;
    expect(page).toContain('Quelle: <a href="https://www.gmkonline.de/Beschluesse.html" rel="noopener">https://www.gmkonline.de/Beschluesse.html</a>');
    expect(page).not.toContain('Müller');

    // emptied: the resolution page names no source at all
    expect((await post(cookies, form(1, ''))).statusCode).toBe(200);
    expect(sourceOf('5.2')).toBeNull();
    const other = await app.inject({ url: '/gmk/84/top/5.2', cookies });
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain('Quelle:');
  });

  it('refuses a document of another conference with a German message and stores nothing', async () => {
    const cookies = await login(app, 'gs@intmk.example', PASSWORD);
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const upload = multipart({ _csrf: token }, { name: 'gmk.txt', content: readFixture('import/synthetic-gmk-2011-ergebnisniederschrift.txt'), type: 'text/plain' });
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
    expect(preview.statusCode).toBe(200);
    const form = new URLSearchParams({ ...previewFields(preview.body, 0), f0_r0_include: '1' });
    const before = connection.sqlite.prepare('select (select count(*) from resolutions) || \'/\' || (select count(*) from meetings) || \'/\' || (select count(*) from audit_log)').pluck().get();
    const saved = await app.inject({ method: 'POST', url: '/verwaltung/import/speichern', cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(saved.statusCode).toBe(422);
    expect(saved.body).toContain('Konferenz „GMK“, für die Ihr Konto nicht arbeitet');
    expect(connection.sqlite.prepare('select (select count(*) from resolutions) || \'/\' || (select count(*) from meetings) || \'/\' || (select count(*) from audit_log)').pluck().get()).toBe(before);
  });

  it('checks the role before it reads an upload: nobody else\'s 9 MB are received', async () => {
    await createUser(connection.db, { userId: null, name: 'test' }, { email: 'land@by.example', name: 'L', role: 'land', land: 'BY', password: PASSWORD });
    const land = await login(app, 'land@by.example', PASSWORD);
    for (const [who, cookies, status] of [['anonymous', {}, 401], ['land', land, 403]] as const) {
      let pulled = 0;
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const body = new Readable({
        read() {
          if (pulled >= 9 * 1024 * 1024) return this.push(null);
          pulled += chunk.length;
          this.push(chunk);
        },
      });
      const response = await app.inject({
        method: 'POST', url: '/verwaltung/import/vorschau', cookies,
        headers: { 'content-type': 'multipart/form-data; boundary=----x', 'content-length': String(9 * 1024 * 1024) },
        payload: body,
      });
      expect(response.statusCode, who).toBe(status);
      expect(pulled, `${who}: bytes read from the upload`).toBeLessThan(1024 * 1024);
    }
  });

  it('answers a malformed or unprotected multipart body with a German 400/403, never 500', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const broken = [
      Buffer.from('--nicht-die-grenze\r\nContent-Disposition: form-data; name="text"\r\n\r\nabc'),
      Buffer.from(`------bm-test-boundary\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n------bm-test-boundary\r\nContent-Dispo`),
      Buffer.from('------bm-test-boundary\r\nKaputt ohne Kopf\r\n\r\n'),
    ];
    for (const payload of broken) {
      const response = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, headers: { 'content-type': 'multipart/form-data; boundary=----bm-test-boundary' }, payload });
      expect([400, 403], payload.toString().slice(0, 40)).toContain(response.statusCode);
      expect(response.headers['content-security-policy']).toBeDefined();
      expect(response.body).toMatch(/beschädigt|abgelaufen/);
    }
    const withoutToken = multipart({ text: 'TOP 1 Irgendwas' });
    const refused = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...withoutToken });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Formular abgelaufen');
  });

  it('reads a Word document (.docx), the numbers of its numbered Ziffern included, and stores what is confirmed', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const upload = multipart({ _csrf: token }, { name: 'Beschluss TOP 2.1 Ausschuss.docx', content: await wordDocument(), type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
    expect(preview.statusCode).toBe(200);
    const html = decodeHtml(preview.body);
    expect(html).toMatch(/id="f0_r0_agendaItem" name="f0_r0_agendaItem" value="2.1"/);
    expect(html).toMatch(/id="f0_r0_d0_number" name="f0_r0_d0_number" value="1"/);
    expect(html).toMatch(/id="f0_r0_d1_number" name="f0_r0_d1_number" value="2"/);
    expect(html).toMatch(/<textarea id="f0_r0_d1_text"[^>]*>Sie bittet den Bund, ihn zu unterstützen\.<\/textarea>/);
    const saved = await post(cookies, new URLSearchParams({ ...previewFields(preview.body, 0), f0_r0_include: '1' }));
    expect(saved.statusCode).toBe(200);
    expect(connection.db.select({ number: demands.number, text: demands.text }).from(demands).all()).toEqual([
      { number: '1', text: 'Die IntMK richtet einen ständigen Ausschuss ein.' },
      { number: '2', text: 'Sie bittet den Bund, ihn zu unterstützen.' },
    ]);
  });

  it('answers bad uploads and tampered confirmations with a German message and stores nothing', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const cases: [ReturnType<typeof multipart>, RegExp][] = [
      [multipart({ _csrf: token, text: '' }), /Bitte eine Datei auswählen oder einen Text einfügen/],
      [multipart({ _csrf: token }, { name: 'leer.txt', content: '', type: 'text/plain' }), /ist leer/],
      [multipart({ _csrf: token }, { name: 'x.pdf', content: Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2]), type: 'application/pdf' }), /keine lesbare PDF-Datei/],
      [multipart({ _csrf: token, text: 'Nur ein Brief ohne Tagesordnung.' }), /keinen Tagesordnungspunkt/],
      [multipart({ _csrf: token }, { name: 'deckblatt.txt', content: 'Beschlüsse\nder 98. Umweltministerkonferenz\nam 12. Mai 2022 in Hamburg', type: 'text/plain' }),
        /„deckblatt\.txt“ enthält nur ein Deckblatt \(Konferenz, Sitzung, Datum\), aber keinen Beschlusstext\./],
      [multipart({ _csrf: token }, { name: 'scan.txt', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]), type: 'text/plain' }), /„scan\.txt“ ist keine Textdatei \(Binärdaten\)/],
      // an OpenDocument text or an old Word file is named as such, with what to do instead
      [multipart({ _csrf: token }, { name: 'niederschrift.odt', content: Buffer.from(openDocumentText()), type: 'application/vnd.oasis.opendocument.text' }),
        /„niederschrift\.odt“ ist ein älteres Word-Dokument \(\.doc\) oder ein OpenDocument-Text \(\.odt\)\. .*Speichern Sie das Dokument bitte als \.docx oder PDF/],
      [multipart({ _csrf: token }, { name: 'alt.doc', content: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), type: 'application/msword' }),
        /„alt\.doc“ ist ein älteres Word-Dokument \(\.doc\)/],
      [multipart({ _csrf: token }, { name: 'kaputt.json', content: '{\n  "resolutions" []\n}', type: 'application/json' }), /„kaputt\.json“ ist kein gültiges JSON \(Fehler in Zeile 2\)/],
      [multipart({ _csrf: token }, { name: 'falsch.json', content: JSON.stringify({ resolutions: [{ conference: 'IntMK', agendaItem: 7 }], warnings: [] }), type: 'application/json' }),
        /„falsch\.json“ entspricht nicht dem Austauschformat: .*\/resolutions\/0/],
      [multipart({ _csrf: token }, { name: 'leer.json', content: '{"resolutions":[],"warnings":[]}', type: 'application/json' }), /„leer\.json“ enthält keinen Beschluss/],
      [multipart({ _csrf: token }, { name: 'zwei.json', content: JSON.stringify(twoMeetings()), type: 'application/json' }), /„zwei\.json“ enthält Beschlüsse mehrerer Sitzungen/],
    ];
    for (const [upload, message] of cases) {
      const response = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
      expect(response.statusCode).toBe(422);
      expect(response.body).toMatch(message);
    }
    const tampered = new URLSearchParams({ _csrf: token, f0_source: 'x', f0_document: '{"resolutions":[{"conference":"IntMK"}],"warnings":[]}' });
    const refused = await app.inject({ method: 'POST', url: '/verwaltung/import/speichern', cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: tampered.toString() });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('unvollständig oder wurde verändert');
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);
  });

  it('names an overlong uploaded file shortened, with its start and extension, escaped', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const long = `<b>Ergebnisniederschrift ${'sehr lang '.repeat(29)}.txt`;
    expect(long.length).toBeGreaterThan(290);
    const shown = /„(<b>Ergebnisniederschrift[^“]*)“ ist leer/;
    const empty = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token }, { name: long, content: '', type: 'text/plain' }) });
    expect(empty.statusCode).toBe(422);
    const named = shown.exec(decodeHtml(empty.body))?.[1];
    expect(named).toMatch(/^<b>Ergebnisniederschrift sehr lang .*…\.txt$/);
    expect(Array.from(named!).length).toBeLessThanOrEqual(60);
    expect(empty.body).not.toContain('sehr lang '.repeat(10));
    expect(empty.body).not.toContain('<b>Ergebnis'); // escaped
    expect(empty.body).toContain('&lt;b&gt;Ergebnis');

    // the preview's heading too; the source is kept whole in the form and stored
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token }, { name: long, content: readFixture('import/synthetic-gmk-2011-ergebnisniederschrift.txt'), type: 'text/plain' }) });
    expect(preview.statusCode).toBe(200);
    expect(decodeHtml(/<h2 id="datei-0">([^<]*)<\/h2>/.exec(preview.body)![1]!)).toBe(named);
    expect(hidden(preview.body, 'f0_source')).toBe(long);
    const saved = await post(cookies, new URLSearchParams({ ...previewFields(preview.body, 0), f0_r0_include: '1' }));
    expect(saved.statusCode).toBe(200);
    expect(saved.body).not.toContain('sehr lang '.repeat(10));
    expect(connection.db.select().from(resolutions).get()!.source).toBe(long.slice(0, 300)); // as before: stored up to 300 characters
  });

  it('shows one preview per uploaded file and stores each file on its own: a refused file keeps nothing, the others are saved', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const upload = multipart({ _csrf: token },
      { name: 'gmk.txt', content: readFixture('import/synthetic-gmk-2011-ergebnisniederschrift.txt'), type: 'text/plain' },
      { name: 'umk.txt', content: readFixture('import/real/umk-93-2019-ergebnisprotokoll.txt'), type: 'text/plain' },
      { name: 'inhalt.txt', content: readFixture('import/real/asmk-94-2017-contents.txt'), type: 'text/plain' });
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Datei: gmk.txt');
    expect(preview.body).toContain('Datei: umk.txt');
    expect(preview.body).toMatch(/inhalt\.txt.*nur ein Inhaltsverzeichnis/); // the contents page is refused with its reason
    expect(preview.body).toContain('id="f1-zeile-29"');

    const form = new URLSearchParams({ ...previewFields(preview.body, 0), ...previewFields(preview.body, 1) });
    form.set('f0_r0_include', '1');
    form.set('f1_r0_include', '1');
    form.set('f1_r0_agendaItem', 'TOP eins'); // not a TOP number: this file is refused
    const saved = await post(cookies, form);
    expect(saved.statusCode).toBe(422);
    expect(saved.body).toContain('Bereits gespeichert');
    expect(saved.body).toContain('„eins“ ist keine gültige TOP-Nummer');
    expect(saved.body).not.toContain('Datei: gmk.txt'); // only the refused file is shown again
    const rows = connection.db.select().from(resolutions).all();
    expect(rows.map((r) => [r.source, r.agendaItem])).toEqual([['gmk.txt', '5.1']]);

    const retry = new URLSearchParams({ ...previewFields(saved.body, 1), f1_r0_include: '1', f1_r0_agendaItem: '1', f1_meeting: 'neu',
      f1_conference: 'UMK', f1_number: '93', f1_year: '2019', f1_startDate: '15.11.2019', f1_endDate: '', f1_place: 'Hamburg' });
    const second = await post(cookies, retry);
    expect(second.statusCode, /role="alert"[\s\S]{0,600}/.exec(second.body)?.[0]).toBe(200);
    const umk = connection.db.select().from(resolutions).all().find((r) => r.source === 'umk.txt')!;
    expect(umk.outcome).toBe('adopted'); // "ZURÜCKGEZOGEN:" over a list of TOPs is text
    expect(umk.references).toContain('TOP 42');
  });

  it('asks for the meeting of a pasted resolution without header, and stores it into a new or an existing meeting', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const text = ['TOP 7 Migrationsberatung ausbauen', 'Abstimmungsergebnis: 10:4:2', 'Die IntMK hat mehrheitlich beschlossen:',
      '1. Die IntMK bittet den Bund, die Migrationsberatung auszubauen.', '2. Sie bittet die Länder, zu berichten.'].join('\n');
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token, text }) });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Der Text nennt die Sitzung nicht vollständig');
    expect(preview.body).not.toContain('der ? IntMK');

    // Without the missing details the save is refused with a message about the meeting, and nothing is stored.
    const bare = new URLSearchParams({ ...previewFields(preview.body, 0), f0_r0_include: '1', f0_meeting: 'neu', f0_conference: 'IntMK' });
    const refused = await post(cookies, bare);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Die Sitzung braucht eine Nummer oder ein Anfangsdatum');
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);

    // The secretariat completes the meeting and corrects fields the parser filled.
    const form = new URLSearchParams({ ...previewFields(refused.body, 0), f0_r0_include: '1', f0_meeting: 'neu', f0_conference: 'IntMK',
      f0_number: '12', f0_year: '2017', f0_startDate: '2017-03-16', f0_endDate: '2017-03-17', f0_place: 'Friedrichshafen',
      f0_r0_agendaItem: '2.12', f0_r0_title: 'Ausbau der Migrationsberatung', f0_r0_reportingLand: 'BW', f0_r0_outcome: 'adopted',
      f0_r0_voting: 'counted', f0_r0_yes: '10', f0_r0_no: '4', f0_r0_abstain: '2', f0_r0_formula: 'Die IntMK hat mehrheitlich beschlossen:',
      f0_r0_d0_number: '1', f0_r0_d0_text: 'Die IntMK bittet den Bund, die Migrationsberatung auszubauen.', f0_r0_d1_number: '2', f0_r0_d1_text: '' });
    form.append('f0_r0_sponsors', 'BE');
    form.append('f0_r0_sponsors', 'HB');
    const saved = await post(cookies, form);
    expect(saved.statusCode).toBe(200);
    const row = connection.db.select().from(resolutions).get()!;
    expect(row).toMatchObject({ agendaItem: '2.12', title: 'Ausbau der Migrationsberatung', reportingLand: 'BW', voting: 'counted', votesYes: 10, votesNo: 4, votesAbstain: 2 });
    // pasted text names no source: the resolution page would show "Quelle: Eingefügter Text"
    expect(row.source).toBeNull();
    expect(connection.db.select().from(resolutionSponsors).all().map((s) => s.land)).toEqual(['BE', 'HB']);
    expect(connection.db.select().from(demands).all().map((d) => d.number)).toEqual(['1']);

    // A second text goes into the meeting now stored, chosen from the list.
    const again = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies,
      ...multipart({ _csrf: hidden(saved.body, '_csrf') || token, text: 'TOP 8 Sprachkurse\nDie IntMK hat einstimmig beschlossen:\nDie Kurse werden ausgebaut.' }) });
    const meetingId = /<option value="(\d+)"[^>]*>12\. IntMK 2017/.exec(again.body)![1]!;
    const into = await post(cookies, new URLSearchParams({ ...previewFields(again.body, 0), f0_r0_include: '1', f0_meeting: meetingId }));
    expect(into.statusCode).toBe(200);
    expect(connection.db.select().from(resolutions).all().map((r) => [r.meetingId, r.agendaItem]).sort()).toEqual([[Number(meetingId), '2.12'], [Number(meetingId), '8']]);
  });

  it('imports interchange JSON through the same preview, with the corrections, and stores nothing before the confirmation', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const upload = multipart({ _csrf: token }, { name: 'top-2.12.json', content: readFixture('import/intmk-2017-top-2.12.expected.json'), type: 'application/json' });
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('<legend>TOP 2.12</legend>');
    expect(preview.body).toMatch(/id="f0_number" name="f0_number" inputmode="numeric" value="12"/);
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);

    const form = new URLSearchParams({ ...previewFields(preview.body, 0), f0_r0_include: '1', f0_r0_title: 'Migrationsberatung (aus JSON)', f0_r0_reportingLand: 'HB' });
    const saved = await post(cookies, form);
    expect(saved.statusCode).toBe(200);
    expect(connection.db.select().from(resolutions).all().map((r) => [r.agendaItem, r.title, r.source, r.reportingLand])).toEqual([['2.12', 'Migrationsberatung (aus JSON)', 'top-2.12.json', 'HB']]);
    // the corrected reporting Land is shown on the resolution's page
    const page = await app.inject({ url: '/intmk/12/top/2.12', cookies });
    expect(page.body).toMatch(/<dt>Berichterstattung<\/dt>\s*<dd>Bremen<\/dd>/);
  });

  it('shows a long title wrapped in a field of up to 4 rows and stores what is typed there as one line', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const document = JSON.parse(readFixture('import/intmk-2017-top-2.12.expected.json')) as { resolutions: { title: string }[] };
    const long = `Ausbau und Öffnung der Migrationsberatung ${'für alle Zugewanderten in allen Ländern '.repeat(6)}`.trim();
    document.resolutions[0]!.title = long;
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token }, { name: 'lang.json', content: JSON.stringify(document), type: 'application/json' }) });
    expect(preview.statusCode).toBe(200);
    expect(decodeHtml(/<textarea id="f0_r0_title" name="f0_r0_title" class="title-field" rows="4">([^<]*)<\/textarea>/.exec(preview.body)![1]!)).toBe(long);
    const saved = await post(cookies, new URLSearchParams({ ...previewFields(preview.body, 0), f0_r0_include: '1', f0_r0_title: 'Ausbau der\r\nMigrationsberatung \n' }));
    expect(saved.statusCode).toBe(200);
    expect(connection.db.select().from(resolutions).get()!.title).toBe('Ausbau der Migrationsberatung');
  });

  it('asks for the whole meeting, not only the conference, when a text without any header is confirmed as it is', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const text = 'TOP 7 Digitale Verwaltung\nBeschluss:\n1. Die Konferenz bittet den Bund, die Verwaltung zu digitalisieren.';
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token, text }) });
    expect(preview.body).toContain('<option value="unbekannt" selected>');
    const refused = await post(cookies, new URLSearchParams({ ...previewFields(preview.body, 0), f0_r0_include: '1', f0_meeting: 'neu', f0_conference: 'unbekannt' }));
    expect(refused.statusCode).toBe(422);
    expect(/role="alert" tabindex="-1" autofocus id="f0-probleme">[\s\S]*?<\/div>/.exec(refused.body)?.[0]).toContain('Bitte eine bestehende Sitzung wählen oder die fehlenden Angaben (Konferenz, Nummer oder Beginn, Jahr) ergänzen.');
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);
  });

  it('keeps the counts of "Abstimmungsergebnis: 10:4:2" beside a majority formula', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const text = ['12. Integrationsministerkonferenz 2017', 'am 16. und 17. März 2017 in Friedrichshafen', 'TOP 2.12 Titel',
      'Abstimmungsergebnis: 10:4:2', 'Die IntMK hat mehrheitlich beschlossen:', '1. Text.'].join('\n');
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token, text }) });
    const saved = await post(cookies, new URLSearchParams({ ...previewFields(preview.body, 0), f0_r0_include: '1' }));
    expect(saved.statusCode).toBe(200);
    expect(connection.db.select().from(resolutions).get()).toMatchObject({ voting: 'counted', votesYes: 10, votesNo: 4, votesAbstain: 2 });
  });

  it('a refused confirmation shows every field as typed and every problem at once, each linked to its field', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const upload = multipart({ _csrf: token }, { name: 'gmk.txt', content: readFixture('import/synthetic-gmk-2011-ergebnisniederschrift.txt'), type: 'text/plain' });
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
    const refused = await post(cookies, new URLSearchParams({
      ...previewFields(preview.body, 0), f0_meeting: 'neu', f0_conference: 'GMK',
      // an unreadable meeting number and counts: read by the preview's form
      f0_number: 'vierundachtzig', f0_year: '2011',
      f0_r0_include: '1', f0_r0_agendaItem: '5.1', f0_r0_title: '   ', f0_r0_voting: 'counted', f0_r0_yes: 'viele', f0_r0_no: '3', f0_r0_abstain: '',
      // a missing title, a TOP number twice: refused by the checks before storing
      f0_r1_include: '1', f0_r1_agendaItem: '5.1', f0_r1_title: 'Bericht',
    }));
    expect(refused.statusCode).toBe(422);
    const html = decodeHtml(refused.body);
    // the refused values stand in their fields as typed, not the parsed ones
    expect(html).toMatch(/id="f0_number" name="f0_number" inputmode="numeric" value="vierundachtzig"/);
    expect(html).toMatch(/id="f0_r0_yes" name="f0_r0_yes" inputmode="numeric" value="viele"/);
    expect(html).toMatch(/id="f0_r0_no" name="f0_r0_no" inputmode="numeric" value="3"/);
    expect(html).toMatch(/<textarea id="f0_r0_title" name="f0_r0_title" class="title-field" rows="1"[^>]*> {3}<\/textarea>/);
    expect(html).toMatch(/id="f0_r1_agendaItem" name="f0_r1_agendaItem" value="5.1"/);
    // all problems in one summary, each a link to a field of the page
    const summary = /<div class="message message-error error-summary" role="alert" tabindex="-1" autofocus id="f0-probleme">([\s\S]*?)<\/div>/.exec(html)![1]!;
    const items = [...summary.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!);
    const links = items.map((item) => /^<a href="#([^"]+)">([^<]+)<\/a>$/.exec(item));
    expect(links.every((link) => link !== null), items.join('\n')).toBe(true);
    expect(links.map((link) => [link![1], link![2]])).toEqual([
      ['f0_number', 'Ordnungszahl: „vierundachtzig“ ist keine ganze Zahl ab 1.'],
      ['f0_r0_yes', 'TOP 5.1: Ja-Stimmen: „viele“ ist keine ganze Zahl ab 0.'],
      ['f0_r0_title', 'TOP 5.1 der 84. GMK 2011: Der Titel fehlt.'],
      ['f0_r1_agendaItem', 'TOP 5.1 der 84. GMK 2011: kommt im Dokument mehrfach vor.'],
    ]);
    for (const link of links) expect(html).toContain(`id="${link![1]}"`);
    // and each problem stands at its field too, which is marked invalid and described by it
    expect(html).toMatch(/<input id="f0_number" name="f0_number" inputmode="numeric" value="vierundachtzig" aria-describedby="f0-neu-hinweis f0_number-fehler" aria-invalid="true">/);
    expect(html).toContain('<p class="field-error" id="f0_number-fehler">Ordnungszahl: „vierundachtzig“ ist keine ganze Zahl ab 1.</p>');
    expect(html).toMatch(/<input id="f0_r0_yes" name="f0_r0_yes" inputmode="numeric" value="viele" aria-describedby="f0_r0-stimmen-hinweis f0_r0_yes-fehler" aria-invalid="true">/);
    expect(html).toContain('<p class="field-error" id="f0_r0_yes-fehler">TOP 5.1: Ja-Stimmen: „viele“ ist keine ganze Zahl ab 0.</p>');
    expect(html).toMatch(/<textarea id="f0_r0_title" name="f0_r0_title" class="title-field" rows="1" aria-invalid="true" aria-describedby="f0_r0_title-fehler">/);
    expect(html).toMatch(/<input id="f0_r1_agendaItem" name="f0_r1_agendaItem" value="5.1" aria-invalid="true" aria-describedby="f0_r1_agendaItem-fehler">/);
    expect(html.match(/aria-invalid="true"/g)).toHaveLength(4);
    // the fields without a problem are not marked
    expect(html).toMatch(/<input id="f0_year" name="f0_year" inputmode="numeric" value="2011" aria-describedby="f0-neu-hinweis">/);
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);
  });

  it('says that the conference is not the account\'s together with the other problems, not after them', async () => {
    const cookies = await login(app, 'gs@intmk.example', PASSWORD);
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const upload = multipart({ _csrf: token }, { name: 'gmk.txt', content: readFixture('import/synthetic-gmk-2011-ergebnisniederschrift.txt'), type: 'text/plain' });
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
    const refused = await post(cookies, new URLSearchParams({ ...previewFields(preview.body, 0), f0_meeting: 'neu', f0_conference: 'GMK', f0_number: '84', f0_year: '2011', f0_r0_include: '1', f0_r0_title: '' }));
    expect(refused.statusCode).toBe(422);
    const summary = /id="f0-probleme">([\s\S]*?)<\/div>/.exec(decodeHtml(refused.body))![1]!;
    expect(summary).toContain('<a href="#f0_conference">Das Dokument enthält Beschlüsse der Konferenz „GMK“, für die Ihr Konto nicht arbeitet.');
    expect(summary).toContain('<a href="#f0_r0_title">TOP 5.1 der 84. GMK 2011: Der Titel fehlt.</a>');
  });

  it('creates the document\'s conference from the preview, Kürzel and name from the document, and comes back to the same preview with every correction', async () => {
    const cookies = await login(app, 'gs@intmk.example', PASSWORD);
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const upload = multipart({ _csrf: token }, { name: 'imk.txt', content: readFixture('import/real/imk-203-2015.txt'), type: 'text/plain' });
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
    expect(preview.statusCode).toBe(200);
    const html = decodeHtml(preview.body);
    // said once for the file, with a button of the preview form (it carries the preview), not a link away from it
    expect(html.match(/gibt es im Beschlussmonitor noch nicht/g)).toHaveLength(1);
    expect(html).toMatch(/<button type="submit" class="secondary" formaction="\/verwaltung\/import\/konferenz" formnovalidate name="neue_konferenz" value="0" aria-describedby="f0-neue-konferenz">Konferenz „IMK“ anlegen<\/button>/);
    expect(html).not.toContain('Dieser Beschluss gehört zu einer anderen Konferenz als Ihrer');
    const refused = await post(cookies, new URLSearchParams({ ...previewFields(preview.body, 0), f0_meeting: 'neu', f0_r0_include: '1' }));
    expect(refused.statusCode).toBe(422);
    expect(decodeHtml(refused.body)).toContain('<a href="#f0_conference">Die Konferenz „IMK“ gibt es noch nicht: Legen Sie sie mit der Schaltfläche bei der Sitzung an; die Vorschau bleibt dabei erhalten.</a>');

    // the secretariat has corrected a title and left out the second TOP before it creates the conference
    const corrected = {
      ...previewFields(preview.body, 0), f0_meeting: 'neu', f0_conference: 'IMK', f0_number: '203', f0_year: '2015', f0_place: 'Koblenz',
      f0_r0_include: '1', f0_r0_agendaItem: '1', f0_r0_title: 'Ausreise gewaltbereiter Salafisten verhindern', f0_r0_sponsors: ['BY', 'NW'],
    };
    const pairs = (fields: Record<string, string | string[]>) => {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) for (const v of ([] as string[]).concat(value)) params.append(name, v);
      return params.toString();
    };
    const send = (url: string, fields: Record<string, string | string[]>) =>
      app.inject({ method: 'POST', url, cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: pairs(fields) });
    const form = await send('/verwaltung/import/konferenz', { ...corrected, neue_konferenz: '0' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<input id="shortName" name="shortName" value="IMK" required>/);
    expect(form.body).toMatch(/<input id="name" name="name" value="Innenministerkonferenz" required>/);
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);
    const conferenceFields = (body: string) => formFields(body, 'action="/verwaltung/import/konferenz/anlegen"');
    const conferenceForm = conferenceFields(form.body);
    expect(conferenceForm.f0_r0_title).toBe('Ausreise gewaltbereiter Salafisten verhindern');
    expect(conferenceForm.f0_document).toBe(hidden(preview.body, 'f0_document'));

    // a refused conference form keeps the preview too; "back" shows it without creating anything
    const bad = await send('/verwaltung/import/konferenz/anlegen', { ...conferenceForm, shortName: '', name: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('<a href="#shortName">');
    expect(conferenceFields(bad.body).f0_r0_title).toBe('Ausreise gewaltbereiter Salafisten verhindern');
    const back = await send('/verwaltung/import/konferenz/anlegen', { ...conferenceFields(bad.body), zurueck: '1' });
    expect(back.statusCode).toBe(200);
    expect(decodeHtml(back.body)).toMatch(/<textarea id="f0_r0_title"[^>]*>Ausreise gewaltbereiter Salafisten verhindern<\/textarea>/);
    expect(connection.sqlite.prepare("select count(*) from conferences where slug = 'imk'").pluck().get()).toBe(0);

    const created = await send('/verwaltung/import/konferenz/anlegen', conferenceForm);
    expect(created.statusCode).toBe(200);
    const again = decodeHtml(created.body);
    expect(again).toContain('Die Konferenz „IMK“ ist angelegt, Ihr Konto arbeitet für sie.');
    expect(again).not.toContain('gibt es im Beschlussmonitor noch nicht');
    expect(again).toMatch(/<option value="IMK" selected>IMK<\/option>/);
    expect(again).toMatch(/<textarea id="f0_r0_title"[^>]*>Ausreise gewaltbereiter Salafisten verhindern<\/textarea>/);
    expect(again).toMatch(/<input type="checkbox" id="f0_r1_include" name="f0_r1_include" value="1">/); // left out, as it was
    expect(again).toMatch(/value="BY" checked/);
    expect(connection.sqlite.prepare("select name from conferences where slug = 'imk'").pluck().get()).toBe('Innenministerkonferenz');
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);

    // confirmed from there (the next request sees the account working for the new conference): stored as corrected
    const saved = await shown(cookies, await send('/verwaltung/import/speichern', { ...corrected, _csrf: hidden(created.body, '_csrf') }));
    expect(saved.statusCode).toBe(200);
    const rows = connection.db.select().from(resolutions).all();
    expect(rows.map((r) => [r.agendaItem, r.title])).toEqual([['1', 'Ausreise gewaltbereiter Salafisten verhindern']]);
    expect(connection.db.select().from(resolutionSponsors).all().map((s) => s.land).sort()).toEqual(['BY', 'NW']);
  });

  it('answers a new conference without the preview it belongs to with a German message and creates nothing', async () => {
    const cookies = await login(app, 'gs@intmk.example', PASSWORD);
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    for (const url of ['/verwaltung/import/konferenz', '/verwaltung/import/konferenz/anlegen']) {
      const cases: Record<string, string>[] = [{ _csrf: token }, { _csrf: token, neue_konferenz: '0', f0_document: '{kaputt', shortName: 'IMK', name: 'Innenministerkonferenz' }];
      for (const fields of cases) {
        const response = await app.inject({ method: 'POST', url, cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
        expect(response.statusCode, url).toBe(422);
        expect(response.body).toContain('unvollständig oder wurde verändert');
      }
    }
    expect(connection.sqlite.prepare("select count(*) from conferences where slug = 'imk'").pluck().get()).toBe(0);
  });

  it('splits a Ziffer in the preview: the cut-off part in the blank row becomes a Ziffer of its own', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const text = ['12. Integrationsministerkonferenz 2017', 'am 16. und 17. März 2017 in Friedrichshafen', 'TOP 2.12 Titel', 'Die IntMK hat einstimmig beschlossen:',
      '1. Die IntMK begrüßt die Beratung. Sie bittet den Bund, die Mittel zu erhöhen.'].join('\n');
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token, text }) });
    // one parsed Ziffer and a blank row for another, described as such
    expect(preview.body).toMatch(/<textarea id="f0_r0_d0_text"[^>]*>Die IntMK begrüßt die Beratung\. Sie bittet den Bund, die Mittel zu erhöhen\.<\/textarea>/);
    expect(preview.body).toMatch(/<textarea id="f0_r0_d1_text" name="f0_r0_d1_text" rows="3" aria-describedby="f0_r0-ziffern-hinweis f0_r0_d1-neu"><\/textarea>/);
    expect(preview.body).not.toContain('f0_r0_d2_text');
    const fields = { ...previewFields(preview.body, 0), f0_r0_include: '1', f0_r0_d0_number: '1', f0_r0_d0_text: 'Die IntMK begrüßt die Beratung.', f0_r0_d1_number: '2', f0_r0_d1_text: 'Sie bittet den Bund, die Mittel zu erhöhen.' };
    // refused for another reason, the new Ziffer stays in its row and a next blank row follows
    const again = await post(cookies, new URLSearchParams({ ...fields, f0_r0_title: '' }));
    expect(again.statusCode).toBe(422);
    expect(decodeHtml(again.body)).toMatch(/<textarea id="f0_r0_d1_text"[^>]*>Sie bittet den Bund, die Mittel zu erhöhen\.<\/textarea>/);
    expect(again.body).toMatch(/<textarea id="f0_r0_d2_text"[^>]*><\/textarea>/);
    const saved = await post(cookies, new URLSearchParams(fields));
    expect(saved.statusCode).toBe(200);
    const stored = connection.db.select().from(demands).all().map((d) => [d.number, d.text, d.addressees]);
    expect(stored).toEqual([['1', 'Die IntMK begrüßt die Beratung.', []], ['2', 'Sie bittet den Bund, die Mittel zu erhöhen.', ['bund']]]);
  });
});

describe('an upload over the size limit', () => {
  it('comes back with the text pasted after the file and a German message at the file field', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    // as a browser sends the form: the token, the file field, then the textarea after it
    const boundary = '----bm-test-boundary';
    const text = 'TOP 2.1 Benennung eines Ausschusses\nDie IntMK hat beschlossen: <wichtig> & „Entwurf“';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="datei"; filename="Sammlung 2024.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      Buffer.alloc(10 * 1024 * 1024 + 1, 'x'),
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n${text}\r\n--${boundary}--\r\n`),
    ]);
    const response = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(response.statusCode).toBe(413);
    const html = decodeHtml(response.body);
    expect(html).toContain(`<textarea id="text" name="text" rows="14" aria-describedby="text-hint">${text}</textarea>`);
    expect(html).toMatch(/<input id="datei"[^>]*aria-describedby="datei-hint datei-fehler" aria-invalid="true">\s*<p class="field-error" id="datei-fehler">„Sammlung 2024\.pdf“ ist zu groß: Eine Datei darf höchstens 10 MB haben\. [^<]*Ihr eingefügter Text ist erhalten\.<\/p>/);
    expect(html).toContain('<a href="#datei">„Sammlung 2024.pdf“ ist zu groß');
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);
  });

  it('more files than allowed at once: the form comes back with the pasted text and the number of files at the file field', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const boundary = '----bm-test-boundary';
    const files = Array.from({ length: 21 }, (_, i) => Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="datei"; filename="teil-${i + 1}.txt"\r\nContent-Type: text/plain\r\n\r\nTOP ${i + 1} Text\r\n`));
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
      ...files,
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\nMein eingefügter Text\r\n--${boundary}--\r\n`),
    ]);
    const response = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('>Mein eingefügter Text</textarea>');
    expect(response.body).toMatch(/<p class="field-error" id="datei-fehler">Höchstens 20 Dateien auf einmal; gewählt waren 21\. [^<]*Ihr eingefügter Text ist erhalten\.<\/p>/);
  });
});
