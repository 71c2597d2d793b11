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
import { runDigests } from '../../src/services/digests.js';
import { mailContextOf } from '../../src/services/outbox.js';
import { watchList } from '../../src/services/watches.js';
import { versionDay } from '../../src/domain/version-diff.js';

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

/** The tag of the migration that comes before the one with this tag. */
function tagBefore(tag: string): string {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries[journal.entries.findIndex((e) => e.tag === tag) - 1]!.tag;
}

describe('the migrations journal', () => {
  it('lists the migrations in the order they were made: the migrator skips one older than the last applied', () => {
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
    // drizzle runs a migration only if its `when` is later than that of the last one the database ran
    const outOfOrder = journal.entries.filter((entry, i) => i > 0 && entry.when <= journal.entries[i - 1]!.when).map((entry) => entry.tag);
    expect(outOfOrder).toEqual([]);
    expect(journal.entries.map((entry) => entry.tag.slice(0, 4))).toEqual(journal.entries.map((entry) => entry.tag.slice(0, 4)).toSorted());
  });
});

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

  it('carries what was seen of the watch list and what the digest mailed over from timestamps to follow-up ids: nothing new lost, nothing seen again', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bm-upgrade-')), 'old.db');
    dirs.push(path.dirname(file));
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(drizzle({ client: old }), { migrationsFolder: migrationsUpTo(tagBefore('0033_seen-follow-up-ids')) });
    const at = (day: string) => `2026-03-${day}T10:00:00.000Z`;
    old.exec(`
      insert into conferences (id, slug, short_name, name) values (1, 'intmk', 'IntMK', 'Integrationsministerkonferenz');
      insert into meetings (id, conference_id, number, year, url_key) values (1, 1, 12, 2017, '12');
      insert into resolutions (id, meeting_id, agenda_item, sort_key, title, outcome, voting, release) values (1, 1, '1', '0001', 'Eins', 'adopted', 'unanimous', 'public');
      insert into resolutions (id, meeting_id, agenda_item, sort_key, title, outcome, voting, release) values (2, 1, '2', '0002', 'Zwei', 'adopted', 'unanimous', 'public');
      insert into demands (id, resolution_id, position, number, text) values (11, 1, 1, '1', 'Z1'), (12, 1, 2, '2', 'Z2');
      insert into users (id, email, name, role, land, password_hash) values (3, 'ref@by.example', 'BY', 'land', 'BY', 'x');
      insert into users (id, email, name, role, land, password_hash) values (4, 'ref@be.example', 'BE', 'land', 'BE', 'x');
      insert into follow_ups (id, resolution_id, demand_id, date, kind, summary, created_at) values
        (1, 1, null, '2026-03-01', 'note', 'F1 ganzer Beschluss', '${at('01')}'),
        (2, 1, 11, '2026-03-02', 'note', 'F2 Ziffer 1', '${at('02')}'),
        (3, 2, null, '2026-03-02', 'note', 'F3 anderer Beschluss', '${at('02')}'),
        (4, 1, 12, '2026-03-03', 'note', 'F4 Ziffer 2', '${at('03')}'),
        (5, 1, null, '2026-03-04', 'note', 'F5 ganzer Beschluss', '${at('04')}');
      -- seen at F2's instant (F2 is not new, F4 and F5 are), a watched Ziffer seen before F2, and
      -- a resolution seen after all of its follow-ups
      insert into watches (id, user_id, resolution_id, demand_id, created_at, last_seen_at) values
        (1, 3, 1, null, '${at('01')}', '${at('02')}'),
        (2, 3, 1, 11, '${at('01')}', '2026-03-01T12:00:00.000Z'),
        (3, 4, 2, null, '${at('01')}', '${at('05')}');
      -- the last digest ran at F2's instant; the other user's after everything
      insert into mail_preferences (user_id, digest_cursor, updated_at) values (3, '${at('02')}', 'x'), (4, '${at('03')}', 'x');
    `);
    // what the old rule (created_at > the mark) shows as new
    const oldRule = old.prepare(`
      select w.id, group_concat(f.id) as ids from watches w join follow_ups f on f.resolution_id = w.resolution_id
        and (w.demand_id is null or f.demand_id is null or f.demand_id = w.demand_id) and f.created_at > w.last_seen_at
      group by w.id order by w.id`).all();
    expect(oldRule).toEqual([{ id: 1, ids: '4,5' }, { id: 2, ids: '2,5' }]);
    old.close();

    const connection = openDatabase(file, MIGRATIONS_DIR);
    try {
      const sqlite = connection.sqlite;
      expect(sqlite.prepare('select id, seen_follow_up_id as seen from watches order by id').all()).toEqual([
        { id: 1, seen: 3 },
        { id: 2, seen: 1 },
        { id: 3, seen: 5 },
      ]);
      expect(sqlite.prepare('select user_id, digest_follow_up_id as cursor from mail_preferences order by user_id').all()).toEqual([
        { user_id: 3, cursor: 3 },
        { user_id: 4, cursor: 5 },
      ]);
      expect(sqlite.prepare("select name from pragma_table_info('watches') where name = 'last_seen_at' union all select name from pragma_table_info('mail_preferences') where name = 'digest_cursor'").all()).toEqual([]);
      // a follow-up stored after the upgrade is new to everybody watching its resolution
      sqlite.prepare("insert into follow_ups (id, resolution_id, date, kind, summary) values (6, 2, '2026-03-06', 'note', 'F6 nach dem Update')").run();

      const summaries = (userId: number, land: string) =>
        watchList(connection.db, { userId, role: 'land', land, conferenceIds: [] }).map((item) => [item.watchId, item.changes.map((change) => change.summary)]);
      // newest watch first, newest follow-up first: the same as before the upgrade
      expect(summaries(3, 'BY')).toEqual([
        [2, ['F5 ganzer Beschluss', 'F2 Ziffer 1']],
        [1, ['F5 ganzer Beschluss', 'F4 Ziffer 2']],
      ]);
      expect(summaries(4, 'BE')).toEqual([[3, ['F6 nach dem Update']]]);

      // the next digest: what was recorded after the last one's instant (F4, F5; the watched Ziffer: F5)
      const monday = new Date('2026-03-09T07:00:00.000Z'); // 08:00 in Berlin
      const ctx = mailContextOf({ publicUrl: 'https://beschluesse.example.de', mailFrom: 'noreply@beschluesse.example.de' });
      expect(runDigests(connection.db, ctx, monday)).toEqual({ mails: 2, changes: 3 });
      const bodies = Object.fromEntries(
        (sqlite.prepare('select recipient, text_body from mail_outbox order by id').all() as { recipient: string; text_body: string }[]).map((m) => [m.recipient, m.text_body]),
      );
      const mentioned = (recipient: string) => ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'].filter((f) => bodies[recipient]!.includes(`${f} `));
      expect(mentioned('ref@by.example')).toEqual(['F4', 'F5']);
      expect(bodies['ref@by.example']!.match(/F5 /g)).toHaveLength(1); // on the TOP and on its watched Ziffer: told once
      expect(mentioned('ref@be.example')).toEqual(['F6']);
    } finally {
      connection.close();
    }
  });

  it('dates every older version by when its wording was valid: as adopted (from the meeting) until first released, a later change from its day in Berlin', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bm-upgrade-')), 'old.db');
    dirs.push(path.dirname(file));
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(drizzle({ client: old }), { migrationsFolder: migrationsUpTo(tagBefore('0036_version-valid-from')) });
    const content = (title: string) => JSON.stringify({ agendaItem: '1', title, outcome: 'adopted', voting: 'unanimous', votesYes: null, votesNo: null, votesAbstain: null, formula: '', sponsors: [], demands: [], protocolStatements: [] });
    // resolution 1: imported as a draft (1), corrected as a draft (2), released (3), corrected in
    // public late on the night before summer time began (4), withdrawn (5), corrected again on a
    // night in summer time (6); resolution 2: imported public in one go (1), corrected on the last
    // night of summer time (2) and late on a winter's night (3)
    const versions: [number, number, string, string, string][] = [
      [1, 1, '2026-01-10T10:00:00.000Z', 'draft', 'A'],
      [1, 2, '2026-01-11T10:00:00.000Z', 'draft', 'B'],
      [1, 3, '2026-01-12T10:00:00.000Z', 'public', 'B'],
      [1, 4, '2026-03-28T22:30:00.000Z', 'public', 'C'],
      [1, 5, '2026-04-02T10:00:00.000Z', 'internal', 'C'],
      [1, 6, '2026-07-01T22:30:00.000Z', 'internal', 'D'],
      [2, 1, '2026-01-10T10:00:00.000Z', 'public', 'A'],
      [2, 2, '2026-10-24T22:30:00.000Z', 'public', 'E'],
      [2, 3, '2026-12-07T23:30:00.000Z', 'public', 'F'],
    ];
    old.exec(`
      insert into conferences (id, slug, short_name, name) values (1, 'intmk', 'IntMK', 'Integrationsministerkonferenz');
      insert into meetings (id, conference_id, number, year, start_date, url_key) values (1, 1, 12, 2017, '2017-03-16', '12');
      insert into resolutions (id, meeting_id, agenda_item, sort_key, title, outcome, voting, release) values (1, 1, '1', '0001', 'Eins', 'adopted', 'unanimous', 'internal');
      insert into resolutions (id, meeting_id, agenda_item, sort_key, title, outcome, voting, release) values (2, 1, '2', '0002', 'Zwei', 'adopted', 'unanimous', 'public');
    `);
    const insert = old.prepare("insert into resolution_versions (resolution_id, number, at, actor, action, release, content) values (?, ?, ?, 'system', 'edit', ?, ?)");
    for (const [resolution, number, at, release, title] of versions) insert.run(resolution, number, at, release, content(title));
    old.close();

    const connection = openDatabase(file, MIGRATIONS_DIR);
    try {
      const rows = connection.sqlite.prepare('select resolution_id as r, number as n, valid_from as v from resolution_versions order by resolution_id, number').all();
      expect(rows).toEqual([
        { r: 1, n: 1, v: null },
        { r: 1, n: 2, v: null },
        { r: 1, n: 3, v: null },
        // 22:30 UTC is 23:30 CET: still 28 March in Berlin
        { r: 1, n: 4, v: '2026-03-28' },
        // only its release changed: the wording keeps its day
        { r: 1, n: 5, v: '2026-03-28' },
        // 22:30 UTC is 00:30 CEST: 2 July in Berlin
        { r: 1, n: 6, v: '2026-07-02' },
        { r: 2, n: 1, v: null },
        // 22:30 UTC is 00:30 CEST (summer time ends at 01:00 UTC that night): 25 October in Berlin
        { r: 2, n: 2, v: '2026-10-25' },
        // 23:30 UTC is 00:30 CET: 8 December in Berlin
        { r: 2, n: 3, v: '2026-12-08' },
      ]);
      // the days are those the application names (domain/version-diff.ts versionDay)
      for (const [resolution, number, at] of versions) {
        const stored = rows.find((row) => (row as { r: number; n: number }).r === resolution && (row as { n: number }).n === number) as { v: string | null };
        if (stored.v !== null && !(resolution === 1 && number === 5)) expect(stored.v).toBe(versionDay(at));
      }
    } finally {
      connection.close();
    }
  });

  it('keeps every version as it was, none a correction, and keeps the addresses meetings gave up as the audit log names them', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'bm-upgrade-')), 'old.db');
    dirs.push(path.dirname(file));
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(drizzle({ client: old }), { migrationsFolder: migrationsUpTo(tagBefore('0037_former-addresses-corrections')) });
    const content = JSON.stringify({ agendaItem: '1', title: 'Eins', outcome: 'adopted', voting: 'unanimous', votesYes: null, votesNo: null, votesAbstain: null, formula: '', sponsors: [], demands: [], protocolStatements: [] });
    const meeting = (id: number, before: string, after: string) => JSON.stringify({ id, urlKey: before, number: Number(after) });
    old.exec(`
      insert into conferences (id, slug, short_name, name) values (1, 'intmk', 'IntMK', 'Integrationsministerkonferenz');
      insert into meetings (id, conference_id, number, year, start_date, url_key) values (1, 1, 13, 2017, '2017-03-16', '13');
      insert into meetings (id, conference_id, number, year, start_date, url_key) values (2, 1, 20, 2024, '2024-06-12', '20');
      insert into resolutions (id, meeting_id, agenda_item, sort_key, title, outcome, voting, release) values (1, 1, '1', '0001', 'Eins', 'adopted', 'unanimous', 'public');
      insert into resolution_versions (resolution_id, number, at, valid_from, actor, action, release, content) values (1, 1, '2026-01-10T10:00:00.000Z', null, 'system', 'import', 'public', '${content}');
      insert into resolution_versions (resolution_id, number, at, valid_from, actor, action, release, content) values (1, 2, '2026-02-10T10:00:00.000Z', '2026-02-10', 'system', 'edit', 'public', '${content}');
    `);
    const audit = old.prepare("insert into audit_log (at, actor, action, entity_type, entity_id, before, after) values (?, 'test', ?, 'meeting', ?, ?, '{}')");
    // meeting 1: 11 → 12 → 13, and 11 once more given up later (taken back in between); meeting 2 saved without a change of number
    audit.run('2026-01-01T10:00:00.000Z', 'meeting.update', '1', meeting(1, '11', '12'));
    audit.run('2026-01-02T10:00:00.000Z', 'meeting.update', '1', meeting(1, '12', '11'));
    audit.run('2026-01-03T10:00:00.000Z', 'meeting.update', '1', meeting(1, '11', '13'));
    audit.run('2026-01-04T10:00:00.000Z', 'meeting.update', '2', meeting(2, '20', '20'));
    audit.run('2026-01-05T10:00:00.000Z', 'meeting.create', '2', null);
    old.close();

    const connection = openDatabase(file, MIGRATIONS_DIR);
    try {
      expect(connection.sqlite.prepare('select meeting_id as meeting, url_key as urlKey, replaced_at as at from meeting_former_keys order by meeting_id, url_key').all()).toEqual([
        { meeting: 1, urlKey: '11', at: '2026-01-03T10:00:00.000Z' },
        { meeting: 1, urlKey: '12', at: '2026-01-02T10:00:00.000Z' },
      ]);
      expect(connection.sqlite.prepare('select number, valid_from as validFrom, correction from resolution_versions order by number').all()).toEqual([
        { number: 1, validFrom: null, correction: 0 },
        { number: 2, validFrom: '2026-02-10', correction: 0 },
      ]);
      expect(connection.sqlite.prepare('select count(*) from audit_log').pluck().get()).toBe(5);
    } finally {
      connection.close();
    }
  });
});
