/**
 * The stale flag ("seit über 12 Monaten ohne Reaktion des Bundes") on the demo archive: the demands
 * the rule must flag and those it must not, named one by one, and the same verdict on every
 * surface — the resolution page, the statistics and the Länder dashboard (src/domain/tracking.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Connection } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { buildTestApp } from '../helpers.js';
import { resolutionPage } from '../../src/services/archive.js';
import { conferenceStatistics } from '../../src/services/statistics.js';
import { landDashboard } from '../../src/services/dashboard.js';
import { LAND_CODES } from '../../src/domain/laender.js';
import { demandAnchor } from '../../src/domain/citation.js';
import { PUBLIC_VIEWER, type Viewer } from '../../src/services/visibility.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bm-stale-'));
let app: FastifyInstance;
let connection: Connection;

beforeAll(async () => {
  ({ app, connection } = await buildTestApp({ loadDemo: true, maxEventLoopDelayMs: 0 }, openDatabase(path.join(dir, 'demo.db'), MIGRATIONS_DIR)));
}, 120_000);
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A secretariat working for every conference of the demo archive (so that it sees every draft). */
const SECRETARIAT: Viewer = {
  userId: 1,
  role: 'secretariat',
  land: null,
  get conferenceIds() {
    return connection.sqlite.prepare('select id from conferences').pluck().all() as number[];
  },
};

/** "asmk/94/top/5.1#2" → the demand on the resolution page of that viewer as of a date. */
function demandAt(key: string, asOf: string, viewer: Viewer = PUBLIC_VIEWER) {
  const [, slug, urlKey, agendaItem, number] = /^([^/]+)\/([^/]+)\/top\/([^#]+)#(.+)$/.exec(key)!;
  const page = resolutionPage(connection.db, viewer, slug!, urlKey!, agendaItem!, asOf);
  expect(page, key).not.toBeNull();
  const demand = page!.demands.find((d) => String(d.number) === number);
  expect(demand, key).toBeDefined();
  return { page: page!, demand: demand! };
}

/** Every public resolution key of the demo archive: [slug, urlKey, agendaItem]. */
function resolutionKeys(release: readonly string[]): [string, string, string][] {
  return (
    connection.sqlite
      .prepare(
        `select c.slug, m.url_key, r.agenda_item from resolutions r join meetings m on m.id = r.meeting_id
         join conferences c on c.id = m.conference_id where r.release in (select value from json_each(?))`,
      )
      .raw(true)
      .all(JSON.stringify(release)) as [string, string, string][]
  );
}

describe('stale flag on the demo archive', () => {
  it('flags the demands the rule names', () => {
    const asOf = '2026-06-30';
    const flagged: Record<string, string> = {
      'asmk/94/top/5.1#2': 'to the Bund, no follow-up at all since the meeting in 2017',
      'umk/84/top/10#2': 'to the Bund and the EU, no follow-up at all',
      'asmk/94/top/5.7#2': '"in progress" only by a Land\'s assessment; the Bund never reacted',
      'jfmk/44/top/3.6#4': 'a Land\'s assessment on 2025-09-24 does not reset it; the Bund last reacted on 2025-03-24',
      'gmk/88/top/5.8#2': 'the Bund reacted, but more than 12 months ago',
    };
    for (const [key, why] of Object.entries(flagged)) {
      const { demand } = demandAt(key, asOf);
      expect(demand.stale, `${key}: ${why}`).toBe(true);
    }
    const assessed = demandAt('jfmk/44/top/3.6#4', asOf).demand;
    expect(assessed.lastFederalReaction).toBe('2025-03-24');
    expect(assessed.followUps.some((f) => f.kind === 'assessment' && f.date === '2025-09-24')).toBe(true);
  });

  it('does not flag the demands the rule leaves out', () => {
    const cases: [string, string, string][] = [
      ['asmk/94/top/5.1#1', '2026-06-30', 'declaratory ("stellt fest", "sieht mit Sorge" …)'],
      ['intmk/12/top/2.12#1', '2026-06-30', 'declaratory ("unterstreicht", "begrüßt")'],
      ['asmk/94/top/5.4#4', '2026-06-30', 'addressed to the Länder only'],
      ['asmk/96/top/5.9#3', '2026-06-30', 'addressed to a working group'],
      ['asmk/99/top/5.3#2', '2026-06-30', 'to the Bund, but the resolution was rejected'],
      ['asmk/94/top/5.4#3', '2026-06-30', 'implemented'],
      ['gmk/88/top/5.3#3', '2026-06-30', 'rejected by the Bund'],
      ['intmk/18/top/2.4#2', '2024-06-30', 'open, but the Bund reacted within the last 12 months'],
      ['intmk/18/top/2.1#4', '2024-06-30', 'in progress, the Bund reacted within the last 12 months'],
    ];
    for (const [key, asOf, why] of cases) {
      const { demand } = demandAt(key, asOf);
      expect(demand.stale, `${key}: ${why}`).toBe(false);
    }
    expect(demandAt('asmk/94/top/5.1#1', '2026-06-30').demand.declaratory).toBe(true);
    expect(demandAt('asmk/99/top/5.3#2', '2026-06-30').page.resolution.outcome).toBe('rejected');
  });

  it('shows the same flags on the public page as the service computes', async () => {
    const asOf = '2026-06-30';
    for (const [slug, urlKey, agendaItem] of resolutionKeys(['public']).slice(0, 60)) {
      const page = resolutionPage(connection.db, PUBLIC_VIEWER, slug, urlKey, agendaItem, asOf)!;
      const html = (await app.inject(`/${slug}/${urlKey}/top/${encodeURIComponent(agendaItem)}?stand=${asOf}`)).body;
      const shown = [...html.matchAll(/<li class="demand" id="([^"]+)">[\s\S]*?<\/h3>/g)]
        .filter((m) => m[0].includes('badge-stale'))
        .map((m) => m[1]);
      const expected = page.demands.filter((d) => d.stale).map((d) => demandAnchor(d.number));
      expect(shown, `${slug}/${urlKey}/top/${agendaItem}`).toEqual(expected);
    }
  });

  it('counts in the statistics exactly the demands flagged on the pages, for the public and logged in', () => {
    const asOf = '2026-12-01'; // after the last demo follow-up
    for (const [viewer, releases] of [[PUBLIC_VIEWER, ['public']], [SECRETARIAT, ['public', 'internal', 'draft']]] as const) {
      const perConference = new Map<string, number>();
      for (const [slug, urlKey, agendaItem] of resolutionKeys(releases)) {
        const page = resolutionPage(connection.db, viewer, slug, urlKey, agendaItem, asOf)!;
        perConference.set(slug, (perConference.get(slug) ?? 0) + page.demands.filter((d) => d.stale).length);
      }
      for (const [slug, count] of perConference) {
        const stats = conferenceStatistics(connection.db, viewer, slug, { fromYear: null, toYear: null, asOf })!;
        expect(stats.stale, `${slug} (${viewer.role ?? 'public'})`).toBe(count);
      }
      expect([...perConference.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    }
  });

  it('flags on the Länder dashboard exactly the demands flagged on the pages', () => {
    const today = '2026-12-01'; // after the last demo follow-up: stored statuses equal those as of today
    const flagged = new Map<number, boolean>();
    for (const [slug, urlKey, agendaItem] of resolutionKeys(['public', 'internal', 'draft'])) {
      const page = resolutionPage(connection.db, SECRETARIAT, slug, urlKey, agendaItem, today)!;
      for (const demand of page.demands) flagged.set(demand.id, demand.stale);
    }
    let rows = 0;
    for (const land of LAND_CODES) {
      const dashboard = landDashboard(connection.db, SECRETARIAT, land, { today, pageSize: 10_000 });
      for (const row of dashboard.rows) expect(row.stale, `demand ${row.demandId}`).toBe(flagged.get(row.demandId));
      expect(dashboard.counts.stale).toBe(dashboard.rows.filter((row) => row.stale).length);
      rows += dashboard.rows.length;
    }
    expect(rows).toBeGreaterThan(100);
  });
});
