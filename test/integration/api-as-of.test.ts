/**
 * The read API as of a day: `/api/v1/resolutions/{conference}/{meeting}/{agendaItem}?stand=` answers
 * the state of implementation and the follow-ups of that day, as the page with ?stand= shows them,
 * names the day and the address of that state; a bad date is refused with a German 400. As of any
 * day it answers only what the public sees.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { importSeed, seedDocument, TEST_ACTOR, useTestApp } from '../helpers.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { importDocument } from '../../src/services/import.js';

let app: FastifyInstance;
let connection: Connection;

useTestApp((built) => ({ app, connection } = built));

const API = '/api/v1/resolutions/intmk/12/2.12';

interface Answer {
  asOf: string | null;
  url: string;
  demands: { number: string | null; status: string; followUps: { summary: string; date: string }[] }[];
  followUps: { summary: string }[];
  wording: { version: number; asOfVersion: unknown; compare: string | null; versions: string } | null;
}

function seedWithFollowUps() {
  const { items } = importSeed(connection);
  const resolutionId = items[0]!.id;
  const demand2 = connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '2'").pluck().get(resolutionId) as number;
  recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId, demandId: demand2, date: '2019-07-01', actor: 'BMI', kind: 'response',
    summary: 'Teilweise umgesetzt durch Aufstockung', link: null, resultingStatus: 'partial', visibility: 'public',
  });
  recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId, demandId: demand2, date: '2018-03-01', actor: 'GS', kind: 'note',
    summary: 'Interne Notiz der Geschäftsstelle', link: null, resultingStatus: 'rejected', visibility: 'internal',
  });
  return resolutionId;
}

describe('the API as of a day', () => {
  it('answers the state of that day, names the day and cites its address', async () => {
    seedWithFollowUps();
    const now = (await app.inject(API)).json() as Answer;
    expect(now.asOf).toBeNull();
    expect(now.url).toBe('http://localhost:3000/intmk/12/top/2.12');
    expect(now.demands.find((d) => d.number === '2')!.status).toBe('partial');
    expect(now.wording).toMatchObject({ version: 1, asOfVersion: null, compare: null, versions: 'http://localhost:3000/intmk/12/top/2.12/fassungen' });

    for (const stand of ['2019-06-30', '30.06.2019']) {
      const response = await app.inject(`${API}?stand=${stand}`);
      expect(response.statusCode, stand).toBe(200);
      const before = response.json() as Answer;
      expect(before.asOf).toBe('2019-06-30');
      expect(before.url).toBe('http://localhost:3000/intmk/12/top/2.12?stand=2019-06-30');
      const demand = before.demands.find((d) => d.number === '2')!;
      expect(demand.status).toBe('open');
      expect(demand.followUps).toEqual([]);
    }
    const after = (await app.inject(`${API}?stand=2019-07-01`)).json() as Answer;
    expect(after.demands.find((d) => d.number === '2')!.followUps.map((f) => f.summary)).toEqual(['Teilweise umgesetzt durch Aufstockung']);
  });

  it('as of any day, nothing internal: not the internal follow-up, nor the status it records', async () => {
    seedWithFollowUps();
    for (const stand of ['2018-03-01', '2019-06-30', '2030-01-01']) {
      const response = await app.inject(`${API}?stand=${stand}`);
      expect(response.body, stand).not.toContain('Interne Notiz');
      expect((response.json() as Answer).demands.map((d) => d.status), stand).not.toContain('rejected');
    }
  });

  it('an unreleased resolution is unknown as of every day', async () => {
    importDocument(connection.db, TEST_ACTOR, seedDocument(), { source: 'Test', release: 'internal', releasedOn: null });
    for (const url of [API, `${API}?stand=2018-01-01`]) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('Migrationsberatung');
    }
  });

  it('refuses a date that is none, given twice or too long, with a German message naming it', async () => {
    seedWithFollowUps();
    const bad = await app.inject(`${API}?stand=gestern`);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/json');
    expect(bad.json()).toEqual({ statusCode: 400, error: 'Ungültige Anfrage', message: 'Angabe „stand“: „gestern“ ist kein gültiges Datum. Bitte als JJJJ-MM-TT (z. B. 2018-01-01) oder TT.MM.JJJJ angeben.' });
    // what the message names is what is accepted: both forms, the same day
    for (const value of ['2018-01-01', '01.01.2018', '1.1.2018']) {
      const accepted = await app.inject(`${API}?stand=${value}`);
      expect(accepted.statusCode, value).toBe(200);
      expect(accepted.json().asOf, value).toBe('2018-01-01');
    }
    for (const url of [`${API}?stand=2018-01-01&stand=2019-01-01`, `${API}?stand=${'2'.repeat(60)}`]) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(400);
      expect((response.json() as { message: string }).message, url).toContain('„stand“');
    }
  });

  it('the reference documents the parameter', async () => {
    const document = (await app.inject('/api/v1/openapi.json')).json() as { paths: Record<string, { get: { parameters?: { in: string; name: string; description?: string }[] } }> };
    const parameters = document.paths['/api/v1/resolutions/{conference}/{meeting}/{agendaItem}']!.get.parameters!.filter((p) => p.in === 'query');
    expect(parameters.map((p) => p.name)).toEqual(['stand']);
    expect(parameters[0]!.description).toContain('Umsetzungsstand und Folgemaßnahmen bis zu diesem Tag');
  });

  it("the reference describes the search's parameters, stand among them", async () => {
    const document = (await app.inject('/api/v1/openapi.json')).json() as { paths: Record<string, { get: { parameters?: { in: string; name: string; description?: string }[] } }> };
    const parameters = document.paths['/api/v1/search']!.get.parameters!.filter((p) => p.in === 'query');
    expect(parameters.map((p) => p.name).sort()).toEqual(['adressat', 'bis', 'cursor', 'ergebnis', 'konferenz', 'land', 'limit', 'q', 'stand', 'umsetzung', 'von']);
    for (const parameter of parameters) expect(parameter.description, parameter.name).toMatch(/\S/);
    const stand = parameters.find((p) => p.name === 'stand')!.description!;
    expect(stand).toContain('2018-01-01');
    expect(stand).toContain('bis zu diesem Tag');
    expect(parameters.find((p) => p.name === 'umsetzung')!.description).toContain('open, in_progress, partial, implemented, rejected, obsolete');
  });
});
