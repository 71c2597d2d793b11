/**
 * The reference's reads of a resolution page (reference.ts): raw prepared better-sqlite3
 * statements returning only the columns shown, each in its own autocommit read. Shared with
 * reads.ts, which measures them without HTTP next to the application's.
 */
import type Database from 'better-sqlite3';

export interface ResolutionRow {
  id: number;
  agendaItem: string;
  title: string;
  outcome: string;
  voting: string | null;
  formula: string | null;
  urlKey: string;
  number: number | null;
  year: number;
  startDate: string | null;
  slug: string;
  shortName: string;
}

export interface FollowUpRow {
  demandId: number | null;
  date: string;
  kind: string;
  summary: string;
  link: string | null;
  resultingStatus: string | null;
  actorCode: string | null;
  actorName: string | null;
  actorLand: string | null;
}

export interface DemandRow {
  id: number;
  number: string | null;
  text: string;
  addressees: string;
  status: string;
}

export function referenceQueries(db: Database.Database) {
  return {
    resolution: db.prepare<[string, string, string], ResolutionRow>(
      `select r.id, r.agenda_item as agendaItem, r.title, r.outcome, r.voting, r.formula,
              m.url_key as urlKey, m.number, m.year, m.start_date as startDate, c.slug, c.short_name as shortName
         from resolutions r join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
        where c.slug = ? and m.url_key = ? and r.agenda_item = ? and r.release = 'public'`,
    ),
    sponsors: db.prepare<[number], string>('select land from resolution_sponsors where resolution_id = ? order by position').pluck(),
    demands: db.prepare<[number], DemandRow>(
      'select id, number, text, addressees, public_status as status from demands where resolution_id = ? order by position',
    ),
    followUps: db.prepare<[number], FollowUpRow>(
      `select f.demand_id as demandId, f.date, f.kind, f.summary, f.link, f.resulting_status as resultingStatus,
              a.code as actorCode, a.name as actorName, f.actor_land as actorLand
         from follow_ups f left join actors a on a.id = f.actor_id
        where f.resolution_id = ? and f.visibility = 'public' order by f.date, f.id`,
    ),
  };
}
