/**
 * The secretariat's day in a real browser: a user created on the command line logs in, imports a
 * PDF, corrects a field in the preview, confirms, releases the resolution, and the public page
 * appears. Every page passes axe (WCAG 2.1 A/AA).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DESKTOP_VIEWPORT, expectAccessible, normalize, openPage, useBrowser } from './browser.js';
import { textPdf } from '../services/pdf-test-documents.js';

const baseUrl = inject('baseUrl');
const secretariat = inject('secretariat');

const session = useBrowser();
let tmp: string;

/** The seed resolution, moved to an invented 13th IntMK 2018 so that it is new to the archive. */
async function seedPdf(): Promise<string> {
  const text = readFileSync(fileURLToPath(new URL('../../fixtures/import/intmk-2017-top-2.12.txt', import.meta.url)), 'utf8')
    .replace('12. Integrationsministerkonferenz 2017', '13. Integrationsministerkonferenz 2018')
    .replace('am 16. und 17. März 2017 in Friedrichshafen', 'am 12. und 13. April 2018 in Nürnberg');
  const file = path.join(tmp, 'intmk-13-top-2.12.pdf');
  writeFileSync(file, await textPdf(text));
  return file;
}

/** The import form in a new tab, logged in as the secretariat (again, if an earlier test failed before it logged in). */
async function openImport() {
  const opened = await openPage(session, `${baseUrl}/verwaltung/import`);
  const { page } = opened;
  if (page.url().includes('/anmelden')) {
    await page.getByLabel('E-Mail-Adresse').fill(secretariat.email);
    await page.getByLabel('Passwort').fill(secretariat.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${baseUrl}/verwaltung/import`);
    await page.goto(`${baseUrl}/verwaltung/import`);
  }
  return opened;
}

/** Pastes a resolution without header into the import form and shows its preview, which asks for the meeting. */
async function previewOfPastedText(lines: string[]) {
  const opened = await openImport();
  const { page } = opened;
  await page.getByLabel('… oder Text einfügen').fill(lines.join('\n'));
  await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
  await page.waitForURL(`${baseUrl}/verwaltung/import/vorschau`);
  expect(await page.locator('.import-meeting').innerText()).toContain('Der Text nennt die Sitzung nicht vollständig');
  return opened;
}

/** Chromium reports a refused form (a 422 page) on the console; that is the answer expected there. */
const unexpectedProblems = (problems: string[]) => problems.filter((p) => !/status of 422 .*\/verwaltung\/import\//.test(p));

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'bm-e2e-ws-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('secretariat workspace', () => {
  test('log in, import a PDF, correct the title, release, and the public page appears', async () => {
    const { page, problems } = await openPage(session, `${baseUrl}/anmelden`);
    await expectAccessible(page, 'login');

    // a wrong password first: the message is announced and the e-mail kept
    await page.getByLabel('E-Mail-Adresse').fill(secretariat.email);
    await page.getByLabel('Passwort').fill('falsches Passwort');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('stimmen nicht');
    expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe(secretariat.email);
    await expectAccessible(page, 'login-error');

    await page.getByLabel('Passwort').fill(secretariat.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${baseUrl}/verwaltung`);
    expect(await page.locator('.account-nav').innerText()).toContain('Geschäftsstelle E2E');
    // at 1280 px the whole navigation of a secretariat (the most pages of any role) is one line:
    // the pages, the account's name, password link and logout
    const accountTops = () => page.locator('.nav-user').evaluate((group) => [...group.querySelectorAll('.nav-user-name, a, button')].map((item) => Math.round(item.getBoundingClientRect().top)));
    const navTops = () => page.locator('.account-nav').evaluate((nav) => [...nav.querySelectorAll('.nav-pages a, .nav-user-name, .nav-user a, .nav-user button')].map((item) => Math.round(item.getBoundingClientRect().top)));
    expect(await page.locator('.nav-pages a').count()).toBe(6);
    expect(new Set(await navTops()).size).toBe(1);
    await page.setViewportSize({ width: 360, height: 800 });
    const narrow = await accountTops();
    expect(narrow[1]).toBe(narrow[2]); // password and logout together, the name may go above them
    expect(await page.evaluate<number>("document.querySelector('.site-header').scrollWidth")).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 320, height: 800 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
    await page.setViewportSize(DESKTOP_VIEWPORT);

    await page.goto(`${baseUrl}/verwaltung`);
    await expectAccessible(page, 'workspace');
    await page.getByRole('link', { name: 'Beschlusstexte importieren' }).click();
    await expectAccessible(page, 'import-form');

    await page.getByLabel('Dateien (.txt, .docx, .pdf oder .json)').setInputFiles(await seedPdf());
    await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    await page.waitForURL(`${baseUrl}/verwaltung/import/vorschau`);
    expect(await page.locator('h1').innerText()).toBe('Vorschau des Imports');
    expect(await page.locator('.import-item legend').first().innerText()).toBe('TOP 2.12');
    expect(await page.getByLabel('Ordnungszahl').inputValue()).toBe('13');
    await expectAccessible(page, 'import-preview');

    await page.getByLabel('Titel').first().fill('Ausbau und Öffnung der Migrationsberatung (korrigiert)');
    await page.getByRole('button', { name: 'Import bestätigen und speichern' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Import gespeichert');
    await expectAccessible(page, 'import-done');
    // the result is a page of its own (post/redirect/get): reloading it shows it again and imports nothing
    expect(page.url()).toMatch(/\/verwaltung\/import\/ergebnis\?import=/);
    await page.reload();
    expect(await page.locator('h1').innerText()).toBe('Import gespeichert');
    expect(await page.locator('main').innerText()).not.toContain('Bereits importiert');

    // not public yet
    const draft = await fetch(`${baseUrl}/intmk/13/top/2.12`);
    expect(draft.status).toBe(404);

    await page.getByRole('link', { name: /TOP 2\.12 der 13\. IntMK 2018/ }).click();
    expect(await page.locator('h1').innerText()).toBe('TOP 2.12 bearbeiten');
    expect(await page.getByLabel('Titel', { exact: true }).inputValue()).toBe('Ausbau und Öffnung der Migrationsberatung (korrigiert)');
    await expectAccessible(page, 'edit');

    // a title typed but not saved yet survives "Status ändern" (one form: the release is saved, the rest comes back as typed)
    await page.getByLabel('Titel', { exact: true }).fill('Ausbau und Öffnung der Migrationsberatung (noch nicht gespeichert)');
    await page.getByLabel('Neuer Status').selectOption('public');
    await page.getByLabel('Freigabedatum (bei „öffentlich“)').fill('20.04.2018');
    await page.getByRole('button', { name: 'Status ändern' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('Der Freigabestatus ist gespeichert.');
    expect(await page.getByLabel('Titel', { exact: true }).inputValue()).toBe('Ausbau und Öffnung der Migrationsberatung (noch nicht gespeichert)');
    await expectAccessible(page, 'edit-release-saved');

    const publicPage = await openPage(session, `${baseUrl}/intmk/13/top/2.12`);
    // logged in in this context: look at it as the public does, too
    const anonymous = await fetch(`${baseUrl}/intmk/13/top/2.12`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).toContain('Ausbau und Öffnung der Migrationsberatung (korrigiert)');
    expect(await publicPage.page.locator('h1').innerText()).toBe('Ausbau und Öffnung der Migrationsberatung (korrigiert)');
    await expectAccessible(publicPage.page, 'released');
    // the deliberate wrong password above answers 401, which Chromium reports on the console
    const unexpected = [...problems, ...publicPage.problems].filter((p) => !/status of 401 .*\/anmelden/.test(p));
    expect(unexpected).toEqual([]);
  });

  test('a pasted resolution without header: the preview asks for the meeting, the fields are corrected by keyboard, and it is saved', async () => {
    const { page, problems } = await previewOfPastedText([
      'TOP 7 Sprachmittlung im Gesundheitswesen',
      'Abstimmungsergebnis: 10:4:2',
      'Die IntMK hat mehrheitlich beschlossen:',
      '1. Die IntMK bittet den Bund, die Sprachmittlung zu finanzieren.',
      '2. Sie bittet die Länder, zu berichten.',
    ]);
    await expectAccessible(page, 'import-preview-ohne-kopf');

    // everything by keyboard: focus a field, type, Tab on
    await page.getByLabel('Sitzung für diese Beschlüsse').selectOption('neu');
    await page.getByLabel('Konferenz', { exact: true }).selectOption('IntMK');
    await page.getByLabel('Ordnungszahl').focus();
    await page.keyboard.type('14');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2019');
    await page.keyboard.press('Tab');
    await page.keyboard.type('04.04.2019');
    await page.getByLabel('Ort', { exact: true }).fill('Berlin');
    await page.getByRole('checkbox', { name: 'Bremen' }).focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Berichterstattung').selectOption('HB');
    expect(await page.getByLabel('Abstimmung').inputValue()).toBe('counted');
    expect(await page.getByLabel('Ja', { exact: true }).inputValue()).toBe('10');
    await page.getByLabel('Text', { exact: true }).nth(1).fill('');
    await page.getByRole('button', { name: 'Import bestätigen und speichern' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Import gespeichert');
    expect(await page.locator('main').innerText()).toContain('TOP 7 der 14. IntMK 2019');
    await expectAccessible(page, 'import-done-ohne-kopf');

    await page.getByRole('link', { name: /TOP 7 der 14\. IntMK 2019/ }).click();
    // all three counts of "10:4:2" are stored beside the majority formula
    expect(await page.getByLabel('Abstimmung').inputValue()).toBe('counted');
    expect(await page.getByLabel('Ja', { exact: true }).inputValue()).toBe('10');
    expect(await page.getByLabel('Nein', { exact: true }).inputValue()).toBe('4');
    expect(await page.getByLabel('Enthaltungen', { exact: true }).inputValue()).toBe('2');
    expect(problems).toEqual([]);
  });

  test('a pasted resolution naming no conference goes into an existing meeting, with every field the parser filled corrected', async () => {
    const { page, problems } = await previewOfPastedText([
      'TOP 7 Digitale Verwaltung',
      'Beschluss:',
      '1. Die Konferenz bittet den Bund, die Verwaltung zu digitalisieren.',
      '2. Die Konferenz bittet die Länder, zu berichten.',
    ]);
    expect(await page.getByLabel('Konferenz', { exact: true }).inputValue()).toBe('unbekannt');
    expect(await page.locator('.import-item legend').first().innerText()).toBe('TOP 7');

    // an existing meeting instead of a new one; its fields below stay as they are
    const existing = await page.locator('#f0_meeting option', { hasText: '15. IntMK 2020' }).getAttribute('value');
    await page.getByLabel('Sitzung für diese Beschlüsse').selectOption(existing!);
    await page.getByLabel('TOP-Nummer').fill('7.1');
    await page.getByLabel('Titel').fill('Digitale Verwaltung der Integrationsbehörden');
    await page.getByRole('checkbox', { name: 'Berlin' }).check();
    await page.getByRole('checkbox', { name: 'Bremen' }).check();
    await page.getByLabel('Berichterstattung').selectOption('HB');
    await page.getByLabel('Ergebnis').selectOption('noted');
    await page.getByLabel('Abstimmung').selectOption('counted');
    await page.getByLabel('Ja', { exact: true }).fill('12');
    await page.getByLabel('Nein', { exact: true }).fill('3');
    await page.getByLabel('Enthaltungen').fill('1');
    await page.getByLabel('Beschlussformel').fill('Die IntMK nimmt den Bericht zur Kenntnis:');
    await page.getByLabel('Nummer', { exact: true }).first().fill('1a');
    await page.getByLabel('Text', { exact: true }).first().fill('Die Konferenz bittet den Bund, die Verwaltung bis 2030 zu digitalisieren.');
    await page.getByLabel('Nummer', { exact: true }).nth(1).fill('1b');
    await expectAccessible(page, 'import-preview-bestehende-sitzung');
    await page.getByRole('button', { name: 'Import bestätigen und speichern' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Import gespeichert');

    // the stored resolution has every correction
    await page.getByRole('link', { name: /TOP 7\.1 der 15\. IntMK 2020/ }).click();
    expect(await page.locator('h1').innerText()).toBe('TOP 7.1 bearbeiten');
    expect(await page.getByLabel('TOP-Nummer').inputValue()).toBe('7.1');
    expect(await page.getByLabel('Titel', { exact: true }).inputValue()).toBe('Digitale Verwaltung der Integrationsbehörden');
    const checked = await page.getByRole('group', { name: 'Antragsteller' }).getByRole('checkbox', { checked: true }).all();
    expect(await Promise.all(checked.map((box) => box.getAttribute('value')))).toEqual(['BE', 'HB']);
    expect(await page.getByLabel('Ergebnis').inputValue()).toBe('noted');
    expect(await page.getByLabel('Abstimmung').inputValue()).toBe('counted');
    expect([
      await page.getByLabel('Ja', { exact: true }).inputValue(),
      await page.getByLabel('Nein', { exact: true }).inputValue(),
      await page.getByLabel('Enthaltungen', { exact: true }).inputValue(),
    ]).toEqual(['12', '3', '1']);
    expect(await page.getByLabel('Beschlussformel').inputValue()).toBe('Die IntMK nimmt den Bericht zur Kenntnis:');
    expect(await page.getByLabel('Nummer', { exact: true }).nth(0).inputValue()).toBe('1a');
    expect(await page.getByLabel('Text', { exact: true }).nth(0).inputValue()).toBe('Die Konferenz bittet den Bund, die Verwaltung bis 2030 zu digitalisieren.');
    expect(await page.getByLabel('Nummer', { exact: true }).nth(1).inputValue()).toBe('1b');
    await page.goto(`${baseUrl}/intmk/15/top/7.1`);
    expect(normalize(await page.locator('.facts').innerText())).toContain('Berichterstattung Bremen');
    expect(problems).toEqual([]);
  });

  test('several files in one upload: one preview per readable file, unreadable ones named, a refused one keeps nothing and the others are saved', async () => {
    const { page, problems } = await openImport();
    await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('Bitte eine Datei auswählen oder einen Text einfügen.');
    await expectAccessible(page, 'import-form-leer');

    const interchange = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/import/intmk-2017-top-2.12.expected.json', import.meta.url)), 'utf8')) as
      { resolutions: { agendaItem: string; meeting: Record<string, unknown> }[] };
    interchange.resolutions[0]!.agendaItem = '3.1';
    interchange.resolutions[0]!.meeting = { number: 17, year: 2022, startDate: '2022-05-05', endDate: '2022-05-06', place: 'Kiel' };
    const gmk = readFileSync(fileURLToPath(new URL('../../fixtures/import/synthetic-gmk-2011-ergebnisniederschrift.txt', import.meta.url)));
    await page.getByLabel('Dateien (.txt, .docx, .pdf oder .json)').setInputFiles([
      { name: 'intmk-17.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(interchange, null, 2)) },
      { name: 'falsch.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ resolutions: [{ conference: 'IntMK', agendaItem: 7 }], warnings: [] })) },
      { name: 'scan.txt', mimeType: 'text/plain', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]) },
      { name: 'gmk.txt', mimeType: 'text/plain', buffer: gmk },
    ]);
    await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    await page.waitForURL(`${baseUrl}/verwaltung/import/vorschau`);
    expect(await page.locator('h2').allInnerTexts()).toEqual(['Datei: intmk-17.json', 'Datei: gmk.txt']);
    const refused = await page.getByRole('alert').innerText();
    expect(refused).toContain('„falsch.json“ entspricht nicht dem Austauschformat');
    expect(refused).toContain('„scan.txt“ ist keine Textdatei');
    await expectAccessible(page, 'import-preview-mehrere-dateien');

    await page.getByRole('button', { name: 'Import bestätigen und speichern' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('intmk-17.json: angelegt TOP 3.1 der 17. IntMK 2022');
    // the refused file alone is shown again, with its reason
    expect(await page.locator('h1').innerText()).toBe('Vorschau des Imports');
    expect(await page.locator('h2').allInnerTexts()).toEqual(['gmk.txt']);
    expect(await page.locator('#f1-probleme').innerText()).toContain('Konferenz „GMK“, für die Ihr Konto nicht arbeitet');
    await expectAccessible(page, 'import-preview-teilweise-gespeichert');
    expect(unexpectedProblems(problems)).toEqual([]);
  });
  test('a file over the limit keeps the pasted text; a document of a new conference creates it from the preview and comes back to the same preview', async () => {
    const { page, problems } = await openImport();
    const pasted = 'TOP 1 Ein Text, der beim zu großen Upload nicht verloren geht';
    await page.getByLabel('… oder Text einfügen').fill(pasted);
    await page.getByLabel('Dateien (.txt, .docx, .pdf oder .json)').setInputFiles({ name: 'Sammlung.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) });
    await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    await expect.poll(() => page.locator('#datei-fehler').innerText()).toContain('„Sammlung.pdf“ ist zu groß');
    expect(await page.getByLabel('… oder Text einfügen').inputValue()).toBe(pasted);
    expect(await page.getByLabel('Dateien (.txt, .docx, .pdf oder .json)').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'import-zu-gross');

    await page.getByLabel('… oder Text einfügen').fill('');
    await page.getByLabel('Dateien (.txt, .docx, .pdf oder .json)').setInputFiles(fileURLToPath(new URL('../../fixtures/import/real/imk-203-2015.txt', import.meta.url)));
    await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    await page.waitForURL(`${baseUrl}/verwaltung/import/vorschau`);
    await page.getByLabel('Titel').first().fill('Ausreise gewaltbereiter Salafisten verhindern');
    await expectAccessible(page, 'import-vorschau-neue-konferenz');
    // by keyboard: the button that creates the conference is one of the preview form's
    await page.getByRole('button', { name: 'Konferenz „IMK“ anlegen' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/verwaltung/import/konferenz`);
    expect(await page.getByLabel('Kürzel').inputValue()).toBe('IMK');
    expect(await page.getByLabel('Vollständiger Name').inputValue()).toBe('Innenministerkonferenz');
    await expectAccessible(page, 'import-neue-konferenz');
    await page.getByLabel('Vollständiger Name').fill('');
    await page.getByRole('button', { name: 'Konferenz anlegen und zurück zur Vorschau' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Namen');
    await expectAccessible(page, 'import-neue-konferenz-abgelehnt');
    await page.getByLabel('Vollständiger Name').fill('Ständige Konferenz der Innenminister und -senatoren der Länder');
    await page.getByRole('button', { name: 'Konferenz anlegen und zurück zur Vorschau' }).click();
    await expect.poll(() => page.getByRole('status').first().innerText()).toContain('Die Konferenz „IMK“ ist angelegt');
    expect(await page.getByLabel('Titel').first().inputValue()).toBe('Ausreise gewaltbereiter Salafisten verhindern');
    await expectAccessible(page, 'import-vorschau-nach-neuer-konferenz');
    await page.getByRole('button', { name: 'Import bestätigen und speichern' }).click();
    await page.waitForURL(/\/verwaltung\/import\/ergebnis\?import=[0-9a-f-]{36}$/);
    expect(await page.locator('h1').innerText()).toBe('Import gespeichert');
    expect(problems.filter((p) => !/status of (413|422) .*\/verwaltung\/import\//.test(p))).toEqual([]);
  });
});
