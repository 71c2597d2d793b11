/**
 * Accessibility beyond a single axe run, in a real browser:
 *  1. the main flows by keyboard only (Tab, Shift+Tab, Enter, Space), with a visible focus
 *     indicator at every Tab stop and an announced login error;
 *  2. reflow at 400 % zoom (WCAG 1.4.10): 320 × 256 CSS px without horizontal scrolling;
 *  3. prefers-reduced-motion: no running animation or transition;
 *  4. axe (WCAG 2.1 A/AA) on every template, logged out and logged in, including error pages.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { expectAccessible, openPage, useBrowser } from './browser.js';

const baseUrl = inject('baseUrl');
const secretariat = inject('secretariat');
const land = inject('landBerlin');
const admin = inject('admin');

const session = useBrowser();

/*
 * The functions given to page.evaluate run in the browser. The project compiles without the DOM
 * library, so the few browser globals they use are declared here, loosely and for this module only.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type HTMLElement = any;
type HTMLInputElement = any;
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: unknown, pseudo?: string | null): any;
declare function matchMedia(query: string): { matches: boolean };
/* eslint-enable @typescript-eslint/no-explicit-any */

// ---------------------------------------------------------------------------------------------
// helpers

interface FocusStop {
  tag: string;
  id: string;
  href: string | null;
  text: string;
  outlineStyle: string;
  outlineWidth: string;
  boxShadow: string;
}

/** What has the focus now and how it is drawn; null when nothing (the body) has it. */
async function focused(page: Page): Promise<FocusStop | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      href: el.getAttribute('href'),
      text: (el.innerText || (el as HTMLInputElement).value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
      outlineStyle: style.outlineStyle,
      outlineWidth: style.outlineWidth,
      boxShadow: style.boxShadow,
    };
  });
}

function describeStop(stop: FocusStop): string {
  return `<${stop.tag}${stop.id ? ` id="${stop.id}"` : ''}${stop.href ? ` href="${stop.href}"` : ''}> "${stop.text}"`;
}

/** A visible focus indicator: an outline that is drawn, or a box-shadow. */
function hasFocusIndicator(stop: FocusStop): boolean {
  const outline = stop.outlineStyle !== 'none' && parseFloat(stop.outlineWidth) > 0;
  return outline || (stop.boxShadow !== '' && stop.boxShadow !== 'none');
}

/** Presses `key` once and asserts the new focus stop shows a focus indicator. */
async function press(page: Page, key: 'Tab' | 'Shift+Tab'): Promise<FocusStop> {
  await page.keyboard.press(key);
  const stop = await focused(page);
  expect(stop, `after ${key} on ${page.url()} nothing has the focus`).not.toBeNull();
  expect(hasFocusIndicator(stop!), `no visible focus indicator on ${describeStop(stop!)} (${page.url()})`).toBe(true);
  return stop!;
}

/** Tabs (checking every stop) until the focused element matches; fails after `max` stops. */
async function tabTo(page: Page, matches: (stop: FocusStop) => boolean, what: string, max = 120): Promise<FocusStop> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    const stop = await press(page, 'Tab');
    if (matches(stop)) return stop;
    seen.push(describeStop(stop));
  }
  throw new Error(`${what} not reached by Tab on ${page.url()} within ${max} stops:\n  ${seen.join('\n  ')}`);
}

const linkTo = (href: string) => (stop: FocusStop) => stop.tag === 'a' && stop.href === href;

/** Presses Enter or Space on the focused element and waits for the next page. */
async function activate(page: Page, key: 'Enter' | 'Space', url: string | RegExp) {
  await Promise.all([page.waitForURL(url), page.keyboard.press(key)]);
}

/** Logs in through the form (not part of the keyboard test, so a plain fill and click). */
async function logIn(page: Page, account: { email: string; password: string }) {
  await page.goto(`${baseUrl}/anmelden`);
  await page.getByLabel('E-Mail-Adresse').fill(account.email);
  await page.getByLabel('Passwort').fill(account.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  // the account's own start page (or the password change when it is due)
  await page.waitForURL((url) => url.pathname !== '/anmelden');
}

/**
 * Opens `url` at 320 × 256 CSS px and names what is wider than the screen: the page itself, or a
 * table of the class stack-narrow (which must turn into one block per row there, not scroll).
 */
async function reflowFailures(url: string): Promise<string[]> {
  const { page } = await openPage(session, `${baseUrl}${url}`, { viewport: { width: 320, height: 256 } });
  expect(page.url(), `${url} was redirected (not logged in?)`).toBe(`${baseUrl}${url}`);
  const result = await page.evaluate(() => {
    const width = window.innerWidth;
    const wide = [...(document.querySelectorAll('body *') as HTMLElement[])]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      // report the outermost offenders only
      .filter((el) => !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1))
      .slice(0, 5)
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}"> right=${Math.round(el.getBoundingClientRect().right)}`);
    const stacked = [...(document.querySelectorAll('table.stack-narrow') as HTMLElement[])]
      .filter((table) => table.getBoundingClientRect().width > width)
      .map((table) => `<table class="${table.className}"> width=${Math.round(table.getBoundingClientRect().width)}`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide, stacked };
  });
  await page.close();
  const failures: string[] = [];
  if (result.scrollWidth > result.innerWidth + 1) {
    failures.push(`${url}: scrollWidth ${result.scrollWidth} > ${result.innerWidth}\n    ${result.wide.join('\n    ')}`);
  }
  if (result.stacked.length > 0) failures.push(`${url}: tables wider than the screen\n    ${result.stacked.join('\n    ')}`);
  return failures;
}

// ---------------------------------------------------------------------------------------------

describe('accessibility beyond axe', () => {
  test('keyboard only: skip link to TOP 2.12, login with an announced error, the workspace', async () => {
    await session.context.clearCookies();
    const { page } = await openPage(session, `${baseUrl}/`);

    // the skip link is the first Tab stop and moves the focus to the main content
    const first = await press(page, 'Tab');
    expect(first.href).toBe('#inhalt');
    expect(first.text).toBe('Zum Inhalt springen');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page))?.id).toBe('inhalt');
    // the next Tab stop lies inside <main>, past the header
    const inMain = await press(page, 'Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('main') !== null), describeStop(inMain)).toBe(true);
    // Shift+Tab and Tab again: back and forth, still with a visible focus
    await press(page, 'Shift+Tab');
    await press(page, 'Tab');

    await tabTo(page, linkTo('/intmk'), 'the IntMK link');
    await activate(page, 'Enter', `${baseUrl}/intmk`);
    await tabTo(page, linkTo('/intmk/12'), 'the 12th IntMK');
    await activate(page, 'Enter', `${baseUrl}/intmk/12`);
    await tabTo(page, linkTo('/intmk/12/top/2.12'), 'TOP 2.12');
    await activate(page, 'Enter', `${baseUrl}/intmk/12/top/2.12`);
    expect(await page.locator('h1').innerText()).toContain('Migrationsberatung');

    // log in from the header link; first a wrong password
    await tabTo(page, linkTo('/anmelden'), 'the login link', 200);
    await activate(page, 'Enter', /\/anmelden/);
    await tabTo(page, (s) => s.id === 'email', 'the e-mail field');
    await page.keyboard.type(secretariat.email);
    const password = await press(page, 'Tab');
    expect(password.id).toBe('password');
    await page.keyboard.type('ein falsches Passwort');
    await page.keyboard.press('Enter');
    const alert = page.locator('[role="alert"]');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.innerText()).toContain('stimmen nicht');
    // the refused form puts the focus on its message: the next Tab leads on to the fields
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role') ?? null)).toBe('alert');
    // the message is tied to the field and the entered e-mail address is kept
    expect(await page.locator('#email').getAttribute('aria-describedby')).toBe(await alert.getAttribute('id'));
    expect(await page.locator('#email').inputValue()).toBe(secretariat.email);

    const email = await tabTo(page, (s) => s.id === 'email', 'the e-mail field');
    expect(email.id).toBe('email');
    expect((await press(page, 'Tab')).id).toBe('password');
    // Shift+Tab back to the e-mail field: its value is still there
    expect((await press(page, 'Shift+Tab')).id).toBe('email');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(secretariat.email);
    await press(page, 'Tab');
    await page.keyboard.type(secretariat.password);
    const submit = await press(page, 'Tab');
    expect(submit.tag).toBe('button');
    expect(submit.text).toBe('Anmelden');
    // the login leads to the secretariat's own start page, the workspace
    await activate(page, 'Space', `${baseUrl}/verwaltung`);

    await tabTo(page, linkTo('/verwaltung'), 'the workspace link');
    await activate(page, 'Enter', `${baseUrl}/verwaltung`);
    expect(await page.locator('h1').innerText()).not.toBe('');
    // a few stops into the workspace: all visibly focused
    for (let i = 0; i < 10; i++) await press(page, 'Tab');
    await page.close();
  });

  test('reflow at 400 % zoom: 320 × 256 CSS px without horizontal scrolling', async () => {
    await session.context.clearCookies();
    const urls = ['/', '/intmk', '/intmk/12', '/intmk/12/top/2.12', '/suche?q=Migrationsberatung', '/statistik', '/intmk/statistik', '/intmk/12/umsetzungsbericht'];
    const failures: string[] = [];
    for (const url of urls) failures.push(...(await reflowFailures(url)));
    expect(failures.join('\n')).toBe('');
  });

  test('reflow of the logged-in pages: 320 CSS px without horizontal scrolling, long tables one block per row', async () => {
    const failures: string[] = [];
    const pages: [{ email: string; password: string }, string[]][] = [
      [land, ['/dashboard', '/merkliste', '/berichtsauftraege']],
      [secretariat, ['/verwaltung', '/verwaltung/import']],
      [admin, ['/verwaltung/benutzer', '/verwaltung/benutzer/neu', '/verwaltung/protokoll', '/verwaltung/postausgang']],
    ];
    for (const [account, urls] of pages) {
      await session.context.clearCookies();
      const login = await session.context.newPage();
      await logIn(login, account);
      await login.close();
      for (const url of urls) failures.push(...(await reflowFailures(url)));
    }
    expect(failures.join('\n')).toBe('');
  });

  test('the section links of the administration stand apart at 375 and 1280 px; the audit filters of a row line up', async () => {
    await session.context.clearCookies();
    const login = await session.context.newPage();
    await logIn(login, admin);
    await login.close();
    for (const width of [375, 1280]) {
      const { page } = await openPage(session, `${baseUrl}/verwaltung/protokoll`, { viewport: { width, height: 900 } });
      const layout = await page.evaluate(() => {
        const box = (el: HTMLElement) => el.getBoundingClientRect();
        const nav = box(document.querySelector('.admin-nav'));
        const header = box(document.querySelector('header'));
        const heading = box(document.querySelector('main h1'));
        const links = [...(document.querySelectorAll('.admin-nav a') as HTMLElement[])].map(box);
        const fields = [...(document.querySelectorAll('.audit-filters .field') as HTMLElement[])].map((field) => ({
          labelTop: Math.round(box(field.querySelector('label')).top),
          controlBottom: Math.round(box(field.querySelector('input, select')).bottom),
          row: Math.round(box(field).top),
        }));
        return {
          aboveNav: nav.top - header.bottom, belowNav: heading.top - nav.bottom,
          linkHeights: links.map((l) => l.height), gaps: links.slice(1).map((l, i) => (Math.abs(l.top - links[i]!.top) < 1 ? l.left - links[i]!.right : l.top - links[i]!.bottom)),
          fields,
        };
      });
      await page.close();
      expect(layout.aboveNav, `${width} px: space above the section links`).toBeGreaterThanOrEqual(16);
      expect(layout.belowNav, `${width} px: space between the section links and the heading`).toBeGreaterThanOrEqual(16);
      // each link a target of at least 24 px (WCAG 2.2 2.5.8), apart from the next
      for (const height of layout.linkHeights) expect(height).toBeGreaterThanOrEqual(24);
      for (const gap of layout.gaps) expect(gap).toBeGreaterThanOrEqual(4);
      const rows = new Map<number, typeof layout.fields>();
      for (const field of layout.fields) rows.set(field.row, [...(rows.get(field.row) ?? []), field]);
      if (width === 1280) expect(rows.size).toBe(1);
      for (const row of rows.values()) {
        expect(new Set(row.map((f) => f.labelTop)).size, `${width} px: label tops in a row`).toBe(1);
        expect(new Set(row.map((f) => f.controlBottom)).size, `${width} px: field bottoms in a row`).toBe(1);
      }
    }
  });

  test('reflow with a long compound word in a TOP title: the stacked tables break it at 320 CSS px', async () => {
    await session.context.clearCookies();
    const word = 'Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz';
    const failures: string[] = [];
    for (const [url, title] of [['/intmk/12', 'table.agenda a'], ['/intmk/12/umsetzungsbericht', 'table.stack-narrow td']] as const) {
      const { page } = await openPage(session, `${baseUrl}${url}`, { viewport: { width: 320, height: 640 } });
      // a real title of that length, here put into the page: the style sheet is what is checked
      const widths = await page.evaluate(
        ([selector, text]) => {
          document.querySelector(selector).textContent = `Änderung des ${text}es`;
          return [...document.querySelectorAll('table.stack-narrow')].map((table: HTMLElement) => Math.round(table.getBoundingClientRect().width));
        },
        [title, word] as const,
      );
      for (const width of widths) if (width > 320) failures.push(`${url}: a stacked table ${width} px wide`);
      await page.close();
    }
    expect(failures).toEqual([]);
  });

  test('prefers-reduced-motion: no animation or transition runs', async () => {
    await session.context.clearCookies();
    for (const url of ['/', '/intmk/12/top/2.12']) {
      const page = await session.context.newPage();
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto(`${baseUrl}${url}`);
      expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
      // focus something, too: focus styles are where transitions usually hide
      await page.keyboard.press('Tab');
      const moving = await page.evaluate(() => {
        const positive = (value: string) => value.split(',').some((part) => parseFloat(part) > 0);
        const found: string[] = [];
        for (const el of document.querySelectorAll('*')) {
          for (const pseudo of [null, '::before', '::after']) {
            const style = getComputedStyle(el, pseudo);
            const animated = style.animationName !== 'none' && positive(style.animationDuration);
            if (positive(style.transitionDuration) || animated) {
              found.push(`<${el.tagName.toLowerCase()} class="${(el as HTMLElement).className}">${pseudo ?? ''} transition ${style.transitionDuration}, animation ${style.animationName} ${style.animationDuration}`);
            }
          }
        }
        return found;
      });
      expect(moving, url).toEqual([]);
      await page.close();
    }
  });

  // many pages, each checked by axe: a few minutes on a loaded machine (hence the timeout)
  test('axe on every template, logged out and logged in, including error pages', async () => {
    await session.context.clearCookies();
    const visit = async (page: Page, url: string, name: string, status = 200) => {
      const response = await page.goto(`${baseUrl}${url}`);
      expect(response?.status(), `${url} status`).toBe(status);
      await expectAccessible(page, name);
    };
    /** A form posted without its CSRF token; page.evaluate is not subject to the CSP. */
    const postWithoutToken = async (page: Page, action: string, name: string) => {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${baseUrl}${action}`),
        page.evaluate((target) => {
          const form = document.createElement('form');
          form.method = 'post';
          form.action = target;
          const field = document.createElement('input');
          field.name = 'email';
          field.value = 'jemand@example.org';
          form.append(field);
          document.body.append(form);
          form.submit();
        }, action),
      ]);
      await page.waitForLoadState('load');
      expect(response.status(), `${name} status`).toBe(403);
      expect(await page.locator('h1').innerText(), name).toBe('Formular abgelaufen');
      await expectAccessible(page, name);
    };
    const loggedInAs = (page: Page) => page.locator('.account-nav').innerText();

    // logged out
    const { page } = await openPage(session, `${baseUrl}/`);
    await expectAccessible(page, 'home');
    await visit(page, '/intmk', 'conference');
    await visit(page, '/intmk/12', 'meeting');
    await visit(page, '/statistik', 'statistics-overview');
    await visit(page, '/statistik?stand=2019-12-31', 'statistics-overview-as-of');
    await visit(page, '/intmk/statistik', 'statistics');
    await visit(page, '/intmk/statistik?von=2015&bis=2019', 'statistics-years');
    await visit(page, '/intmk/statistik?stand=2018-06-30', 'statistics-as-of');
    await visit(page, '/intmk/statistik?von=1990&bis=1991', 'statistics-empty');
    await visit(page, '/intmk/statistik?von=abc&stand=31.02.2020', 'statistics-bad-input'); // the page with a notice (200)
    await visit(page, '/intmk/12/umsetzungsbericht', 'implementation-report');
    await visit(page, '/intmk/12/umsetzungsbericht?stand=2018-06-30', 'implementation-report-as-of');
    await visit(page, '/intmk/12/top/2.12', 'resolution');
    await visit(page, '/intmk/12/top/2.12/fassungen', 'versions-public');
    await visit(page, '/intmk/12/top/2.12/fassungen/1', 'version-public');
    await visit(page, '/suche?q=Migrationsberatung', 'search-results');
    await visit(page, '/suche?q=%22Kita', 'search-notice');
    expect(await page.locator('.notice[role="status"]').count(), 'search notice').toBe(1);
    // a bad year in the address: the notice above the form links to the field, which names the problem
    await visit(page, '/suche?q=Bund&von=20x4', 'search-bad-year');
    await page.locator('.notice[role="status"]').getByRole('link', { name: /„20x4“ ist keine gültige Jahreszahl/ }).click();
    expect(new URL(page.url()).hash).toBe('#suche-von');
    expect(await page.locator('#suche-von').getAttribute('aria-invalid')).toBe('true');
    await visit(page, '/suche', 'search-empty');
    await visit(page, '/anmelden', 'login');
    await visit(page, '/gibt-es-nicht', 'not-found', 404);
    expect(await page.locator('h1').innerText()).toBe('Seite nicht gefunden');
    await visit(page, '/abmelden', 'method-not-allowed', 405);
    expect(await page.locator('h1').innerText()).toBe('So nicht aufrufbar');
    await visit(page, '/intmk/12/top/99.99', 'resolution-not-found', 404);
    for (const slug of ['impressum', 'barrierefreiheit', 'leichte-sprache', 'datenschutz']) await visit(page, `/${slug}`, slug);
    await visit(page, '/berichtsauftraege', 'reporting');
    await visit(page, '/api/docs', 'api-docs');
    await page.goto(`${baseUrl}/anmelden`);
    await postWithoutToken(page, '/anmelden', 'csrf-error-logged-out');

    // a Länder official of Berlin
    await logIn(page, land);
    expect(await loggedInAs(page)).toContain('Referent Berlin E2E');
    await visit(page, '/', 'home-land');
    await visit(page, '/dashboard', 'dashboard');
    await visit(page, '/merkliste', 'watch-list');
    await visit(page, '/konto/passwort', 'password');
    await visit(page, '/berichtsauftraege', 'reporting-land');
    await visit(page, '/intmk/12/top/2.12', 'resolution-land');
    await visit(page, '/verwaltung', 'forbidden', 403);
    expect(await page.locator('h1').innerText()).toBe('Keine Berechtigung');

    // the secretariat
    await session.context.clearCookies();
    await logIn(page, secretariat);
    expect(await loggedInAs(page)).toContain('Geschäftsstelle E2E');
    await visit(page, '/verwaltung', 'workspace');
    await visit(page, '/verwaltung/import', 'import');
    // a refused import confirmation: each problem at its field too
    await page.getByLabel('… oder Text einfügen').fill(['12. Integrationsministerkonferenz 2017', 'am 16. und 17. März 2017 in Friedrichshafen',
      'TOP 2.99 Ein Titel', 'Die IntMK hat einstimmig beschlossen:', '1. Die IntMK bittet den Bund um einen Bericht.'].join('\n'));
    await Promise.all([page.waitForURL(/\/verwaltung\/import\/vorschau$/), page.getByRole('button', { name: 'Vorschau anzeigen' }).click()]);
    await page.locator('#f0_r0_agendaItem').fill('');
    await Promise.all([page.waitForURL(/\/verwaltung\/import\/speichern$/), page.getByRole('button', { name: 'Import bestätigen und speichern' }).click()]);
    expect(await page.locator('#f0_r0_agendaItem').getAttribute('aria-invalid'), 'refused TOP number marked').toBe('true');
    await expectAccessible(page, 'import-refused');
    // a refused release of a meeting's TOPs: the date stays as typed, marked, with its message
    await page.goto(`${baseUrl}/verwaltung`);
    await page.getByRole('link', { name: 'TOPs und Freigabe' }).first().click();
    await page.waitForURL(/\/verwaltung\/sitzungen\/\d+$/);
    await page.getByLabel('Freigabedatum (bei „öffentlich“)').fill('31.02.2018');
    await Promise.all([page.waitForURL(/\/freigabe$/), page.getByRole('button', { name: 'Status der ausgewählten TOPs ändern' }).click()]);
    expect(await page.getByLabel('Freigabedatum (bei „öffentlich“)').inputValue(), 'refused date kept').toBe('31.02.2018');
    await expectAccessible(page, 'meeting-release-refused');
    // repeated demands: the review queue; a confirmed pair shows on the statistics page
    await visit(page, '/verwaltung/wiederholungen', 'repeats-queue');
    await page.getByRole('button', { name: /^Bestätigen: wiederholt / }).first().click();
    await page.waitForLoadState('load');
    expect(await page.locator('.message-success').innerText(), 'repeat confirmed').toContain('Die Wiederholung ist bestätigt');
    await expectAccessible(page, 'repeats-queue-confirmed');
    await visit(page, '/verwaltung/wiederholungen?status=bestaetigt', 'repeats-confirmed');
    await visit(page, '/verwaltung/wiederholungen/tops', 'repeats-tops');
    await visit(page, '/statistik', 'statistics-overview-repeats');
    expect(await page.locator('table.repeated-demands tbody tr').count(), 'repeated demands in the statistic').toBe(1);
    await visit(page, '/verwaltung/konferenzen/neu', 'conference-new');
    await visit(page, '/verwaltung/seiten', 'legal-overview');
    await visit(page, '/verwaltung/seiten/impressum', 'legal-edit');
    await visit(page, '/impressum', 'imprint-secretariat');
    await visit(page, '/intmk/12/top/2.12', 'resolution-secretariat');
    const edit = page.getByRole('link', { name: 'Bearbeiten', exact: true });
    const editUrl = await edit.getAttribute('href');
    // the edit form returns to the page it was opened from
    expect(editUrl).toBe(`${editUrl!.split('?')[0]}?zurueck=%2Fintmk%2F12%2Ftop%2F2.12`);
    expect(editUrl).toMatch(/^\/verwaltung\/beschluesse\/\d+\?/);
    await visit(page, editUrl!, 'resolution-edit');
    await visit(page, '/intmk/12/top/2.12/fassungen', 'versions');
    await visit(page, '/verwaltung/protokoll', 'audit-secretariat');
    await visit(page, '/dashboard', 'dashboard-secretariat');
    await visit(page, '/suche?q=Migrationsberatung', 'search-secretariat');
    await visit(page, '/gibt-es-nicht', 'not-found-logged-in', 404);
    await postWithoutToken(page, '/verwaltung/konferenzen/neu', 'csrf-error-logged-in');
    // the rejected post does not end the session
    await visit(page, '/verwaltung', 'workspace-after-csrf-error');
    await page.close();
  }, 180_000);
});
