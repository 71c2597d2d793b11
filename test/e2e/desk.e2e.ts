/**
 * The secretariat's day after a conference, in a real browser: a 40-TOP collection is imported,
 * a TOP corrected (a Ziffer added and one removed in one save, back to the meeting's list),
 * two versions compared, the whole meeting released in one step, the implementation report
 * downloaded as .docx (opened in LibreOffice where it is installed), and the lists download with
 * the rows their pages show (the dashboard also as a spreadsheet file, opened in LibreOffice Calc
 * where it is installed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import { readDocx } from '../docx.js';
import { expectAccessible, openPage, useBrowser } from './browser.js';

const baseUrl = inject('baseUrl');
const secretariat = inject('secretariat');

const session = useBrowser();
let tmp: string;

/** LibreOffice Calc, where installed (Debian's libreoffice-calc-nogui). */
const LIBREOFFICE_CALC = '/usr/lib/libreoffice/program/libsclo.so';

/** A Beschlusssammlung of the (invented) 19th IntMK 2024 with 40 TOPs, as pasted text. */
function collectionText(count: number): string {
  const tops = Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return [
      `TOP 3.${n}`,
      '',
      `Sammelbeschluss Nummer ${n} zur Integration`,
      '',
      'Antragsteller: Berlin, Hamburg, Bremen',
      '',
      'Die IntMK hat einstimmig beschlossen:',
      '',
      `1. Die IntMK bittet den Bund, das Programm ${n} fortzuführen.`,
      '',
      `2. Die Länder begrüßen die Arbeit der Beratungsstellen im Bereich ${n}.`,
      '',
      `3. Die IntMK bittet die Bundesregierung, zur nächsten Sitzung über den Stand ${n} zu berichten.`,
      '',
    ].join('\n');
  });
  return ['19. Integrationsministerkonferenz 2024', '', 'am 18. und 19. April 2024 in Berlin', '', '', ...tops].join('\n');
}

/** CSV data records (without BOM and header); quoted fields may hold line breaks. */
function csvRecords(body: string): string[] {
  const records: string[] = [];
  let current = '';
  for (const line of body.replace(/^\uFEFF/, '').split('\r\n')) {
    current = current === '' ? line : `${current}\r\n${line}`;
    if ((current.match(/"/g)?.length ?? 0) % 2 === 0) {
      if (current !== '') records.push(current);
      current = '';
    }
  }
  return records.slice(1);
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'bm-e2e-desk-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('the secretariat after a conference', () => {
  test('imports 40 TOPs, corrects one, compares versions, releases the meeting and downloads the report and lists', async () => {
    const { page, problems } = await openPage(session, `${baseUrl}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill(secretariat.email);
    await page.getByLabel('Passwort').fill(secretariat.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${baseUrl}/verwaltung`);

    // import the collection
    await page.goto(`${baseUrl}/verwaltung/import`);
    await page.getByLabel('… oder Text einfügen').fill(collectionText(40));
    await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    await page.waitForURL(`${baseUrl}/verwaltung/import/vorschau`);
    expect(await page.locator('.import-item').count()).toBe(40);
    // the hint on the counts stands close below them and apart from the formula's label after it;
    // the Ziffern's rows keep off their fieldset's border
    const item = page.locator('.import-item').first();
    const box = async (selector: string) => (await item.locator(selector).first().boundingBox())!;
    const counts = await box('[id$="_abstain"]');
    const hint = await box('.counts-hint');
    const formula = await box('label[for$="_formula"]');
    const demands = await box('.import-demands');
    const demandRow = await box('.import-demand');
    const belowCounts = hint.y - (counts.y + counts.height);
    const aboveFormula = formula.y - (hint.y + hint.height);
    expect(aboveFormula).toBeGreaterThanOrEqual(12);
    expect(belowCounts).toBeLessThan(aboveFormula);
    expect(demandRow.x - demands.x).toBeGreaterThanOrEqual(8);
    await page.getByRole('button', { name: 'Import bestätigen und speichern' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Import gespeichert');

    // the meeting as the unit of work
    await page.goto(`${baseUrl}/verwaltung`);
    await page.getByRole('link', { name: 'TOPs und Freigabe (19. IntMK 2024)' }).click();
    const meetingUrl = page.url();
    expect(await page.locator('table.meeting-items tbody tr').count()).toBe(40);
    await expectAccessible(page, 'meeting-workspace');

    // correct TOP 3.7: a new title, Ziffer 2 removed and a Ziffer 4 added, in one save
    await page.getByRole('link', { name: 'Sammelbeschluss Nummer 7 zur Integration' }).click();
    expect(await page.locator('h1').innerText()).toBe('TOP 3.7 bearbeiten');
    await expectAccessible(page, 'edit-top');
    await page.getByLabel('Titel', { exact: true }).fill('Sammelbeschluss Nummer 7 zur Integration (berichtigt)');
    await page.locator('fieldset.demand-edit', { hasText: 'Ziffer 2' }).getByLabel('Diese Ziffer löschen').check();
    const fresh = page.locator('fieldset.demand-edit', { hasText: 'Neue Ziffer' });
    await fresh.getByLabel('Nummer').fill('4');
    await fresh.getByLabel('Text', { exact: true }).fill('Die IntMK bittet die Länder, gemeinsam über die Beratung zu berichten.');
    await page.getByRole('button', { name: 'Speichern' }).last().click();
    await page.waitForURL((url) => url.href.startsWith(meetingUrl.split('#')[0]!));
    expect(await page.locator('table.meeting-items').innerText()).toContain('Sammelbeschluss Nummer 7 zur Integration (berichtigt)');

    // release the whole meeting in one step
    await page.getByLabel('Freigabedatum (bei „öffentlich“)').fill('10.05.2024');
    await page.getByRole('button', { name: 'Sitzung veröffentlichen (alle TOPs öffentlich)' }).click();
    // it asks first, naming what becomes public
    expect(await page.locator('h1').innerText()).toBe('19. IntMK 2024 veröffentlichen?');
    await expectAccessible(page, 'publish-confirm');
    await page.getByRole('button', { name: 'Ja, 40 TOPs veröffentlichen' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('Der Freigabestatus von 40 TOPs wurde geändert.');
    const anonymous = await fetch(`${baseUrl}/intmk/19`);
    expect(anonymous.status).toBe(200);

    // two versions compared
    const top = await openPage(session, `${baseUrl}/intmk/19/top/3.7`);
    expect(await top.page.locator('#fassungen').count()).toBe(1);
    await top.page.getByRole('link', { name: 'Zwei Fassungen vergleichen' }).click();
    await top.page.getByLabel('Ältere Fassung').selectOption('1');
    await top.page.getByLabel('Neuere Fassung').selectOption('2');
    await top.page.getByRole('button', { name: 'Vergleichen' }).click();
    const diff = top.page.locator('dl.version-diff');
    expect(await diff.locator('ins').first().innerText()).toContain('(berichtigt)');
    expect(await diff.innerText()).toContain('Ziffer 2');
    expect(await diff.innerText()).toContain('Ziffer 4');
    await expectAccessible(top.page, 'versions');

    // the implementation report as Word
    const report = await openPage(session, `${baseUrl}/intmk/19/umsetzungsbericht`);
    const [download] = await Promise.all([report.page.waitForEvent('download'), report.page.getByRole('link', { name: 'als Word-Dokument (.docx)' }).click()]);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    // the name says the day of the state it shows: two downloads of different days differ
    expect(download.suggestedFilename()).toMatch(/^Umsetzungsbericht-IntMK-19-Stand-\d{4}-\d{2}-\d{2}\.docx$/);
    const { text } = readDocx(readFileSync(file));
    expect(text).toContain('TOP 3.40: Sammelbeschluss Nummer 40 zur Integration');
    expect(text).toContain('/intmk/19/umsetzungsbericht');
    if (existsSync('/usr/bin/libreoffice')) {
      const converted = spawnSync('/usr/bin/libreoffice', ['--headless', '--convert-to', 'pdf', '--outdir', tmp, file], { encoding: 'utf8', timeout: 120_000 });
      expect(converted.status, converted.stderr).toBe(0);
      expect(readFileSync(path.join(tmp, download.suggestedFilename().replace(/\.docx$/, '.pdf'))).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }

    // every list downloads with the rows its page shows
    const lists: { page: string; rows: string; csv: string }[] = [
      { page: meetingUrl.split('#')[0]!, rows: 'table.meeting-items tbody tr', csv: `${meetingUrl.split('#')[0]!}/tops.csv` },
      { page: `${baseUrl}/berichtsauftraege`, rows: 'tr[data-demand]', csv: `${baseUrl}/berichtsauftraege.csv` },
      { page: `${baseUrl}/dashboard?land=BE`, rows: 'tr[data-demand]', csv: `${baseUrl}/dashboard.csv?land=BE` },
    ];
    for (const list of lists) {
      await page.goto(list.page);
      const shown = await page.locator(list.rows).count();
      const response = await page.request.get(list.csv);
      expect(response.headers()['content-type'], list.csv).toBe('text/csv; charset=utf-8');
      expect(csvRecords(await response.text()), list.csv).toHaveLength(shown);
    }
    // the dashboard as a spreadsheet file, by the link a user clicks: the rows of the page, a date a
    // date, the TOP text; LibreOffice Calc (where installed) opens it with the same rows
    await page.goto(`${baseUrl}/dashboard?land=BE`);
    const dashboardShown = await page.locator('tr[data-demand]').count();
    const [spreadsheet] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tabelle (Excel, LibreOffice) (Länder-Übersicht: nicht abgeschlossene Forderungen an den Bund)' }).click()]);
    expect(spreadsheet.suggestedFilename()).toMatch(/^dashboard-be-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const xlsx = path.join(tmp, spreadsheet.suggestedFilename());
    await spreadsheet.saveAs(xlsx);
    const [sheet] = await readXlsxFile(readFileSync(xlsx));
    const [header, ...sheetRows] = sheet!.data;
    expect(sheetRows).toHaveLength(dashboardShown);
    const column = (name: string) => sheetRows.map((row) => row[header!.indexOf(name)]);
    expect(column('Sitzungsdatum').every((value) => value instanceof Date)).toBe(true);
    expect(column('TOP').every((value) => typeof value === 'string' && /^\d+(\.\d+)*$/.test(value))).toBe(true);
    if (existsSync(LIBREOFFICE_CALC)) {
      // Calc's own reading, written out as CSV: semicolons, UTF-8, text quoted, dates as Calc formats them
      const converted = spawnSync('/usr/bin/libreoffice', ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):59,34,76,1,,1031,true,true', '--outdir', tmp, xlsx], { encoding: 'utf8', timeout: 120_000 });
      expect(converted.status, converted.stderr).toBe(0);
      const lines = readFileSync(xlsx.replace(/\.xlsx$/, '.csv'), 'utf8').split('\n').filter((line) => line !== '');
      expect(lines[0]!.split(';').slice(0, 4)).toEqual(['"Konferenz"', '"Sitzung"', '"Sitzungsdatum"', '"TOP"']);
      expect(lines).toHaveLength(dashboardShown + 1);
      // a date cell (unquoted, as Calc shows it), the TOP as text (quoted), never a date
      expect(lines.slice(1).every((line) => /^"[^"]*";"[^"]*";\d{2}\.\d{2}\.\d{4};"\d+(\.\d+)*";/.test(line))).toBe(true);
    }

    await page.goto(`${baseUrl}/intmk/statistik`);
    const meetingsShown = await page.locator('section[aria-labelledby="nach-sitzung"] table.status-table tbody tr').count();
    const statistics = csvRecords(await (await page.request.get(`${baseUrl}/intmk/statistik.csv`)).text());
    expect(statistics.filter((r) => r.startsWith('Nach Sitzung;'))).toHaveLength(meetingsShown);
    expect([...problems, ...top.problems, ...report.problems]).toEqual([]);
  });
});
