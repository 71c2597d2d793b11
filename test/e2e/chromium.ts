/**
 * The one Chromium of an end-to-end run: Debian's chromium through playwright-core (never a
 * downloaded browser). global-setup.ts launches it once as a browser server; every test file
 * connects to it and works in a browser context of its own (browser.ts, useBrowser()).
 * This module has no vitest import: global-setup.ts runs in vitest's main process.
 */
import { chromium, type BrowserServer } from 'playwright-core';

/** Debian's chromium; CHROMIUM_PATH may point elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags this environment needs. playwright adds --headless (headless: true) and a fresh
 * --user-data-dir of its own (a new temporary profile, removed when the browser closes).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts chromium as a browser server on a local WebSocket endpoint (`wsEndpoint()`). */
export async function launchBrowserServer(): Promise<BrowserServer> {
  try {
    return await chromium.launchServer({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, host: '127.0.0.1' });
  } catch (error) {
    throw new Error(`chromium (${CHROMIUM_PATH}) could not be started: ${error instanceof Error ? error.message : String(error)}`);
  }
}
