/**
 * The personal feed of a watch list tells what was recorded since each watch began, as the list
 * and the digest do: watching a resolution today does not bring the follow-ups of the last 180
 * days into the feed reader as unread entries.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, importSeed, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { createFeedToken, setWatch } from '../../src/services/watches.js';

let app: FastifyInstance;
let connection: Connection;
let resolutionId: number;
let demand2: number;
let userId: number;

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  resolutionId = importSeed(connection).items[0]!.id;
  demand2 = connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '2'").pluck().get(resolutionId) as number;
  userId = (await createUser(connection.db, TEST_ACTOR, { email: 'be@land.example', name: 'Referent Berlin', role: 'land', land: 'BE', password: 'ein langes sicheres Passwort' })).user.id;
});
afterEach(async () => {
  await app.close();
});

/** A federal response, stored `ago` milliseconds before now (0: now). */
function record(summary: string, demandId: number | null, ago = 0): void {
  const id = recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId, date: '2019-07-01', actor: 'BMI', kind: 'response', summary, link: null, resultingStatus: null, visibility: 'public' });
  if (ago > 0) connection.sqlite.prepare('update follow_ups set created_at = ? where id = ?').run(new Date(Date.now() - ago).toISOString(), id);
}

async function feedSummaries(): Promise<string[]> {
  const feed = await app.inject(`/merkliste/feed/${createFeedToken(connection.db, TEST_ACTOR, userId)}`);
  expect(feed.statusCode).toBe(200);
  return [...feed.body.matchAll(/<entry>[\s\S]*?<summary[^>]*>([\s\S]*?)<\/summary>/g)].map((m) => m[1]!.replace(/<!\[CDATA\[|\]\]>/g, '')).sort();
}

describe('the personal feed', () => {
  it('holds the follow-ups recorded since each watch began, none from before', async () => {
    const viewer = { userId, role: 'land' as const, land: 'BE', conferenceIds: [] };
    // within the feed's window of 180 days, but before anything was watched
    record('vor zehn Tagen', null, 10 * 86_400_000);
    record('vor einer Stunde, zu Ziffer 2', demand2, 3_600_000);
    setWatch(connection.db, TEST_ACTOR, viewer, resolutionId, true);
    record('nach Beginn der Beobachtung', null);
    expect(await feedSummaries()).toEqual(['nach Beginn der Beobachtung']);
    // Ziffer 2 watched as well, later: what its TOP's watch told since the TOP was watched stays in the feed
    setWatch(connection.db, TEST_ACTOR, viewer, resolutionId, true, demand2);
    record('zu Ziffer 2, danach', demand2);
    expect(await feedSummaries()).toEqual(['nach Beginn der Beobachtung', 'zu Ziffer 2, danach']);
    // the feed says what it holds
    const feed = (await app.inject(`/merkliste/feed/${createFeedToken(connection.db, TEST_ACTOR, userId)}`)).body;
    expect(feed).toContain('jeweils seit Beginn der Beobachtung');
  });
});
