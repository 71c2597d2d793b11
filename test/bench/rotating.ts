/** The resolution pages a crawl asks for in turn: the rotating rows of the benchmark and the A/B comparison (ab.ts). */
import type Database from 'better-sqlite3';
import { resolutionPath } from '../../src/domain/citation.js';

/** How many different public resolution pages the rotating rows request in turn. */
export const ROTATING_PAGES = 3000;

/** Public resolutions spread over the whole archive, in a fixed pseudo-random order, as paths. */
export function rotatingPaths(db: Database.Database, count = ROTATING_PAGES): string[] {
  const rows = db
    .prepare(
      `select c.slug, m.url_key as urlKey, r.agenda_item as agendaItem
         from resolutions r join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
        where r.release = 'public' order by (r.id * 7919) % 100003 limit ?`,
    )
    .all(count) as { slug: string; urlKey: string; agendaItem: string }[];
  return rows.map((row) => resolutionPath(row.slug, row.urlKey, row.agendaItem));
}
