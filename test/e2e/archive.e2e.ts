/**
 * The public archive as a reader sees it in a real browser: home → conference → meeting →
 * resolution IntMK 2017 TOP 2.12, the 404 page, keyboard use, WCAG 2.1 A/AA (axe-core) and a
 * phone-sized viewport. The server with the demo archive is started by global-setup.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { axeReport, normalize, NARROW_VIEWPORT, openPage, useBrowser, type OpenedPage } from './browser.js';

const baseUrl = inject('baseUrl');

interface SeedResolution {
  conference: string;
  meeting: { number: number; year: number; place: string };
  agendaItem: string;
  title: string;
  sponsors: string[];
  decision: { voting: string; formula: string };
  demands: { number: string; text: string }[];
}

/** The real resolution the demo archive contains; the expected texts come from its fixture. */
const seed = (
  JSON.parse(
    readFileSync(fileURLToPath(new URL('../../fixtures/import/intmk-2017-top-2.12.expected.json', import.meta.url)), 'utf8'),
  ) as { resolutions: SeedResolution[] }
).resolutions[0]!;

/** Full names of the Länder, kept here on purpose (the test does not trust the app's list). */
const LAND_NAMES: Record<string, string> = {
  BW: 'Baden-Württemberg',
  BY: 'Bayern',
  BE: 'Berlin',
  BB: 'Brandenburg',
  HB: 'Bremen',
  HH: 'Hamburg',
  HE: 'Hessen',
  MV: 'Mecklenburg-Vorpommern',
  NI: 'Niedersachsen',
  NW: 'Nordrhein-Westfalen',
  RP: 'Rheinland-Pfalz',
  SL: 'Saarland',
  SN: 'Sachsen',
  ST: 'Sachsen-Anhalt',
  SH: 'Schleswig-Holstein',
  TH: 'Thüringen',
};
const sponsorNames = seed.sponsors.map((code) => {
  const name = LAND_NAMES[code];
  if (!name) throw new Error(`unknown Land code in the fixture: ${code}`);
  return name;
});

const CONFERENCE_PATH = '/intmk';
const MEETING_PATH = '/intmk/12';
const RESOLUTION_PATH = '/intmk/12/top/2.12';
const MEETING_LABEL = `${seed.meeting.number}. ${seed.conference} ${seed.meeting.year}`; // "12. IntMK 2017"

/** The pages a test opens are closed after it (useBrowser). */
const session = useBrowser();

async function visit(pathname: string, options: { viewport?: { width: number; height: number } } = {}): Promise<OpenedPage> {
  return openPage(session, `${baseUrl}${pathname}`, options);
}

async function text(page: Page, selector: string): Promise<string> {
  return normalize(await page.locator(selector).innerText());
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  expect(await axeReport(page), `axe (WCAG 2.1 A/AA) violations on ${page.url()}`).toBe('');
}

describe('public archive in the browser', () => {
  test('home page: heading, conferences, latest meetings; the conference link leads on', async () => {
    const { page, response, problems } = await visit('/');
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.title()).toContain('Beschlussmonitor');
    expect(await text(page, 'h1')).toBe('Beschlüsse der Fachministerkonferenzen');
    expect(await text(page, 'h2#konferenzen')).toBe('Konferenzen');
    expect(await text(page, 'h2#neueste-sitzungen')).toBe('Neueste Sitzungen');

    const conferences = page.locator('section[aria-labelledby="konferenzen"]');
    const intmk = conferences.getByRole('link', { name: seed.conference, exact: true });
    expect(await intmk.count()).toBe(1);
    expect(await intmk.getAttribute('href')).toBe(CONFERENCE_PATH);
    expect(await page.locator('section[aria-labelledby="neueste-sitzungen"] li').count()).toBeGreaterThan(0);

    await expectNoAxeViolations(page);
    expect(problems).toEqual([]);

    await intmk.click();
    await page.waitForURL(`${baseUrl}${CONFERENCE_PATH}`);
    expect(await text(page, 'h1')).toBe(seed.conference);
  });

  test('conference page: meetings by year, link to the 12th meeting', async () => {
    const { page, response, problems } = await visit(CONFERENCE_PATH);
    expect(response?.status()).toBe(200);
    expect(await text(page, 'h1')).toBe(seed.conference);
    expect(await text(page, 'main .lead')).not.toBe('');
    expect(await page.getByRole('heading', { level: 2, name: 'Sitzungen nach Jahr' }).count()).toBe(1);
    expect(await text(page, `h3#jahr-${seed.meeting.year}`)).toBe(String(seed.meeting.year));

    const meetingLink = page.getByRole('link', { name: MEETING_LABEL, exact: true });
    expect(await meetingLink.getAttribute('href')).toBe(MEETING_PATH);
    const item = page.locator(`section[aria-labelledby="jahr-${seed.meeting.year}"] li`, { has: meetingLink });
    expect(normalize(await item.innerText())).toContain(seed.meeting.place);

    await expectNoAxeViolations(page);
    expect(problems).toEqual([]);

    await meetingLink.click();
    await page.waitForURL(`${baseUrl}${MEETING_PATH}`);
    expect(await text(page, 'h1')).toBe(MEETING_LABEL);
  });

  test('meeting page: TOP 2.12 in the agenda; clicking its title opens the resolution', async () => {
    const { page, response, problems } = await visit(MEETING_PATH);
    expect(response?.status()).toBe(200);
    expect(await text(page, 'h1')).toBe(MEETING_LABEL);
    expect(await text(page, 'main')).toContain(seed.meeting.place);
    expect(await text(page, 'h2#tagesordnung')).toBe('Beschlüsse nach Tagesordnung');

    const row = page.locator('table.agenda tbody tr', {
      has: page.locator('td.top', { hasText: new RegExp(`^\\s*${seed.agendaItem.replace('.', '\\.')}\\s*$`) }),
    });
    expect(await row.count(), `one agenda row for TOP ${seed.agendaItem}`).toBe(1);
    expect(normalize(await row.innerText())).toContain(seed.title);
    // The sponsors column abbreviates; the full names are in the abbreviations' titles.
    const abbreviations = await row.locator('abbr').evaluateAll((nodes) =>
      nodes.map((node) => ({ code: node.textContent?.trim(), name: node.getAttribute('title') })),
    );
    expect(abbreviations).toEqual(seed.sponsors.map((code) => ({ code, name: LAND_NAMES[code] })));

    await expectNoAxeViolations(page);
    expect(problems).toEqual([]);

    await row.getByRole('link', { name: seed.title }).click();
    await page.waitForURL(`${baseUrl}${RESOLUTION_PATH}`);
    expect(await text(page, 'h1')).toBe(seed.title);
  });

  test('resolution page: title, sponsors by full name, "mehrheitlich", the five demands, citation', async () => {
    const { page, response, problems } = await visit(RESOLUTION_PATH);
    expect(response?.status()).toBe(200);
    expect(await page.title()).toContain(seed.title);
    expect(await text(page, 'h1')).toBe(seed.title);
    expect(await text(page, '.resolution .eyebrow')).toBe(`${MEETING_LABEL} · TOP ${seed.agendaItem}`);

    // The facts list: the <dd> that follows a <dt>.
    const fact = async (term: string) =>
      normalize(
        await page
          .locator('dl.facts dt', { hasText: new RegExp(`^\\s*${term}\\s*$`) })
          .locator('xpath=following-sibling::dd[1]')
          .innerText(),
      );
    expect(sponsorNames).toHaveLength(12);
    expect(await fact('Antragsteller')).toBe(sponsorNames.join(', '));
    const decision = await fact('Beschluss');
    expect(decision).toContain('mehrheitlich');
    expect(decision).toContain(seed.decision.formula);

    const demands = page.locator('ol.demands > li.demand');
    expect(await demands.count()).toBe(seed.demands.length);
    expect(seed.demands).toHaveLength(5);
    for (const [index, demand] of seed.demands.entries()) {
      const item = page.locator(`#ziffer-${demand.number}`);
      expect(await item.count(), `#ziffer-${demand.number}`).toBe(1);
      expect(await demands.nth(index).getAttribute('id')).toBe(`ziffer-${demand.number}`);
      expect(normalize(await item.locator('.demand-head').innerText())).toContain(`Ziffer ${demand.number}`);
      expect(normalize(await item.locator('.demand-text').innerText()), `text of Ziffer ${demand.number}`).toBe(normalize(demand.text));
      expect(await item.locator('.demand-head a.anchor').getAttribute('href')).toBe(`#ziffer-${demand.number}`);
    }

    // Internal follow-ups are for logged-in editors only; an anonymous reader never sees them.
    expect(await page.locator('.follow-up-internal, .badge-internal').count()).toBe(0);

    const citation = await text(page, 'section.citation');
    expect(citation).toContain('Zitiervorschlag');
    // the meeting with its days and place (the fixture's 16–17 March 2017 in Friedrichshafen)
    expect(citation).toContain(`Beschluss der ${MEETING_LABEL} (16.–17. März 2017, ${seed.meeting.place}), TOP ${seed.agendaItem}: „${seed.title}“`);
    expect(citation).toContain(`Dauerhafte Adresse: ${baseUrl}${RESOLUTION_PATH}`);
    expect(await page.locator('section.citation a').first().getAttribute('href')).toBe(RESOLUTION_PATH);

    await expectNoAxeViolations(page);
    expect(problems).toEqual([]);
  });

  test('the anchor #ziffer-3 exists, is the target and is scrolled into view', async () => {
    const { page } = await visit(`${RESOLUTION_PATH}#ziffer-3`);
    expect(await page.locator('#ziffer-3').count()).toBe(1);
    expect(await page.locator('#ziffer-3:target').count()).toBe(1);
    const box = await page.locator('#ziffer-3').boundingBox();
    const viewport = page.viewportSize();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(-1);
    expect(box!.y).toBeLessThan(viewport!.height);
    expect(normalize(await page.locator('#ziffer-3 .demand-text').innerText())).toBe(normalize(seed.demands[2]!.text));
  });

  test('keyboard: the first Tab focuses the visible skip link, Enter moves focus to main', async () => {
    const { page } = await visit(RESOLUTION_PATH);
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.count()).toBe(1);
    expect(normalize(await focused.innerText())).toBe('Zum Inhalt springen');
    expect(await focused.getAttribute('href')).toBe('#inhalt');
    const box = await focused.boundingBox();
    expect(box, 'the focused skip link is rendered').not.toBeNull();
    expect(box!.y, 'the focused skip link is inside the viewport').toBeGreaterThanOrEqual(0);

    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}${RESOLUTION_PATH}#inhalt`);
    const target = await page.locator(':focus').evaluate((node) => ({ tag: node.tagName, id: node.id }));
    expect(target).toEqual({ tag: 'MAIN', id: 'inhalt' });

    // The next Tab continues inside the main content, not in the header.
    await page.keyboard.press('Tab');
    expect(await page.locator('main :focus').count(), 'focus after the skip link is inside main').toBe(1);
  });

  test.each([
    ['an unknown address', '/gibt-es-nicht'],
    ['an unknown meeting', '/intmk/999'],
    ['an unknown agenda item', '/intmk/12/top/99.99'],
  ])('404 page for %s', async (_label, pathname) => {
    const { page, response, problems } = await visit(pathname);
    expect(response?.status()).toBe(404);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await text(page, 'h1')).toBe('Seite nicht gefunden');
    expect(await page.title()).toContain('Seite nicht gefunden');
    expect(await page.locator('main').getByRole('link', { name: 'Startseite' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    // Chromium reports the 404 of the document itself on the console; nothing else may fail.
    expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
  });

  test.each([
    ['home', '/'],
    ['conference', CONFERENCE_PATH],
    ['meeting', MEETING_PATH],
    ['resolution', RESOLUTION_PATH],
  ])('%s page at 375 px width (and 320 px, WCAG 1.4.10): no horizontal scrolling', async (name, pathname) => {
    // 320 CSS px is the width at which WCAG 1.4.10 (Reflow) requires no horizontal scrolling.
    const reflow = await visit(pathname, { viewport: { width: 320, height: 640 } });
    const at320 = await reflow.page.evaluate<{ scrollWidth: number; innerWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
    );
    expect(at320.scrollWidth, `document width on ${pathname} at 320 px`).toBeLessThanOrEqual(at320.innerWidth);

    const { page, response } = await visit(pathname, { viewport: NARROW_VIEWPORT });
    expect(response?.status()).toBe(200);
    const size = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
    );
    expect(size.innerWidth).toBe(NARROW_VIEWPORT.width);
    expect(size.scrollWidth, `document width on ${pathname} at ${size.innerWidth} px`).toBeLessThanOrEqual(size.innerWidth);
    if (pathname === MEETING_PATH) {
      // The column headers are hidden at this width; each agenda cell shows its column name.
      const labels = await page.locator('table.agenda tbody tr').first().locator('td').evaluateAll((cells) =>
        cells.map((cell) => {
          const view = globalThis as unknown as { getComputedStyle(node: unknown, pseudo: string): { content: string } };
          return view.getComputedStyle(cell, '::before').content;
        }),
      );
      expect(labels).toEqual(['"TOP: "', '"Antragsteller: "', '"Ergebnis: "', '"Umsetzungsstand der Ziffern: "']);
    }
  });

  test.each([
    ['resolution (its versions)', RESOLUTION_PATH],
    ['conference statistics', '/intmk/statistik'],
    ['API reference', '/api/docs'],
  ])('%s at 375 px: tables wider than the screen scroll by keyboard too (axe)', async (_name, pathname) => {
    const { page, response } = await visit(pathname, { viewport: NARROW_VIEWPORT });
    expect(response?.status()).toBe(200);
    // a table that scrolls sideways is a focusable, named region (axe: scrollable-region-focusable)
    await expectNoAxeViolations(page);
    const unnamed = await page.locator('.table-wrap[tabindex="0"]:not([aria-label])').count();
    expect(unnamed).toBe(0);
  });

  test.each([
    ['login form, its last element a link', '/anmelden'],
    ['search without results', '/suche?q=xyzzyqq'],
  ])('%s: the content keeps its distance from the footer', async (_name, pathname) => {
    const { page } = await visit(pathname);
    const gap = await page.evaluate<number>(`(() => {
      const main = document.querySelector('main');
      const last = [...main.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().height > 0).pop();
      return document.querySelector('footer').getBoundingClientRect().top - last.getBoundingClientRect().bottom;
    })()`);
    // main's padding-bottom (3rem); it was once overridden by the .wrap class and buttons touched the footer line
    expect(gap, `space between the last element of ${pathname} and the footer`).toBeGreaterThanOrEqual(32);
  });
});
