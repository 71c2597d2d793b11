/**
 * The administration's audit log as a spreadsheet file, in a real browser against the built
 * server (`node dist/server.js`): the link a user clicks downloads the file written on the worker
 * thread beside the bundle (dist/spreadsheet-worker.js), with the rows and the header of the CSV;
 * LibreOffice Calc (where installed) opens it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import readXlsxFile from 'read-excel-file/node';
import { openPage, useBrowser } from './browser.js';

const baseUrl = inject('baseUrl');
const admin = inject('admin');

/** LibreOffice Calc, where installed (Debian's libreoffice-calc-nogui). */
const LIBREOFFICE_CALC = '/usr/lib/libreoffice/program/libsclo.so';

const session = useBrowser();
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'beschlussmonitor-e2e-audit-'));
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the audit log as a spreadsheet file', () => {
  test('downloads by its link with the CSV\'s header and rows, and opens in Calc', async () => {
    const { page, problems } = await openPage(session, `${baseUrl}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill(admin.email);
    await page.getByLabel('Passwort').fill(admin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL((url) => url.pathname !== '/anmelden');
    await page.goto(`${baseUrl}/verwaltung/protokoll?typ=user`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tabelle (Excel, LibreOffice) (Änderungsprotokoll)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^aenderungsprotokoll-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const xlsx = path.join(tmp, download.suggestedFilename());
    await download.saveAs(xlsx);
    const [sheet] = await readXlsxFile(readFileSync(xlsx));
    const [header, ...rows] = sheet!.data;
    const csv = (await (await page.request.get(`${baseUrl}/verwaltung/protokoll.csv?typ=user`)).text()).slice(1).split('\r\n').filter((line) => line !== '');
    expect(header).toEqual(csv[0]!.split(';'));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row[header!.indexOf('Objekt')] === 'Benutzerkonto')).toBe(true);
    if (existsSync(LIBREOFFICE_CALC)) {
      const converted = spawnSync('/usr/bin/libreoffice', ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):59,34,76,1,,1031,true,true', '--outdir', tmp, xlsx], { encoding: 'utf8', timeout: 120_000 });
      expect(converted.status, converted.stderr).toBe(0);
      const lines = readFileSync(xlsx.replace(/\.xlsx$/, '.csv'), 'utf8').split('\n').filter((line) => line !== '');
      expect(lines[0]!.split(';').slice(0, 3)).toEqual(['"Zeitpunkt (UTC)"', '"Zeitpunkt (deutsche Zeit)"', '"Wer"']);
      // one record per entry: a changed-fields cell holds line breaks, so records are counted by their first cell, the UTC time
      expect(lines.filter((line) => /^"\d{4}-\d{2}-\d{2}T/.test(line))).toHaveLength(rows.length);
    }
    expect(problems).toEqual([]);
  });
});
