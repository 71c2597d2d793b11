/** Test helpers: a fresh database with the real migrations and an app built by the real builder. */
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, vi } from 'vitest';
import { tmpdir } from 'node:os';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.js';
import { testConfig, type Config } from '../src/config.js';
import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { openDatabase, setPragmas, type Connection } from '../db/connection.js';
import * as schema from '../db/schema.js';
import type { SchemaCompilers } from '../src/precompiled.js';
import { FIXTURES_DIR, MIGRATIONS_DIR, ROOT_DIR } from '../src/paths.js';
import { ensureConference, importDocument } from '../src/services/import.js';
import { writeTransaction } from '../src/services/tx.js';
import { ensureActors } from '../src/services/demo.js';
import type { ImportDocument } from '../src/domain/import-format.js';
import type { ReleaseState } from '../src/domain/vocabulary.js';
import { createUser } from '../src/services/users.js';
import type { Viewer } from '../src/services/visibility.js';

export const TEST_ACTOR = Object.freeze({ userId: null, name: 'test' });

/**
 * The migrated database with its actors, as an image (`serialize()`), made once per test file:
 * migrating takes tens of milliseconds, a copy of the image well under one.
 */
let template: Buffer | undefined;

/** A fresh in-memory database: all migrations applied, the actors there, set up as the app sets up its file. */
export function freshDatabase(): Connection {
  if (template === undefined) {
    const migrated = openDatabase(':memory:', MIGRATIONS_DIR);
    ensureActors(migrated.db);
    template = migrated.sqlite.serialize();
    migrated.close();
  }
  const sqlite = new Database(template);
  setPragmas(sqlite);
  return {
    sqlite,
    db: drizzle({ client: sqlite, schema }),
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/** SQLite's plan of a drizzle statement (one line per step), with `values` for its named placeholders. */
export function queryPlan(connection: Connection, statement: { getQuery(): { sql: string; params: unknown[] } }, values: Record<string, unknown>): string[] {
  const { sql, params } = statement.getQuery();
  // drizzle's placeholders in the order of the SQL's question marks
  const args = params.map((p) => {
    const name = (p as { name?: string }).name;
    return name === undefined ? p : values[name];
  });
  return (connection.sqlite.prepare(`explain query plan ${sql}`).all(...args) as { detail: string }[]).map((row) => row.detail);
}

/**
 * Fastify's own schema compilers, shared by every app a test file builds: a route's schema is
 * compiled once per file (kept by its content, the compiler's options and the part of the request,
 * as the build keys its precompiled code) instead of once per app. The functions are the libraries'
 * unchanged output; each app validates and serializes with them as with its own.
 */
function memoized<Route extends { schema?: unknown; httpPart?: string; httpStatus?: string }, Fn>(
  factory: (externalSchemas: unknown, options: unknown) => (route: Route) => Fn,
): (externalSchemas: unknown, options: unknown) => (route: Route) => Fn {
  const compiled = new Map<string, Fn>();
  return (externalSchemas, options) => {
    const compile = factory(externalSchemas, options);
    const setup = JSON.stringify([externalSchemas, options]);
    return (route) => {
      const key = `${setup}\n${route.httpPart ?? ''}\n${JSON.stringify(route.schema)}`;
      let fn = compiled.get(key);
      if (fn === undefined) compiled.set(key, (fn = compile(route)));
      return fn;
    };
  };
}

const SHARED_COMPILERS = {
  buildValidator: memoized(AjvCompiler() as never),
  buildSerializer: memoized(SerializerSelector() as never),
} as unknown as SchemaCompilers;

export async function buildTestApp(
  overrides: Partial<Config> = {},
  connection: Connection = freshDatabase(),
): Promise<{ app: FastifyInstance; connection: Connection }> {
  const app = await buildApp({ config: testConfig(overrides), connection, schemaCompilers: SHARED_COMPILERS });
  await app.ready();
  return { app, connection };
}

/** A test's app and its database. */
export interface TestApp {
  app: FastifyInstance;
  connection: Connection;
}

/**
 * A fresh database and app for each test of the calling file: built before each test and handed to
 * `take` (which keeps them in the file's variables), closed after it.
 */
export function useTestApp(take: (built: TestApp) => void, overrides: Partial<Config> = {}): void {
  let app: FastifyInstance | undefined;
  beforeEach(async () => {
    const built = await buildTestApp(overrides);
    app = built.app;
    take(built);
  });
  afterEach(async () => {
    await app?.close();
  });
}

export function readFixture(relative: string): string {
  return readFileSync(path.join(FIXTURES_DIR, relative), 'utf8');
}

/** The real resolution IntMK 2017 TOP 2.12, as the interchange JSON. */
export function seedDocument(): ImportDocument {
  return JSON.parse(readFixture('import/intmk-2017-top-2.12.expected.json')) as ImportDocument;
}

export function importSeed(connection: Connection, release: ReleaseState = 'public') {
  return importDocument(connection.db, TEST_ACTOR, seedDocument(), {
    source: 'Test',
    release,
    releasedOn: release === 'public' ? '2017-04-01' : null,
  });
}

/** The cookies a response sets, as a jar for the next request. */
export function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  return Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));
}

/** Logs in through the login form (with its CSRF token) and returns the cookie jar. */
export async function loginAs(app: FastifyInstance, email: string, password: string): Promise<Record<string, string>> {
  const form = await app.inject('/anmelden');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const response = await app.inject({ method: 'POST', url: '/anmelden', cookies: cookiesOf(form), payload: { email, password, _csrf: token } });
  if (response.statusCode !== 303) throw new Error(`login of ${email} failed: ${response.statusCode}`);
  return { ...cookiesOf(form), ...cookiesOf(response) };
}

/** The password of the accounts tests create (long enough for the password rules). */
export const TEST_PASSWORD = 'ein langes sicheres Passwort';

/**
 * A secretariat account of the conferences named (each created as the operator when missing),
 * logged in through the login form: the cookie jar of its session.
 */
export async function loginSecretariat(
  { app, connection }: TestApp,
  email = 'gs@intmk.example',
  shortNames: readonly string[] = ['IntMK'],
): Promise<Record<string, string>> {
  const conferenceIds = shortNames.map((shortName) => conferenceIdOf(connection, shortName));
  await createUser(connection.db, TEST_ACTOR, { email, name: `Geschäftsstelle ${shortNames.join(', ')}`, role: 'secretariat', conferenceIds, password: TEST_PASSWORD });
  return loginAs(app, email, TEST_PASSWORD);
}

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a TypeScript entry point of the repository (server, command-line tool) as its own process,
 * as an operator would, and collects its output; killed and rejected after `timeoutMs`.
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
  as: { uid: number; gid: number } | null = null,
): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT_DIR,
      env: { ...process.env, LOG_LEVEL: 'warn', ...(as ? { HOME: tmpdir() } : {}), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(as ?? {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not exit: ${stdout} ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The id of the conference with this short name, created (as the operator) when it is missing. */
export function conferenceIdOf(connection: Connection, shortName = 'IntMK'): number {
  return writeTransaction(connection.db, (tx) => ensureConference(tx, TEST_ACTOR, shortName));
}

/** A secretariat working for every conference stored so far (it sees their drafts and may change their releases). */
export function secretariatOfAll(connection: Connection): Viewer {
  const conferenceIds = connection.sqlite.prepare('select id from conferences order by id').pluck().all() as number[];
  return { userId: null, role: 'secretariat', land: null, conferenceIds };
}

/** The statements `run` executed on `connection` (every read and write goes through a Statement), and its result. */
export async function countingStatements<T>(connection: Connection, run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statement = Object.getPrototypeOf(connection.sqlite.prepare('select 1')) as Record<'get' | 'all' | 'run' | 'iterate', () => unknown>;
  const spies = (['get', 'all', 'run', 'iterate'] as const).map((method) => vi.spyOn(statement, method));
  try {
    const result = await run();
    const statements = spies.flatMap((spy) => spy.mock.contexts.map((context) => (context as { source: string }).source));
    return { result, statements };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** Tables whose writes are bookkeeping, not data: a session's last use, the login throttle, the search index's queue. */
export const BOOKKEEPING_TABLES = /^(sqlite_|__drizzle|sessions$|login_throttle$|search_)/;

/**
 * Temporary triggers on every table of the database but those `ignored` matches: the function
 * returned lists the tables written since its last call ("follow_ups insert", once each).
 */
export function watchWrites(connection: Connection, ignored: RegExp = BOOKKEEPING_TABLES): () => string[] {
  const sqlite = connection.sqlite;
  sqlite.exec('create temp table if not exists test_writes (tbl text)');
  const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' and sql not like 'CREATE VIRTUAL%'").pluck().all() as string[]).filter((t) => !ignored.test(t));
  for (const table of tables) {
    for (const event of ['insert', 'update', 'delete']) {
      sqlite.exec(`create temp trigger if not exists "test_writes_${table}_${event}" after ${event} on main."${table}" begin insert into test_writes values ('${table} ${event}'); end`);
    }
  }
  return () => {
    const rows = sqlite.prepare('select distinct tbl from test_writes').pluck().all() as string[];
    sqlite.exec('delete from test_writes');
    return rows;
  };
}

/**
 * A 404 page as the public gets it, but for the address its login link returns to
 * (`/anmelden?weiter=<the requested address>`, plugins/errors.ts; for an account still to replace
 * its one-time password the password change's `/konto/passwort?weiter=…`): the one part in which
 * the 404s of two addresses differ — and no disclosure, since the requester named the address.
 * Tests that check an unreleased thing answers the 404 of an unknown one compare bodies through this.
 */
export function withoutOwnAddress(body: string): string {
  return body
    .replace(/href="\/anmelden\?weiter&#x3D;[^"]*"/g, 'href="/anmelden?weiter=…"')
    .replace(/href="\/konto\/passwort\?weiter&#x3D;[^"]*"/g, 'href="/konto/passwort?weiter=…"');
}
