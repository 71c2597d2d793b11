/**
 * Privacy and housekeeping: `npm run maintenance` deletes expired sessions, expired failed-login
 * counters and request logs past the retention period; the request log never contains a password, cookie, session id or CSRF token.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { loginThrottle, sessions } from '../../db/schema.js';
import app, { loggerOptions } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { createSession } from '../../src/services/sessions.js';
import { createUser } from '../../src/services/users.js';
import { cookiesOf, freshDatabase, runScript, type ScriptResult, conferenceIdOf } from '../helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function runMaintenance(env: Record<string, string>): Promise<ScriptResult> {
  return runScript('src/cli/maintenance.ts', [], env);
}

describe('npm run maintenance', { timeout: 180_000 }, () => {
  it('deletes expired sessions and request logs older than LOG_RETENTION_DAYS', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-wartung-'));
    dirs.push(dir);
    const databasePath = path.join(dir, 'bm.db');
    const connection = openDatabase(databasePath, MIGRATIONS_DIR);
    const { user } = await createUser(connection.db, { userId: null, name: 'test' }, { email: 'gs@example.org', name: 'G', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: 'ein langes sicheres Passwort' });
    const day = 24 * 3_600_000;
    createSession(connection.db, user.id, { idleMinutes: 30, absoluteHours: 12 }, new Date(Date.now() - 2 * day));
    createSession(connection.db, user.id, { idleMinutes: 30, absoluteHours: 12 });
    // failed-login counters: one whose window and lock are long over, one of a running lock
    connection.db.insert(loginThrottle).values([
      { key: 'alt', failures: 3, windowStart: new Date(Date.now() - 2 * day).toISOString(), lockedUntil: null },
      { key: 'gesperrt', failures: 5, windowStart: new Date(Date.now() - 2 * day).toISOString(), lockedUntil: new Date(Date.now() + day).toISOString() },
    ]).run();
    connection.close();

    const logFile = path.join(dir, 'requests.log');
    const line = (daysAgo: number, ip: string) => JSON.stringify({ level: 30, time: Date.now() - daysAgo * day, req: { remoteAddress: ip }, msg: 'incoming request' });
    writeFileSync(
      logFile,
      [line(20, '192.0.2.1'), 'Fortsetzung der alten Zeile', line(15, '192.0.2.2'), line(13, '198.51.100.1'), 'Fortsetzung der neuen Zeile', line(0, '198.51.100.2')].join('\n') + '\n',
    );
    const old = (Date.now() - 15 * day) / 1000;
    for (const name of ['requests.log.1', 'requests.log-20200101.gz', 'requests.log.2', 'anderes.log']) writeFileSync(path.join(dir, name), line(15, '192.0.2.9'));
    for (const name of ['requests.log.1', 'requests.log-20200101.gz', 'anderes.log']) utimesSync(path.join(dir, name), old, old);

    // a document file no follow-up refers to (two days old) and a fresh one (an upload in progress)
    const files = path.join(dir, 'files', 'ab');
    mkdirSync(files, { recursive: true });
    for (const name of ['ab'.padEnd(64, '1'), 'ab'.padEnd(64, '2')]) writeFileSync(path.join(files, name), 'verwaist');
    utimesSync(path.join(files, 'ab'.padEnd(64, '1')), (Date.now() - 2 * day) / 1000, (Date.now() - 2 * day) / 1000);

    const result = await runMaintenance({ DATABASE_PATH: databasePath, DATA_DIR: dir, LOG_FILE: logFile, LOG_RETENTION_DAYS: '14' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Abgelaufene Sitzungen gelöscht: 1');
    expect(result.stdout).toContain('Abgelaufene Zähler fehlgeschlagener Anmeldungen gelöscht: 1');
    expect(result.stdout).toContain('Dokumentdateien ohne Folgemaßnahme entfernt: 1');
    expect(readdirSync(files)).toEqual(['ab'.padEnd(64, '2')]);
    expect(result.stdout).toMatch(/3 Zeilen älter als 14 Tage entfernt/);

    const log = readFileSync(logFile, 'utf8');
    expect(log).not.toContain('192.0.2.');
    expect(log).not.toContain('Fortsetzung der alten Zeile');
    expect(log).toContain('198.51.100.1');
    expect(log).toContain('Fortsetzung der neuen Zeile');
    expect(log).toContain('198.51.100.2');
    expect(readdirSync(dir).filter((name) => !name.startsWith('bm.db')).sort()).toEqual(['anderes.log', 'files', 'requests.log', 'requests.log.2']);

    const check = openDatabase(databasePath, MIGRATIONS_DIR);
    expect(check.db.select().from(sessions).all()).toHaveLength(1);
    expect(check.db.select({ key: loginThrottle.key }).from(loginThrottle).all()).toEqual([{ key: 'gesperrt' }]);
    check.close();

    // idempotent; and without LOG_FILE only the sessions
    expect((await runMaintenance({ DATABASE_PATH: databasePath, DATA_DIR: dir, LOG_FILE: logFile })).stdout).toMatch(/0 Zeilen/);
    const withoutLog = await runMaintenance({ DATABASE_PATH: databasePath, DATA_DIR: dir });
    expect(withoutLog.code).toBe(0);
    expect(withoutLog.stdout).toMatch(/LOG_FILE ist nicht gesetzt/);
  });
});

describe('request logs', () => {
  let server: FastifyInstance;

  it('contain no password, cookie, session id or CSRF token (login and forms)', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = testConfig({ logLevel: 'trace' });
    const connection = freshDatabase();
    server = Fastify({ logger: { ...(loggerOptions(config) as object), stream }, routerOptions: { ignoreTrailingSlash: true } });
    await server.register(fp(app, { name: 'beschlussmonitor' }), { config, connection });
    await server.ready();
    const password = 'Korrekt-Pferd-Batterie-Heftklammer';
    const newPassword = 'Neues-sehr-langes-Passwort-2026';
    await createUser(connection.db, { userId: null, name: 'test' }, { email: 'gs@example.org', name: 'G', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password });

    const secrets = new Set<string>([password, newPassword, 'Falsches-Passwort-123']);
    const remember = (jar: Record<string, string>) => {
      for (const value of Object.values(jar)) secrets.add(value);
    };
    const tokenOf = (body: string) => {
      const token = /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
      secrets.add(token);
      return token;
    };

    const form = await server.inject('/anmelden');
    let jar = cookiesOf(form);
    remember(jar);
    const failed = await server.inject({ method: 'POST', url: '/anmelden', cookies: jar, payload: { email: 'gs@example.org', password: 'Falsches-Passwort-123', _csrf: tokenOf(form.body) } });
    expect(failed.statusCode).toBe(401);
    const login = await server.inject({ method: 'POST', url: '/anmelden', cookies: jar, payload: { email: 'gs@example.org', password, _csrf: tokenOf(failed.body) } });
    expect(login.statusCode).toBe(303);
    jar = { ...jar, ...cookiesOf(login) };
    remember(jar);
    const sessionToken = jar.bm_session!;
    secrets.add(createHash('sha256').update(sessionToken).digest('hex'));

    const edit = await server.inject({ url: '/verwaltung/seiten/impressum', cookies: jar });
    const version = /name="version" value="(\d+)"/.exec(edit.body)![1]!;
    const saved = await server.inject({
      method: 'POST',
      url: '/verwaltung/seiten/impressum',
      cookies: jar,
      headers: { 'x-csrf-token': tokenOf(edit.body) },
      payload: { _csrf: tokenOf(edit.body), version, title: 'Impressum', body: 'Neuer Text' },
    });
    expect(saved.statusCode).toBe(303);
    // the personal feed's token is the credential in its URL: never in the log
    const watchPage = await server.inject({ url: '/merkliste', cookies: jar });
    const created = await server.inject({ method: 'POST', url: '/merkliste/feed', cookies: jar, payload: { _csrf: tokenOf(watchPage.body) } });
    const feedPage = await server.inject({ url: '/merkliste', cookies: { ...jar, ...Object.fromEntries(created.cookies.map((c) => [c.name, c.value])) } });
    const feedToken = /\/merkliste\/feed\/([A-Za-z0-9_-]+)/.exec(feedPage.body)![1]!;
    secrets.add(feedToken);
    expect((await server.inject(`/merkliste/feed/${feedToken}`)).statusCode).toBe(200);
    expect((await server.inject('/merkliste/feed/ungueltiges-token-123456')).statusCode).toBe(404);
    secrets.add('ungueltiges-token-123456');
    const passwordForm = await server.inject({ url: '/konto/passwort', cookies: jar });
    const changed = await server.inject({
      method: 'POST',
      url: '/konto/passwort',
      cookies: jar,
      payload: { current: password, next: newPassword, repeat: newPassword, _csrf: tokenOf(passwordForm.body) },
    });
    // the password change ends the session and opens a new one (a new id, also kept out of the log)
    expect(changed.statusCode).toBe(303);
    jar = { ...jar, ...cookiesOf(changed) };
    remember(jar);
    secrets.add(createHash('sha256').update(jar.bm_session!).digest('hex'));
    // a rejected form (wrong CSRF token) is logged too, without the token
    const forged = await server.inject({ method: 'POST', url: '/konto/passwort', cookies: jar, payload: { current: newPassword, next: 'x', repeat: 'x', _csrf: 'gefaelschtes-token-abc' } });
    expect(forged.statusCode).toBe(403);
    secrets.add('gefaelschtes-token-abc');
    const logout = await server.inject({ method: 'POST', url: '/abmelden', cookies: jar, payload: { _csrf: tokenOf((await server.inject({ url: '/konto/passwort', cookies: jar })).body) } });
    expect(logout.statusCode).toBe(303);
    await server.close();

    const all = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    expect(all).toContain('incoming request');
    expect(all).toContain('/anmelden');
    expect(all).toContain('/merkliste/feed/[redacted]');
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      expect(all, `log contains a secret (${secret.slice(0, 4)}…)`).not.toContain(secret);
    }
    expect(all).not.toMatch(/"cookie"\s*:\s*"[^[]/);
    expect(all).not.toMatch(/set-cookie"\s*:\s*"[^[]/i);
  });
});
