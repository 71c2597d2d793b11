/**
 * A rejected, noted, deferred or withdrawn resolution has no open Ziffern: the pages say why and
 * leave its Ziffern out of every count (domain/tracking.ts tracksDemands).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, seedDocument, TEST_ACTOR } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';
import { meetingPage } from '../../src/services/archive.js';
import { conferenceStatistics } from '../../src/services/statistics.js';
import { PUBLIC_VIEWER } from '../../src/services/visibility.js';

let app: FastifyInstance;
let connection: Connection;

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  const seed = seedDocument().resolutions[0]!;
  importDocument(
    connection.db,
    TEST_ACTOR,
    {
      warnings: [],
      resolutions: [
        seed,
        { ...seed, agendaItem: '2.13', title: 'Ein abgelehnter Antrag', decision: { ...seed.decision, outcome: 'rejected', formula: 'Die IntMK hat den Antrag abgelehnt.' } },
        { ...seed, agendaItem: '2.14', title: 'Ein vertagter Antrag', decision: { ...seed.decision, outcome: 'deferred', formula: 'Vertagt.' } },
      ],
    },
    { source: 'Test', release: 'public', releasedOn: '2017-04-01' },
  );
});
afterEach(async () => {
  await app.close();
});

describe('resolutions whose Ziffern are not tracked', () => {
  it('say why on their page and show no Ziffer as open', async () => {
    const page = await app.inject('/intmk/12/top/2.13');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Der Antrag wurde abgelehnt. Nur die Ziffern angenommener Beschlüsse werden in ihrer Umsetzung verfolgt');
    expect(page.body).toContain('nicht verfolgt');
    expect(page.body).not.toContain('status-open');
    const adopted = await app.inject('/intmk/12/top/2.12');
    expect(adopted.body).not.toContain('Nur die Ziffern angenommener Beschlüsse');
    expect(adopted.body).toContain('status-open');
  });

  it('are left out of the meeting totals and the statistics', async () => {
    const meeting = meetingPage(connection.db, PUBLIC_VIEWER, 'intmk', '12', null)!;
    expect(meeting.totals.open).toBe(5);
    expect(meeting.resolutions.map((r) => [r.agendaItem, r.tracked, r.statusCounts.open])).toEqual([
      ['2.12', true, 5],
      ['2.13', false, 0],
      ['2.14', false, 0],
    ]);
    const html = (await app.inject('/intmk/12')).body;
    expect(html).toContain('abgelehnt: Ziffern werden nicht verfolgt');
    expect(html).toContain('vertagt: Ziffern werden nicht verfolgt');
    const stats = conferenceStatistics(connection.db, PUBLIC_VIEWER, 'intmk', { fromYear: null, toYear: null, asOf: null })!;
    expect(stats.total).toBe(5);
    const report = await app.inject('/intmk/12/umsetzungsbericht');
    expect(report.body).toContain('Der Antrag wurde vertagt.');
  });
});
