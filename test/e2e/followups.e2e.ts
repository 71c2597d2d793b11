/**
 * Follow-up tracking in a real browser: a Länder official of Berlin sees the Land's dashboard,
 * records Berlin's assessment that marks Ziffer 2 of IntMK 2017 TOP 2.12 as partially implemented
 * and an internal note beside it, and watches the resolution. The public page shows the new status
 * and its timeline, not the note; "as of" the day before shows the old status. Axe on every page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { addDays, parseGermanOrIsoDate } from '../../src/domain/dates.js';
import { axeReport, launchBrowser, openPage, screenshot, type BrowserSession } from './browser.js';

const baseUrl = inject('baseUrl');
const screenshotDir = inject('screenshotDir');
const land = inject('landBerlin');

let session: BrowserSession;

async function expectAccessible(page: Page, name: string) {
  await screenshot(page, screenshotDir, name);
  expect(await axeReport(page), name).toBe('');
}

function demandSection(page: Page, number: number) {
  return page.locator(`#ziffer-${number}`);
}

beforeAll(async () => {
  session = await launchBrowser();
});
afterAll(async () => {
  await session?.close();
});

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
});
