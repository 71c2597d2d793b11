/**
 * Layout in a real browser where a walk through the pages found it lacking: the secretariat's TOP
 * list of a meeting on a phone (375 CSS px), the space below a refused form's error summary, and
 * the download links left off the printed lists and statistics.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { axeReport, NARROW_VIEWPORT, openPage, useBrowser } from './browser.js';

const baseUrl = inject('baseUrl');
const secretariat = inject('secretariat');

const session = useBrowser();

/* The functions given to page.evaluate run in the browser (the project compiles without the DOM library). */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Element = any;
declare const document: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

async function logIn(page: Page) {
  await page.goto(`${baseUrl}/anmelden`);
  await page.getByLabel('E-Mail-Adresse').fill(secretariat.email);
  await page.getByLabel('Passwort').fill(secretariat.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(`${baseUrl}/verwaltung`);
}

/** The address of the workspace page of the 12th IntMK 2017 (its id depends on the demo's loading order). */
async function meetingWorkspaceUrl(): Promise<string> {
  const { page } = await openPage(session, `${baseUrl}/verwaltung`);
  const href = await page.getByRole('link', { name: 'TOPs und Freigabe (12. IntMK 2017)' }).getAttribute('href');
  await page.close();
  expect(href).toMatch(/^\/verwaltung\/sitzungen\/\d+$/);
  return `${baseUrl}${href}`;
}

beforeAll(async () => {
  const login = await session.context.newPage();
  await logIn(login);
  await login.close();
});

describe('the meeting workspace on a phone', () => {
  test('375 px: each TOP one block, the check box in a narrow column beside TOP and title, no sideways scrolling', async () => {
    const { page, problems } = await openPage(session, await meetingWorkspaceUrl(), { viewport: NARROW_VIEWPORT });
    const layout = await page.evaluate(() => {
      const wrap = document.querySelector('.bulk-release .table-wrap');
      const rows = [...document.querySelectorAll('table.meeting-items tbody tr')].map((row: Element) => {
        const box = row.querySelector('input[type=checkbox]').getBoundingClientRect();
        const select = row.querySelector('td').getBoundingClientRect();
        const title = row.querySelector('td a').getBoundingClientRect();
        const cells = [...row.querySelectorAll('td, th')].map((cell: Element) => cell.getBoundingClientRect());
        return {
          selectWidth: Math.round(select.width),
          boxMiddle: box.top + box.height / 2,
          titleTop: title.top,
          titleBottom: title.bottom,
          titleWidth: Math.round(title.width),
          right: Math.round(Math.max(...cells.map((cell: Element) => cell.right))),
          height: Math.round(row.getBoundingClientRect().height),
        };
      });
      return {
        pageWidth: document.documentElement.scrollWidth,
        wrapOverflow: wrap.scrollWidth - wrap.clientWidth,
        headerShown: document.querySelector('table.meeting-items thead').getBoundingClientRect().height > 0,
        rows,
      };
    });
    expect(layout.pageWidth).toBeLessThanOrEqual(NARROW_VIEWPORT.width);
    // the table itself does not scroll sideways either: every fact of a TOP is on the screen
    expect(layout.wrapOverflow).toBeLessThanOrEqual(1);
    expect(layout.headerShown).toBe(false);
    expect(layout.rows.length).toBe(13);
    for (const row of layout.rows) {
      expect(row.right).toBeLessThanOrEqual(NARROW_VIEWPORT.width);
      // a narrow selection column (it was about 90 px of the 375)
      expect(row.selectWidth).toBeLessThanOrEqual(40);
      // the check box beside the title's first line, the title the width of the block
      expect(row.boxMiddle).toBeGreaterThanOrEqual(row.titleTop - 4);
      expect(row.boxMiddle).toBeLessThanOrEqual(row.titleTop + 30);
      expect(row.titleWidth).toBeGreaterThan(150);
    }
    // by keyboard: the check box of the first TOP takes the focus and Space ticks it
    const first = page.getByLabel('TOP 2.1 auswählen');
    await first.focus();
    await page.keyboard.press('Space');
    expect(await first.isChecked()).toBe(true);
    expect(await axeReport(page)).toBe('');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('a refused form', () => {
  test('the error summary stands apart from the first field below it', async () => {
    const { page } = await openPage(session, await meetingWorkspaceUrl(), { viewport: NARROW_VIEWPORT });
    await page.getByLabel('Jahr', { exact: true }).fill('zwanzig');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    await page.waitForSelector('.error-summary');
    const gap = await page.evaluate(() => {
      const summary = document.querySelector('.error-summary');
      const label = summary.nextElementSibling.querySelector('.field label');
      return Math.round(label.getBoundingClientRect().top - summary.getBoundingClientRect().bottom);
    });
    expect(gap).toBeGreaterThanOrEqual(16);
    await page.close();
  });
});

describe('print', () => {
  test.each([
    ['/statistik', 'Liste herunterladen'],
    ['/intmk/statistik', 'Liste herunterladen'],
    ['/berichtsauftraege', 'Liste herunterladen'],
    ['/suche?q=Migrationsberatung', 'Trefferliste herunterladen'],
    ['/intmk/12', 'Beschlüsse dieser Sitzung als JSON'],
    ['/intmk', 'Feeds dieser Konferenz'],
  ])('%s prints without its download links and feeds', async (pathname, text) => {
    const { page } = await openPage(session, `${baseUrl}${pathname}`);
    expect(await page.getByText(text).first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByText(text).first().isVisible()).toBe(false);
    expect(await page.locator('a[download]').evaluateAll((links) => links.filter((link) => (link as { offsetParent: unknown }).offsetParent !== null).length)).toBe(0);
    await page.close();
  });

  test('the meeting workspace prints without its download links', async () => {
    const { page } = await openPage(session, await meetingWorkspaceUrl());
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByText('Liste herunterladen').isVisible()).toBe(false);
    await page.close();
  });
});

describe('tables wider than a phone', () => {
  test.each(['/statistik', '/intmk/statistik', '/dashboard?land=BE'])('%s at 375 px: each caption wraps within its frame and stays in view while the table scrolls', async (pathname) => {
    const { page } = await openPage(session, `${baseUrl}${pathname}`, { viewport: NARROW_VIEWPORT });
    const overhangs = async () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.table-wrap > table > caption:not(.visually-hidden)')].map((caption: Element) => {
          const frame = caption.closest('.table-wrap').getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(caption);
          const text = range.getBoundingClientRect();
          return { caption: caption.textContent.trim().slice(0, 40), left: Math.round(frame.left - text.left), right: Math.round(text.right - frame.right) };
        }),
      );
    const before = await overhangs();
    expect(before.length).toBeGreaterThan(0);
    for (const { caption, left, right } of before) expect({ caption, left: left <= 1, right: right <= 1 }).toEqual({ caption, left: true, right: true });
    // scrolled to the end of every table
    await page.evaluate(() => {
      for (const frame of document.querySelectorAll('.table-wrap')) frame.scrollLeft = frame.scrollWidth;
    });
    for (const { caption, left, right } of await overhangs()) expect({ caption, left: left <= 1, right: right <= 1 }).toEqual({ caption, left: true, right: true });
    await page.close();
  });
});
