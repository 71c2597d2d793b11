/**
 * Bad input is a feature, swept: every GET route the app registers (from `app.routeAccess`, so a
 * new route is covered without editing this test) gets each of its query parameters with hostile
 * values (empty, blank, 10,000 characters, negative, zero, too large, exponent, NaN, broken
 * percent-encoding, control characters, markup, repeated), unknown parameters, and its path
 * parameters replaced by ids that do not exist, words, very long slugs and encoded slashes; the
 * values of a route are shared out among the roles that may call it (the public and each role).
 * Every form (POST) route gets, from a valid submission taken from its own form, one field of
 * each kind missing, empty, overlong, repeated and with a wrong value (a date that does not
 * exist, a choice that is not offered, a number that is not one), plus an empty body and an
 * unknown field; then the whole body as JSON numbers, nulls and objects, as broken JSON and as
 * plain text; an upload form also gets an empty file, binary garbage, a file over the limit and
 * hostile file names.
 *
 * Every answer: no 5xx; an HTML page in German without a framework or validator message; a JSON
 * error in the documented shape ({ statusCode, error, message }, German); markup from the input
 * never unescaped; a refused form says why; a request that was refused (or any GET) writes
 * nothing. What a browser lets a user type into a field (up to its maxlength) comes back as the
 * form or page with a message, not as an error page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, cookiesOf, importSeed, seedDocument, TEST_ACTOR, watchWrites } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { attachDocument } from '../../src/services/follow-up-documents.js';
import { createFeedToken } from '../../src/services/watches.js';
import { createPasswordLinkIn } from '../../src/services/account-links.js';
import { unsubscribeToken } from '../../src/services/mail-preferences.js';
import { importDocument } from '../../src/services/import.js';
import { writeTransaction } from '../../src/services/tx.js';
import { translate } from '../../src/i18n.js';
import { decodeHtml, multipart, type Upload } from './forms.js';
import type { Access } from '../../src/plugins/auth.js';
import { parameterFamily } from '../../src/plugins/unknown-parameters.js';

const PASSWORD = 'ein langes sicheres Passwort';
const ROLES = ['anonymous', 'land', 'secretariat', 'admin'] as const;
type Role = (typeof ROLES)[number];
const EMAIL: Record<Exclude<Role, 'anonymous'>, string> = { land: 'land@example.org', secretariat: 'gs@example.org', admin: 'admin@example.org' };

/** A query value as it goes into the URL: `raw` is sent as is (broken percent-encoding). */
interface Hostile {
  label: string;
  raw: string;
}
const encoded = (label: string, value: string): Hostile => ({ label, raw: encodeURIComponent(value) });
const LONG = 'x'.repeat(10_000);
const QUERY_VALUES: Hostile[] = [
  encoded('empty', ''),
  encoded('blank', '   '),
  encoded('10k', LONG),
  encoded('-1', '-1'),
  encoded('0', '0'),
  encoded('huge', '99999999999999999999'),
  encoded('1e3', '1e3'),
  encoded('NaN', 'NaN'),
  { label: 'broken %', raw: '%ZZ' },
  encoded('control', 'a\u0000b\u0007c'),
  encoded('markup', '<script>alert(1)</script>'),
];
/** Path parameter values: ids that do not exist, words, over-long slugs, encoded slashes. */
const PATH_VALUES: Hostile[] = [
  encoded('missing id', '999999'),
  encoded('word', 'abc'),
  encoded('-1', '-1'),
  encoded('0', '0'),
  encoded('huge', '99999999999999999999'),
  encoded('long', 'a'.repeat(150)),
  encoded('too long', 'a'.repeat(300)),
  { label: 'encoded slash', raw: 'a%2Fb' },
  { label: 'broken %', raw: '%ZZ' },
  encoded('markup', '<script>'),
];

/**
 * What a framework or validator says in English (Fastify, Ajv, TypeBox, Node) and what a
 * template shows when a value is missing: none of it may reach a user.
 */
// Fastify's error codes (FST_ERR_…) only where no word or token goes on before them: a random CSRF
// token (base64url) in a hidden field may hold the letters "FST_" by chance.
const LEAKS = /Bad Request|Internal Server Error|Not Found|Unprocessable|Unauthorized|Forbidden|Payload Too Large|must (?:be|have|match|NOT|equal)|querystring\/|should have|\bshould be\b|Unexpected token|undefined|Invalid Date|\[object Object\]|(?<![\w-])FST_ERR|TypeError|SqliteError|SQLITE_/;

let app: FastifyInstance;
let connection: Connection;
let dataDir: string;
const sessions = new Map<Role, { cookies: Record<string, string>; token: string }>();
/** Values of the path parameters that name something existing: by name, or (ids, tokens) by the path before them. */
const known: Record<string, string> = {};

async function sessionOf(role: Role, password = PASSWORD): Promise<{ cookies: Record<string, string>; token: string }> {
  const form = await app.inject('/anmelden');
  let cookies = cookiesOf(form);
  if (role === 'anonymous') return { cookies, token: /name="_csrf" value="([^"]+)"/.exec(form.body)![1]! };
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const login = await app.inject({ method: 'POST', url: '/anmelden', cookies, payload: { email: EMAIL[role], password, _csrf: token } });
  if (login.statusCode !== 303) throw new Error(`login as ${role}: ${login.statusCode}`);
  cookies = { ...cookies, ...cookiesOf(login) };
  const page = await app.inject({ url: '/konto/passwort', cookies });
  return { cookies, token: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]! };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'bm-sweep-'));
  // PDF printing off: a print is the HTML page of the same address (swept here on its own route)
  // and each one starts Chromium; the PDF routes still read and check their parameters first.
  ({ app, connection } = await buildTestApp({ rateLimitAllow: ['127.0.0.1'], pdfPrinting: false, dataDir, documentMaxBytes: DOCUMENT_LIMIT }));
  const resolutionId = importSeed(connection).items[0]!.id;
  const conferenceId = conferenceIdOf(connection);
  const land = await createUser(connection.db, TEST_ACTOR, { email: EMAIL.land, name: 'L', role: 'land', land: 'BY', password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: EMAIL.secretariat, name: 'G', role: 'secretariat', conferenceIds: [conferenceId], password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: EMAIL.admin, name: 'A', role: 'admin', password: PASSWORD });
  const demandId = connection.sqlite.prepare('select id from demands where resolution_id = ? order by id').pluck().get(resolutionId) as number;
  const followUpId = recordFollowUp(connection.db, { userId: land.user.id, name: 'L' }, {
    resolutionId, demandId, date: '2019-07-10', actor: 'BY', kind: 'assessment', summary: 'Bewertung', link: null, resultingStatus: 'in_progress', visibility: 'public',
  });
  const document = await attachDocument(connection.db, dataDir, TEST_ACTOR, followUpId, { name: 'Antwort.csv', bytes: new TextEncoder().encode('Ziffer;Antwort\n1;Antwort des Bundes\n') }, 1024 * 1024);
  const feedToken = createFeedToken(connection.db, TEST_ACTOR, land.user.id);
  connection.sqlite.prepare('insert into watches (user_id, resolution_id, created_at, seen_follow_up_id) values (?, ?, ?, 0)').run(land.user.id, resolutionId, '2020-01-01T00:00:00Z');
  const outboxId = connection.sqlite
    .prepare("insert into mail_outbox (kind, recipient, user_id, subject, text_body, html_body, message_id, state, attempts, next_attempt_at, last_error, created_at) values ('reminder', ?, ?, 'Erinnerung', 'Text', '<p>Text</p>', '<sweep@example.org>', 'failed', 3, '2020-01-01T00:00:00Z', 'abgelehnt', '2020-01-01T00:00:00Z') returning id")
    .pluck()
    .get(EMAIL.land, land.user.id) as number;
  const meetingId = connection.sqlite.prepare('select meeting_id from resolutions where id = ?').pluck().get(resolutionId) as number;
  // a second resolution repeating the first one's Ziffer 1: a proposed pair for the review queue
  const second = seedDocument();
  second.resolutions[0]!.agendaItem = '2.13';
  const secondId = importDocument(connection.db, TEST_ACTOR, second, { source: 'Test', release: 'public', releasedOn: '2017-04-01' }).items[0]!.id;
  const firstDemand = (id: number) => connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '1'").pluck().get(id) as number;
  connection.sqlite.prepare("delete from demand_repeats").run();
  const repeatId = connection.sqlite
    .prepare("insert into demand_repeats (first_demand_id, second_demand_id, similarity, state, found_at) values (?, ?, 0.9, 'proposed', '2024-01-01T00:00:00Z') returning id")
    .pluck()
    .get(firstDemand(resolutionId), firstDemand(secondId)) as number;
  // a user whose one-time link the sweep uses (the accounts of the sessions keep their passwords)
  const linked = await createUser(connection.db, TEST_ACTOR, { email: 'link@example.org', name: 'V', role: 'land', land: 'HE', password: PASSWORD });
  // the account the administrator's forms act on (locking it, resetting its password ends no session of the sweep)
  const other = await createUser(connection.db, TEST_ACTOR, { email: 'other@example.org', name: 'O', role: 'secretariat', conferenceIds: [conferenceId], password: PASSWORD });
  VALID_INPUT['/verwaltung/benutzer/status'] = { benutzer: String(other.user.id) };
  VALID_INPUT['/verwaltung/benutzer/passwort'] = { benutzer: String(other.user.id) };
  const passwordLink = writeTransaction(connection.db, (tx) => createPasswordLinkIn(tx, linked.user.id, 'password_reset', new Date())).token;
  Object.assign(known, {
    conference: 'intmk',
    meeting: '12',
    agendaItem: '2.12',
    number: '1',
    version: '1',
    slug: connection.sqlite.prepare('select slug from pages order by slug').pluck().get() as string,
    document: String(document.id),
    name: encodeURIComponent(document.fileName),
    '/merkliste/feed/': feedToken,
    '/passwort-setzen/': passwordLink,
    '/abbestellen/': unsubscribeToken(connection.db, linked.user.id, 'digest'),
    '/beschluesse/': String(resolutionId),
    '/verwaltung/beschluesse/': String(resolutionId),
    '/folgemassnahmen/': String(followUpId),
    '/dokumente/': String(document.id),
    '/verwaltung/konferenzen/': String(conferenceId),
    '/verwaltung/sitzungen/': String(meetingId),
    '/verwaltung/benutzer/': String(other.user.id),
    '/verwaltung/postausgang/': String(outboxId),
    '/verwaltung/wiederholungen/': String(repeatId),
  });
  for (const role of ROLES) sessions.set(role, await sessionOf(role));
}, 60_000);
afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The route's address with every path parameter naming something that exists. */
function validUrl(route: { url: string; paramValues: Record<string, string[]> }): string {
  return route.url.replace(/:(\w+)/g, (_, name: string, offset: number) => {
    if (route.paramValues[name]) return route.paramValues[name][0]!;
    // an id or a token: by the path before it; other parameters by their name
    const value = known[route.url.slice(0, offset)] ?? known[name];
    if (value === undefined) throw new Error(`${route.url}: no value known for :${name} — add one to the seed of this test`);
    return value;
  });
}

/** The route's address with one path parameter (by its index) replaced by `raw`. */
function urlWithParam(route: { url: string; paramValues: Record<string, string[]> }, index: number, raw: string): string {
  const valid = validUrl(route).split('/');
  const pattern = route.url.split('/');
  const at = pattern.map((segment, i) => (segment.startsWith(':') ? i : -1)).filter((i) => i >= 0)[index]!;
  valid[at] = raw;
  return valid.join('/');
}

function allowedRoles(access: Access): Role[] {
  if (access === 'public') return [...ROLES];
  if (access === 'authenticated') return ROLES.filter((r) => r !== 'anonymous');
  return ROLES.filter((r) => r !== 'anonymous' && (access as readonly string[]).includes(r));
}

/** What is wrong with an answer to bad input; empty when nothing is. */
function problemsOf(response: LightMyRequestResponse): string[] {
  const problems: string[] = [];
  const status = response.statusCode;
  if (status >= 500) problems.push(`${status}`);
  const type = String(response.headers['content-type'] ?? '');
  const body = response.body;
  if (type.includes('json') && status >= 400) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      problems.push('JSON error that is not JSON');
    }
    const error = parsed as { statusCode?: unknown; error?: unknown; message?: unknown } | undefined;
    if (error && (error.statusCode !== status || typeof error.error !== 'string' || typeof error.message !== 'string')) problems.push(`JSON error not in the documented shape: ${body.slice(0, 200)}`);
  }
  if (type.includes('html') && status >= 400 && !body.includes('<html lang="de"')) problems.push('error page not in the German layout');
  const leak = LEAKS.exec(body);
  if (leak && (status >= 300 || type.includes('html') || type.includes('json'))) problems.push(`shows "${leak[0]}": …${body.slice(Math.max(0, leak.index - 80), leak.index + 80)}…`);
  if (type.includes('html') && body.includes('<script>alert(1)')) problems.push('markup from the input unescaped');
  return problems;
}

describe('every GET route with hostile input', () => {
  it('answers without 5xx, in German, in its documented shape, and writes nothing', async () => {
    const failures: string[] = [];
    const writes = watchWrites(connection);
    let requests = 0;
    let turn = 0;
    const gets = app.routeAccess.filter((r) => r.method === 'GET');
    for (const route of gets) {
      const roles = allowedRoles(route.access);
      /** The next allowed role: the values of a route are shared out among the roles that may call it. */
      const nextRole = () => roles[turn++ % roles.length]!;
      const base = validUrl(route);
      const send = async (url: string, what: string, role = nextRole()) => {
        writes();
        const response = await app.inject({ url, cookies: sessions.get(role)!.cookies });
        requests++;
        // the watch list marks what its owner has now seen
        const written = writes().filter((change) => !(route.url === '/merkliste' && change === 'watches update'));
        const problems = problemsOf(response);
        if (written.length > 0) problems.push(`wrote ${written.join(', ')}`);
        for (const problem of problems) failures.push(`${role} GET ${route.url} ${what} (${response.statusCode}): ${problem}`);
        return response;
      };
      // each role once on the valid address: the base line the hostile values are compared with
      const pages = [];
      for (const role of roles) pages.push(await send(base, 'valid', role));
      // the fields of the page's own filter forms: what a browser lets a user type must come back
      // as the page with a notice, not as an error page
      const typed = pages.flatMap((page) => formsPostingTo(page.body, base.replace(/\?.*$/, ''), 'get')).flatMap((form) => form.controls.filter((c) => c.typed));
      for (const control of new Map(typed.map((c) => [c.name, c])).values()) {
        const longest = control.maxLength ?? LONG.length;
        const response = await send(`${base}?${control.name}=${'x'.repeat(longest)}`, `form field ${control.name} with ${longest} characters`);
        if (response.statusCode >= 400) failures.push(`GET ${route.url}: the form field ${control.name} takes ${longest} characters, the page answers ${response.statusCode}`);
      }
      // a parameter the route does not know is never dropped silently (plugins/unknown-parameters.ts):
      // the API and OParl refuse it as JSON, a download or feed as text, a page names it in a notice
      const unknown = await send(`${base}?unbekannt=1&_=%ZZ`, 'unknown parameters');
      const family = parameterFamily(route.url);
      const named = unknown.body.includes('„unbekannt“');
      if (family === 'api' || family === 'oparl' || family === 'file') {
        if (unknown.statusCode !== 400 || !named) failures.push(`GET ${route.url} with an unknown parameter: ${unknown.statusCode}, ${named ? '' : 'not '}named`);
      } else if (family === 'page' && unknown.statusCode === 200 && String(unknown.headers['content-type']).includes('html') && !named) {
        failures.push(`GET ${route.url} with an unknown parameter: the page does not name it`);
      }
      /** A refusal of one bad parameter names it: not the bare "Die Anfrage enthält ungültige Angaben." */
      const namesParameter = (response: LightMyRequestResponse, name: string, what: string) => {
        if (response.statusCode === 400 && response.body.includes(translate('error.badRequest'))) failures.push(`GET ${route.url} ${what}: refused without naming ${name}`);
      };
      for (const name of route.query) {
        for (const value of QUERY_VALUES) namesParameter(await send(`${base}?${name}=${value.raw}`, `?${name}=${value.label}`), name, value.label);
        namesParameter(await send(`${base}?${name}=1&${name}=2`, `?${name} repeated`), name, 'repeated');
      }
      // every query parameter hostile at once
      if (route.query.length > 1) await send(`${base}?${route.query.map((name, i) => `${name}=${QUERY_VALUES[i % QUERY_VALUES.length]!.raw}`).join('&')}`, 'all parameters hostile');
      const params = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      for (const [index, name] of params.entries()) {
        for (const value of PATH_VALUES) await send(urlWithParam(route, index, value.raw), `:${name}=${value.label}`);
      }
    }
    expect(failures).toEqual([]);
    // every GET route, each of its query parameters with every value, each path parameter with every value
    expect(requests).toBeGreaterThan(gets.length * 3);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Forms
// ---------------------------------------------------------------------------------------------

/** One named control of a form, with what a browser would send for it. */
interface Control {
  name: string;
  value: string;
  /** A select, radio button, checkbox or named button: only the offered values are meant. */
  choice: boolean;
  required: boolean;
  maxLength: number | null;
  /** A field the user types into (not hidden, not a choice): anything up to its maxlength can arrive from a browser. */
  typed: boolean;
}

interface Form {
  action: string;
  multipart: boolean;
  /** It has a file field (named `datei`, as every upload of the app). */
  upload: boolean;
  controls: Control[];
}

const attr = (attrs: string, name: string) => {
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs);
  return match ? decodeHtml(match[1]!) : null;
};

/** The forms of a page that send to `url` (their action without its query and fragment) by `method`. */
function formsPostingTo(html: string, url: string, method: 'get' | 'post' = 'post'): Form[] {
  const forms: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const inner = m[2]!;
    // a form posts to its action, or to another with a button's formaction (the same fields)
    const formActions = [...inner.matchAll(/<button\b[^>]*\bformaction="([^"]+)"/g)].map((b) => decodeHtml(b[1]!));
    const action = [attr(m[1]!, 'action'), ...formActions].find((a) => a !== null && a.replace(/[?#].*$/, '') === url) ?? null;
    if (action === null || (attr(m[1]!, 'method') ?? 'get').toLowerCase() !== method) continue;
    const controls: Control[] = [];
    const limits = (attrs: string) => ({ required: /\brequired\b/.test(attrs), maxLength: attr(attrs, 'maxlength') === null ? null : Number(attr(attrs, 'maxlength')) });
    for (const input of inner.matchAll(/<input\b([^>]*)>/g)) {
      const attrs = input[1]!;
      const name = attr(attrs, 'name');
      const type = attr(attrs, 'type') ?? 'text';
      if (!name || ['submit', 'button', 'image', 'file', 'reset'].includes(type)) continue;
      const choice = type === 'checkbox' || type === 'radio';
      if (choice && !/\bchecked\b/.test(attrs)) continue;
      // a date picker or number field sends only what it accepts
      controls.push({ name, value: attr(attrs, 'value') ?? (choice ? 'on' : ''), choice, typed: !choice && !['hidden', 'date', 'number'].includes(type), ...limits(attrs) });
    }
    for (const area of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attr(area[1]!, 'name');
      if (name) controls.push({ name, value: decodeHtml(area[2]!.replace(/^\n/, '')), choice: false, typed: true, ...limits(area[1]!) });
    }
    for (const select of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attr(select[1]!, 'name');
      if (!name) continue;
      const options = [...select[2]!.matchAll(/<option\b([^>]*)>([^<]*)/g)].map((o) => ({ value: attr(o[1]!, 'value') ?? decodeHtml(o[2]!.trim()), selected: /\bselected\b/.test(o[1]!) }));
      const chosen = options.filter((o) => o.selected);
      for (const option of chosen.length > 0 ? chosen : options.slice(0, 1)) controls.push({ name, value: option.value, choice: true, typed: false, ...limits(select[1]!) });
    }
    // the form's submit button: a named one sends its value (watch / unwatch), an unnamed one
    // means the named ones do something else (add rows)
    const buttons = [...inner.matchAll(/<button\b([^>]*)>/g)].map((b) => b[1]!).filter((b) => !/type="button"/.test(b));
    const named = buttons.find((b) => attr(b, 'name'));
    if (named && buttons.every((b) => attr(b, 'name'))) controls.push({ name: attr(named, 'name')!, value: attr(named, 'value') ?? '', choice: true, typed: false, required: false, maxLength: null });
    forms.push({ action, multipart: /multipart\/form-data/.test(m[1]!), upload: /<input\b[^>]*type="file"/.test(inner), controls });
  }
  return forms;
}

/** The pages that may hold a route's form: its own address, the addresses above it, and the pages with forms elsewhere. */
function pagesFor(url: string): string[] {
  const pages = [url];
  for (let up = url.replace(/\/[^/]+$/, ''); up !== ''; up = up.replace(/\/[^/]+$/, '')) pages.push(up);
  return [...pages, '/merkliste', '/intmk/12/top/2.12', '/verwaltung/benutzer', '/verwaltung/wiederholungen', '/konto/passwort'];
}

/** Values the forms' own pages leave empty but a valid submission needs. */
const VALID_INPUT: Record<string, Record<string, string>> = {
  '/anmelden': { email: 'niemand@example.org', password: 'ein falsches Passwort' },
  '/passwort-vergessen': { email: 'niemand@example.org' },
  '/konto/passwort': { current: PASSWORD, next: 'ein neues langes Passwort', repeat: 'ein neues langes Passwort' },
  '/passwort-setzen/:token': { password: 'ein neues langes Passwort', repeat: 'ein neues langes Passwort' },
  '/verwaltung/benutzer/neu': { email: 'neu@example.org', name: 'Neu' },
  '/verwaltung/konferenzen/neu': { shortName: 'SweepMK', name: 'Sweep-Konferenz' },
  '/beschluesse/:id/folgemassnahme': { summary: 'Antwort des Bundes', date: '10.07.2019' },
  '/verwaltung/sitzungen/:id/neuer-beschluss': { agendaItem: '9.1', title: 'Neuer Beschluss' },
};

/** Wrong values for a field, handed out in turn (with the invalid dates and unknown choices added where they apply). */
const WRONG = ['   ', '-1', '0', '99999999999999999999', '1e3', 'NaN', '<script>alert(1)</script>', 'a\u0000b'];
const DATE = /^(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})$/;

/** A body as a list of name/value pairs (a name may repeat). */
type Pairs = [string, string][];

interface Mutation {
  what: string;
  pairs: Pairs;
  /** A valid submission must not turn this into a stored change. */
  mustRefuse: boolean;
  /** A browser could send this (typed into the form): a refusal shows the form again with a message, not an error page. */
  typed: boolean;
  /** Files of a multipart form. */
  files?: Upload[];
}

/** The documents an upload may be sent: the sweep's app takes documents up to DOCUMENT_LIMIT bytes. */
const DOCUMENT_LIMIT = 64 * 1024;
const UPLOADS: { what: string; file: Upload }[] = [
  { what: 'an empty file', file: { name: 'leer.pdf', content: '', type: 'application/pdf' } },
  { what: 'binary garbage', file: { name: 'kaputt.pdf', content: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0xfe, 0x01]), type: 'application/pdf' } },
  { what: 'a file over the limit', file: { name: 'gross.csv', content: Buffer.alloc(DOCUMENT_LIMIT + 1, 0x61), type: 'text/csv' } },
  { what: 'a name with a path and markup', file: { name: '../../<script>alert(1)</script>.csv', content: 'a;b\n1;2\n', type: 'text/csv' } },
  { what: 'a 10k name', file: { name: `${'n'.repeat(10_000)}.csv`, content: 'a;b\n1;2\n', type: 'text/csv' } },
];

function mutations(controls: Control[], token: string, upload = false): Mutation[] {
  const base: Pairs = controls.map((c) => [c.name, c.value]);
  // one field of each kind: the rows of a form repeat their fields (demand_0_text, demand_1_text, …)
  const kinds = new Map<string, string>();
  for (const { name } of controls) if (name !== '_csrf' && !kinds.has(name.replace(/\d+/g, '#'))) kinds.set(name.replace(/\d+/g, '#'), name);
  const names = [...kinds.values()];
  const withValue = (name: string, values: string[]): Pairs => {
    const at = base.findIndex(([n]) => n === name);
    const rest = base.filter(([n]) => n !== name);
    return [...rest.slice(0, at), ...values.map((v): [string, string] => [name, v]), ...rest.slice(at)];
  };
  const list: Mutation[] = [
    { what: 'only the token', pairs: [['_csrf', token]], mustRefuse: false, typed: false },
    { what: 'an unknown field', pairs: [...base, ['unbekannt', '1']], mustRefuse: false, typed: false },
  ];
  for (const [i, name] of names.entries()) {
    const control = controls.find((c) => c.name === name)!;
    const value = control.value;
    const needed = control.required;
    const typed = control.typed;
    const fits = control.maxLength === null || control.maxLength >= LONG.length;
    list.push({ what: `${name} missing`, pairs: base.filter(([n]) => n !== name), mustRefuse: needed, typed: false });
    list.push({ what: `${name} empty`, pairs: withValue(name, ['']), mustRefuse: needed, typed });
    list.push({ what: `${name} 10k`, pairs: withValue(name, [LONG]), mustRefuse: !fits, typed: typed && fits });
    // the longest value the form lets a browser send
    if (!fits) list.push({ what: `${name} at its maxlength`, pairs: withValue(name, ['x'.repeat(control.maxLength!)]), mustRefuse: false, typed });
    list.push({ what: `${name} repeated`, pairs: withValue(name, [value, `${value}2`]), mustRefuse: false, typed: false });
    const wrong = WRONG[i % WRONG.length]!;
    list.push({ what: `${name}=${JSON.stringify(wrong)}`, pairs: withValue(name, [wrong]), mustRefuse: needed && wrong.trim() === '', typed });
    if (DATE.test(value)) for (const date of ['31.02.2025', '2025-13-01']) list.push({ what: `${name}=${date}`, pairs: withValue(name, [date]), mustRefuse: true, typed });
    if (control.choice) list.push({ what: `${name} not offered`, pairs: withValue(name, ['unbekannt']), mustRefuse: false, typed: false });
  }
  if (upload) for (const { what, file } of UPLOADS) list.push({ what: `upload of ${what}`, pairs: base, mustRefuse: what === 'a file over the limit', typed: true, files: [file] });
  return list;
}

const ERROR_TITLES = ['badRequestTitle', 'notFoundTitle', 'forbiddenTitle', 'csrfTitle', 'tooLargeTitle', 'unsupportedTitle', 'tooManyTitle', 'badUrlTitle'].map((key) => translate(`error.${key}`));

/** Whether a refusal says what was wrong: a form's message, or an error page's German title. */
function saysWhy(body: string): boolean {
  return /message-error|field-error/.test(body) || ERROR_TITLES.some((title) => body.includes(`<h1>${title}</h1>`));
}

/** Pages a form appears on only after another form was sent. */
const FORM_SOURCES: Record<string, (session: { cookies: Record<string, string>; token: string }) => Promise<string>> = {
  '/verwaltung/import/speichern': async (session) => {
    const document = seedDocument();
    document.resolutions[0]!.agendaItem = '7.7';
    const upload = { name: 'beschluss.json', content: JSON.stringify(document), type: 'application/json' };
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies: session.cookies, ...multipart({ _csrf: session.token }, upload) });
    return preview.body;
  },
  // the preview of a document whose conference does not exist yet, sent with its button "Konferenz … anlegen" (formaction)
  '/verwaltung/import/konferenz': async (session) => newConferencePreview(session),
  '/verwaltung/import/konferenz/anlegen': async (session) => {
    const preview = await newConferencePreview(session);
    const form = formsPostingTo(preview, '/verwaltung/import/konferenz')[0]!;
    const params = new URLSearchParams();
    for (const control of form.controls) params.append(control.name, control.value);
    const page = await app.inject({ method: 'POST', url: '/verwaltung/import/konferenz', cookies: session.cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: params.toString() });
    return page.body;
  },
};

/**
 * A preview of a document of a conference nobody has created (VMK), as its button "Konferenz
 * anlegen" sends it (formaction and the button's value; once a valid submission has created VMK,
 * the same form without the button).
 */
async function newConferencePreview(session: { cookies: Record<string, string>; token: string }): Promise<string> {
  const document = seedDocument();
  for (const resolution of document.resolutions) resolution.conference = 'VMK';
  const upload = { name: 'vmk.json', content: JSON.stringify(document), type: 'application/json' };
  const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies: session.cookies, ...multipart({ _csrf: session.token }, upload) });
  return preview.body
    .replace(/<button type="submit" class="secondary" formaction[^>]*>[^<]*<\/button>/, '')
    .replace('<form method="post" action="/verwaltung/import/speichern" class="import-files">',
      '<form method="post" action="/verwaltung/import/konferenz" class="import-files"><input type="hidden" name="neue_konferenz" value="0">');
}

/** Refusals that are recorded in the audit log by design (failed logins). */
const AUDITED_REFUSALS = ['/anmelden'];

/** Routes that end or change the session: swept last. */
const LAST = ['/abmelden', '/passwort-vergessen', '/anmelden', '/konto/passwort'];

describe('every form route with bad input', () => {
  it('refuses in German, without 5xx, and changes nothing', async () => {
    const failures: string[] = [];
    const writes = watchWrites(connection);
    let requests = 0;
    const posts = app.routeAccess.filter((r) => r.method !== 'GET');
    const ordered = [...posts.filter((r) => !LAST.includes(r.url)), ...LAST.flatMap((url) => posts.filter((r) => r.url === url))];
    for (const route of ordered) {
      const url = validUrl(route);
      // the logout is public (an ended session is sent on as logged out), its form only on pages of the logged-in
      const roles = allowedRoles(route.access).filter((r) => route.url !== '/abmelden' || r !== 'anonymous');
      // the form as the first role that may send it sees it (for logging out: a session of its own)
      const role = roles[0]!;
      let session = route.url === '/abmelden' ? await sessionOf(role) : sessions.get(role)!;
      const findForm = async (): Promise<Form | null> => {
        const source = FORM_SOURCES[route.url];
        if (source) return formsPostingTo(await source(session), url)[0] ?? null;
        for (const page of pagesFor(url)) {
          const response = await app.inject({ url: page, cookies: session.cookies });
          if (response.statusCode !== 200) continue;
          const form = formsPostingTo(response.body, url)[0];
          if (form) return form;
        }
        return null;
      };
      let form = await findForm();
      const controlsOf = (found: Form | null): Control[] => {
        const valid = VALID_INPUT[route.url] ?? {};
        const controls = (found?.controls ?? [{ name: '_csrf', value: session.token, choice: false, typed: false, required: false, maxLength: null }]).map((c) => (c.name in valid ? { ...c, value: valid[c.name]! } : c));
        return controls.some((c) => c.name === '_csrf') ? controls : [...controls, { name: '_csrf', value: session.token, choice: false, typed: false, required: false, maxLength: null }];
      };
      const token = () => controlsOf(form).find((c) => c.name === '_csrf')!.value;
      const send = async (pairs: Pairs, files: Upload[] = []) => {
        const params = new URLSearchParams();
        for (const [name, value] of pairs) params.append(name, value);
        if (form?.multipart) {
          const fields = Object.fromEntries(pairs);
          return app.inject({ method: 'POST', url: form.action, cookies: session.cookies, ...multipart(fields, ...files) });
        }
        return app.inject({ method: 'POST', url: form?.action ?? url, cookies: session.cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: params.toString() });
      };
      const count = mutations(controlsOf(form), token(), form?.upload).length;
      for (let k = 0; k < count; k++) {
        // logging out ends the session: each attempt with one of its own
        if (route.url === '/abmelden' && k > 0) {
          session = await sessionOf(role);
          form = await findForm();
        }
        // taken from the form as it is now (a stored change moves versions on)
        const mutation = mutations(controlsOf(form), token(), form?.upload)[k];
        if (!mutation) break;
        writes();
        const response = await send(mutation.pairs, mutation.files);
        requests++;
        const written = writes().filter((change) => !(AUDITED_REFUSALS.includes(route.url) && change === 'audit_log insert'));
        const status = response.statusCode;
        const problems = problemsOf(response);
        const refused = status >= 400 || (status === 200 && /message-error|field-error/.test(response.body));
        if (refused && written.length > 0) problems.push(`refused, but wrote ${written.join(', ')}`);
        if (refused && String(response.headers['content-type'] ?? '').includes('html') && !saysWhy(response.body)) problems.push('refused without saying why');
        // every attempt carries the token its form was rendered with
        if (response.body.includes(`<h1>${translate('error.csrfTitle')}</h1>`)) problems.push('the token of the form itself refused');
        if (!refused && mutation.mustRefuse && written.length > 0) problems.push(`accepted and stored (${written.join(', ')})`);
        if (mutation.typed && status >= 400 && !/message-error|field-error/.test(response.body)) problems.push('input a browser sends answered with an error page instead of the form and a message');
        for (const problem of problems) failures.push(`${role} POST ${route.url} ${mutation.what} (${status}): ${problem}`);
        // a changed password ends the sessions: log in with it, and change it back next time
        if (route.url === '/konto/passwort' && written.includes('users update')) {
          const changed = VALID_INPUT['/konto/passwort']!;
          session = await sessionOf(role, changed.next);
          VALID_INPUT['/konto/passwort'] = { current: changed.next!, next: changed.current!, repeat: changed.current! };
        }
        // a stored change moves the form on (versions, new rows): take it again
        if (written.length > 0) form = (await findForm()) ?? form;
      }
      // wrong types and formats no browser sends: JSON numbers, nulls, objects, broken JSON, plain text
      // (the values a valid submission needs stay: the account the administrator's forms act on)
      const kept = VALID_INPUT[route.url] ?? {};
      const names = [...new Set(controlsOf(form).map((c) => c.name))].filter((n) => n !== '_csrf' && !(n in kept));
      const json = (value: unknown) => JSON.stringify({ ...kept, ...Object.fromEntries(names.map((n) => [n, value])), _csrf: token() });
      const bodies: [string, string, string][] = [
        ['JSON numbers', 'application/json', json(1)],
        ['JSON nulls', 'application/json', json(null)],
        ['JSON objects', 'application/json', json({ a: [1, { b: 2 }] })],
        ['broken JSON', 'application/json', '{"_csrf":'],
        ['plain text', 'text/plain', 'a=1'],
      ];
      for (const [what, type, payload] of bodies) {
        if (route.url === '/abmelden') session = await sessionOf(role);
        writes();
        const response = await app.inject({ method: 'POST', url: form?.action ?? url, cookies: session.cookies, headers: { 'content-type': type, 'x-csrf-token': token() }, payload });
        requests++;
        const written = writes().filter((change) => !(AUDITED_REFUSALS.includes(route.url) && change === 'audit_log insert'));
        const problems = problemsOf(response);
        if (response.statusCode >= 400 && written.length > 0) problems.push(`refused, but wrote ${written.join(', ')}`);
        if (response.statusCode >= 400 && String(response.headers['content-type'] ?? '').includes('html') && !saysWhy(response.body)) problems.push('refused without saying why');
        for (const problem of problems) failures.push(`${role} POST ${route.url} ${what} (${response.statusCode}): ${problem}`);
        if (written.length > 0) form = (await findForm()) ?? form;
      }
      if (form === null) failures.push(`${role} POST ${route.url}: no form found on ${pagesFor(url).join(', ')}`);
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(posts.length * 2);
  }, 120_000);
});
