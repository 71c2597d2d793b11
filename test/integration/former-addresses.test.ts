/**
 * Addresses cited before a correction keep leading to what they named: a meeting whose number the
 * secretariat corrected (every address under it), and a Ziffer of a TOP whose Ziffern were
 * renumbered. Only pages and files are led on (302: the old number may be given again), never the
 * API; and only where the reader may see what it leads to.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { importSeed, loginSecretariat, seedDocument, TEST_ACTOR, useTestApp } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';
import { formFields, post } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
let cookies: Record<string, string>;

useTestApp((built) => ({ app, connection } = built));
beforeEach(async () => {
  cookies = await loginSecretariat({ app, connection });
});

function meetingId(urlKey: string): number {
  return connection.sqlite.prepare('select id from meetings where url_key = ?').pluck().get(urlKey) as number;
}

/** Saves the meeting's form with another number, as the secretariat does. */
async function renumberMeeting(id: number, number: string) {
  const page = await app.inject({ url: `/verwaltung/sitzungen/${id}`, cookies });
  const fields = formFields(page.body, 'id="sitzungsdaten"');
  const response = await post(app, `/verwaltung/sitzungen/${id}`, cookies, { ...fields, number });
  expect(response.statusCode).toBe(303);
}

async function location(url: string, jar: Record<string, string> = {}) {
  const response = await app.inject({ url, cookies: jar });
  return [response.statusCode, response.headers.location ?? null];
}

describe('a meeting whose number was corrected', () => {
  it('explains on its form what its number is for', async () => {
    importSeed(connection);
    const page = (await app.inject({ url: `/verwaltung/sitzungen/${meetingId('12')}`, cookies })).body;
    expect(page).toContain('<input id="number" name="number" value="12" inputmode="numeric" aria-describedby="adresse-hinweis">');
    expect(page).toContain('<p class="hint" id="adresse-hinweis">Die Ordnungszahl (ohne sie der erste Tag) bildet die Adresse der Sitzung und ihrer Beschlüsse');
  });

  it('is found at the addresses cited before, each under its new number, as long as no other meeting has the old one', async () => {
    importSeed(connection);
    // the page was read (and cached) under its old address
    expect((await app.inject('/intmk/12/top/2.12')).statusCode).toBe(200);
    const id = meetingId('12');
    const changedAt = () => connection.sqlite.prepare('select updated_at from resolutions where meeting_id = ?').pluck().get(id) as string;
    const before = changedAt();
    await renumberMeeting(id, '13');
    // its TOPs' addresses changed with it: they count as changed (OParl's and the API's modified_since)
    expect(changedAt() > before).toBe(true);
    expect(connection.sqlite.prepare('select action from audit_log where entity_type = ? order by id desc limit 1').pluck().get('meeting')).toBe('meeting.update');
    for (const [old, now] of [
      ['/intmk/12', '/intmk/13'],
      ['/intmk/12?stand=2018-01-01', '/intmk/13?stand=2018-01-01'],
      ['/intmk/12/top/2.12', '/intmk/13/top/2.12'],
      ['/intmk/12/top/2.12?stand=2018-01-01', '/intmk/13/top/2.12?stand=2018-01-01'],
      ['/intmk/12/top/2.12/fassungen/1', '/intmk/13/top/2.12/fassungen/1'],
      ['/intmk/12/top/2.12/ziffer/2', '/intmk/13/top/2.12/ziffer/2'],
      ['/intmk/12/top/2.12/zitat.bib', '/intmk/13/top/2.12/zitat.bib'],
      ['/intmk/12/umsetzungsbericht', '/intmk/13/umsetzungsbericht'],
    ] as const) {
      expect([old, ...(await location(old))]).toEqual([old, 302, now]);
    }
    const page = await app.inject('/intmk/13/top/2.12');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('13. IntMK 2017');
    // the API's addresses are its contract: not led elsewhere
    expect((await app.inject('/api/v1/resolutions/intmk/12/2.12')).statusCode).toBe(404);
    expect((await app.inject('/oparl/v1/meeting/intmk/12')).statusCode).toBe(404);
    // a number no meeting ever had stays unknown
    expect((await app.inject('/intmk/99')).statusCode).toBe(404);

    // back to 12: the address is its own again, and 13 leads to it
    await renumberMeeting(id, '12');
    expect((await app.inject('/intmk/12/top/2.12')).statusCode).toBe(200);
    expect(await location('/intmk/13/top/2.12')).toEqual([302, '/intmk/12/top/2.12']);
    expect(connection.sqlite.prepare('select url_key from meeting_former_keys where meeting_id = ?').pluck().all(id)).toEqual(['13']);

    // once another meeting has the number, the address is that meeting's
    await renumberMeeting(id, '14');
    const other = importDocument(connection.db, TEST_ACTOR, { ...seedDocument(), resolutions: seedDocument().resolutions.map((r) => ({ ...r, meeting: { ...r.meeting, number: 12, startDate: '2017-11-09', endDate: '2017-11-10' } })) }, { source: 'Test', release: 'public', releasedOn: '2017-12-01' });
    expect(other.items).toHaveLength(1);
    expect(meetingId('12')).not.toBe(id);
    const taken = await app.inject('/intmk/12');
    expect(taken.statusCode).toBe(200);
    expect(await location('/intmk/13')).toEqual([302, '/intmk/14']);
  });

  it('a meeting the reader may not see leads nowhere: its former address is as unknown as any', async () => {
    importSeed(connection, 'draft');
    await renumberMeeting(meetingId('12'), '13');
    expect(await location('/intmk/12/top/2.12')).toEqual([404, null]);
    // the secretariat, who sees its drafts, is led on
    expect(await location('/intmk/12/top/2.12', cookies)).toEqual([302, '/intmk/13/top/2.12']);
  });
});

describe('a Ziffer of a TOP whose Ziffern were renumbered', () => {
  it('is found at the address cited before, under its number today', async () => {
    const id = importSeed(connection).items[0]!.id;
    const form = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const numbered = Object.keys(form).filter((name) => /^demand_\d+_number$/.test(name) && form[name] !== '');
    expect(numbered.length).toBeGreaterThan(1);
    // every Ziffer one up: 1 → 2, 2 → 3 …
    const shifted = Object.fromEntries(numbered.map((name) => [name, String(Number(form[name]) + 1)]));
    expect((await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...form, ...shifted })).statusCode).toBe(303);

    expect(await location('/intmk/12/top/2.12/ziffer/1')).toEqual([302, '/intmk/12/top/2.12/ziffer/2']);
    expect(await location('/intmk/12/top/2.12/ziffer/1?stand=2018-01-01')).toEqual([302, '/intmk/12/top/2.12/ziffer/2?stand=2018-01-01']);
    // the number a Ziffer has today is that Ziffer's
    expect(await location('/intmk/12/top/2.12/ziffer/2')).toEqual([302, '/intmk/12/top/2.12#ziffer-2']);
    // a number no Ziffer ever had stays unknown
    expect((await location('/intmk/12/top/2.12/ziffer/99'))[0]).toBe(404);
  });

  it('whose text was changed as well, or that was removed, is not guessed at', async () => {
    const id = importSeed(connection).items[0]!.id;
    const form = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    expect(form.demand_0_number).toBe('1');
    const changed = { demand_0_number: '7', demand_0_text: `${String(form.demand_0_text)} (geändert)` };
    expect((await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...form, ...changed })).statusCode).toBe(303);
    expect((await location('/intmk/12/top/2.12/ziffer/1'))[0]).toBe(404);
  });
});
