/**
 * Audit log entries written straight into the table, for the tests of the log's downloads: `count`
 * changes of resolutions, one a minute from 1 January 2025 (UTC), the i-th entry for resolution i,
 * each with a before and an after (`filler` makes each entry longer).
 */
import type Database from 'better-sqlite3';

export function writeAuditEntries(sqlite: Database.Database, count: number, options: { from?: number; filler?: string } = {}): void {
  const { from = 0, filler = '' } = options;
  const insert = sqlite.prepare(
    "insert into audit_log (at, actor, action, entity_type, entity_id, before, after, ip) values (?, 'cli', 'resolution.update', 'resolution', ?, ?, ?, '192.0.2.1')",
  );
  sqlite.transaction(() => {
    for (let i = from; i < from + count; i++) {
      insert.run(
        new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
        String(i),
        JSON.stringify({ title: `Titel ${i} vorher${filler}`, release: 'draft' }),
        JSON.stringify({ title: `Titel ${i} nachher${filler}`, release: 'public' }),
      );
    }
  })();
}
