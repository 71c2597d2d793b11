import { describe, expect, it } from 'vitest';
import { assertSqliteVersion, DatabaseStartupError, MIN_SQLITE_VERSION } from '../../db/connection.js';
import { freshDatabase } from '../helpers.js';

describe('SQLite version check at start', () => {
  it('accepts the bundled SQLite and refuses versions with the WAL-reset bug', () => {
    const { sqlite } = freshDatabase();
    const bundled = (sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v;
    expect(() => assertSqliteVersion(bundled)).not.toThrow();
    expect(() => assertSqliteVersion(MIN_SQLITE_VERSION)).not.toThrow();
    expect(() => assertSqliteVersion('3.51.2')).toThrow(DatabaseStartupError);
    expect(() => assertSqliteVersion('3.45.0')).toThrow(/zu alt/);
    expect(() => assertSqliteVersion('3.52.0')).not.toThrow();
  });

  it('runs with WAL, foreign keys, FULL synchronous and a busy timeout', () => {
    const { sqlite } = freshDatabase();
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  });
});
