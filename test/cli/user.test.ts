/** `npm run user -- add`: an invitation by e-mail by default, a one-time password on request. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bm-user-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = path.join('src', 'cli', 'user.ts');

function rows(dataDir: string, query: string): unknown[] {
  const db = new Database(path.join(dataDir, 'beschlussmonitor.db'), { readonly: true });
  try {
    return db.prepare(query).all();
  } finally {
    db.close();
  }
}

describe('npm run user -- add', { timeout: 180_000 }, () => {
  it('refuses to invite without an SMTP server and creates nothing', async () => {
    const dataDir = path.join(dir, 'no-smtp');
    const result = await runScript(script, ['add', '--email', 'gs@intmk.example', '--name', 'GS', '--role', 'secretariat'], { DATA_DIR: dataDir }, 170_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SMTP_URL ist nicht gesetzt');
    expect(result.stderr).toContain('--one-time-password');
    expect(rows(dataDir, 'select email from users')).toEqual([]);
  });

  it('prints a one-time password for machines without mail', async () => {
    const dataDir = path.join(dir, 'one-time');
    const result = await runScript(script, ['add', '--one-time-password', '--email', 'ref@be.example', '--name', 'Referent', '--role', 'land', '--land', 'BE'], { DATA_DIR: dataDir }, 170_000);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Einmalpasswort \(bei der ersten Anmeldung zu ändern\): [A-Za-z0-9]{20}\n/);
    expect(rows(dataDir, 'select email, must_change_password as mustChange from users')).toEqual([{ email: 'ref@be.example', mustChange: 1 }]);
    expect(rows(dataDir, 'select id from mail_outbox')).toEqual([]);
  });

  it('writes the invitation to the outbox when an SMTP server is configured', async () => {
    const dataDir = path.join(dir, 'invite');
    const result = await runScript(script, ['add', '--email', 'ref@by.example', '--name', 'Referentin', '--role', 'land', '--land', 'BY'], {
      DATA_DIR: dataDir,
      SMTP_URL: 'smtp://127.0.0.1:2525',
      PUBLIC_URL: 'https://beschluesse.example.de',
    }, 170_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Einladung an ref@by.example steht im Postausgang');
    expect(result.stdout).not.toMatch(/Einmalpasswort/);
    expect(rows(dataDir, "select kind, recipient, state, sensitive from mail_outbox")).toEqual([
      { kind: 'invitation', recipient: 'ref@by.example', state: 'pending', sensitive: 1 },
    ]);
    expect(rows(dataDir, 'select text_body as text from mail_outbox')[0]).toMatchObject({ text: expect.stringMatching(/https:\/\/beschluesse\.example\.de\/passwort-setzen\/[A-Za-z0-9_-]{43}/) });
  });
});

describe('npm run user -- add-conference', { timeout: 180_000 }, () => {
  it('refuses a bad short name and a too long name in German and creates nothing', async () => {
    const dataDir = path.join(dir, 'bad-conference');
    const result = await runScript(script, ['add-conference', '--short', 'X', '--name', 'K'.repeat(301)], { DATA_DIR: dataDir }, 170_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Bitte ein Kürzel aus 2 bis 20 Buchstaben angeben, z. B. IntMK. Der Name ist zu lang (höchstens 300 Zeichen).\n');
    expect(rows(dataDir, 'select short_name from conferences')).toEqual([]);
  });

  it('creates a conference and says so', async () => {
    const dataDir = path.join(dir, 'conference');
    const result = await runScript(script, ['add-conference', '--short', 'IntMK', '--name', 'Integrationsministerkonferenz'], { DATA_DIR: dataDir }, 170_000);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Konferenz angelegt: IntMK – Integrationsministerkonferenz\n');
    expect(rows(dataDir, 'select short_name as shortName from conferences')).toEqual([{ shortName: 'IntMK' }]);
  });
});
