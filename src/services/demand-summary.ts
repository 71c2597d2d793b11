/**
 * Bulk loading next to the maintained demand counts (demand_summary, kept by the triggers of the
 * migration `demand-summary-triggers`): a loader that writes a million Ziffern with raw prepared
 * statements is faster with the triggers set aside and the summary rebuilt once from the view
 * `demand_contributions` afterwards — the same result the triggers would have kept row by row.
 */
import type Database from 'better-sqlite3';

const COLUMNS = 'meeting_id, internal, dimension, key, release, outcome, status';

/** Runs `load` with the summary's triggers dropped, then rebuilds the summary and restores them. */
export function withoutSummaryTriggers<T>(sqlite: Database.Database, load: () => T): T {
  const triggers = sqlite
    .prepare("select name, sql from sqlite_master where type = 'trigger' and name like 'demand\\_summary\\_%' escape '\\'")
    .all() as { name: string; sql: string }[];
  for (const { name } of triggers) sqlite.exec(`drop trigger "${name}"`);
  try {
    return load();
  } finally {
    sqlite.transaction(() => {
      sqlite.exec('delete from demand_summary');
      sqlite.exec(`insert into demand_summary (${COLUMNS}, demands) select ${COLUMNS}, count(*) from demand_contributions where true group by ${COLUMNS}`);
      for (const { sql } of triggers) sqlite.exec(sql);
    })();
  }
}
