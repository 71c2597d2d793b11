/**
 * The versions service without HTTP: which wording a TOP shows on a day (`wordingAsOf`, read by the
 * page, its Word and PDF files and the API), how a version's Ziffern split into those a viewer
 * may see and those withheld (`shownAndWithheldDemands`), and how two versions compare without the
 * Ziffern withheld in either (`compareVersions`).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { freshDatabase, importSeed } from '../helpers.js';
import { compareVersions, listVersions, shownAndWithheldDemands, versionFields, wordingAsOf, type VersionView } from '../../src/services/versions.js';
import { PUBLIC_VIEWER, type Viewer } from '../../src/services/visibility.js';

let connection: Connection;
beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => {
  connection.sqlite.close();
});

const LAND: Viewer = { userId: 1, role: 'land', land: 'BY', conferenceIds: [] };

/** A public resolution with a second version (made 2019-03-04) that corrected its title. */
function correctedTitle(): number {
  const id = importSeed(connection).items[0]!.id;
  connection.sqlite.prepare("update resolution_versions set at = '2017-05-02T08:00:00.000Z' where resolution_id = ? and number = 1").run(id);
  connection.sqlite
    .prepare(
      `insert into resolution_versions (resolution_id, number, at, valid_from, user_id, actor, action, release, released_on, content)
       select resolution_id, 2, '2019-03-04T08:00:00.000Z', '2019-03-04', user_id, actor, 'edit', release, released_on, json_set(content, '$.title', 'Berichtigter Titel')
       from resolution_versions where resolution_id = ? and number = 1`,
    )
    .run(id);
  return id;
}

describe('wordingAsOf (services/versions.ts)', () => {
  it('names the version shown and, as of a day before a change of wording, the one shown then', () => {
    const id = correctedTitle();
    // as the archive's page data names them (services/archive.ts resolutionPage)
    const versions = listVersions(connection.db, PUBLIC_VIEWER, id).map(({ number, at, validFrom, correction }) => ({ number, at, validFrom, correction }));
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    const latest = { number: 2, at: '2019-03-04T08:00:00.000Z', validFrom: { day: '2019-03-04', yearOnly: false }, correction: false };
    expect(wordingAsOf(connection.db, PUBLIC_VIEWER, id, versions, null)).toEqual({ shown: latest, then: null, beforeArchive: false });
    // the first version, recorded on 2 May 2017, holds the wording as adopted: valid from the meeting (16 March 2017)
    const first = { number: 1, at: '2017-05-02T08:00:00.000Z', validFrom: { day: '2017-03-16', yearOnly: false }, correction: false };
    expect(wordingAsOf(connection.db, PUBLIC_VIEWER, id, versions, '2018-01-01')).toEqual({ shown: latest, then: first, beforeArchive: false });
    expect(wordingAsOf(connection.db, PUBLIC_VIEWER, id, versions, '2017-03-16')).toEqual({ shown: latest, then: first, beforeArchive: false });
    expect(wordingAsOf(connection.db, PUBLIC_VIEWER, id, versions, '2017-03-15').beforeArchive).toBe(true);
    expect(wordingAsOf(connection.db, PUBLIC_VIEWER, id, versions, '2016-01-01').beforeArchive).toBe(true);
    expect(wordingAsOf(connection.db, PUBLIC_VIEWER, id, versions, '2019-03-04').then).toBeNull();
    // a resolution stored before versions were kept: no version to name
    expect(wordingAsOf(connection.db, PUBLIC_VIEWER, id, [], '2018-01-01')).toEqual({ shown: null, then: null, beforeArchive: false });
  });
});

describe('shownAndWithheldDemands (services/versions.ts)', () => {
  const demand = (number: string | null, text: string, internal?: boolean) => ({ number, text, addressees: [], dueDate: null, ...(internal ? { internal } : {}) });
  const list = [demand('1', 'Alter Text'), demand('2', 'Geheim', true), demand('3', 'Öffentlich')];
  const publicNow = JSON.stringify(['Neuer Text', 'Öffentlich']);

  it('while a Ziffer is internal: the public sees the Ziffern whose text is public now, and the numbers of the others', () => {
    expect(shownAndWithheldDemands(PUBLIC_VIEWER, list, true, publicNow)).toEqual({ shown: [list[2]], withheld: ['1', '2'], withheldAt: [0, 1] });
  });

  it('without an internal Ziffer the public sees every Ziffer of the version; logged in, nothing is withheld', () => {
    expect(shownAndWithheldDemands(PUBLIC_VIEWER, list.filter((d) => !d.internal), false, publicNow)).toEqual({ shown: [list[0], list[2]], withheld: [], withheldAt: [] });
    expect(shownAndWithheldDemands(LAND, list, true, publicNow)).toEqual({ shown: list, withheld: [], withheldAt: [] });
  });
});

describe('compareVersions (services/versions.ts)', () => {
  const demand = (number: string | null, text: string) => ({ number, text, addressees: [], dueDate: null });
  const version = (
    demands: ReturnType<typeof demand>[],
    withheldDemands: (string | null)[],
    protocolStatements: { laender: string[]; text: string }[] = [],
    withheldStatements = 0,
  ): Pick<VersionView, 'content' | 'release' | 'releasedOn' | 'withheldDemands' | 'withheldStatements' | 'withheldAt'> => ({
    content: {
      agendaItem: '2.12', title: 'Titel', outcome: 'adopted', voting: 'unanimous', votesYes: null, votesNo: null, votesAbstain: null,
      formula: 'Die IntMK hat beschlossen:', sponsors: ['BY'], demands, protocolStatements, tallyWithheld: false,
    },
    release: 'public',
    releasedOn: '2017-04-01',
    withheldDemands,
    withheldStatements,
    withheldAt: { demands: [], statements: [] },
  });

  it('a Ziffer withheld in the newer version is not called removed; the others compare as before', () => {
    const result = compareVersions(version([demand('1', 'Alt'), demand('2', 'Zwei')], []), version([demand('2', 'Zwei geändert')], ['1']));
    expect(result.changes.map((c) => [c.key, c.kind])).toEqual([['demand:2', 'changed']]);
    expect(result.withheld).toEqual([{ label: 'Ziffer 1', where: 'to' }]);
  });

  it('while Ziffern without a number are withheld, those (matched by position) are named, not compared', () => {
    const result = compareVersions(version([demand(null, 'Eins')], [null]), version([demand(null, 'Zwei'), demand(null, 'Eins')], []));
    expect(result.changes).toEqual([]);
    expect(result.withheld).toEqual([{ label: 'Beschlusstext', where: 'from' }]);
  });

  it('while a protocol statement is withheld in either version, the statements (matched by position) are not compared', () => {
    const statement = (text: string) => ({ laender: ['BY'], text });
    const result = compareVersions(version([demand('1', 'Eins')], [], [], 1), version([demand('1', 'Eins')], [], [statement('Öffentlich')], 1));
    expect(result.changes).toEqual([]);
    expect(result.statementsWithheld).toBe('both');
    expect(compareVersions(version([], [], [statement('A')]), version([], [], [statement('B')], 1)).statementsWithheld).toBe('to');
    const open = compareVersions(version([], [], [statement('A')]), version([], [], [statement('B')]));
    expect(open.statementsWithheld).toBeNull();
    expect(open.changes.map((c) => [c.key, c.kind])).toEqual([['statement:0', 'changed']]);
  });

  it('for a version\'s page, marks each withheld Ziffer and statement where it stood', () => {
    const v = version([demand('2', 'Zwei'), demand('4', 'Vier')], ['1', '3'], [{ laender: ['BE'], text: 'Offen' }], 1);
    const fields = versionFields(v, { withheldDemands: ['1', '3'], withheldAt: { demands: [0, 2], statements: [0] } });
    expect(fields.filter((f) => f.key.includes('demand') || f.key.startsWith('statement')).map((f) => [f.label, f.text, f.withheld ?? false])).toEqual([
      ['Ziffer 1', 'nicht öffentlich', true],
      ['Ziffer 2', 'Zwei', false],
      ['Ziffer 3', 'nicht öffentlich', true],
      ['Ziffer 4', 'Vier', false],
      ['Protokollerklärung 1', 'nicht öffentlich', true],
      ['Protokollerklärung 2', 'Berlin: Offen', false],
    ]);
  });

  it('nothing withheld: the same as comparing the fields', () => {
    const result = compareVersions(version([demand('1', 'Alt')], []), version([demand('1', 'Neu'), demand('2', 'Dazu')], []));
    expect(result.changes.map((c) => [c.key, c.kind])).toEqual([['demand:1', 'changed'], ['demand:2', 'added']]);
    expect(result.withheld).toEqual([]);
  });
});
