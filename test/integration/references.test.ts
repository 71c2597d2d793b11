/** Links between resolutions: "Vorgänge: TOP 14 88. UMK" and the back-link "Aufgegriffen in". */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import type { ReleaseState } from '../../src/domain/vocabulary.js';
import { importDocument } from '../../src/services/import.js';
import { parseReference } from '../../src/domain/references.js';
import { TEST_ACTOR, useTestApp } from '../helpers.js';

let app: FastifyInstance;
let connection: Connection;

useTestApp((built) => ({ app, connection } = built));

function umk(number: number, year: number, agendaItem: string, title: string, references: string[], release: ReleaseState) {
  importDocument(
    connection.db,
    TEST_ACTOR,
    {
      warnings: [],
      resolutions: [
        {
          conference: 'UMK',
          meeting: { number, year, startDate: `${year}-05-10`, endDate: `${year}-05-11`, place: 'Bonn' },
          agendaItem,
          title,
          sponsors: ['NW'],
          decision: { outcome: 'adopted', voting: 'unanimous', formula: 'Die UMK hat beschlossen:' },
          demands: [{ number: '1', text: 'Der Bund wird gebeten, zu handeln.', addressees: ['bund'] }],
          protocolStatements: [],
          references,
        },
      ],
    },
    { source: 'Test', synthetic: true, release, releasedOn: release === 'public' ? `${year}-06-01` : null },
  );
}

const body = async (url: string) => (await app.inject(url)).body;

describe('links between resolutions', () => {
  it('reads the references the documents write', () => {
    expect(parseReference('TOP 14 88. UMK')).toEqual({ conference: 'umk', meeting: '88', agendaItem: '14' });
    expect(parseReference('TOP 2.12, 12. IntMK')).toEqual({ conference: 'intmk', meeting: '12', agendaItem: '2.12' });
    expect(parseReference('Beschluss vom Mai')).toBeNull();
  });

  it('links a reference once the TOP is in the archive, and the TOP links back', async () => {
    umk(100, 2023, '13', 'Mikroplastik weiter reduzieren', ['TOP 14 88. UMK', 'TOP 3 50. UMK'], 'public');
    let later = await body('/umk/100/top/13');
    expect(later).toContain('TOP 14 88. UMK');
    expect(later).not.toContain('href="/umk/88/top/14"');
    // The referenced TOP arrives later: the reference becomes a link.
    umk(88, 2017, '14', 'Eintrag von Mikroplastik in die Umwelt', [], 'public');
    later = await body('/umk/100/top/13');
    expect(later).toContain('<a href="/umk/88/top/14">TOP 14 88. UMK</a>');
    expect(later).not.toContain('href="/umk/50/top/3"');
    const earlier = await body('/umk/88/top/14');
    expect(earlier).toContain('Aufgegriffen in');
    expect(earlier).toContain('<a href="/umk/100/top/13">TOP 13 100. UMK 2023</a>');
  });

  it('links only what the viewer may see: no unreleased TOP by link or back-link', async () => {
    umk(100, 2023, '13', 'Mikroplastik weiter reduzieren', ['TOP 14 88. UMK'], 'draft');
    umk(88, 2017, '14', 'Eintrag von Mikroplastik in die Umwelt', [], 'public');
    umk(101, 2024, '2', 'Nachfolgebeschluss', ['TOP 9 88. UMK'], 'public');
    umk(88, 2017, '9', 'Entwurf zu Mikroplastik', [], 'internal');
    const earlier = await body('/umk/88/top/14');
    expect(earlier).not.toContain('Aufgegriffen in');
    expect(earlier).not.toContain('/umk/100/');
    const later = await body('/umk/101/top/2');
    expect(later).toContain('TOP 9 88. UMK');
    expect(later).not.toContain('href="/umk/88/top/9"');
  });
});
