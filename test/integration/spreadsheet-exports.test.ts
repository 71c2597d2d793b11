/**
 * Every list with a CSV download also downloads as a spreadsheet file (.xlsx): the same header row
 * and rows, read back from the file with a reader of its own (read-excel-file), with typed cells —
 * dates as dates, numbers as numbers, a TOP "2.12" as the text "2.12", a title that starts with "="
 * as text, never a formula.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { unzipSync, strFromU8 } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, loginAs as login, seedDocument, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { setWatch } from '../../src/services/watches.js';
import { addDays, todayIso } from '../../src/domain/dates.js';
import { sheetName, spreadsheetCell, xlsxFile } from '../../src/services/spreadsheet.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Value = string | number | boolean | Date | null;

/** The download as the spreadsheet reads it: its sheet's name, the header row and the rows. */
async function sheetOf(url: string, cookies?: Record<string, string>): Promise<{ sheet: string; header: string[]; rows: Value[][] }> {
  const response = await app.inject({ url, cookies });
  expect(response.statusCode, url).toBe(200);
  expect(response.headers['content-type'], url).toBe(XLSX);
  expect(response.headers['content-disposition'], url).toMatch(/^attachment; filename="[^"]+\.xlsx"$/);
  const [first, ...others] = await readXlsxFile(response.rawPayload);
  expect(others, url).toHaveLength(0);
  const [header = [], ...rows] = first!.data as Value[][];
  return { sheet: first!.sheet, header: header.map(String), rows };
}

/** The header of the CSV download of the same list. */
async function csvHeader(url: string, cookies?: Record<string, string>): Promise<string[]> {
  const body = (await app.inject({ url, cookies })).body;
  return body.slice(1).split('\r\n')[0]!.split(';');
}

/** The column of a sheet by its header. */
function columnOf(sheet: { header: string[]; rows: Value[][] }, header: string): Value[] {
  const index = sheet.header.indexOf(header);
  expect(index, header).toBeGreaterThan(-1);
  return sheet.rows.map((row) => row[index] ?? null);
}

const utcDate = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

let resolutionId: number;

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  const seed = seedDocument().resolutions[0]!;
  const today = todayIso();
  const meeting = { ...seed.meeting, number: 20, year: 2024, startDate: '2024-03-14', endDate: null };
  const stored = importDocument(
    connection.db,
    TEST_ACTOR,
    {
      warnings: [],
      resolutions: [
        { ...seed, meeting, demands: seed.demands.map((d, i) => ({ ...d, addressees: ['bund'], dueDate: i === 0 ? addDays(today, -30) : i === 1 ? addDays(today, 10) : null })) },
        { ...seed, agendaItem: '3.1', title: '=HYPERLINK("http://evil.example") als Titel', meeting, demands: seed.demands.map((d) => ({ ...d, addressees: ['bund'], dueDate: addDays(today, -5) })) },
      ],
    },
    { source: 'Test', release: 'public', releasedOn: '2024-04-01' },
  );
  resolutionId = stored.items[0]!.id;
  recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: null, date: '2024-07-01', actor: 'BMI', kind: 'response', summary: 'Der Bund prüft.', link: null, resultingStatus: null, visibility: 'public' });
  await createUser(connection.db, TEST_ACTOR, { email: 'ref@berlin.example', name: 'Referat Berlin', role: 'land', land: 'BE', password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

describe('spreadsheet downloads (.xlsx)', () => {
  it('the Länder official\'s lists: dashboard, reporting requests and watch list, typed, with the CSV\'s header', async () => {
    const cookies = await login(app, 'ref@berlin.example', PASSWORD);

    const dashboardPage = await app.inject({ url: '/dashboard?sortierung=stille', cookies });
    expect(dashboardPage.body).toContain('<a href="/dashboard.xlsx?sortierung&#x3D;stille" download>Tabelle (Excel, LibreOffice)<span class="visually-hidden"> (Länder-Übersicht');
    const dashboardRows = [...dashboardPage.body.matchAll(/<tr data-demand="/g)].length;
    const dashboard = await sheetOf('/dashboard.xlsx?sortierung=stille', cookies);
    expect(dashboard.sheet).toBe('Länder-Übersicht BE');
    expect(dashboard.header).toEqual(await csvHeader('/dashboard.csv', cookies));
    expect(dashboard.rows).toHaveLength(dashboardRows);
    expect(new Set(columnOf(dashboard, 'Sitzungsdatum').map(String))).toEqual(new Set([String(utcDate('2024-03-14'))]));
    expect(columnOf(dashboard, 'Sitzungsdatum').every((value) => value instanceof Date)).toBe(true);
    // the TOP as text, bare: no date, no "TOP " needed in a typed cell
    expect(new Set(columnOf(dashboard, 'TOP'))).toEqual(new Set(['2.12', '3.1']));
    expect(columnOf(dashboard, 'Titel')).toContain('=HYPERLINK("http://evil.example") als Titel');
    expect(columnOf(dashboard, 'Tage ohne Reaktion').every((value) => typeof value === 'number')).toBe(true);
    expect(columnOf(dashboard, 'Letzte Reaktion des Bundes')).toContainEqual(utcDate('2024-07-01'));
    expect(new Set(columnOf(dashboard, 'Seit über 12 Monaten ohne Reaktion'))).toEqual(new Set(['ja', 'nein']));
    // the page's refusals hold for the spreadsheet file as well
    const refused = await app.inject({ url: '/dashboard.xlsx?sortierung=laut', cookies });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toBe('Die Sortierung „laut“ gibt es nicht. Es wurde keine Datei erstellt.');
    expect((await app.inject({ url: '/dashboard.xlsx?land=BY', cookies })).statusCode).toBe(403);

    const reports = await sheetOf('/berichtsauftraege.xlsx', cookies);
    expect(reports.sheet).toBe('Berichtsaufträge');
    expect(reports.header).toEqual(await csvHeader('/berichtsauftraege.csv', cookies));
    const due = columnOf(reports, 'Fällig am');
    expect(due).toContainEqual(utcDate(addDays(todayIso(), -30)));
    expect(due.every((value) => value instanceof Date)).toBe(true);
    expect(columnOf(reports, 'Tage überfällig')).toContain(30);

    setWatch(connection.db, TEST_ACTOR, { userId: connection.sqlite.prepare("select id from users where email = 'ref@berlin.example'").pluck().get() as number, role: 'land', land: 'BE', conferenceIds: [] }, resolutionId, true);
    recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: null, date: '2024-08-01', actor: 'BMI', kind: 'report', summary: 'Zwischenbericht', link: null, resultingStatus: 'in_progress', visibility: 'public' });
    const watchPage = await app.inject({ url: '/merkliste', cookies });
    const link = /<a href="(\/merkliste\.xlsx[^"]*)" download>/.exec(watchPage.body)![1]!.replaceAll('&amp;', '&').replaceAll('&#x3D;', '=');
    // the file of the page holds the news the page showed, although showing them marked them seen
    const watch = await sheetOf(link, cookies);
    expect(watch.sheet).toBe('Merkliste');
    expect(watch.header).toEqual(await csvHeader('/merkliste.csv', cookies));
    expect(columnOf(watch, 'Neue Folgemaßnahmen seit dem letzten Besuch')).toEqual([1]);
    expect(columnOf(watch, 'Neueste Folgemaßnahme')).toEqual(['gesamter Beschluss (alle Ziffern), 01.08.2024: Bericht des Adressaten · BMI → in Bearbeitung – Zwischenbericht']);
    expect((await app.inject('/merkliste.xlsx')).statusCode).toBe(303);
  });

  it('search results, statistics and the implementation report, for everyone', async () => {
    const search = await app.inject('/suche?q=Migrationsberatung');
    expect(search.body).toContain('<a href="/suche/export.xlsx?q&#x3D;Migrationsberatung" download>als Tabelle (Excel, LibreOffice)</a>');
    const hits = await sheetOf('/suche/export.xlsx?q=Migrationsberatung');
    expect(hits.sheet).toBe('Suchergebnisse');
    expect(hits.header).toEqual(await csvHeader('/suche/export.csv?q=Migrationsberatung'));
    expect(hits.rows.length).toBeGreaterThan(0);
    expect(new Set(columnOf(hits, 'Jahr'))).toEqual(new Set([2024]));
    expect(new Set(columnOf(hits, 'Datum').map(String))).toEqual(new Set([String(utcDate('2024-03-14'))]));
    expect(new Set(columnOf(hits, 'Veröffentlicht am').map(String))).toEqual(new Set([String(utcDate('2024-04-01'))]));
    expect(new Set(columnOf(hits, 'TOP'))).toEqual(new Set(['2.12', '3.1']));
    const nothing = await app.inject('/suche/export.xlsx');
    expect(nothing.statusCode).toBe(400);
    expect(nothing.body).toBe('Bitte geben Sie einen Suchbegriff oder einen Filter an. Es wurde keine Datei erstellt.');

    expect((await app.inject('/statistik?von=2024')).body).toContain('href="/statistik.xlsx?von&#x3D;2024"');
    const statistics = await sheetOf('/statistik.xlsx?von=2024');
    expect(statistics.header).toEqual(await csvHeader('/statistik.csv?von=2024'));
    expect(statistics.rows[0]!.slice(0, 3)).toEqual(['Konferenz', 'IntMK', 10]);
    // the share as a number (shown as a percentage), not the text "0 %"
    expect(columnOf(statistics, 'Anteil umgesetzt')).toEqual([0, 0]);
    const byConference = await sheetOf('/intmk/statistik.xlsx');
    expect(columnOf(byConference, 'Tabelle')).toEqual(expect.arrayContaining(['Nach Sitzung', 'Nach Jahr der Sitzung']));
    expect((await app.inject('/statistik.xlsx?von=zwanzig')).statusCode).toBe(400);

    const report = await app.inject('/intmk/20/umsetzungsbericht');
    expect(report.body).toContain('Herunterladen: <a href="/intmk/20/umsetzungsbericht.xlsx" download>als Tabelle (Excel, LibreOffice)</a> · <a href="/intmk/20/umsetzungsbericht.csv" download>als CSV</a> · <a href="/intmk/20/umsetzungsbericht.docx" download>');
    const reportSheet = await sheetOf('/intmk/20/umsetzungsbericht.xlsx');
    expect(reportSheet.header).toEqual(await csvHeader('/intmk/20/umsetzungsbericht.csv'));
    expect(new Set(columnOf(reportSheet, 'TOP'))).toEqual(new Set(['2.12', '3.1']));
    expect(columnOf(reportSheet, 'Letzte Folgemaßnahme (Datum)')).toContainEqual(utcDate('2024-07-01'));
    // the CSV file names the TOP with its word, as the other lists do: a bare "2.12" opens as a date
    const csvTops = (await app.inject('/intmk/20/umsetzungsbericht.csv')).body.split('\r\n').slice(1).filter(Boolean).map((line) => line.split(';')[0]);
    expect(new Set(csvTops)).toEqual(new Set(['TOP 2.12', 'TOP 3.1']));
    expect((await app.inject('/intmk/20/umsetzungsbericht.xlsx?stand=gestern')).statusCode).toBe(400);
  });

  it('the secretariat\'s TOP list and the audit log', async () => {
    await createUser(connection.db, TEST_ACTOR, { email: 'sek@bund.example', name: 'Sekretariat', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
    await createUser(connection.db, TEST_ACTOR, { email: 'admin@bund.example', name: 'Administration', role: 'admin', password: PASSWORD });
    const secretariat = await login(app, 'sek@bund.example', PASSWORD);
    const meetingId = connection.sqlite.prepare('select meeting_id from resolutions where id = ?').pluck().get(resolutionId) as number;
    const page = await app.inject({ url: `/verwaltung/sitzungen/${meetingId}`, cookies: secretariat });
    expect(page.body).toContain(`href="/verwaltung/sitzungen/${meetingId}/tops.xlsx" download>`);
    const tops = await sheetOf(`/verwaltung/sitzungen/${meetingId}/tops.xlsx`, secretariat);
    expect(tops.header).toEqual(await csvHeader(`/verwaltung/sitzungen/${meetingId}/tops.csv`, secretariat));
    expect(columnOf(tops, 'TOP')).toEqual(['2.12', '3.1']);
    expect(columnOf(tops, 'Veröffentlicht am')).toEqual([utcDate('2024-04-01'), utcDate('2024-04-01')]);
    expect(columnOf(tops, 'Folgemaßnahmen')).toEqual([1, 0]);

    // the audit log as well (written on a worker thread: test/integration/audit-spreadsheet.test.ts)
    const admin = await login(app, 'admin@bund.example', PASSWORD);
    const log = await app.inject({ url: '/verwaltung/protokoll?typ=user', cookies: admin });
    expect(log.body).toContain('href="/verwaltung/protokoll.xlsx?typ&#x3D;user" download>Tabelle (Excel, LibreOffice)');
    const entries = await sheetOf('/verwaltung/protokoll.xlsx?typ=user', admin);
    expect(entries.sheet).toBe('Änderungsprotokoll');
    expect(entries.header).toEqual(await csvHeader('/verwaltung/protokoll.csv', admin));
    const csv = (await app.inject({ url: '/verwaltung/protokoll.csv?typ=user', cookies: admin })).body.slice(1).trim().split('\r\n');
    expect(entries.rows).toHaveLength(csv.length - 1);
    expect(new Set(columnOf(entries, 'Objekt'))).toEqual(new Set(['Benutzerkonto']));
    expect(columnOf(entries, 'Aktion')).toContain('Konto angelegt');
    // newest first, as the page and the CSV
    const times = columnOf(entries, 'Zeitpunkt (UTC)').map(String);
    expect(times).toEqual([...times].sort().reverse());
    const refused = await app.inject({ url: '/verwaltung/protokoll.xlsx?von=gestern', cookies: admin });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toBe('„gestern“ ist kein gültiges Datum. Bitte im Format TT.MM.JJJJ angeben. Es wurde keine Datei erstellt.');
    expect((await app.inject({ url: '/verwaltung/protokoll.xlsx', cookies: secretariat })).statusCode).toBe(403);
  });
});

describe('the spreadsheet writer', () => {
  it('types cells after their column and writes what does not fit its type as text', () => {
    expect(spreadsheetCell({ header: 'Datum', type: 'date' }, '2024-02-29')).toMatchObject({ value: utcDate('2024-02-29'), type: Date });
    // no date that does not exist, nothing else read as one
    expect(spreadsheetCell({ header: 'Datum', type: 'date' }, '2023-02-29')).toBe('2023-02-29');
    expect(spreadsheetCell({ header: 'Titel' }, '2024-02-29')).toBe('2024-02-29');
    expect(spreadsheetCell({ header: 'Zahl' }, 12)).toEqual({ value: 12, type: Number });
    expect(spreadsheetCell({ header: 'Titel' }, '')).toBeNull();
    expect(spreadsheetCell({ header: 'Titel' }, null)).toBeNull();
  });

  it('keeps a text within what a cell holds, drops what XML cannot carry, and names the sheet as spreadsheets allow', async () => {
    const long = 'x'.repeat(40_000);
    const file = await xlsxFile('Liste: [alle]/Ziffern?*', [{ header: 'Text' }, { header: 'Anteil', type: 'percent' }], [[`Steuer\u0001zeichen ${long}`, 0.425]]);
    const [sheet] = await readXlsxFile(file);
    expect(sheet!.sheet).toBe('Liste   alle  Ziffern');
    const cell = sheet!.data[1]![0] as string;
    expect(cell.length).toBe(32_767);
    expect(cell.startsWith('Steuerzeichen xxx')).toBe(true);
    expect(cell.endsWith('…')).toBe(true);
    expect(sheet!.data[1]![1]).toBe(0.425);
    // the header row stays in view, bold; the share is shown as a percentage
    const parts = unzipSync(new Uint8Array(file));
    expect(strFromU8(parts['xl/worksheets/sheet1.xml']!)).toContain('state="frozen"');
    expect(strFromU8(parts['xl/styles.xml']!)).toContain('formatCode="0.0 %"');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
    expect(sheetName('///')).toBe('Tabelle');
  });
});
