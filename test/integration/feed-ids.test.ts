/**
 * The ids of Atom entries stay for the life of what they stand for: a corrected meeting number, TOP
 * number or Ziffer number moves the entry's link to the new address, never its id (a feed reader
 * would show the entry again as new). Every feed: new resolutions (all, one conference), a search,
 * status changes, and the personal feed of the watch list.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { conferenceIdOf, importSeed, loginAs, seedDocument, TEST_ACTOR, useTestApp } from '../helpers.js';
import { formFields, post } from './forms.js';
import { createUser } from '../../src/services/users.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { createFeedToken, setWatch } from '../../src/services/watches.js';
import { importDocument } from '../../src/services/import.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built));

const PASSWORD = 'ein langes sicheres Passwort';

/** The entries of an Atom feed: id and link of each, in order. */
async function entries(url: string): Promise<{ id: string; link: string }[]> {
  const response = await app.inject(url);
  expect(response.statusCode, url).toBe(200);
  return [...response.body.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => ({
    id: /<id>([^<]+)<\/id>/.exec(m[1]!)![1]!,
    link: /<link href="([^"]+)"/.exec(m[1]!)![1]!.replaceAll('&amp;', '&'),
  }));
}

describe('Atom entry ids', () => {
  it('stay when the meeting, the TOP and the Ziffern are renumbered, while the links follow the new addresses', async () => {
    const resolutionId = importSeed(connection).items[0]!.id;
    const demand2 = connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '2'").pluck().get(resolutionId) as number;
    await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
    const land = (await createUser(connection.db, TEST_ACTOR, { email: 'be@land.example', name: 'Referent Berlin', role: 'land', land: 'BE', password: PASSWORD })).user.id;
    setWatch(connection.db, TEST_ACTOR, { userId: land, role: 'land', land: 'BE', conferenceIds: [] }, resolutionId, true);
    connection.sqlite.prepare('update watches set created_at = ? where user_id = ?').run(new Date(Date.now() - 86_400_000).toISOString(), land);
    const followUp = recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId, demandId: demand2, date: '2018-02-01', actor: 'BMI', kind: 'response', summary: 'Der Bund prüft.', link: null, resultingStatus: 'in_progress', visibility: 'public',
    });
    const personal = `/merkliste/feed/${createFeedToken(connection.db, TEST_ACTOR, land)}`;
    const feeds = ['/feeds/beschluesse.atom', '/intmk/feed.atom', '/suche/feed.atom?q=Migrationsberatung', '/intmk/status.atom', personal];
    const before = await Promise.all(feeds.map(entries));
    const created = connection.sqlite.prepare('select created_at from resolutions where id = ?').pluck().get(resolutionId) as string;
    const resolutionEntry = `tag:beschlussmonitor,2026:beschluss-${resolutionId}@${created}`;
    expect(before.map((list) => list.map((entry) => entry.id))).toEqual([
      [resolutionEntry], [resolutionEntry], [resolutionEntry],
      [`tag:beschlussmonitor,2026:folgemassnahme-${followUp}`],
      [expect.stringMatching(new RegExp(`^tag:beschlussmonitor,2026:merkliste-folgemassnahme-${followUp}@\\d{4}-\\d{2}-\\d{2}T`))],
    ]);
    expect(before[0]![0]!.link).toBe('http://localhost:3000/intmk/12/top/2.12');

    // the secretariat corrects the meeting's number, the TOP's number and the Ziffern's numbers (each one up)
    const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
    const meetingId = connection.sqlite.prepare('select meeting_id from resolutions where id = ?').pluck().get(resolutionId) as number;
    const meetingForm = formFields((await app.inject({ url: `/verwaltung/sitzungen/${meetingId}`, cookies })).body, 'id="sitzungsdaten"');
    expect((await post(app, `/verwaltung/sitzungen/${meetingId}`, cookies, { ...meetingForm, number: '13' })).statusCode).toBe(303);
    const form = formFields((await app.inject({ url: `/verwaltung/beschluesse/${resolutionId}`, cookies })).body);
    const shifted = Object.fromEntries(Object.keys(form).filter((name) => /^demand_\d+_number$/.test(name) && form[name] !== '').map((name) => [name, String(Number(form[name]) + 1)]));
    expect((await post(app, `/verwaltung/beschluesse/${resolutionId}`, cookies, { ...form, ...shifted, agendaItem: '2.13' })).statusCode).toBe(303);

    const after = await Promise.all(feeds.map(entries));
    expect(after.map((list) => list.map((entry) => entry.id))).toEqual(before.map((list) => list.map((entry) => entry.id)));
    expect(after[0]![0]!.link).toBe('http://localhost:3000/intmk/13/top/2.13');
    expect(after[3]![0]!.link).toBe('http://localhost:3000/intmk/13/top/2.13#ziffer-3');
    expect(after[4]![0]!.link).toBe('http://localhost:3000/intmk/13/top/2.13#ziffer-3');
  });

  it('differ for every resolution and every follow-up, also follow-ups recorded in the same millisecond on the same Ziffer', async () => {
    const first = importSeed(connection).items[0]!.id;
    const other = importDocument(connection.db, TEST_ACTOR, { ...seedDocument(), resolutions: seedDocument().resolutions.map((r) => ({ ...r, agendaItem: '2.14' })) }, { source: 'Test', release: 'public', releasedOn: '2017-04-02' }).items[0]!.id;
    const released = await entries('/feeds/beschluesse.atom');
    expect(released.map((entry) => entry.id.replace(/@.*/, ''))).toEqual([`tag:beschlussmonitor,2026:beschluss-${other}`, `tag:beschlussmonitor,2026:beschluss-${first}`]);

    const land = (await createUser(connection.db, TEST_ACTOR, { email: 'be@land.example', name: 'Referent Berlin', role: 'land', land: 'BE', password: PASSWORD })).user.id;
    setWatch(connection.db, TEST_ACTOR, { userId: land, role: 'land', land: 'BE', conferenceIds: [] }, first, true);
    connection.sqlite.prepare('update watches set created_at = ? where user_id = ?').run(new Date(Date.now() - 2 * 86_400_000).toISOString(), land);
    const ids = ['erste', 'zweite'].map((summary) =>
      recordFollowUp(connection.db, TEST_ACTOR, { resolutionId: first, demandId: null, date: '2019-07-01', actor: 'BMI', kind: 'response', summary, link: null, resultingStatus: null, visibility: 'public' }));
    const recorded = new Date(Date.now() - 86_400_000).toISOString();
    connection.sqlite.prepare(`update follow_ups set created_at = ? where id in (${ids.join(',')})`).run(recorded);
    const personal = await entries(`/merkliste/feed/${createFeedToken(connection.db, TEST_ACTOR, land)}`);
    expect(personal.map((entry) => entry.id).sort()).toEqual(ids.map((id) => `tag:beschlussmonitor,2026:merkliste-folgemassnahme-${id}@${recorded}`).sort());
  });
});
