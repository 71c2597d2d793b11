/**
 * Responses of two server builds compared: status, headers (ETag included) and body, for the same
 * requests on the same data. For changes that must not change what a page shows (speed work):
 *
 *   npm run build && tsc -p test/bench/tsconfig.json
 *   mkdir -p /tmp/before && cp -r dist views db package.json /tmp/before/ && ln -s "$PWD/node_modules" /tmp/before/node_modules && ln -s "$PWD/fixtures" /tmp/before/fixtures   # before the change
 *   node dist/test/bench/page-identity.js [--db COPY.db] [--pages 400] [--limit 700] [--any-etag] /tmp/before/dist dist
 *
 * Each DIST is a build's dist/ (its dist/src/app.js is built in this process). The demo archive is
 * loaded once (with an administrator, a Land official and a secretariat) and copied for both builds,
 * so that both read the same rows; then, for the public and each of the three logged in, the pages
 * are crawled from the start pages along their links (at most --limit addresses each; downloads and
 * the logout left out), every answer with an ETag asked for again with If-None-Match. With --db (a
 * copy of the benchmark database: opening it applies pending migrations) --pages public
 * resolution pages of the rotating rows (bench.ts), 100 with protocol statements, and 50 of them as
 * of a date, with their meeting and conference. CSRF tokens, `generatedAt` and the login times of
 * this run (ISO timestamps with milliseconds, "hh:mm:ss MEZ") are masked; the rate limits are off
 * (their headers count seconds). Exits with 1 when an answer differs, naming the first ones.
 *
 * `--any-etag`: the ETags' values are not compared, for a change of how a tag is made (the archive's
 * pages have tags from the data version since 07.12.2026, random per process: two builds never
 * give the same). Whether each build's tag holds is still checked: asked for again with its own
 * tag, a build whose tag changed between the two requests answers 200 where the other answers 304.
 * Nor is the ETag's place among the headers: a conditional request answered 304 before rendering
 * stores nothing in the page cache, so such a build renders a page once more before it answers it
 * from its cache (where the ETag comes last).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { rotatingPaths } from './rotating.js';

const PASSWORD = 'Identitaet-Pruefung-2026!';
const USERS = [
  { email: 'admin@example.org', name: 'Admin A', role: 'admin' },
  { email: 'land@example.org', name: 'Land L', role: 'land', land: 'BY' },
  { email: 'gs@example.org', name: 'Sekretariat G', role: 'secretariat' },
] as const;
const START_PAGES = ['/', '/suche', '/suche?q=Bund', '/statistik', '/verwaltung', '/dashboard', '/merkliste', '/berichtsauftraege', '/verwaltung/benutzer'];
/** Not followed: the logout, files, downloads. */
const SKIP = /^\/(abmelden|assets\/|favicon)|\.(docx|pdf|zip|csv)(\?|$)|\/export/;

type Cookies = Record<string, string>;
interface Built {
  app: FastifyInstance;
  sqlite: import('better-sqlite3').Database;
}

/** Builds the app of `dist` on `file`; with `demo`, loads the demo archive and adds the users. */
async function build(dist: string, file: string, demo: boolean): Promise<Built> {
  const load = <T>(relative: string) => import(path.resolve(dist, relative)) as Promise<T>;
  const { buildApp } = await load<typeof import('../../src/app.js')>('src/app.js');
  const { testConfig } = await load<typeof import('../../src/config.js')>('src/config.js');
  const { openDatabase } = await load<typeof import('../../db/connection.js')>('db/connection.js');
  const { createUser } = await load<typeof import('../../src/services/users.js')>('src/services/users.js');
  const connection = openDatabase(file, path.resolve(dist, '..', 'db', 'migrations'));
  const app = await buildApp({ config: testConfig({ loadDemo: demo, databasePath: file, rateLimitAllow: ['127.0.0.1'] }), connection });
  await app.ready();
  if (demo) {
    const conference = connection.sqlite.prepare('select id from conferences order by id limit 1').pluck().get() as number;
    for (const user of USERS) {
      await createUser(connection.db, { userId: null, name: 'identity' }, { ...user, password: PASSWORD, ...(user.role === 'secretariat' ? { conferenceIds: [conference] } : {}) });
    }
  }
  return { app, sqlite: connection.sqlite };
}

const cookiesOf = (response: LightMyRequestResponse): Cookies => Object.fromEntries(response.cookies.map((c) => [c.name, c.value]));

async function logIn(app: FastifyInstance, email: string): Promise<Cookies> {
  const form = await app.inject('/anmelden');
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const response = await app.inject({ method: 'POST', url: '/anmelden', cookies: cookiesOf(form), payload: { email, password: PASSWORD, _csrf: token } });
  if (response.statusCode !== 303) throw new Error(`login of ${email}: ${response.statusCode}`);
  return { ...cookiesOf(form), ...cookiesOf(response) };
}

const masked = (body: string) =>
  body
    .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value="X"')
    .replace(/"csrfToken":"[^"]*"/g, '"csrfToken":"X"')
    .replace(/"generatedAt":"[^"]*"/g, '"generatedAt":"X"')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, 'ISO')
    .replace(/\d{2}:\d{2}:\d{2} MEZ/g, 'hh:mm:ss MEZ');

/** Headers that belong to one answer (the date, a new session's cookie) or follow the body's length. */
const PER_ANSWER = new Set(['date', 'set-cookie', 'content-length']);

const report = { compared: 0, differing: 0, examples: [] as string[] };
/** Whether the ETags' values are compared (not with --any-etag). */
let compareETags = true;

function compare(label: string, url: string, a: LightMyRequestResponse, b: LightMyRequestResponse): void {
  report.compared++;
  const problems: string[] = [];
  if (a.statusCode !== b.statusCode) problems.push(`status ${a.statusCode} / ${b.statusCode}`);
  const names = (r: LightMyRequestResponse) => Object.keys(r.headers).filter((name) => !PER_ANSWER.has(name));
  // (with --any-etag the ETag's place too: a page a build renders where the other answers from its cache has it elsewhere)
  const order = (r: LightMyRequestResponse) => (compareETags ? names(r) : [...names(r).filter((name) => name !== 'etag'), ...('etag' in r.headers ? ['etag'] : [])]);
  if (order(a).join() !== order(b).join()) problems.push(`headers ${order(a).join()} / ${order(b).join()}`);
  // the ETag when the bodies are the same; bodies that differ only where masked have tags of their own
  for (const name of names(a)) {
    if ((name !== 'etag' || (compareETags && a.body === b.body)) && String(a.headers[name]) !== String(b.headers[name])) problems.push(`${name}: ${String(a.headers[name])} / ${String(b.headers[name])}`);
  }
  const bodyA = masked(a.body);
  const bodyB = masked(b.body);
  if (bodyA !== bodyB) {
    let at = 0;
    while (bodyA[at] === bodyB[at]) at++;
    problems.push(`body from ${at}: ${JSON.stringify(bodyA.slice(Math.max(0, at - 60), at + 60))} / ${JSON.stringify(bodyB.slice(Math.max(0, at - 60), at + 60))}`);
  }
  if (problems.length === 0) return;
  report.differing++;
  if (report.examples.length < 15) report.examples.push(`${label} ${url}: ${problems.join('; ')}`);
}

/** Requests `url` of both; an answer with an ETag again with If-None-Match (each its own tag). */
async function both(label: string, a: Built, b: Built, url: string, cookiesA: Cookies = {}, cookiesB: Cookies = {}): Promise<LightMyRequestResponse> {
  const answerA = await a.app.inject({ url, cookies: cookiesA });
  const answerB = await b.app.inject({ url, cookies: cookiesB });
  compare(label, url, answerA, answerB);
  const tagA = answerA.headers.etag;
  const tagB = answerB.headers.etag;
  if (typeof tagA === 'string' && typeof tagB === 'string') {
    compare(`${label} (If-None-Match)`, url,
      await a.app.inject({ url, cookies: cookiesA, headers: { 'if-none-match': tagA } }),
      await b.app.inject({ url, cookies: cookiesB, headers: { 'if-none-match': tagB } }));
  }
  return answerA;
}

async function crawl(label: string, a: Built, b: Built, cookiesA: Cookies, cookiesB: Cookies, limit: number): Promise<void> {
  const seen = new Set(START_PAGES);
  const queue = [...START_PAGES];
  for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
    const answer = await both(label, a, b, url, cookiesA, cookiesB);
    if (!String(answer.headers['content-type'] ?? '').startsWith('text/html')) continue;
    for (const match of answer.body.matchAll(/href="(\/[^"#]*)/g)) {
      const next = match[1]!.replace(/&amp;/g, '&');
      if (SKIP.test(next) || seen.has(next) || seen.size >= limit) continue;
      seen.add(next);
      queue.push(next);
    }
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      pages: { type: 'string', default: '400' },
      limit: { type: 'string', default: '700' },
      'any-etag': { type: 'boolean', default: false },
    },
  });
  compareETags = !values['any-etag'];
  const [distA, distB] = positionals;
  if (!distA || !distB) throw new Error('two builds expected: DIST_BEFORE DIST_AFTER');
  const limit = Number(values.limit);
  const dir = mkdtempSync(path.join(tmpdir(), 'page-identity-'));
  try {
    // the demo archive, loaded once and copied: both builds read the same rows and timestamps
    const prepared = await build(distA, path.join(dir, 'demo.db'), true);
    await prepared.app.close();
    copyFileSync(path.join(dir, 'demo.db'), path.join(dir, 'a.db'));
    copyFileSync(path.join(dir, 'demo.db'), path.join(dir, 'b.db'));
    const a = await build(distA, path.join(dir, 'a.db'), false);
    const b = await build(distB, path.join(dir, 'b.db'), false);
    await crawl('public', a, b, {}, {}, limit);
    for (const user of USERS) await crawl(user.role, a, b, await logIn(a.app, user.email), await logIn(b.app, user.email), limit);
    process.stdout.write(`demo archive: ${report.compared} answers\n`);
    await a.app.close();
    await b.app.close();
    if (values.db) {
      const before = report.compared;
      const benchA = await build(distA, values.db, false);
      const benchB = await build(distB, values.db, false);
      const pages = rotatingPaths(benchA.sqlite, Number(values.pages));
      const withStatements = benchA.sqlite.prepare(
        `select '/' || c.slug || '/' || m.url_key || '/top/' || r.agenda_item from protocol_statements p join resolutions r on r.id = p.resolution_id
           join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id where r.release = 'public' limit 100`,
      ).pluck().all() as string[];
      const urls = [...pages, ...withStatements];
      for (const page of pages.slice(0, 50)) urls.push(`${page}?stand=2016-06-30`, page.replace(/\/top\/.*/, ''), page.replace(/^(\/[^/]+).*/, '$1'));
      for (const url of urls) await both('bench', benchA, benchB, url);
      process.stdout.write(`benchmark archive: ${report.compared - before} answers\n`);
      await benchA.app.close();
      await benchB.app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${report.compared} answers compared, ${report.differing} differ\n${report.examples.map((e) => `  ${e.slice(0, 1400)}\n`).join('')}`);
  process.exit(report.differing > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});
