/**
 * The maintained list flags of the resolution page (resolution_lists, kept by the triggers of
 * migration 0034) against a full recomputation from the lists themselves, after random series of
 * writes: imports through the service (TOPs with protocol statements and references, replaced on a
 * second import; each import records a version), release changes through the service, and raw
 * writes as any other writer could make them — statements and versions added, removed and moved,
 * references changed, TOPs renamed and moved, meeting numbers and conference short names changed,
 * repeats proposed, confirmed, undone and removed, Ziffern removed and moved, follow-ups and their
 * documents added, removed and moved, TOPs and meetings deleted (cascades). Also: the resolution
 * page shows each list where it has entries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { importDocument } from '../../src/services/import.js';
import { setRelease } from '../../src/services/resolutions.js';
import { RELEASE_STATES } from '../../src/domain/vocabulary.js';
import type { Viewer } from '../../src/services/visibility.js';
import { buildTestApp, freshDatabase, TEST_ACTOR } from '../helpers.js';

type Write =
  | { kind: 'import'; conference: string; meeting: number; agendaItem: string; statements: number; references: string[] }
  | { kind: 'release'; pick: number; release: (typeof RELEASE_STATES)[number] }
  | { kind: 'statement'; pick: number; remove: boolean }
  | { kind: 'moveStatement'; pick: number; to: number }
  | { kind: 'version'; pick: number; remove: boolean }
  | { kind: 'moveVersion'; pick: number; to: number }
  | { kind: 'references'; pick: number; references: string[] }
  | { kind: 'renameTop'; pick: number; agendaItem: string }
  | { kind: 'moveTop'; pick: number; to: number }
  | { kind: 'meetingNumber'; pick: number; number: number | null }
  /** (never the short name of an import: that would make a second conference of the same name) */
  | { kind: 'shortName'; pick: number; shortName: string }
  | { kind: 'repeat'; first: number; second: number; state: 'proposed' | 'confirmed' | 'dismissed' }
  | { kind: 'repeatState'; pick: number; state: 'proposed' | 'confirmed' | 'dismissed' }
  | { kind: 'repeatDelete'; pick: number }
  | { kind: 'demandDelete'; pick: number }
  | { kind: 'demandMove'; pick: number; to: number }
  | { kind: 'followUp'; pick: number; remove: boolean }
  | { kind: 'moveFollowUp'; pick: number; to: number }
  | { kind: 'document'; pick: number; remove: boolean }
  | { kind: 'moveDocument'; pick: number; to: number }
  | { kind: 'deleteResolution'; pick: number }
  | { kind: 'deleteMeeting'; pick: number };

const AGENDA_ITEMS = ['1', '2', '3.1', '3.2'];
/** References to TOPs that exist or may come to exist (also under a changed short name or number), and some that never do. */
const reference = fc.constantFrom('TOP 1 12. IntMK', 'TOP 2 12. IntMK', 'TOP 3.1 13. UMK', 'TOP 2 13. IntMK', 'TOP 1 12. IMK', 'TOP 3.2 14. UMK', 'TOP 9 12. IntMK', 'TOP 1 12.IntMK');
const pick = fc.nat();

const write: fc.Arbitrary<Write> = fc.oneof(
  { weight: 5, arbitrary: fc.record({
    kind: fc.constant('import' as const),
    conference: fc.constantFrom('IntMK', 'UMK'),
    meeting: fc.integer({ min: 12, max: 13 }),
    agendaItem: fc.constantFrom(...AGENDA_ITEMS),
    statements: fc.integer({ min: 0, max: 2 }),
    references: fc.array(reference, { maxLength: 3 }),
  }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), pick, release: fc.constantFrom(...RELEASE_STATES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('statement' as const), pick, remove: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moveStatement' as const), pick, to: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('version' as const), pick, remove: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moveVersion' as const), pick, to: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('references' as const), pick, references: fc.array(reference, { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('renameTop' as const), pick, agendaItem: fc.constantFrom(...AGENDA_ITEMS, '9') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moveTop' as const), pick, to: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('meetingNumber' as const), pick, number: fc.option(fc.integer({ min: 12, max: 14 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('shortName' as const), pick, shortName: fc.constantFrom('IMK', 'GMK') }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('repeat' as const), first: pick, second: pick, state: fc.constantFrom('proposed' as const, 'confirmed' as const, 'dismissed' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('repeatState' as const), pick, state: fc.constantFrom('proposed' as const, 'confirmed' as const, 'dismissed' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('repeatDelete' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('demandDelete' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('demandMove' as const), pick, to: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('followUp' as const), pick, remove: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moveFollowUp' as const), pick, to: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('document' as const), pick, remove: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moveDocument' as const), pick, to: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteResolution' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteMeeting' as const), pick }) },
);

function secretariat(sqlite: Connection['sqlite']): Viewer {
  const conferenceIds = sqlite.prepare('select id from conferences order by id').pluck().all() as number[];
  return { userId: null, role: 'secretariat', land: null, conferenceIds };
}

function apply(connection: Connection, w: Write, step: number): void {
  const { db, sqlite } = connection;
  const ids = (query: string) => sqlite.prepare(query).pluck().all() as number[];
  const choose = (query: string, n: number): number | undefined => {
    const list = ids(query);
    return list.length === 0 ? undefined : list[n % list.length];
  };
  const run = (query: string, ...values: unknown[]) => {
    try {
      sqlite.prepare(query).run(...values);
    } catch (error) {
      // a unique key taken (a TOP renamed onto another, a pair stored twice): nothing is written
      if (!String(error).includes('UNIQUE')) throw error;
    }
  };
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
              title: `Beschluss ${step}`,
              sponsors: ['BE'],
              decision: { outcome: 'adopted', voting: 'unanimous', formula: 'Die Konferenz hat einstimmig beschlossen:' },
              demands: [1, 2].map((n) => ({ number: String(n), text: `Ziffer ${n} aus Schritt ${step}`, addressees: ['bund'] })),
              protocolStatements: Array.from({ length: w.statements }, (_, i) => ({ laender: ['BY'], text: `Erklärung ${i + 1} aus Schritt ${step}` })),
              references: w.references,
            },
          ],
        },
        { source: 'Test', release: 'public', releasedOn: '2018-01-01' },
      );
      return;
    }
    case 'release': {
      const id = choose('select id from resolutions order by id', w.pick);
      if (id === undefined) return;
      const version = sqlite.prepare('select version from resolutions where id = ?').pluck().get(id) as number;
      setRelease(db, TEST_ACTOR, secretariat(sqlite), id, version, w.release, w.release === 'public' ? '2018-02-01' : null);
      return;
    }
    case 'statement': {
      if (w.remove) {
        const id = choose('select id from protocol_statements order by id', w.pick);
        if (id !== undefined) run('delete from protocol_statements where id = ?', id);
        return;
      }
      const resolutionId = choose('select id from resolutions order by id', w.pick);
      if (resolutionId !== undefined) {
        run(`insert into protocol_statements (resolution_id, position, laender, text, created_at, updated_at) values (?, 99, '["HB"]', 'Erklärung', '2019-01-01', '2019-01-01')`, resolutionId);
      }
      return;
    }
    case 'moveStatement': {
      const id = choose('select id from protocol_statements order by id', w.pick);
      const to = choose('select id from resolutions order by id', w.to);
      if (id !== undefined && to !== undefined) run('update protocol_statements set resolution_id = ? where id = ?', to, id);
      return;
    }
    case 'version': {
      if (w.remove) {
        const id = choose('select id from resolution_versions order by id', w.pick);
        if (id !== undefined) run('delete from resolution_versions where id = ?', id);
        return;
      }
      const resolutionId = choose('select id from resolutions order by id', w.pick);
      if (resolutionId !== undefined) {
        run(
          `insert into resolution_versions (resolution_id, number, at, actor, action, release, content)
           values (?, (select coalesce(max(number), 0) + 1 from resolution_versions where resolution_id = ?), '2019-01-01T00:00:00Z', 'test', 'edit', 'public', '{}')`,
          resolutionId,
          resolutionId,
        );
      }
      return;
    }
    case 'moveVersion': {
      const id = choose('select id from resolution_versions order by id', w.pick);
      const to = choose('select id from resolutions order by id', w.to);
      if (id !== undefined && to !== undefined) run('update resolution_versions set resolution_id = ?, number = number + 1000 * ? where id = ?', to, step, id);
      return;
    }
    case 'references': {
      const id = choose('select id from resolutions order by id', w.pick);
      if (id !== undefined) run('update resolutions set "references" = ? where id = ?', JSON.stringify(w.references), id);
      return;
    }
    case 'renameTop': {
      const id = choose('select id from resolutions order by id', w.pick);
      if (id !== undefined) run('update resolutions set agenda_item = ? where id = ?', w.agendaItem, id);
      return;
    }
    case 'moveTop': {
      const id = choose('select id from resolutions order by id', w.pick);
      const to = choose('select id from meetings order by id', w.to);
      if (id !== undefined && to !== undefined) run('update resolutions set meeting_id = ? where id = ?', to, id);
      return;
    }
    case 'meetingNumber': {
      const id = choose('select id from meetings order by id', w.pick);
      if (id !== undefined) run('update meetings set number = ? where id = ?', w.number, id);
      return;
    }
    case 'shortName': {
      const id = choose('select id from conferences order by id', w.pick);
      if (id !== undefined) run('update conferences set short_name = ? where id = ?', w.shortName, id);
      return;
    }
    case 'repeat': {
      const first = choose('select id from demands order by id', w.first);
      const second = choose('select id from demands order by id', w.second);
      if (first === undefined || second === undefined || first === second) return;
      run(
        `insert into demand_repeats (first_demand_id, second_demand_id, similarity, state, found_at) values (?, ?, 0.5, ?, '2019-01-01')`,
        Math.min(first, second),
        Math.max(first, second),
        w.state,
      );
      return;
    }
    case 'repeatState': {
      const id = choose('select id from demand_repeats order by id', w.pick);
      if (id !== undefined) run('update demand_repeats set state = ? where id = ?', w.state, id);
      return;
    }
    case 'repeatDelete': {
      const id = choose('select id from demand_repeats order by id', w.pick);
      if (id !== undefined) run('delete from demand_repeats where id = ?', id);
      return;
    }
    case 'demandDelete': {
      const id = choose('select id from demands order by id', w.pick);
      if (id !== undefined) run('delete from demands where id = ?', id);
      return;
    }
    case 'demandMove': {
      const id = choose('select id from demands order by id', w.pick);
      const to = choose('select id from resolutions order by id', w.to);
      if (id !== undefined && to !== undefined) run('update demands set resolution_id = ?, position = position + 100 * ? where id = ?', to, step, id);
      return;
    }
    case 'followUp': {
      if (w.remove) {
        const id = choose('select id from follow_ups order by id', w.pick);
        if (id !== undefined) run('delete from follow_ups where id = ?', id);
        return;
      }
      const resolutionId = choose('select id from resolutions order by id', w.pick);
      if (resolutionId !== undefined) {
        run(`insert into follow_ups (resolution_id, date, kind, summary, visibility) values (?, '2019-01-01', 'response', 'Antwort', 'public')`, resolutionId);
      }
      return;
    }
    case 'moveFollowUp': {
      const id = choose('select id from follow_ups order by id', w.pick);
      const to = choose('select id from resolutions order by id', w.to);
      if (id !== undefined && to !== undefined) run('update follow_ups set resolution_id = ?, demand_id = null where id = ?', to, id);
      return;
    }
    case 'document': {
      if (w.remove) {
        const id = choose('select id from follow_up_documents order by id', w.pick);
        if (id !== undefined) run('delete from follow_up_documents where id = ?', id);
        return;
      }
      const followUpId = choose('select id from follow_ups order by id', w.pick);
      if (followUpId !== undefined) {
        run(
          `insert into follow_up_documents (follow_up_id, sha256, file_name, type, size, created_at) values (?, 'abc', 'Brief.pdf', 'pdf', 3, '2019-01-01')`,
          followUpId,
        );
      }
      return;
    }
    case 'moveDocument': {
      const id = choose('select id from follow_up_documents order by id', w.pick);
      const to = choose('select id from follow_ups order by id', w.to);
      if (id !== undefined && to !== undefined) run('update follow_up_documents set follow_up_id = ? where id = ?', to, id);
      return;
    }
    case 'deleteResolution': {
      const id = choose('select id from resolutions order by id', w.pick);
      if (id !== undefined) run('delete from resolutions where id = ?', id);
      return;
    }
    case 'deleteMeeting': {
      const id = choose('select id from meetings order by id', w.pick);
      if (id !== undefined) {
        run('delete from resolutions where meeting_id = ?', id);
        run('delete from meetings where id = ?', id);
      }
      return;
    }
  }
}

type Flags = [statements: number, versions: number, referencedBy: number, repeated: number, documents: number];

/** The flags recomputed in JavaScript from the rows themselves: every resolution with at least one set. */
function recomputed(sqlite: Connection['sqlite']): Map<number, Flags> {
  const all = <T>(query: string) => sqlite.prepare(query).all() as T[];
  const resolutions = all<{ id: number; agendaItem: string; number: number | null; shortName: string }>(
    `select r.id, r.agenda_item as agendaItem, m.number, c.short_name as shortName
       from resolutions r join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id`,
  );
  const statements = new Set(all<{ id: number }>('select resolution_id as id from protocol_statements').map((row) => row.id));
  const versions = new Set(all<{ id: number }>('select resolution_id as id from resolution_versions').map((row) => row.id));
  const references = new Set(all<{ reference: string }>('select reference from resolution_references').map((row) => row.reference));
  const resolutionOf = new Map(all<{ id: number; resolutionId: number }>('select id, resolution_id as resolutionId from demands').map((row) => [row.id, row.resolutionId]));
  const repeated = new Set<number>();
  for (const pair of all<{ first: number; second: number }>(`select first_demand_id as first, second_demand_id as second from demand_repeats where state = 'confirmed'`)) {
    for (const demand of [pair.first, pair.second]) {
      const resolution = resolutionOf.get(demand);
      if (resolution !== undefined) repeated.add(resolution);
    }
  }
  const documents = new Set(
    all<{ id: number }>('select f.resolution_id as id from follow_up_documents fd join follow_ups f on f.id = fd.follow_up_id').map((row) => row.id),
  );
  const flags = new Map<number, Flags>();
  for (const r of resolutions) {
    const text = r.number === null ? null : `TOP ${r.agendaItem} ${r.number}. ${r.shortName}`;
    const row: Flags = [
      Number(statements.has(r.id)),
      Number(versions.has(r.id)),
      Number(text !== null && references.has(text)),
      Number(repeated.has(r.id)),
      Number(documents.has(r.id)),
    ];
    if (row.some((flag) => flag === 1)) flags.set(r.id, row);
  }
  return flags;
}

/** The maintained flags: every resolution with at least one set (rows with none set are the same as no row). */
function maintained(sqlite: Connection['sqlite']): Map<number, Flags> {
  const rows = sqlite
    .prepare(
      'select resolution_id, statements, versions, referenced_by, repeated, documents from resolution_lists where statements or versions or referenced_by or repeated or documents',
    )
    .raw()
    .all() as [number, ...Flags][];
  return new Map(rows.map(([id, ...flags]) => [id, flags]));
}

describe('resolution_lists', () => {
  it('equals a recomputation from the lists after every write of a random series', () => {
    fc.assert(
      fc.property(fc.array(write, { minLength: 5, maxLength: 40 }), (writes) => {
        const connection = freshDatabase();
        try {
          writes.forEach((w, step) => {
            apply(connection, w, step);
            expect(maintained(connection.sqlite), `after step ${step}: ${JSON.stringify(w)}`).toEqual(recomputed(connection.sqlite));
          });
          // no flag for a resolution that is gone
          expect(connection.sqlite.prepare('pragma foreign_key_check').all()).toEqual([]);
        } finally {
          connection.close();
        }
      }),
      { numRuns: 40, seed: 34 },
    );
  });

  it('sets the flags of lists that have entries and only those', () => {
    const connection = freshDatabase();
    try {
      apply(connection, { kind: 'import', conference: 'IntMK', meeting: 12, agendaItem: '1', statements: 0, references: [] }, 0);
      apply(connection, { kind: 'import', conference: 'IntMK', meeting: 12, agendaItem: '2', statements: 1, references: ['TOP 1 12. IntMK'] }, 1);
      const id = (agendaItem: string) => connection.sqlite.prepare('select id from resolutions where agenda_item = ?').pluck().get(agendaItem) as number;
      const flags = maintained(connection.sqlite);
      // every import records a version; TOP 1 is referred to by TOP 2, which has a protocol statement
      expect(flags.get(id('1'))).toEqual([0, 1, 1, 0, 0]);
      expect(flags.get(id('2'))).toEqual([1, 1, 0, 0, 0]);
      const [first, second] = connection.sqlite.prepare('select id from demands order by id').pluck().all() as number[];
      apply(connection, { kind: 'repeat', first: 0, second: 2, state: 'confirmed' }, 2);
      expect(first).toBeDefined();
      expect(second).toBeDefined();
      expect(maintained(connection.sqlite).get(id('1'))![3]).toBe(1);
      expect(maintained(connection.sqlite).get(id('2'))![3]).toBe(1);
      connection.sqlite.prepare("update demand_repeats set state = 'dismissed'").run();
      expect(maintained(connection.sqlite).get(id('2'))).toEqual([1, 1, 0, 0, 0]);
      apply(connection, { kind: 'followUp', pick: 1, remove: false }, 3);
      apply(connection, { kind: 'document', pick: 0, remove: false }, 4);
      expect(maintained(connection.sqlite).get(id('2'))).toEqual([1, 1, 0, 0, 1]);
      connection.sqlite.prepare('delete from follow_ups').run();
      expect(maintained(connection.sqlite).get(id('2'))).toEqual([1, 1, 0, 0, 0]);
    } finally {
      connection.close();
    }
  });
});

describe('the resolution page with the list flags', () => {
  it('shows protocol statements, versions and back-links where there are some', async () => {
    const { app, connection } = await buildTestApp();
    try {
      apply(connection, { kind: 'import', conference: 'IntMK', meeting: 12, agendaItem: '1', statements: 0, references: [] }, 0);
      apply(connection, { kind: 'import', conference: 'IntMK', meeting: 12, agendaItem: '2', statements: 1, references: ['TOP 1 12. IntMK'] }, 1);
      const page = async (agendaItem: string) => (await app.inject({ url: `/intmk/12/top/${agendaItem}` })).body;
      const referred = await page('1');
      expect(referred).toContain('id="fassungen"');
      expect(referred).toContain('<a href="/intmk/12/top/2">');
      expect(referred).not.toContain('id="protokollerklaerungen"');
      const referring = await page('2');
      expect(referring).toContain('id="protokollerklaerungen"');
      expect(referring).toContain('Erklärung 1 aus Schritt 1');
      // a statement removed by any writer: gone from the page too
      connection.sqlite.prepare('delete from protocol_statements').run();
      expect(await page('2')).not.toContain('id="protokollerklaerungen"');
      // the back-link follows a new short name of the conference
      connection.sqlite.prepare("update conferences set short_name = 'IMK'").run();
      expect(await page('1')).not.toContain('/intmk/12/top/2">');
      connection.sqlite.prepare(`update resolutions set "references" = '["TOP 1 12. IMK"]' where agenda_item = '2'`).run();
      expect(await page('1')).toContain('/intmk/12/top/2">');
    } finally {
      await app.close();
      connection.close();
    }
  });
});
