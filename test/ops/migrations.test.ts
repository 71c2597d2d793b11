/**
 * Upgrading a database: a migration that rebuilds a table (drizzle-kit's way of dropping a
 * column in SQLite) keeps every row that refers to it, and the secretariat's conference moves to
 * the scope table. References are checked after a migration ran, not on every start.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the migrations folder that ends after the migration with this tag. */
function migrationsUpTo(tag: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bm-migrations-'));
  dirs.push(dir);
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalFile = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === tag) + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

describe('migrating a database of the previous version', () => {
  it('keeps sessions, watches, feed tokens, authors and audit entries of the users, and moves a secretariat\'s conference into its scope', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bm-upgrade-')), 'old.db');
    dirs.push(path.dirname(file));
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(drizzle({ client: old }), { migrationsFolder: migrationsUpTo('0009_resolution-references') });
    old.exec(`
      insert into conferences (id, slug, short_name, name) values (1, 'intmk', 'IntMK', 'Integrationsministerkonferenz');
      insert into meetings (id, conference_id, number, year, url_key) values (1, 1, 12, 2017, '12');
      insert into resolutions (id, meeting_id, agenda_item, sort_key, title, outcome, voting) values (1, 1, '2.12', '0002.0012', 'T', 'adopted', 'unanimous');
      insert into users (id, email, name, role, conference_id, password_hash) values (1, 'gs@intmk.example', 'GS', 'secretariat', 1, 'x');
      insert into users (id, email, name, role, conference_id, password_hash) values (2, 'gs@alle.example', 'Alle', 'secretariat', null, 'x');
      insert into users (id, email, name, role, land, password_hash) values (3, 'ref@by.example', 'BY', 'land', 'BY', 'x');
      insert into sessions (id, user_id, created_at, last_seen_at, expires_at) values ('s', 3, 'a', 'a', 'z');
      insert into watches (user_id, resolution_id, created_at, last_seen_at) values (3, 1, 'a', 'a');
      insert into feed_tokens (user_id, token_hash, created_at) values (3, 'h', 'a');
      insert into follow_ups (resolution_id, date, kind, summary, author_id) values (1, '2018-01-01', 'note', 'N', 3);
      insert into audit_log (user_id, actor, action, entity_type) values (3, 'ref@by.example', 'login', 'user');
    `);
    old.close();

    const connection = openDatabase(file, MIGRATIONS_DIR);
    try {
      const count = (table: string) => connection.sqlite.prepare(`select count(*) from ${table}`).pluck().get();
      expect([count('users'), count('sessions'), count('watches'), count('feed_tokens')]).toEqual([3, 1, 1, 1]);
      expect(connection.sqlite.prepare('select author_id from follow_ups').pluck().get()).toBe(3);
      expect(connection.sqlite.prepare('select user_id from audit_log').pluck().get()).toBe(3);
      // bound to IntMK: still bound; bound to nothing ("all conferences"): no scope, no login
      expect(connection.sqlite.prepare('select user_id, conference_id from user_conferences').all()).toEqual([{ user_id: 1, conference_id: 1 }]);
      expect(connection.sqlite.prepare("select name from pragma_table_info('users') where name in ('conference_id', 'failed_logins', 'locked_until')").all()).toEqual([]);
      expect(connection.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      connection.close();
    }
  });

  it('checks every reference after a migration ran, and only then: a start without one does not read the whole archive', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bm-upgrade-')), 'old.db');
    dirs.push(path.dirname(file));
    const orphan = (migrationsDir: string) => {
      const db = new Database(file);
      migrate(drizzle({ client: db }), { migrationsFolder: migrationsDir });
      // a row referring to nothing, as only a broken migration would leave it (enforcement off)
      db.pragma('foreign_keys = OFF');
      db.exec("insert into follow_ups (resolution_id, date, kind, summary) values (999, '2018-01-01', 'note', 'N')");
      db.close();
    };
    orphan(migrationsUpTo('0022_statement-internal-search'));
    expect(() => openDatabase(file, MIGRATIONS_DIR)).toThrow(/verweisen 1 Zeilen \(Tabelle follow_ups\) ins Leere/);
    rmSync(file);
    orphan(MIGRATIONS_DIR);
    const connection = openDatabase(file, MIGRATIONS_DIR);
    expect(connection.sqlite.prepare('select count(*) from follow_ups').pluck().get()).toBe(1);
    connection.close();
  });
});
