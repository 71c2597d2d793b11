/**
 * The search attributes (search_attributes, kept by the triggers of migration 0038) against a full
 * recomputation from resolutions, meetings and search_facets, after random series of writes:
 * imports through the service (new TOPs, TOPs replaced on a second import), release changes
 * through the service, follow-ups that change statuses, syncs of the search index (which write
 * the facets), and raw writes as any other writer could make them — titles, TOP numbers and
 * outcomes changed, TOPs moved to another meeting and given another id, meetings moved to another
 * date, year or conference, resolutions and meetings deleted. Also: the migration fills the table
 * for an existing database; the candidate statements read the attributes alone (no resolution, no
 * meeting, no search_facets); and a search sees a raw write at once.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Connection } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { ADDRESSEES, DEMAND_STATUSES, OUTCOMES, RELEASE_STATES, type Addressee } from '../../src/domain/vocabulary.js';
import { LAND_CODES, type LandCode } from '../../src/domain/laender.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { setRelease } from '../../src/services/resolutions.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex } from '../../src/services/search.js';
import { queries } from '../../src/services/search/queries.js';
import { ValidationError } from '../../src/services/types.js';
import { PUBLIC_VIEWER, visibilityParams, type Viewer } from '../../src/services/visibility.js';
import { freshDatabase, queryPlan, TEST_ACTOR, secretariatOfAll } from '../helpers.js';

type Write =
  | {
      kind: 'import';
      conference: string;
      meeting: number;
      agendaItem: string;
      title: string;
      sponsors: LandCode[];
      outcome: (typeof OUTCOMES)[number];
      demands: Addressee[][];
      release: (typeof RELEASE_STATES)[number];
    }
  | { kind: 'release'; pick: number; release: (typeof RELEASE_STATES)[number] }
  | { kind: 'followUp'; pick: number; status: (typeof DEMAND_STATUSES)[number] | null; internal: boolean }
  | { kind: 'sync' }
  | { kind: 'edit'; pick: number; title: string; agendaItem: string; outcome: (typeof OUTCOMES)[number]; releasedOn: string | null }
  | { kind: 'moveTop'; pick: number; to: number }
  | { kind: 'renumber'; pick: number }
  | { kind: 'moveMeeting'; pick: number; startDate: string | null }
  | { kind: 'meetingConference'; pick: number; to: number }
  | { kind: 'deleteResolution'; pick: number }
  | { kind: 'deleteMeeting'; pick: number };

const pick = fc.nat();
const write: fc.Arbitrary<Write> = fc.oneof(
  { weight: 5, arbitrary: fc.record({
    kind: fc.constant('import' as const),
    conference: fc.constantFrom('IntMK', 'UMK'),
    meeting: fc.integer({ min: 12, max: 13 }),
    agendaItem: fc.constantFrom('1', '2', '3.1'),
    title: fc.constantFrom('Kita-Ausbau', 'Lärmschutz an Bundesstraßen', 'Förderung der Migrationsberatung'),
    sponsors: fc.subarray([...LAND_CODES], { maxLength: 3 }),
    outcome: fc.constantFrom(...OUTCOMES),
    demands: fc.array(fc.array(fc.constantFrom(...ADDRESSEES), { maxLength: 2 }), { maxLength: 3 }),
    release: fc.constantFrom(...RELEASE_STATES),
  }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), pick, release: fc.constantFrom(...RELEASE_STATES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('followUp' as const), pick, status: fc.option(fc.constantFrom(...DEMAND_STATUSES)), internal: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sync' as const) }) },
  { weight: 2, arbitrary: fc.record({
    kind: fc.constant('edit' as const),
    pick,
    title: fc.constantFrom('Neuer Titel', 'Kita-Plätze'),
    agendaItem: fc.constantFrom('4', '5.2'),
    outcome: fc.constantFrom(...OUTCOMES),
    releasedOn: fc.constantFrom('2019-02-01', null),
  }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moveTop' as const), pick, to: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renumber' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moveMeeting' as const), pick, startDate: fc.constantFrom('2016-05-01', '2019-01-05', null) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('meetingConference' as const), pick, to: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteResolution' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteMeeting' as const), pick }) },
);

function apply(connection: Connection, w: Write, step: number): void {
  const { db, sqlite } = connection;
  const ids = (query: string) => sqlite.prepare(query).pluck().all() as number[];
  const choose = <T>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
  const resolution = (n: number) => choose(ids('select id from resolutions order by id'), n);
  const meeting = (n: number) => choose(ids('select id from meetings order by id'), n);
  switch (w.kind) {
    case 'import': {
      importDocument(
        db,
        TEST_ACTOR,
        {
          resolutions: [
            {
              conference: w.conference,
              meeting: { number: w.meeting, year: 2005 + w.meeting, startDate: `${2005 + w.meeting}-03-16`, endDate: null, place: 'Bonn' },
              agendaItem: w.agendaItem,
              title: `${w.title} ${step}`,
              sponsors: w.sponsors,
              decision: { outcome: w.outcome, voting: 'unanimous', formula: 'Die Konferenz hat einstimmig beschlossen:' },
              demands: w.demands.map((addressees, i) => ({ number: String(i + 1), text: `Ziffer ${i + 1} aus Schritt ${step}`, addressees })),
              protocolStatements: [],
            },
          ],
        },
        // a TOP number an earlier edit gave up makes a new TOP, as it did before imports asked about it
        { source: 'Test', release: w.release, releasedOn: w.release === 'public' ? '2018-01-01' : null, renumbered: 'new' },
      );
      return;
    }
    case 'release': {
      const id = resolution(w.pick);
      if (id === undefined) return;
      const version = sqlite.prepare('select version from resolutions where id = ?').pluck().get(id) as number;
      setRelease(db, TEST_ACTOR, secretariatOfAll(connection), id, version, w.release, w.release === 'public' ? '2018-02-01' : null);
      return;
    }
    case 'followUp': {
      const id = resolution(w.pick);
      if (id === undefined) return;
      const demandId = (sqlite.prepare('select id from demands where resolution_id = ? order by id').pluck().get(id) as number | undefined) ?? null;
      try {
        recordFollowUp(db, TEST_ACTOR, {
          resolutionId: id,
          demandId,
          date: `2019-01-${String((step % 28) + 1).padStart(2, '0')}`,
          actor: 'BMI',
          kind: 'response',
          summary: `Antwort ${step}`,
          link: null,
          resultingStatus: w.status,
          visibility: w.internal ? 'internal' : 'public',
        });
      } catch (error) {
        // a meeting moved past the date: the service refuses, nothing is written
        if (!(error instanceof ValidationError)) throw error;
      }
      return;
    }
    case 'sync':
      syncSearchIndex(sqlite);
      return;
    case 'edit': {
      const id = resolution(w.pick);
      if (id === undefined) return;
      try {
        sqlite
          .prepare('update resolutions set title = ?, agenda_item = ?, sort_key = ?, outcome = ?, released_on = ? where id = ?')
          .run(`${w.title} ${step}`, w.agendaItem, `k${w.agendaItem}`, w.outcome, w.releasedOn, id);
      } catch (error) {
        // the TOP number is taken in that meeting: nothing is written
        if (!String(error).includes('UNIQUE')) throw error;
      }
      return;
    }
    case 'moveTop': {
      const id = resolution(w.pick);
      const to = meeting(w.to);
      if (id === undefined || to === undefined) return;
      try {
        sqlite.prepare('update resolutions set meeting_id = ? where id = ?').run(to, id);
      } catch (error) {
        if (!String(error).includes('UNIQUE')) throw error;
      }
      return;
    }
    case 'renumber': {
      // a new id for a TOP without Ziffern, follow-ups or versions (those refer to it)
      const id = choose(
        ids(`select id from resolutions r where not exists (select 1 from demands where resolution_id = r.id)
               and not exists (select 1 from follow_ups where resolution_id = r.id) and not exists (select 1 from resolution_versions where resolution_id = r.id)
               and not exists (select 1 from resolution_sponsors where resolution_id = r.id) order by id`),
        w.pick,
      );
      if (id === undefined) return;
      try {
        sqlite.prepare('update resolutions set id = (select max(id) + 1 from resolutions) where id = ?').run(id);
      } catch (error) {
        // another table still refers to it: nothing is written
        if (!String(error).includes('FOREIGN KEY')) throw error;
      }
      return;
    }
    case 'moveMeeting': {
      const id = meeting(w.pick);
      if (id !== undefined) sqlite.prepare('update meetings set start_date = ?, year = ? where id = ?').run(w.startDate, Number((w.startDate ?? '2020').slice(0, 4)), id);
      return;
    }
    case 'meetingConference': {
      const id = meeting(w.pick);
      const to = choose(ids('select id from conferences order by id'), w.to);
      if (id === undefined || to === undefined) return;
      try {
        sqlite.prepare('update meetings set conference_id = ? where id = ?').run(to, id);
      } catch (error) {
        // the conference has a meeting with that number: nothing is written
        if (!String(error).includes('UNIQUE')) throw error;
      }
      return;
    }
    case 'deleteResolution': {
      const id = resolution(w.pick);
      if (id !== undefined) sqlite.prepare('delete from resolutions where id = ?').run(id);
      return;
    }
    case 'deleteMeeting': {
      const id = meeting(w.pick);
      // resolutions keep their meeting (restrict): a meeting goes with all of its TOPs
      if (id !== undefined) {
        sqlite.prepare('delete from resolutions where meeting_id = ?').run(id);
        sqlite.prepare('delete from meetings where id = ?').run(id);
      }
      return;
    }
  }
}

const COLUMNS = [
  'resolution_id', 'release', 'conference_id', 'year', 'start_date', 'sort_key', 'released_on', 'outcome', 'title',
  'sponsors', 'statuses', 'public_statuses', 'addressees', 'public_addressees',
] as const;

/** The attributes recomputed in JavaScript from the rows of their tables, by resolution. */
function recomputed(sqlite: Connection['sqlite']): unknown[][] {
  const meetings = new Map(
    (sqlite.prepare('select id, conference_id, year, start_date from meetings').raw().all() as [number, number, number, string | null][]).map(([id, ...rest]) => [id, rest]),
  );
  const facets = new Map(
    (sqlite.prepare('select resolution_id, sponsors, statuses, public_statuses, addressees, public_addressees from search_facets').raw().all() as unknown[][]).map(([id, ...rest]) => [
      id as number,
      rest,
    ]),
  );
  const resolutions = sqlite.prepare('select id, meeting_id, release, sort_key, released_on, outcome, title from resolutions order by id').raw().all() as [number, number, ...unknown[]][];
  return resolutions.map(([id, meetingId, release, sortKey, releasedOn, outcome, title]) => {
    const [conferenceId, year, startDate] = meetings.get(meetingId)!;
    return [id, release, conferenceId, year, startDate, sortKey, releasedOn, outcome, title, ...(facets.get(id) ?? [null, null, null, null, null])];
  });
}

function maintained(sqlite: Connection['sqlite']): unknown[][] {
  return sqlite.prepare(`select ${COLUMNS.join(', ')} from search_attributes order by resolution_id`).raw().all() as unknown[][];
}

describe('search_attributes', () => {
  it('equals a recomputation from resolutions, meetings and search_facets after every write of a random series', () => {
    let steps = 0;
    fc.assert(
      fc.property(fc.array(write, { minLength: 5, maxLength: 30 }), (writes) => {
        const connection = freshDatabase();
        try {
          writes.forEach((w, step) => {
            apply(connection, w, step);
            expect(maintained(connection.sqlite), `after step ${step}: ${JSON.stringify(w)}`).toEqual(recomputed(connection.sqlite));
            steps++;
          });
          // after a sync every resolution has its facets
          syncSearchIndex(connection.sqlite);
          const rows = maintained(connection.sqlite);
          expect(rows).toEqual(recomputed(connection.sqlite));
          expect(rows.filter((row) => row[9] === null)).toEqual([]);
        } finally {
          connection.close();
        }
      }),
      { numRuns: 40, seed: 38 },
    );
    expect(steps).toBeGreaterThan(300);
  });

  it('holds null facets for a resolution not indexed yet, and the search does not take it', () => {
    const connection = freshDatabase();
    try {
      const write: Write = { kind: 'import', conference: 'IntMK', meeting: 12, agendaItem: '1', title: 'Kita-Ausbau', sponsors: ['BY'], outcome: 'adopted', demands: [['bund']], release: 'public' };
      apply(connection, write, 0);
      const [row] = maintained(connection.sqlite);
      expect(row!.slice(1, 3)).toEqual(['public', 1]);
      expect(row!.slice(9)).toEqual([null, null, null, null, null]);
      const params = { ...visibilityParams(PUBLIC_VIEWER), ...NO_FILTERS, asOf: null, cap: 10 };
      expect(queries(connection.db, PUBLIC_VIEWER).filterCandidates.values(params)).toEqual([]);
      syncSearchIndex(connection.sqlite);
      expect(maintained(connection.sqlite)[0]!.slice(9)).toEqual([',BY,', ',open,', ',open,', ',bund,', ',bund,']);
      expect((queries(connection.db, PUBLIC_VIEWER).filterCandidates.values(params) as unknown[][]).map((r) => r[0])).toEqual([row![0]]);
    } finally {
      connection.close();
    }
  });
});

describe('the search with the attributes', () => {
  it('sees a raw write at once: a TOP withdrawn, its meeting moved to another year', () => {
    const connection = freshDatabase();
    try {
      for (const [step, agendaItem] of ['1', '2'].entries()) {
        apply(connection, { kind: 'import', conference: 'IntMK', meeting: 12, agendaItem, title: 'Lärmschutz', sponsors: [], outcome: 'adopted', demands: [[]], release: 'public' }, step);
      }
      const found = (filters = NO_FILTERS) => searchResolutions(connection.db, PUBLIC_VIEWER, parseQuery('Lärmschutz'), filters).total;
      expect(found()).toBe(2);
      expect(found({ ...NO_FILTERS, yearFrom: 2018 })).toBe(0);
      connection.sqlite.prepare("update resolutions set release = 'internal' where agenda_item = '1'").run();
      expect(found()).toBe(1);
      connection.sqlite.prepare('update meetings set year = 2019').run();
      expect(found({ ...NO_FILTERS, yearFrom: 2018 })).toBe(1);
      // a logged-in viewer sees the internal one
      const land: Viewer = { userId: 1, role: 'land', land: 'HE', conferenceIds: [] };
      expect(searchResolutions(connection.db, land, parseQuery('Lärmschutz'), { ...NO_FILTERS, yearFrom: 2018 }).total).toBe(2);
    } finally {
      connection.close();
    }
  });

  it('reads each candidate from the attributes alone, found by its key after the MATCH', () => {
    const connection = freshDatabase();
    try {
      const q = queries(connection.db, PUBLIC_VIEWER);
      const params = { ...visibilityParams(PUBLIC_VIEWER), ...NO_FILTERS, asOf: null, cap: 1_000, match: 'kita', lo: 0, hi: 1_000_000 };
      for (const statement of [q.unrankedCandidates, q.textCandidates, q.internalIds, q.titleCandidates]) {
        const steps = queryPlan(connection, statement, params);
        expect(steps[0]).toMatch(/^SCAN search_\w+ VIRTUAL TABLE/);
        expect(steps).toContain('SEARCH sa USING INTEGER PRIMARY KEY (rowid=?)');
        expect(steps.join(' / ')).not.toMatch(/SEARCH (r|m|sf) /);
      }
      const byIds = queryPlan(connection, q.candidatesOf, { ...params, ids: '[1,2]' });
      expect(byIds).toContain('SEARCH sa USING INTEGER PRIMARY KEY (rowid=?)');
      expect(byIds.join(' / ')).not.toMatch(/SEARCH (r|m|sf) /);
    } finally {
      connection.close();
    }
  });
});

describe('migration 0038', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('fills the attributes of an existing database, facets where the index has them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bm-search-attributes-'));
    dirs.push(dir);
    // the migrations up to 0037
    const migrations = path.join(dir, 'migrations');
    cpSync(MIGRATIONS_DIR, migrations, { recursive: true });
    const journalFile = path.join(migrations, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    journal.entries = journal.entries.filter((entry) => entry.tag < '0038');
    writeFileSync(journalFile, JSON.stringify(journal));
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(drizzle({ client: old }), { migrationsFolder: migrations });
    old.exec(`
      insert into conferences (id, slug, short_name, name) values (1, 'intmk', 'IntMK', 'Integrationsministerkonferenz'), (2, 'umk', 'UMK', 'Umweltministerkonferenz');
      insert into meetings (id, conference_id, number, year, start_date, url_key) values (1, 1, 13, 2017, '2017-03-16', '13'), (2, 2, 90, 2018, null, '90');
      insert into resolutions (id, meeting_id, agenda_item, sort_key, title, outcome, voting, release, released_on) values
        (1, 1, '1', '0001', 'Eins', 'adopted', 'unanimous', 'public', '2017-04-01'),
        (2, 2, '2', '0002', 'Zwei', 'rejected', 'majority', 'draft', null);
      delete from search_pending;
      insert into search_facets (resolution_id, sponsors, statuses, public_statuses, addressees, public_addressees) values (1, ',BY,', ',open,', ',open,', ',bund,', ',bund,');
    `);
    old.close();
    const connection = openDatabase(file, MIGRATIONS_DIR);
    try {
      expect(maintained(connection.sqlite)).toEqual([
        [1, 'public', 1, 2017, '2017-03-16', '0001', '2017-04-01', 'adopted', 'Eins', ',BY,', ',open,', ',open,', ',bund,', ',bund,'],
        [2, 'draft', 2, 2018, null, '0002', null, 'rejected', 'Zwei', null, null, null, null, null],
      ]);
      expect(maintained(connection.sqlite)).toEqual(recomputed(connection.sqlite));
    } finally {
      connection.close();
    }
  });
});
