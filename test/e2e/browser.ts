/**
 * Browser helpers for the end-to-end tests: a browser context of its own for every test file in
 * the run's one Chromium (launched by global-setup.ts, see chromium.ts), pages that record what
 * went wrong while loading, axe-core checks, and a screenshot of every page a failed test left
 * open.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, inject } from 'vitest';

export const DESKTOP_VIEWPORT = { width: 1280, height: 900 };
export const NARROW_VIEWPORT = { width: 375, height: 812 };

export interface BrowserSession {
  /** This file's browser context: its own cookies, storage and cache. */
  readonly context: BrowserContext;
}

/**
 * A browser context for this test file, in the Chromium that global-setup.ts launched for the
 * whole run: connected in beforeAll, closed in afterAll. After each test the pages it opened are
 * closed; when the test failed, each of them is first saved as a full-page screenshot in the
 * run's screenshot directory (its path is printed).
 */
export function useBrowser(): BrowserSession {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  /** The pages opened since the current test began. */
  let testPages: Page[] = [];
  beforeAll(async () => {
    browser = await chromium.connect(inject('browserEndpoint'));
    context = await browser.newContext({
      viewport: DESKTOP_VIEWPORT,
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      // Keep the app's Content-Security-Policy in force: axe is injected with page.evaluate,
      // which CSP does not block, and CSP violations show up as console errors.
      bypassCSP: false,
    });
    context.setDefaultTimeout(15_000);
    context.setDefaultNavigationTimeout(30_000);
    context.on('page', (page) => testPages.push(page));
  });
  beforeEach(() => {
    testPages = [];
  });
  afterEach(async ({ task }) => {
    const pages = testPages.filter((page) => !page.isClosed());
    testPages = [];
    if (task.result?.state === 'fail') {
      const name = `${path.basename(task.file.name).replace(/\.e2e\.ts$/, '')}-${task.name}`.replace(/[^a-z0-9]+/gi, '-').slice(0, 120);
      for (const [i, page] of pages.entries()) {
        const file = path.join(inject('screenshotDir'), `${name}-${i + 1}.png`);
        try {
          await page.screenshot({ path: file, fullPage: true });
          process.stderr.write(`[e2e] failed test, page ${page.url()}: ${file}\n`);
        } catch (error) {
          process.stderr.write(`[e2e] failed test, no screenshot of ${page.url()}: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    }
    for (const page of pages) await page.close().catch(() => undefined);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
  });
  return {
    get context(): BrowserContext {
      if (!context) throw new Error('useBrowser(): the browser context exists from beforeAll on');
      return context;
    },
  };
}

export interface OpenedPage {
  page: Page;
  response: Response | null;
  /** Console errors, uncaught page errors and failed or erroneous sub-requests. */
  problems: string[];
}

/**
 * Opens a new tab and loads `url`. Everything that goes wrong while the page lives (console
 * errors such as CSP violations, script errors, failed requests, 4xx/5xx sub-resources) is
 * collected in `problems`.
 */
export async function openPage(
  session: BrowserSession,
  url: string,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<OpenedPage> {
  const page = await session.context.newPage();
  if (options.viewport) await page.setViewportSize(options.viewport);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const source = message.location().url;
    problems.push(`console error: ${message.text()}${source ? ` (${source})` : ''}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '?';
    // Chromium fetches the icon on its own after the page has loaded; a test that goes on to the next
    // page at once cancels that fetch. Any other failed request, and a failed icon, is a problem.
    if (reason === 'net::ERR_ABORTED' && new URL(request.url()).pathname === '/assets/favicon.svg') return;
    problems.push(`request failed: ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    // The document itself may be an expected 404; sub-resources must load.
    if (response.status() >= 400 && response.request().resourceType() !== 'document') {
      problems.push(`HTTP ${response.status()} for ${response.url()}`);
    }
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  return { page, response, problems };
}

// ---------------------------------------------------------------------------------------------
// axe-core

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

function loadAxeSource(): string {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** The WCAG 2.1 A and AA rules. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeNode {
  target: unknown[];
  html: string;
  failureSummary?: string;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

interface AxeRunResult {
  violations: AxeViolation[];
}

/** Runs axe-core in the page (WCAG 2.1 A/AA) and returns its violations. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  // Evaluating the library's source as an expression defines window.axe. Unlike a <script>
  // tag this is not subject to the page's Content-Security-Policy.
  const defined = await page.evaluate<boolean>(`(() => { ${loadAxeSource()}\n; window.axe = window.axe || axe; return typeof window.axe === 'object'; })()`);
  if (!defined) throw new Error('axe-core could not be loaded into the page');
  const result = await page.evaluate(
    (tags) => {
      const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeRunResult> } }).axe;
      return axe
        .run((globalThis as unknown as { document: unknown }).document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        })
        .then((r) => ({
          // Only what the report needs: axe results hold references to DOM nodes otherwise.
          violations: r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            helpUrl: v.helpUrl,
            nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
          })),
        }));
    },
    WCAG_TAGS,
  );
  return result.violations;
}

/** A readable report: one block per rule with its impact, help text and the offending nodes. */
export function formatViolations(violations: AxeViolation[]): string {
  if (violations.length === 0) return 'no axe violations';
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          const summary = n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : '';
          return `    - ${n.target.map(String).join(' ')}  ${n.html.length > 160 ? n.html.slice(0, 160) + '…' : n.html}${summary}`;
        })
        .join('\n');
      return `[${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

/**
 * Runs axe and returns the formatted report, or '' when the page has no violations; for
 * `expect(await axeReport(page)).toBe('')`, which shows the whole report on failure.
 */
export async function axeReport(page: Page): Promise<string> {
  const violations = await runAxe(page);
  return violations.length === 0 ? '' : formatViolations(violations);
}

/** Expects no axe violations (WCAG 2.1 A/AA) on the page; `name` labels the report on failure. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  expect(await axeReport(page), name).toBe('');
}

/** Collapses whitespace as a reader would perceive it. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
