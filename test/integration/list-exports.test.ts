/**
 * Every list downloads as CSV (UTF-8 with BOM, semicolons, German headers) and JSON with the rows
 * its page shows, for the same filter and viewer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, loginAs as login, seedDocument, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { addDays, todayIso } from '../../src/domain/dates.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';

/** The data lines of a CSV download (without BOM and header), and its header. */
function csvOf(body: string): { header: string; lines: string[] } {
  expect(body.startsWith('\uFEFF')).toBe(true);
  // quoted fields may hold line breaks; records end with CRLF before the next unquoted start
  const records: string[] = [];
  let current = '';
  let quoted = false;
  for (const line of body.slice(1).split('\r\n')) {
    current = current === '' ? line : `${current}\r\n${line}`;
    quoted = (current.match(/"/g)?.length ?? 0) % 2 === 1;
    if (!quoted) {
      records.push(current);
      current = '';
    }
  }
  const [header = '', ...lines] = records.filter((r) => r !== '');
  return { header, lines };
}

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  const seed = seedDocument().resolutions[0]!;
  const today = todayIso();
  importDocument(
    connection.db,
    TEST_ACTOR,
    {
      warnings: [],
      resolutions: [
        { ...seed, meeting: { ...seed.meeting, number: 20, year: 2024, startDate: '2024-03-14', endDate: null }, demands: seed.demands.map((d, i) => ({ ...d, addressees: ['bund'], dueDate: i === 0 ? addDays(today, -30) : i === 1 ? addDays(today, 10) : null })) },
        { ...seed, agendaItem: '3.1', title: '=HYPERLINK("http://evil.example") als Titel', meeting: { ...seed.meeting, number: 20, year: 2024, startDate: '2024-03-14', endDate: null }, demands: seed.demands.map((d) => ({ ...d, addressees: ['bund'], dueDate: addDays(today, -5) })) },
      ],
    },
    { source: 'Test', release: 'public', releasedOn: '2024-04-01' },
  );
  await createUser(connection.db, TEST_ACTOR, { email: 'ref@berlin.example', name: 'Referat Berlin', role: 'land', land: 'BE', password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

describe('list downloads', () => {
  it('Berichtsaufträge, Länder dashboard and watch list download the rows of their pages', async () => {
    const cookies = await login(app, 'ref@berlin.example', PASSWORD);

    const reports = await app.inject({ url: '/berichtsauftraege', cookies });
    expect(reports.body).toContain('href="/berichtsauftraege.csv"');
    const reportRows = [...reports.body.matchAll(/<tr data-demand="/g)].length;
    const reportsCsv = csvOf((await app.inject({ url: '/berichtsauftraege.csv', cookies })).body);
    expect(reportsCsv.header).toBe('Liste;Fällig am;Tage überfällig;Konferenz;Sitzung;TOP;Titel;Ziffer;Umsetzungsstand;Freigabe;Adresse');
    expect(reportsCsv.lines.length).toBeGreaterThan(0);
    expect(reportsCsv.lines).toHaveLength(reportRows);
    expect(reportsCsv.lines.some((line) => line.includes('HYPERLINK'))).toBe(true);
    // the TOP as text: German Excel opens a bare "2.12" or "3.1" as a date (2 December, 3 January)
    const topColumn = reportsCsv.header.split(';').indexOf('TOP');
    expect(new Set(reportsCsv.lines.map((line) => line.split(';')[topColumn]))).toEqual(new Set(['TOP 2.12', 'TOP 3.1']));
    const reportsJson = (await app.inject({ url: '/berichtsauftraege.json?konferenz=intmk', cookies })).json();
    expect(reportsJson.total).toBe(reportRows);
    expect(reportsJson.conference).toBe('intmk');
    expect(reportsJson.rows[0]).toHaveProperty('dueDate');
    expect(reportsJson.rows.map((row: { agendaItem: string }) => row.agendaItem)).toContain('2.12'); // JSON keeps the bare TOP

    const dashboard = await app.inject({ url: '/dashboard', cookies });
    const dashboardRows = [...dashboard.body.matchAll(/<tr data-demand="/g)].length;
    expect(dashboardRows).toBeGreaterThan(0);
    expect(dashboard.body).toContain('href="/dashboard.csv"');
    const dashboardCsv = csvOf((await app.inject({ url: '/dashboard.csv', cookies })).body);
    expect(dashboardCsv.header.split(';').slice(0, 3)).toEqual(['Konferenz', 'Sitzung', 'Sitzungsdatum']);
    expect(dashboardCsv.lines).toHaveLength(dashboardRows);
    expect(dashboardCsv.lines.every((line) => /^[^;]*;[^;]*;[^;]*;TOP (2\.12|3\.1);/.test(line))).toBe(true);
    expect((await app.inject({ url: '/dashboard.json?sortierung=stille', cookies })).json().rows).toHaveLength(dashboardRows);
    // another Land's dashboard stays closed to a land user, as the page does
    expect((await app.inject({ url: '/dashboard.csv?land=BY', cookies })).statusCode).toBe(403);

    const resolutionId = connection.sqlite.prepare("select id from resolutions where agenda_item = '2.12'").pluck().get() as number;
    const page = await app.inject({ url: '/intmk/20/top/2.12', cookies });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    await app.inject({ method: 'POST', url: '/beobachten', cookies, payload: { _csrf: token, resolution: String(resolutionId), action: 'watch' } });
    const watchPage = await app.inject({ url: '/merkliste', cookies });
    const watchRows = [...watchPage.body.matchAll(/<section class="watch-item"/g)].length;
    expect(watchRows).toBe(1);
    const watchCsv = csvOf((await app.inject({ url: '/merkliste.csv', cookies })).body);
    expect(watchCsv.header).toBe('Beobachtet;Titel;Umsetzungsstand;Neue Folgemaßnahmen seit dem letzten Besuch;Neueste Folgemaßnahme;Adresse');
    expect(watchCsv.lines).toHaveLength(watchRows);
    expect(watchCsv.lines[0]).toContain('20. IntMK 2024, TOP 2.12');
    // where the watched TOP stands now, Ziffer by Ziffer, without a change to tell it
    const numbers = connection.sqlite.prepare('select number from demands where resolution_id = ? order by position').pluck().all(resolutionId) as string[];
    expect(watchCsv.lines[0]!.split(';')[2]).toBe(numbers.map((n) => `Ziffer ${n}: offen`).join(', '));
    // the newest of the new follow-ups (the list shows them newest first)
    for (const summary of ['Der ältere Bericht', 'Der neuere Bericht']) {
      recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: null, date: '2024-07-01', actor: 'BMI', kind: 'response', summary, link: null, resultingStatus: null, visibility: 'public' });
    }
    let watchJson = (await app.inject({ url: '/merkliste.json', cookies })).json();
    // who acted, as the page names it
    expect(watchJson.rows.map((row: { changes: number; latest: string }) => [row.changes, row.latest])).toEqual([[2, 'gesamter Beschluss (alle Ziffern), 01.07.2024: Stellungnahme des Bundes · BMI – Der neuere Bericht']]);
    // an internal follow-up is marked, and a watched Ziffer shows its own status
    const demandId = connection.sqlite.prepare('select id from demands where resolution_id = ? and number = ?').pluck().get(resolutionId, numbers[0]) as number;
    recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId, date: '2024-08-01', actor: 'BMI', kind: 'report', summary: 'Interner Zwischenstand', link: null, resultingStatus: 'in_progress', visibility: 'internal' });
    await app.inject({ method: 'POST', url: '/beobachten', cookies, payload: { _csrf: token, resolution: String(resolutionId), demand: String(demandId), action: 'watch' } });
    watchJson = (await app.inject({ url: '/merkliste.json', cookies })).json();
    expect(watchJson.rows.map((row: { label: string; status: string }) => [row.label, row.status])).toEqual([
      [`20. IntMK 2024, TOP 2.12, Ziffer ${numbers[0]}`, 'in Bearbeitung'],
      ['20. IntMK 2024, TOP 2.12', numbers.map((n, i) => `Ziffer ${n}: ${i === 0 ? 'in Bearbeitung' : 'offen'}`).join(', ')],
    ]);
    expect(watchJson.rows[1].latest).toBe('Ziffer 1, 01.08.2024: Bericht des Adressaten · BMI · intern → in Bearbeitung – Interner Zwischenstand');
    expect((await app.inject('/merkliste.csv')).statusCode).toBe(303);
  });

  it('refuses a download for an unknown filter, sort or page with the German message the page shows as a notice', async () => {
    await createUser(connection.db, TEST_ACTOR, { email: 'sek@bund.example', name: 'Sekretariat', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
    const cookies = await login(app, 'sek@bund.example', PASSWORD);
    const cases: { page: string; file: string; notice: string; refusal: string }[] = [
      { page: '/dashboard?land=XX', file: '/dashboard.csv?land=XX', notice: '„XX“ ist kein Land.', refusal: '„XX“ ist kein Land. Bitte geben Sie eines der 16 Länder an. Es wurde keine Datei erstellt.' },
      { page: '/dashboard', file: '/dashboard.json', notice: 'Bitte wählen Sie ein Land aus.', refusal: 'Bitte geben Sie ein Land an. Es wurde keine Datei erstellt.' },
      { page: '/dashboard?land=BE&sortierung=laut', file: '/dashboard.csv?land=BE&sortierung=laut', notice: 'Die Sortierung „laut“ gibt es nicht', refusal: 'Die Sortierung „laut“ gibt es nicht. Es wurde keine Datei erstellt.' },
      { page: '/dashboard?land=BE&seite=zwei', file: '/dashboard.csv?land=BE&seite=zwei', notice: '„zwei“ ist keine Seitenzahl', refusal: '„zwei“ ist keine Seitenzahl. Es wurde keine Datei erstellt.' },
      { page: '/berichtsauftraege?konferenz=xyzmk', file: '/berichtsauftraege.csv?konferenz=xyzmk', notice: 'Eine Konferenz „xyzmk“ gibt es nicht', refusal: 'Eine Konferenz „xyzmk“ gibt es nicht. Es wurde keine Datei erstellt.' },
      { page: '/suche?konferenz=xyzmk', file: '/suche/export.csv?konferenz=xyzmk', notice: 'Der Filter Konferenz „xyzmk“ ist unbekannt', refusal: 'Der Filter Konferenz „xyzmk“ ist unbekannt. Es wurde keine Datei erstellt.' },
      { page: '/suche?umsetzung=fertig', file: '/suche/export.json?umsetzung=fertig', notice: 'Der Filter Umsetzungsstand „fertig“ ist unbekannt', refusal: 'Der Filter Umsetzungsstand „fertig“ ist unbekannt. Es wurde keine Datei erstellt.' },
      { page: '/suche?land=XX', file: '/suche/export.csv?land=XX', notice: 'Der Filter Antragstellendes Land „XX“ ist unbekannt', refusal: 'Der Filter Antragstellendes Land „XX“ ist unbekannt. Es wurde keine Datei erstellt.' },
      { page: '/suche?sortierung=laut', file: '/suche/export.csv?sortierung=laut', notice: 'Die Sortierung „laut“ gibt es nicht', refusal: 'Die Sortierung „laut“ gibt es nicht. Es wurde keine Datei erstellt.' },
    ];
    for (const { page, file, notice, refusal } of cases) {
      const shown = await app.inject({ url: page, cookies });
      expect(shown.statusCode, page).toBe(200);
      expect(shown.body.replaceAll('&#x27;', "'"), page).toContain(notice);
      const refused = await app.inject({ url: file, cookies });
      expect(refused.statusCode, file).toBe(400);
      expect(refused.headers['content-type'], file).toBe('text/plain; charset=utf-8');
      expect(refused.body, file).toBe(refusal);
    }
    // valid filters still download
    expect((await app.inject({ url: '/dashboard.csv?land=BE&sortierung=stille', cookies })).statusCode).toBe(200);
    expect((await app.inject({ url: '/berichtsauftraege.csv?konferenz=intmk', cookies })).statusCode).toBe(200);
    expect((await app.inject({ url: '/suche/export.csv?konferenz=intmk&land=BE&umsetzung=open&sortierung=datum', cookies })).statusCode).toBe(200);
  });

  it('refuses every other download with a bad date, year or no Land the same way: 400, text/plain, the German message', async () => {
    await createUser(connection.db, TEST_ACTOR, { email: 'admin@bund.example', name: 'Administration', role: 'admin', password: PASSWORD });
    const admin = await login(app, 'admin@bund.example', PASSWORD);
    const berlin = await login(app, 'ref@berlin.example', PASSWORD);
    const date = (value: string) => `Angabe „stand“: „${value}“ ist kein gültiges Datum. Bitte im Format TT.MM.JJJJ angeben. Es wurde keine Datei erstellt.`;
    const cases: { file: string; cookies?: Record<string, string>; refusal: string }[] = [
      { file: '/statistik.csv?von=zwanzig', refusal: 'Angabe „von“: „zwanzig“ ist keine gültige Jahreszahl. Bitte eine vierstellige Jahreszahl angeben. Es wurde keine Datei erstellt.' },
      { file: '/intmk/statistik.json?stand=gestern', refusal: date('gestern') },
      { file: '/intmk/20/umsetzungsbericht.csv?stand=gestern', refusal: date('gestern') },
      { file: '/intmk/20/umsetzungsbericht.docx?stand=31.02.2024', refusal: date('31.02.2024') },
      { file: '/intmk/20/top/2.12/beschluss.docx?stand=morgen', refusal: date('morgen') },
      { file: '/suche/feed.atom?q=Migration&land=XX', refusal: 'Der Filter Antragstellendes Land „XX“ ist unbekannt. Es wurde keine Datei erstellt.' },
      // neither a search word nor a filter: nothing was asked for, no empty file or feed
      { file: '/suche/export.csv', refusal: 'Bitte geben Sie einen Suchbegriff oder einen Filter an. Es wurde keine Datei erstellt.' },
      { file: '/suche/export.json?q=', refusal: 'Bitte geben Sie einen Suchbegriff oder einen Filter an. Es wurde keine Datei erstellt.' },
      { file: '/suche/feed.atom?q=-Kita', refusal: 'Bitte geben Sie einen Suchbegriff oder einen Filter an. Es wurde keine Datei erstellt.' },
      // the log's download kept every entry when a date filter was not one (the page says it leaves it out)
      { file: '/verwaltung/protokoll.csv?von=gestern', cookies: admin, refusal: '„gestern“ ist kein gültiges Datum. Bitte im Format TT.MM.JJJJ angeben. Es wurde keine Datei erstellt.' },
      { file: '/verwaltung/protokoll.json?von=2024-05-01&bis=2024-04-01', cookies: admin, refusal: 'Das Enddatum liegt vor dem Anfangsdatum. Es wurde keine Datei erstellt.' },
    ];
    for (const { file, cookies, refusal } of cases) {
      const refused = await app.inject({ url: file, cookies });
      expect(refused.statusCode, file).toBe(400);
      expect(refused.headers['content-type'], file).toBe('text/plain; charset=utf-8');
      expect(refused.headers['content-disposition'], file).toBeUndefined();
      expect(refused.body, file).toBe(refusal);
    }
    expect((await app.inject({ url: '/verwaltung/protokoll.csv?von=01.01.2024', cookies: admin })).statusCode).toBe(200);
    expect((await app.inject('/suche/feed.atom?konferenz=intmk')).statusCode).toBe(200);
    // a Länder account without a Land (an old or damaged account) gets no empty file either
    connection.sqlite.prepare("update users set land = null where email = 'ref@berlin.example'").run();
    const noLand = await app.inject({ url: '/dashboard.csv', cookies: berlin });
    expect(noLand.statusCode).toBe(400);
    expect(noLand.body).toBe('Ihrem Konto ist kein Land zugeordnet. Bitte wenden Sie sich an die Verwaltung. Es wurde keine Datei erstellt.');
  });

  it('the search API refuses unknown filter values and bad years or dates with 400 and the German message, as the downloads do', async () => {
    const cases: [string, string][] = [
      ['land=XX', 'Der Filter Antragstellendes Land „XX“ ist unbekannt.'],
      ['konferenz=xyzmk', 'Der Filter Konferenz „xyzmk“ ist unbekannt.'],
      ['umsetzung=fertig', 'Der Filter Umsetzungsstand „fertig“ ist unbekannt.'],
      ['von=zwanzig', 'Angabe „von“: „zwanzig“ ist keine gültige Jahreszahl. Bitte eine vierstellige Jahreszahl angeben.'],
      ['stand=gestern', 'Angabe „stand“: „gestern“ ist kein gültiges Datum. Bitte als JJJJ-MM-TT (z. B. 2018-01-01) oder TT.MM.JJJJ angeben.'],
      ['land=XX&ergebnis=vielleicht', 'Der Filter Antragstellendes Land „XX“ ist unbekannt. Der Filter Ergebnis „vielleicht“ ist unbekannt.'],
    ];
    for (const [query, message] of cases) {
      const refused = await app.inject(`/api/v1/search?q=Migrationsberatung&${query}`);
      expect(refused.statusCode, query).toBe(400);
      expect(refused.headers['content-type'], query).toMatch(/^application\/json/);
      expect(refused.json(), query).toEqual({ statusCode: 400, error: 'Ungültige Anfrage', message });
    }
    const found = await app.inject('/api/v1/search?q=Migrationsberatung&land=be&umsetzung=open&stand=01.01.2025');
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ notices: [] });
    expect(found.json().total).toBeGreaterThan(0);
    // statuses as of a day before the resolutions: none was open yet
    expect((await app.inject('/api/v1/search?q=Migrationsberatung&umsetzung=open&stand=01.01.2020')).json().total).toBe(0);
  });

  it('statistics tables download with the page filter, for everyone', async () => {
    const overview = await app.inject('/statistik?von=2024&bis=2024');
    expect(overview.body.replaceAll('&#x3D;', '=')).toContain('href="/statistik.csv?von=2024&amp;bis=2024"');
    const csv = csvOf((await app.inject('/statistik.csv?von=2024&bis=2024')).body);
    expect(csv.header).toBe('Tabelle;Zeile;offen;in Bearbeitung;teilweise umgesetzt;umgesetzt;abgelehnt;erledigt / gegenstandslos;Ziffern insgesamt;Anteil umgesetzt');
    expect(csv.lines).toHaveLength(2);
    expect(csv.lines[0]).toMatch(/^Konferenz;IntMK;10;0;0;0;0;0;10;0 %$/);
    expect(csvOf((await app.inject('/statistik.csv?von=2030')).body).lines[0]).toMatch(/;0;0 %$/);
    expect((await app.inject('/statistik.csv?von=zwanzig')).statusCode).toBe(400);
    const conference = csvOf((await app.inject('/intmk/statistik.csv')).body);
    expect(conference.lines.map((line) => line.split(';')[0])).toEqual(expect.arrayContaining(['Nach Sitzung', 'Nach Jahr der Sitzung', 'Nach Antragsteller-Land', 'Nach Adressat']));
    const json = (await app.inject('/intmk/statistik.json')).json();
    expect(json.rows.at(-1)).toMatchObject({ label: 'IntMK', total: 10 });
  });
});
