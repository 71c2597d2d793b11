/**
 * Browser helpers for the end-to-end tests: Debian's chromium through playwright-core (never a
 * downloaded browser), pages that record what went wrong while loading, and axe-core checks.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';

/** Debian's chromium; CHROMIUM_PATH may point elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags this environment needs; playwright adds its own headless flag. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const DESKTOP_VIEWPORT = { width: 1280, height: 900 };
export const NARROW_VIEWPORT = { width: 375, height: 812 };

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Starts chromium with a fresh profile directory (removed again by close()). */
export async function launchBrowser(): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'beschlussmonitor-e2e-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: DESKTOP_VIEWPORT,
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
      // Keep the app's Content-Security-Policy in force: axe is injected with page.evaluate,
      // which CSP does not block, and CSP violations show up as console errors.
      bypassCSP: false,
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(`chromium (${CHROMIUM_PATH}) could not be started: ${error instanceof Error ? error.message : String(error)}`);
  }
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
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
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? '?'})`));
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

/** Collapses whitespace as a reader would perceive it. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Saves a full-page screenshot as `<dir>/<name>.png` and returns its path. */
export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
