/** Test data for the search tests: a small archive with known words, sponsors and states. */
import type { Connection } from '../../db/connection.js';
import type { ImportDocument } from '../../src/domain/import-format.js';
import type { LandCode } from '../../src/domain/laender.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { importDocument } from '../../src/services/import.js';
import { importSeed, TEST_ACTOR, useTestApp, type TestApp } from '../helpers.js';
import type { Viewer } from '../../src/services/visibility.js';
import type { Addressee, Outcome, ReleaseState } from '../../src/domain/vocabulary.js';

/** A logged-in Land official (Hessen) of no conference: sees public and internal resolutions. */
export const LAND_VIEWER: Viewer = { userId: 1, role: 'land', land: 'HE', conferenceIds: [] };

export interface Spec {
  conference: string;
  number: number;
  year: number;
  agendaItem: string;
  title: string;
  sponsors: LandCode[];
  outcome?: Outcome;
  demands: { text: string; addressees?: Addressee[] }[];
  statements?: { laender: LandCode[]; text: string }[];
}

export function documentOf(spec: Spec): ImportDocument {
  return {
    warnings: [],
    resolutions: [
      {
        conference: spec.conference,
        meeting: {
          number: spec.number,
          year: spec.year,
          startDate: `${spec.year}-06-01`,
          endDate: `${spec.year}-06-02`,
          place: 'Berlin',
        },
        agendaItem: spec.agendaItem,
        title: spec.title,
        sponsors: spec.sponsors,
        decision: { outcome: spec.outcome ?? 'adopted', voting: 'unanimous', formula: 'Die Konferenz hat beschlossen:' },
        demands: spec.demands.map((d, i) => ({ number: String(i + 1), text: d.text, addressees: d.addressees ?? [] })),
        protocolStatements: spec.statements ?? [],
      },
    ],
  };
}

export function store(connection: Connection, spec: Spec, release: ReleaseState = 'public', releasedOn?: string): number {
  return importDocument(connection.db, TEST_ACTOR, documentOf(spec), {
    source: 'Test',
    synthetic: true,
    release,
    releasedOn: release === 'public' ? (releasedOn ?? `${spec.year}-07-01`) : null,
  }).items[0]!.id;
}

export interface Archive {
  seed: number;
  foerderung: number;
  forderung: number;
  pflege: number;
  draft: number;
  internal: number;
  withFollowUps: number;
}

/** IntMK 2018 TOP 1: a rejected resolution with "Forderung" in its Ziffer and a protocol statement. */
export const FORDERUNG: Spec = {
  conference: 'IntMK',
  number: 13,
  year: 2018,
  agendaItem: '1',
  title: 'Kita-Plätze für geflüchtete Kinder',
  sponsors: ['NW'],
  outcome: 'rejected',
  demands: [{ text: 'Die Forderung der Länder nach mehr Kita-Plätzen bleibt bestehen.', addressees: ['laender'] }],
  statements: [{ laender: ['BY'], text: 'Bayern verweist auf die eigene Landesplanung.' }],
};

/** A fresh app for each test of the calling file, its database holding the archive of buildArchive. */
export function useArchiveApp(take: (built: TestApp & { archive: Archive }) => void): void {
  useTestApp((built) => take({ ...built, archive: buildArchive(built.connection) }));
}

/** The seed TOP 2.12 plus resolutions with known words; a draft and an internal one. */
export function buildArchive(connection: Connection): Archive {
  const seed = importSeed(connection).items[0]!.id;
  const foerderung = store(connection, {
    conference: 'IntMK',
    number: 12,
    year: 2017,
    agendaItem: '3.1',
    title: 'Sprachkurse für Zugewanderte',
    sponsors: ['BY', 'BW'],
    demands: [
      { text: 'Der Bund wird gebeten, die Förderung der Sprachkurse zu verstetigen.', addressees: ['bund'] },
      { text: 'Die Kurse sollen an der Hauptstraße jeder Kommune angeboten werden.', addressees: ['kommunen'] },
    ],
  });
  const forderung = store(connection, FORDERUNG);
  const pflege = store(connection, {
    conference: 'GMK',
    number: 92,
    year: 2019,
    agendaItem: '5.2',
    title: 'Pflegekräfte aus dem Ausland',
    sponsors: ['BE', 'HH', 'NW'],
    outcome: 'noted',
    demands: [
      { text: 'Die Migrationsberatungsstellen sollen Pflegekräfte unterstützen; der Bund wird um Mittel gebeten.', addressees: ['bund', 'eu'] },
    ],
  });
  const draft = store(
    connection,
    {
      conference: 'IntMK',
      number: 14,
      year: 2019,
      agendaItem: '1',
      title: 'Migrationsberatung Entwurfsgeheimnis',
      sponsors: ['SN'],
      demands: [{ text: 'Der Bund soll das Entwurfsgeheimnis der Migrationsberatung wahren.', addressees: ['bund'] }],
    },
    'draft',
  );
  const internal = store(
    connection,
    {
      conference: 'IntMK',
      number: 12,
      year: 2017,
      agendaItem: '9.9',
      title: 'Migrationsberatung Internwort',
      sponsors: ['SN'],
      demands: [{ text: 'Der Bund prüft das Internwort zur Migrationsberatung.', addressees: ['bund'] }],
    },
    'internal',
  );
  const withFollowUps = store(connection, {
    conference: 'GMK',
    number: 92,
    year: 2019,
    agendaItem: '7',
    title: 'Krankenhausfinanzierung',
    sponsors: ['HE'],
    demands: [{ text: 'Der Bund wird gebeten, die Investitionskosten mitzutragen.', addressees: ['bund'] }],
  });
  recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId: withFollowUps,
    demandId: null,
    date: '2020-03-01',
    actor: 'BMG',
    kind: 'response',
    summary: 'Der Bund stellt Haushaltsmittel für Investitionen bereit.',
    link: null,
    resultingStatus: 'implemented',
    visibility: 'public',
  });
  recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId: withFollowUps,
    demandId: null,
    date: '2020-04-01',
    actor: 'BMG',
    kind: 'note',
    summary: 'Vertraulichkeitsvermerk: Abstimmung mit dem Finanzministerium läuft.',
    link: null,
    resultingStatus: 'partial',
    visibility: 'internal',
  });
  return { seed, foerderung, forderung, pflege, draft, internal, withFollowUps };
}
