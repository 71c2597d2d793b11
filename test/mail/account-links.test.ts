/**
 * Password reset by e-mail and invitations: the request answers alike for every address and
 * does the same work; the mail arrives at a real SMTP server; the link works once, for 30
 * minutes (invitation: 7 days), and ends every session of the account.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { auditLog, mailOutbox, passwordResetRequests, sessions, userTokens, users } from '../../db/schema.js';
import { buildApp, loggedUrl } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { findPasswordLink, processPasswordResetRequests, requestPasswordReset, RESETS_PER_HOUR } from '../../src/services/account-links.js';
import { mailContextOf } from '../../src/services/outbox.js';
import { createUser, setUserActive } from '../../src/services/users.js';
import { verifyCsrfPage } from './pages.js';
import { freshDatabase, loginAs, TEST_ACTOR } from '../helpers.js';
import { startSmtpServer, type TestSmtpServer } from '../smtp.js';

const ADMIN = { email: 'admin@bund.example', password: 'Verwaltung ist mein Leben 2026' };
const LAND = { email: 'ref@land.example', password: 'korrekt Pferd Batterie Heftklammer' };
const NEW_PASSWORD = 'ein ganz neues Passwort für Bayern';

let app: FastifyInstance;
let connection: Connection;
let smtp: TestSmtpServer;

beforeEach(async () => {
  smtp = await startSmtpServer();
  connection = freshDatabase();
  app = await buildApp({ config: testConfig({ smtpUrl: smtp.url, publicUrl: 'https://beschluesse.example.de' }), connection });
  await app.ready();
  await createUser(connection.db, TEST_ACTOR, { email: ADMIN.email, name: 'Ada Admin', role: 'admin', password: ADMIN.password });
  await createUser(connection.db, TEST_ACTOR, { email: LAND.email, name: 'Rita Referentin', role: 'land', land: 'BY', password: LAND.password });
});

afterEach(async () => {
  await app.close();
  connection.close();
  await smtp.close();
});

/** Row counts of every table: what a request changed. */
function tableCounts(): Record<string, number> {
  const names = connection.sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'search_index%'").pluck().all() as string[];
  return Object.fromEntries(names.map((name) => [name, connection.sqlite.prepare(`select count(*) from "${name}"`).pluck().get() as number]));
}

async function requestReset(email: string, ip = '127.0.0.1') {
  const { token, cookies } = await verifyCsrfPage(app, '/passwort-vergessen');
  return app.inject({ method: 'POST', url: '/passwort-vergessen', cookies, remoteAddress: ip, payload: { email, _csrf: token } });
}

function linkIn(text: string): string {
  const match = /https:\/\/beschluesse\.example\.de(\/passwort-setzen\/[A-Za-z0-9_-]{43})/.exec(text);
  if (!match) throw new Error(`no link in: ${text}`);
  return match[1]!;
}

async function setPassword(path: string, next: string, repeat = next) {
  const { token, cookies } = await verifyCsrfPage(app, path);
  return app.inject({ method: 'POST', url: path, cookies, payload: { next, repeat, _csrf: token } });
}

describe('Passwort vergessen?', () => {
  it('is linked from the login page', async () => {
    const login = await app.inject('/anmelden');
    expect(login.body).toContain('<a href="/passwort-vergessen">Passwort vergessen?</a>');
  });

  it('answers the same, after the same work, whether or not the address has an account', async () => {
    const before = tableCounts();
    const known = await requestReset(LAND.email);
    const afterKnown = tableCounts();
    const unknown = await requestReset('niemand@land.example');
    const afterUnknown = tableCounts();
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    const normalise = (body: string, email: string) => body.replaceAll(email, 'ADRESSE').replace(/value="[^"]*"/g, '');
    expect(normalise(known.body, LAND.email)).toBe(normalise(unknown.body, 'niemand@land.example'));
    expect(known.body).toContain('Wenn es ein aktives Konto mit der Adresse ref@land.example gibt');
    // each request: exactly one recorded request, nothing else
    const diff = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.keys(b).filter((k) => a[k] !== b[k]).map((k) => [k, b[k]! - a[k]!]));
    expect(diff(before, afterKnown)).toEqual({ password_reset_requests: 1 });
    expect(diff(afterKnown, afterUnknown)).toEqual({ password_reset_requests: 1 });

    const report = await app.mail.runJobs();
    expect(report.resetRequests).toEqual({ mailed: 1, ignored: 1 });
    expect(connection.db.select().from(passwordResetRequests).all()).toEqual([]);
    expect(smtp.received.map((m) => m.envelopeTo)).toEqual([[LAND.email]]);
  });

  it('sends a link that sets a new password once, ends every session and is stored only hashed', async () => {
    const oldSession = await loginAs(app, LAND.email, LAND.password);
    expect((await app.inject({ url: '/merkliste', cookies: oldSession })).statusCode).toBe(200);

    await requestReset(LAND.email);
    await app.mail.runJobs();
    const [mail] = smtp.received;
    expect(mail!.subject).toBe('Neues Passwort für Beschlussmonitor');
    expect(mail!.text).toContain('Guten Tag Rita Referentin,');
    expect(mail!.text).toMatch(/gültig bis \d\d\.\d\d\.\d{4}, \d\d:\d\d:\d\d ME(S)?Z|bis \d\d\.\d\d\.\d{4}/);
    const path = linkIn(mail!.text);
    expect(mail!.html).toContain(`href="https://beschluesse.example.de${path}"`);
    const token = path.split('/').at(-1)!;
    // stored hashed: neither the token table nor the delivered outbox row holds the token
    expect(JSON.stringify(connection.db.select().from(userTokens).all())).not.toContain(token);
    expect(JSON.stringify(connection.db.select().from(mailOutbox).all())).not.toContain(token);

    const page = await app.inject(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Neues Passwort festlegen');
    expect(page.body).toContain('ref@land.example');

    const mismatch = await setPassword(path, NEW_PASSWORD, 'etwas anderes als das');
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.body).toContain('Die beiden neuen Passwörter stimmen nicht überein.');
    const short = await setPassword(path, 'kurz');
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain('mindestens 12 Zeichen');

    const done = await setPassword(path, NEW_PASSWORD);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Ihr Passwort ist festgelegt.');
    expect(connection.db.select().from(sessions).where(eq(sessions.userId, 2)).all()).toEqual([]);
    expect((await app.inject({ url: '/merkliste', cookies: oldSession })).statusCode).toBe(303);
    await expect(loginAs(app, LAND.email, LAND.password)).rejects.toThrow();
    await loginAs(app, LAND.email, NEW_PASSWORD);

    // once only
    const again = await app.inject(path);
    expect(again.statusCode).toBe(404);
    expect(again.body).toContain('Dieser Link ist ungültig, abgelaufen oder wurde schon verwendet.');
    const { token: csrf, cookies } = await verifyCsrfPage(app, '/passwort-vergessen');
    const reused = await app.inject({ method: 'POST', url: path, cookies, payload: { next: 'noch ein anderes Passwort', repeat: 'noch ein anderes Passwort', _csrf: csrf } });
    expect(reused.statusCode).toBe(404);
    expect(connection.db.select({ action: auditLog.action }).from(auditLog).all().map((r) => r.action)).toContain('user.passwordResetByMail');
  });

  it('runs out after 30 minutes', async () => {
    const t0 = new Date('2026-03-02T08:00:00Z');
    requestPasswordReset(connection.db, LAND.email, null, t0);
    processPasswordResetRequests(connection.db, mailContextOf(app.config), t0);
    const row = connection.db.select().from(userTokens).get()!;
    expect(row.expiresAt).toBe('2026-03-02T08:30:00.000Z');
    const mailRow = connection.db.select().from(mailOutbox).get()!;
    const token = linkIn(mailRow.textBody).split('/').at(-1)!;
    expect(findPasswordLink(connection.db, token, new Date('2026-03-02T08:29:59Z'))).toMatchObject({ email: LAND.email, purpose: 'password_reset' });
    expect(findPasswordLink(connection.db, token, new Date('2026-03-02T08:30:00Z'))).toBeNull();
  });

  it('mails at most three links per account and hour, none to an inactive account', async () => {
    const t0 = new Date('2026-03-02T08:00:00Z');
    for (let i = 0; i < RESETS_PER_HOUR + 2; i++) requestPasswordReset(connection.db, LAND.email, null, t0);
    expect(processPasswordResetRequests(connection.db, mailContextOf(app.config), t0)).toEqual({ mailed: RESETS_PER_HOUR, ignored: 2 });
    const later = new Date(t0.getTime() + 61 * 60_000);
    requestPasswordReset(connection.db, LAND.email, null, later);
    expect(processPasswordResetRequests(connection.db, mailContextOf(app.config), later)).toEqual({ mailed: 1, ignored: 0 });

    setUserActive(connection.db, TEST_ACTOR, 2, false);
    requestPasswordReset(connection.db, LAND.email, null, later);
    expect(processPasswordResetRequests(connection.db, mailContextOf(app.config), later)).toEqual({ mailed: 0, ignored: 1 });
  });

  it('throttles requests per IP address and refuses what is not an address', async () => {
    const invalid = await requestReset('keine adresse');
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('Bitte eine gültige E-Mail-Adresse angeben.');
    for (let i = 0; i < 5; i++) expect((await requestReset(`a${i}@example.org`, '10.0.0.7')).statusCode).toBe(200);
    expect((await requestReset('a9@example.org', '10.0.0.7')).statusCode).toBe(429);
    expect((await requestReset('a9@example.org', '10.0.0.8')).statusCode).toBe(200);
  });

  it('keeps the token of a link out of the request log', () => {
    expect(loggedUrl('/passwort-setzen/abcDEF_123-xyz')).toBe('/passwort-setzen/[redacted]');
    expect(loggedUrl('/abbestellen/abc.def?x=1')).toBe('/abbestellen/[redacted]?x=1');
    expect(loggedUrl('/merkliste/feed/geheim')).toBe('/merkliste/feed/[redacted]');
    expect(loggedUrl('/intmk/12/top/2.12')).toBe('/intmk/12/top/2.12');
  });
});

describe('invitations', () => {
  it('an administrator invites a person, who sets a password through the link and logs in', async () => {
    const cookies = await loginAs(app, ADMIN.email, ADMIN.password);
    const form = await app.inject({ url: '/verwaltung/benutzer/neu', cookies });
    expect(form.body).toContain('Einladung per E-Mail (empfohlen)');
    expect(form.body).toMatch(/id="zugang-einladung"[^>]*checked/);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const created = await app.inject({
      method: 'POST',
      url: '/verwaltung/benutzer/neu',
      cookies,
      payload: { email: 'neu@hessen.example', name: 'Hanna Hessen', role: 'land', land: 'HE', zugang: 'einladung', _csrf: token },
    });
    expect(created.statusCode).toBe(303);
    const list = await app.inject({ url: created.headers.location!, cookies });
    expect(list.body).toContain('Das Konto von Hanna Hessen wurde angelegt. Die Einladung');

    await app.mail.runJobs();
    const [mail] = smtp.received;
    expect(mail!.envelopeTo).toEqual(['neu@hessen.example']);
    expect(mail!.subject).toBe('Einladung zu Beschlussmonitor');
    expect(mail!.text).toContain('Rolle: Land (Länderreferat)');
    const path = linkIn(mail!.text);
    const page = await app.inject(path);
    expect(page.body).toContain('Konto einrichten');
    const done = await setPassword(path, 'Hessen hat ein langes Passwort');
    expect(done.statusCode).toBe(200);
    // a new account had no sessions to end: it is told it is ready, and with which address to log in
    expect(done.body).toContain('<h1>Konto eingerichtet</h1>');
    expect(done.body).toContain('Ihr Konto ist eingerichtet. Sie können sich jetzt mit neu@hessen.example und Ihrem neuen Passwort anmelden.');
    expect(done.body).not.toContain('Anmeldungen dieses Kontos wurden beendet');
    await loginAs(app, 'neu@hessen.example', 'Hessen hat ein langes Passwort');
    const user = connection.db.select().from(users).where(eq(users.email, 'neu@hessen.example')).get()!;
    expect(user.mustChangePassword).toBe(false);
    expect(connection.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, String(user.id))).all().map((r) => r.action)).toEqual(
      expect.arrayContaining(['user.create', 'user.invite', 'user.invitationAccepted']),
    );
  });

  it('is valid for seven days', async () => {
    const { inviteUser } = await import('../../src/services/account-links.js');
    const t0 = new Date('2026-03-02T08:00:00Z');
    await inviteUser(connection.db, TEST_ACTOR, { email: 'x@example.org', name: 'X', role: 'admin' }, mailContextOf(app.config), t0);
    const token = linkIn(connection.db.select().from(mailOutbox).get()!.textBody).split('/').at(-1)!;
    expect(findPasswordLink(connection.db, token, new Date('2026-03-09T07:59:59Z'))).toMatchObject({ purpose: 'invitation' });
    expect(findPasswordLink(connection.db, token, new Date('2026-03-09T08:00:00Z'))).toBeNull();
  });

  it('shows a one-time password instead when asked to', async () => {
    const cookies = await loginAs(app, ADMIN.email, ADMIN.password);
    const form = await app.inject({ url: '/verwaltung/benutzer/neu', cookies });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const created = await app.inject({
      method: 'POST',
      url: '/verwaltung/benutzer/neu',
      cookies,
      payload: { email: 'ohne@mail.example', name: 'Otto Ohnemail', role: 'admin', zugang: 'einmalpasswort', _csrf: token },
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).toContain('Einmalpasswort');
    expect(connection.db.select().from(mailOutbox).all()).toEqual([]);
  });
});

