/**
 * Follow-up tracking in a real browser: a Länder official of Berlin sees the Land's dashboard,
 * records Berlin's assessment that marks Ziffer 2 of IntMK 2017 TOP 2.12 as partially implemented
 * and an internal note beside it, and watches the resolution. The public page shows the new status
 * and its timeline, not the note; "as of" the day before shows the old status. Axe on every page.
 */
import type { Page } from 'playwright-core';
import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, inject, test } from 'vitest';
import { addDays, parseGermanOrIsoDate } from '../../src/domain/dates.js';
import { expectAccessible, openPage, useBrowser } from './browser.js';

const baseUrl = inject('baseUrl');
const land = inject('landBerlin');

const session = useBrowser();

function demandSection(page: Page, number: number) {
  return page.locator(`#ziffer-${number}`);
}

describe('follow-up tracking', () => {
  test('a Länder official records an assessment in its Land\'s name, watches the resolution; the public sees the new status', async () => {
    const { page } = await openPage(session, `${baseUrl}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill(land.email);
    await page.getByLabel('Passwort').fill(land.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${baseUrl}/dashboard`);

    await page.getByRole('link', { name: 'Länder-Übersicht', exact: true }).click();
    expect(await page.locator('h1').innerText()).toContain('nicht abgeschlossene Forderungen an den Bund');
    expect(await page.locator('table').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'dashboard');

    await page.goto(`${baseUrl}/intmk/12/top/2.12`);
    expect(await demandSection(page, 2).locator('.status').first().innerText()).toBe('in Bearbeitung');
    await page.getByRole('link', { name: 'Folgemaßnahme zu Ziffer 2 erfassen' }).click();
    await expectAccessible(page, 'follow-up-form');
    await page.getByLabel('Art').selectOption('assessment');
    // a Länder official records in its own Land's name: Berlin is the only actor on offer
    expect(await page.getByLabel('Akteur').locator('option').allInnerTexts()).toEqual(['BE – Berlin']);
    await page.getByLabel('Zusammenfassung').fill('Der Bund sichert die Migrationsberatung dauerhaft ab, die Öffnung für alle Asylsuchenden steht aus (E2E).');
    await page.getByLabel('Umsetzungsstand danach').selectOption('partial');
    await page.getByLabel('öffentlich', { exact: true }).check();
    // the date the server offers (its today): "as of" the day before it shows the old status, also
    // when the test runs across midnight
    const recordedOn = parseGermanOrIsoDate(await page.locator('#date').inputValue());
    expect(recordedOn).not.toBeNull();
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.waitForURL(/\/intmk\/12\/top\/2\.12\?gespeichert=ziffer-2#ziffer-2$/);
    expect(await demandSection(page, 2).locator('.status').first().innerText()).toBe('teilweise umgesetzt');
    // the confirmation stands in the Ziffer the browser scrolled to
    expect(await demandSection(page, 2).getByRole('status').innerText()).toBe('Die Folgemaßnahme ist gespeichert.');
    const { y: top } = (await page.locator('#ziffer-2').getByRole('status').boundingBox())!;
    expect(top).toBeLessThan(page.viewportSize()!.height);

    await page.getByRole('link', { name: 'Folgemaßnahme zu Ziffer 2 erfassen' }).click();
    await page.getByLabel('Art').selectOption('note');
    await page.getByLabel('Zusammenfassung').fill('Interne Notiz: Rückfrage an das BMI zur Finanzierung 2027 (E2E).');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.waitForURL(/#ziffer-2$/);
    expect(await demandSection(page, 2).innerText()).toContain('Interne Notiz: Rückfrage an das BMI');

    await page.getByRole('button', { name: 'Beschluss beobachten' }).click();
    await expect.poll(() => page.getByText('Sie beobachten diesen Beschluss.').count()).toBe(1);
    await expectAccessible(page, 'resolution-logged-in');
    await page.getByRole('link', { name: 'Merkliste' }).first().click();
    expect(await page.locator('h1').innerText()).toBe('Merkliste');
    await expectAccessible(page, 'watch-list');

    // the public: the same browser without the session cookie
    await session.context.clearCookies();
    {
      const publicPage = page;
      await publicPage.goto(`${baseUrl}/intmk/12/top/2.12`);
      const ziffer2 = publicPage.locator('#ziffer-2');
      expect(await ziffer2.locator('.status').first().innerText()).toBe('teilweise umgesetzt');
      expect(await ziffer2.innerText()).toContain('Der Bund sichert die Migrationsberatung dauerhaft ab');
      expect(await publicPage.locator('body').innerText()).not.toContain('Interne Notiz: Rückfrage an das BMI');
      await expectAccessible(publicPage, 'resolution-public-after');

      await publicPage.goto(`${baseUrl}/intmk/12/top/2.12?stand=${addDays(recordedOn!, -1)}`);
      expect(await publicPage.locator('#ziffer-2 .status').first().innerText()).toBe('in Bearbeitung');
      expect(await publicPage.locator('#ziffer-2').innerText()).not.toContain('dauerhaft ab');
    }
  });

  test('a refused follow-up form puts the focus on its error summary and stores nothing', async () => {
    await session.context.clearCookies();
    const { page } = await openPage(session, `${baseUrl}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill(land.email);
    await page.getByLabel('Passwort').fill(land.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${baseUrl}/dashboard`);

    await page.goto(`${baseUrl}/intmk/12/top/2.12`);
    const before = await demandSection(page, 3).locator('.follow-up').count();
    await page.getByRole('link', { name: 'Folgemaßnahme zu Ziffer 3 erfassen' }).click();
    await page.getByLabel('Art').selectOption('note');
    // no summary: the server refuses the form
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.waitForURL(/\/beschluesse\/\d+\/folgemassnahme$/);
    // autofocus is applied at the next rendering update after the load
    await expect.poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('role') ?? null")).toBe('alert');
    const focusedAlert = await page.evaluate<{ role: string | null; text: string; outline: string } | null>(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      return { role: el.getAttribute('role'), text: el.innerText, outline: getComputedStyle(el).outlineStyle };
    })()`);
    // keyboard and screen reader users start at the list of what to correct, visibly focused
    expect(focusedAlert?.role).toBe('alert');
    expect(focusedAlert?.text).toContain('Bitte eine Zusammenfassung angeben.');
    expect(focusedAlert?.outline).not.toBe('none');
    await expectAccessible(page, 'follow-up-form-refused');

    await page.goto(`${baseUrl}/intmk/12/top/2.12`);
    expect(await demandSection(page, 3).locator('.follow-up').count()).toBe(before);
    await page.close();
  });
  test('fields and document are saved with one "Speichern": a refused document keeps every typed value and its "nur intern" tick; the page names link and file apart', async () => {
    await session.context.clearCookies();
    const { page, problems } = await openPage(session, `${baseUrl}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill(land.email);
    await page.getByLabel('Passwort').fill(land.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${baseUrl}/dashboard`);
    await page.goto(`${baseUrl}/intmk/14`);
    await page.locator('main a[href^="/intmk/14/top/"]').first().click();
    const topUrl = page.url();
    await page.getByRole('link', { name: 'Folgemaßnahme erfassen', exact: true }).click();
    const summary = 'Berlin hat die Beratungsstellen mit dem Doppelhaushalt verstärkt.';
    await page.getByLabel('Zusammenfassung').fill(summary);
    await page.getByLabel('Link zum Dokument (optional)').fill('www.berlin.de/sen/integration');
    await page.getByLabel('Umsetzungsstand danach').selectOption('in_progress');
    await page.getByLabel('öffentlich', { exact: true }).check();
    await page.getByLabel('Dokument hinzufügen').setInputFiles({ name: 'leer.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) });
    await page.locator('#datei-intern').check();
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await expect.poll(() => page.locator('#datei-fehler').innerText()).toBe('„leer.pdf“ ist leer. Ihre übrigen Angaben sind erhalten; bitte wählen Sie eine passende Datei und speichern Sie erneut.');
    // nothing typed is lost, and the focus is on the summary of what to do
    expect(await page.getByLabel('Zusammenfassung').inputValue()).toBe(summary);
    expect(await page.getByLabel('Link zum Dokument (optional)').inputValue()).toBe('https://www.berlin.de/sen/integration');
    expect(await page.getByLabel('Umsetzungsstand danach').inputValue()).toBe('in_progress');
    expect(await page.getByLabel('öffentlich', { exact: true }).isChecked()).toBe(true);
    expect(await page.locator('#datei-intern').isChecked()).toBe(true);
    expect(await page.evaluate('document.activeElement && document.activeElement.getAttribute("role")')).toBe('alert');
    await expectAccessible(page, 'follow-up-document-refused');
    // the link in the summary leads to the file field
    await page.locator('.error-summary a[href="#datei"]').click();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('datei');

    await page.locator('#datei-intern').uncheck();
    const word = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Der Senat stockt die Beratungsstellen um zwölf Stellen auf.')] }] }));
    await page.getByLabel('Dokument hinzufügen').setInputFiles({ name: 'Senatsbeschluss.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: word });
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.waitForURL((url) => url.href.startsWith(topUrl) && url.searchParams.has('gespeichert'));

    await page.goto(topUrl);
    const entry = page.locator('.follow-up', { hasText: 'Berlin hat die Beratungsstellen' });
    expect(await entry.getByRole('link', { name: 'Webseite (www.berlin.de)' }).getAttribute('href')).toBe('https://www.berlin.de/sen/integration');
    expect(await entry.getByRole('list', { name: 'Gespeicherte Dateien zum Herunterladen' }).getByRole('link').allInnerTexts()).toEqual(['Senatsbeschluss.docx']);
    await expectAccessible(page, 'resolution-follow-up-link-and-file');
    // the Word document's text is searchable
    await page.goto(`${baseUrl}/suche?q=Beratungsstellen+zw%C3%B6lf+Stellen`);
    expect(await page.locator('main').innerText()).toContain('im Dokument:');
    expect(problems.filter((p) => !/status of 422 .*\/(folgemassnahmen|beschluesse)\//.test(p))).toEqual([]);
    await page.close();
  });
});
