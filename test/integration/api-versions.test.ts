/**
 * One version's wording in the read API: /api/v1/resolutions/{conference}/{meeting}/{agendaItem}/versions
 * lists the versions the public sees, …/versions/{n} answers one as it was — the data of the pages
 * …/fassungen and …/fassungen/{n}, nothing internal, 404 and 400 in German, documented.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, importSeed, loginAs, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { formFields, post } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';
const API = '/api/v1/resolutions/intmk/12/2.12';

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle IntMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

interface Version {
  number: number;
  madeAt: string;
  validFrom: string;
  action: string;
  current: boolean;
  latest: number;
  url: string;
  api: string;
  wording: { agendaItem: string; title: string; demands: { number: string | null; text: string }[]; decision: { outcome: string } };
  withheld: { demands: (string | null)[]; protocolStatements: number };
  citation: string;
  compare: string | null;
  versions: string;
  resolution: string;
}

/** Version 1 imported; 2: the first Ziffer corrected; with `internal`, 3: the second Ziffer marked internal. */
async function corrected(internal = true): Promise<number> {
  const id = importSeed(connection).items[0]!.id;
  await edit(id, (f) => ({ ...f, demand_0_text: String(f.demand_0_text).replace('unterstreicht', 'betont') }));
  if (internal) await edit(id, (f) => ({ ...f, demand_1_internal: '1' }));
  connection.sqlite.prepare("update resolution_versions set at = '2017-05-02T08:00:00.000Z' where resolution_id = ? and number = 1").run(id);
  return id;
}

async function edit(id: number, change: (fields: Record<string, string | string[]>) => Record<string, string | string[]>) {
  const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
  const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
  expect((await post(app, `/verwaltung/beschluesse/${id}`, cookies, change(fields))).statusCode).toBe(303);
}

describe('versions in the read API', () => {
  it('lists the versions the public sees, each with its page and its API address', async () => {
    await corrected();
    const response = await app.inject(`${API}/versions`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const list = response.json() as { agendaItem: string; items: { number: number; action: string; url: string; api: string }[]; url: string; resolution: string };
    expect(list.agendaItem).toBe('2.12');
    expect(list.items.map((v) => [v.number, v.action])).toEqual([[1, 'import'], [2, 'edit'], [3, 'edit']]);
    expect(list.items[0]!.url).toBe('http://localhost:3000/intmk/12/top/2.12/fassungen/1');
    expect(list.items[0]!.api).toBe('http://localhost:3000/api/v1/resolutions/intmk/12/2.12/versions/1');
    expect(list.url).toBe('http://localhost:3000/intmk/12/top/2.12/fassungen');
    expect(list.resolution).toBe(`http://localhost:3000${API}`);
  });

  it("answers one version's wording as it was, with its citation", async () => {
    await corrected(false);
    const first = (await app.inject(`${API}/versions/1`)).json() as Version;
    expect(first.number).toBe(1);
    expect(first.madeAt).toBe('2017-05-02T08:00:00.000Z');
    // recorded in May, the wording as adopted is valid from the meeting
    expect(first.validFrom).toBe('2017-03-16');
    expect(first.action).toBe('import');
    expect(first.current).toBe(false);
    expect(first.latest).toBe(2);
    expect(first.wording.title).toBe('Ausbau und Öffnung der Migrationsberatung');
    expect(first.wording.demands.map((d) => d.number)).toEqual(['1', '2', '3', '4', '5']);
    expect(first.wording.demands[0]!.text).toContain('unterstreicht');
    expect(first.wording.decision.outcome).toBe('adopted');
    expect(first.withheld).toEqual({ demands: [], protocolStatements: 0 });
    expect(first.url).toBe('http://localhost:3000/intmk/12/top/2.12/fassungen/1');
    expect(first.compare).toBe('http://localhost:3000/intmk/12/top/2.12/fassungen?von=1&bis=2');
    expect(first.versions).toBe(`http://localhost:3000${API}/versions`);
    expect(first.resolution).toBe(`http://localhost:3000${API}`);
    expect(first.citation).toBe('Beschluss der 12. IntMK 2017 (16.–17. März 2017, Friedrichshafen), TOP 2.12: „Ausbau und Öffnung der Migrationsberatung“. Wortlaut: Fassung 1, gültig ab 16. März 2017 (im Archiv seit 2. Mai 2017)');
    // the citation the version's page gives
    expect((await app.inject('/intmk/12/top/2.12/fassungen/1')).body).toContain('Wortlaut: Fassung 1, gültig ab 16. März 2017 (im Archiv seit 2. Mai 2017)');
    const second = (await app.inject(`${API}/versions/2`)).json() as Version;
    expect(second.wording.demands[0]!.text).toContain('betont');
    expect(second.current).toBe(true);
    expect(second.compare).toBeNull();
  });

  it('never answers what is internal: a Ziffer marked internal is named by its number, not shown', async () => {
    importSeed(connection);
    const internalText = ((await app.inject(`${API}/versions/1`)).json() as Version).wording.demands[1]!.text;
    await edit(1, (f) => ({ ...f, demand_1_internal: '1' }));
    for (const number of [1, 2]) {
      const version = (await app.inject(`${API}/versions/${number}`)).json() as Version;
      expect(version.withheld.demands, `Fassung ${number}`).toEqual(['2']);
      expect(version.wording.demands.map((d) => d.number), `Fassung ${number}`).toEqual(['1', '3', '4', '5']);
      expect(JSON.stringify(version), `Fassung ${number}`).not.toContain(internalText.slice(0, 40));
    }
  });

  it('answers an unknown version or resolution with 404, an unknown parameter with 400, in German', async () => {
    importSeed(connection);
    for (const url of [`${API}/versions/2`, `${API}/versions/0`, `${API}/versions/abc`, '/api/v1/resolutions/intmk/12/9.99/versions', '/api/v1/resolutions/intmk/12/9.99/versions/1']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toContain('application/json');
      expect((response.json() as { error: string }).error, url).toBe('Seite nicht gefunden');
    }
    const unknown = await app.inject(`${API}/versions/1?stand=2018-01-01`);
    expect(unknown.statusCode).toBe(400);
    expect((unknown.json() as { message: string }).message).toContain('„stand“');
  });

  it('shows nothing of an unreleased resolution, nor its versions from before its release', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    expect((await app.inject(`${API}/versions`)).statusCode).toBe(404);
    expect((await app.inject(`${API}/versions/1`)).statusCode).toBe(404);
    // released later: the draft's version stays unknown to the public
    connection.sqlite.prepare("update resolutions set release = 'public', released_on = '2017-04-01' where id = ?").run(id);
    const list = (await app.inject(`${API}/versions`)).json() as { items: unknown[] };
    expect(list.items).toEqual([]);
    expect((await app.inject(`${API}/versions/1`)).statusCode).toBe(404);
  });

  it('is documented in the reference', async () => {
    const document = (await app.inject('/api/v1/openapi.json')).json() as { paths: Record<string, { get: { summary: string; parameters?: { name: string; description?: string }[] } }> };
    const one = document.paths['/api/v1/resolutions/{conference}/{meeting}/{agendaItem}/versions/{version}']!.get;
    expect(one.summary).toContain('Fassung');
    expect(one.parameters!.find((p) => p.name === 'version')!.description).toContain('Nummer der Fassung');
    expect(document.paths['/api/v1/resolutions/{conference}/{meeting}/{agendaItem}/versions']).toBeDefined();
  });
});
