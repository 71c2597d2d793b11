/**
 * vitest globalSetup for the end-to-end tests: builds the app once, starts the real server
 * (`node dist/server.js`, what `npm start` runs, refusing development dependencies) on a free port with a fresh data directory and the demo archive,
 * waits until `/` answers 200 and hands the base URL to the tests (`inject('baseUrl')`).
 * It also launches the run's one Chromium (chromium.ts); each test file connects to it
 * (`inject('browserEndpoint')`, browser.ts) and works in a browser context of its own.
 * At the end the browser closes, and the server gets SIGTERM and must exit with code 0 (graceful shutdown).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { startSmtpServer } from '../smtp.js';
import { launchBrowserServer } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** e.g. http://127.0.0.1:41234, without a trailing slash */
    baseUrl: string;
    /** Where a failed test's open pages are saved as screenshots. */
    screenshotDir: string;
    /** The WebSocket endpoint of the run's Chromium (playwright's browser server). */
    browserEndpoint: string;
    /** A secretariat account created on the command line before the server starts. */
    secretariat: { email: string; password: string };
    /** A Länder official of Berlin (a sponsor of IntMK 2017 TOP 2.12). */
    landBerlin: { email: string; password: string };
    /** An administrator, created on the command line. */
    admin: { email: string; password: string };
    /** Where the SMTP server of this process stores every message it accepted (`<n>.eml`). */
    mailDir: string;
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 60_000;
const SHUTDOWN_TIMEOUT_MS = 15_000;
/** The server and the user command run without development dependencies (see production-only.mjs). */
const PRODUCTION_ONLY = ['--import', './test/e2e/production-only.mjs'];

function log(message: string): void {
  process.stderr.write(`[e2e] ${message}\n`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function build(): void {
  log('npm run build …');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`npm run build failed (exit code ${result.status ?? result.signal})`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `/` until it answers 200; fails early when the server process ends. */
async function waitForServer(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the server ended during startup (exit code ${child.exitCode ?? child.signalCode}). Output:\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/`, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastProblem = `GET / answered ${response.status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(200);
  }
  throw new Error(`the server did not answer 200 on / within ${STARTUP_TIMEOUT_MS} ms (${lastProblem}). Output:\n${output()}`);
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

export default async function setup(project: TestProject) {
  build();

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'beschlussmonitor-e2e-data-'));
  // A real SMTP server in this process; the server delivers to it, the tests read the files.
  const mailDir = mkdtempSync(path.join(os.tmpdir(), 'beschlussmonitor-e2e-mail-'));
  let mailCount = 0;
  const smtp = await startSmtpServer({
    beforeAccept: (mail) => {
      mailCount += 1;
      writeFileSync(path.join(mailDir, `${String(mailCount).padStart(4, '0')}.eml`), mail.raw);
    },
  });
  const port = await freePort();
  const baseUrl = `http://${HOST}:${port}`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOAD_DEMO: 'true',
    LOG_LEVEL: 'warn',
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Beschlussmonitor E2E <bm@e2e.example>',
  };
  // Settings of the calling shell must not leak into the test server.
  for (const key of ['DATABASE_PATH', 'PUBLIC_URL', 'PAGE_CACHE', 'TRUST_PROXY']) delete env[key];

  // A new user created on the command line, as an operator would.
  const secretariat = { email: 'gs@e2e.example', password: 'Ende-zu-Ende-Test mit langem Passwort' };
  const landBerlin = { email: 'ref@berlin.e2e.example', password: 'Berliner Luft und ein langes Passwort' };
  const addUser = (account: { email: string; password: string }, ...args: string[]) => {
    const created = spawnSync(process.execPath, [...PRODUCTION_ONLY, 'dist/src/cli/user.js', 'add', '--email', account.email, ...args, '--password-stdin'], {
      cwd: ROOT,
      env,
      input: `${account.password}\n`,
      encoding: 'utf8',
    });
    if (created.status !== 0) throw new Error(`npm run user failed: ${created.stderr}`);
  };
  // The secretariat works for IntMK: the conference is created on the command line first (the demo
  // data, loaded at the server's first start, then finds it by its short name).
  const intmk = (JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'demo', 'conferences.json'), 'utf8')) as { shortName: string; name: string }[]).find((c) => c.shortName === 'IntMK')!;
  const conference = spawnSync(process.execPath, ['dist/src/cli/user.js', 'add-conference', '--short', intmk.shortName, '--name', intmk.name], { cwd: ROOT, env, encoding: 'utf8' });
  if (conference.status !== 0) throw new Error(`npm run user -- add-conference failed: ${conference.stderr}`);
  addUser(secretariat, '--name', 'Geschäftsstelle E2E', '--role', 'secretariat', '--conference', 'intmk');
  addUser(landBerlin, '--name', 'Referent Berlin E2E', '--role', 'land', '--land', 'BE');
  const admin = { email: 'verwaltung@e2e.example', password: 'Ein langes Passwort der Administration' };
  addUser(admin, '--name', 'Administration E2E', '--role', 'admin');

  let output = '';
  const child = spawn(process.execPath, [...PRODUCTION_ONLY, 'dist/server.js'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    // LOG_LEVEL=warn: whatever the server says is worth seeing.
    for (const line of text.split('\n')) if (line.trim()) log(`server: ${line}`);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  // Never leave the server behind, even when vitest itself dies.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  const cleanup = () => {
    process.off('exit', killOnExit);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(mailDir, { recursive: true, force: true });
    void smtp.close();
  };

  log(`starting the server on ${baseUrl} (DATA_DIR=${dataDir}, LOAD_DEMO=true)`);
  try {
    await waitForServer(baseUrl, child, () => output);
  } catch (error) {
    killOnExit();
    await waitForExit(child, SHUTDOWN_TIMEOUT_MS);
    cleanup();
    throw error;
  }
  let browserServer: BrowserServer;
  try {
    browserServer = await launchBrowserServer();
  } catch (error) {
    killOnExit();
    await waitForExit(child, SHUTDOWN_TIMEOUT_MS);
    cleanup();
    throw error;
  }
  const screenshotDir = mkdtempSync(path.join(os.tmpdir(), 'beschlussmonitor-e2e-screenshots-'));
  log(`server ready (pid ${child.pid}); chromium ready (pid ${browserServer.process().pid}); screenshots of failed tests go to ${screenshotDir}`);

  project.provide('baseUrl', baseUrl);
  project.provide('screenshotDir', screenshotDir);
  project.provide('browserEndpoint', browserServer.wsEndpoint());
  project.provide('secretariat', secretariat);
  project.provide('landBerlin', landBerlin);
  project.provide('admin', admin);
  project.provide('mailDir', mailDir);

  /**
   * vitest 4 only logs an error thrown by a globalSetup teardown ("error during close") and
   * still exits with 0, so a failed shutdown also sets the exit code itself.
   */
  const shutdownFailed = (message: string): Error => {
    process.exitCode = 1;
    log(`FAILED: ${message}`);
    return new Error(message);
  };

  return async function teardown() {
    await browserServer.close();
    log(`stopping the server (SIGTERM to pid ${child.pid}) …`);
    child.kill('SIGTERM');
    const result = await waitForExit(child, SHUTDOWN_TIMEOUT_MS);
    if (result === null) {
      child.kill('SIGKILL');
      await waitForExit(child, 5_000);
      cleanup();
      throw shutdownFailed(`the server did not exit within ${SHUTDOWN_TIMEOUT_MS} ms after SIGTERM. Output:\n${output}`);
    }
    cleanup();
    if (result.code !== 0) {
      throw shutdownFailed(
        `the server did not shut down cleanly after SIGTERM: exit code ${result.code ?? 'none'}, signal ${result.signal ?? 'none'}. Output:\n${output}`,
      );
    }
    const screenshots = readdirSync(screenshotDir).length;
    if (screenshots > 0) log(`server exited with code 0; ${screenshots} screenshots of failed tests are in ${screenshotDir}`);
    else {
      rmSync(screenshotDir, { recursive: true, force: true });
      log('server exited with code 0');
    }
  };
}
