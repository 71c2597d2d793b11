/**
 * Bulk loading next to the maintained demand counts — demand_summary (kept by the triggers of the
 * migration `demand-summary-triggers`) and status_deltas, the dated changes behind the statistics
 * "as of" a date (migration `status-deltas`): a loader that writes a million Ziffern with raw
 * prepared statements is faster with their triggers set aside and both rebuilt once afterwards —
 * demand_summary from the view `demand_contributions`, status_deltas from `status_delta_rebuild`
 * (which counts the Ziffern from demand_summary, so it comes second) — the same result the
 * triggers would have kept row by row.
 */
import type Database from 'better-sqlite3';

const COLUMNS = 'meeting_id, internal, dimension, key, release, outcome, status';
const DELTA_COLUMNS = 'internal, span, period, conference_id, release, outcome, status, demands';

/** Runs `load` with the triggers of both tables dropped, then rebuilds them and restores the triggers. */
export function withoutSummaryTriggers<T>(sqlite: Database.Database, load: () => T): T {
  const triggers = sqlite
    .prepare(
      "select name, sql from sqlite_master where type = 'trigger' and (name like 'demand\\_summary\\_%' escape '\\' or name like 'status\\_deltas\\_%' escape '\\')",
    )
    .all() as { name: string; sql: string }[];
  for (const { name } of triggers) sqlite.exec(`drop trigger "${name}"`);
  try {
    return load();
  } finally {
    sqlite.transaction(() => {
      sqlite.exec('delete from demand_summary');
      sqlite.exec(`insert into demand_summary (${COLUMNS}, demands) select ${COLUMNS}, count(*) from demand_contributions where true group by ${COLUMNS}`);
      rebuildStatusDeltas(sqlite);
      for (const { sql } of triggers) sqlite.exec(sql);
    })();
  }
}

/** Fills status_deltas anew from the archive: the day rows, then their sums per month and year. */
function rebuildStatusDeltas(sqlite: Database.Database): void {
  sqlite.exec('delete from status_deltas');
  sqlite.exec(
    `insert into status_deltas (${DELTA_COLUMNS})
       select internal, 'day', date, conference_id, release, outcome, status, demands from status_delta_rebuild`,
  );
  sqlite.exec(
    `insert into status_deltas (${DELTA_COLUMNS})
       select d.internal, s.span, substr(d.period, 1, s.width), d.conference_id, d.release, d.outcome, d.status, sum(d.demands)
         from status_deltas d cross join (select 'year' as span, 4 as width union all select 'month', 7) s
        where d.span = 'day'
        group by d.internal, s.span, substr(d.period, 1, s.width), d.conference_id, d.release, d.outcome, d.status`,
  );
}
