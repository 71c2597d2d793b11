/**
 * Visibility per field: the vote counts and a protocol statement of a public resolution marked
 * internal in the edit form.
 * The public reads "ausgezählt, Stimmenzahlen (nicht öffentlich)" on the page and sees the counts
 * nowhere (API, meeting download, OParl, versions); logged-in users see them. (The generated leak
 * test checks every GET route for them as well.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, loginAs, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { importDocument } from '../../src/services/import.js';
import type { ImportDocument } from '../../src/domain/import-format.js';
import { formFields, post } from './forms.js';

const PASSWORD = 'ein langes sicheres Passwort';
const COUNTS = '12 Ja, 3 Nein, 1 Enthaltung';
const WITHHELD = 'ausgezählt, Stimmenzahlen (nicht öffentlich)';
let app: FastifyInstance;
let connection: Connection;
let resolutionId: number;
let imported: ImportDocument;

beforeAll(async () => {
  ({ app, connection } = await buildTestApp({ rateLimitAllow: ['127.0.0.1'] }));
  const document = {
    resolutions: [
      {
        conference: 'IntMK',
        meeting: { number: 30, year: 2024, startDate: '2024-06-12', endDate: '2024-06-13', place: 'Kiel' },
        agendaItem: '4.2',
        title: 'Einbürgerungsverfahren beschleunigen',
        sponsors: ['SH'],
        decision: { outcome: 'adopted', voting: 'counted', yes: 12, no: 3, abstain: 1, formula: 'Die IMK beschließt mehrheitlich:' },
        demands: [{ number: '1', text: 'Die IMK bittet den Bund, die Verfahren zu digitalisieren.', addressees: ['bund'] }],
        protocolStatements: [
          { laender: ['BY'], text: 'Bayern trägt den Beschluss mit.' },
          { laender: ['HE'], text: 'Hessen behält sich eine Zinsstaffelung der Länderanteile vor.' },
        ],
      },
    ],
  } as unknown as ImportDocument;
  imported = document;
  resolutionId = importDocument(connection.db, TEST_ACTOR, document, { source: 'Test', release: 'public', releasedOn: '2024-07-01' }).items[0]!.id;
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: 'land@sh.example', name: 'Land SH', role: 'land', land: 'SH', password: PASSWORD });
}, 60_000);
afterAll(async () => {
  await app.close();
});

const PAGE = '/intmk/30/top/4.2';

describe('vote counts marked internal', () => {
  it('are public until the secretariat marks them internal in the edit form', async () => {
    expect((await app.inject(PAGE)).body).toContain(COUNTS);
    const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
    const form = (await app.inject({ url: `/verwaltung/beschluesse/${resolutionId}`, cookies })).body;
    expect(form).toContain('name="tallyInternal" value="1">');
    const fields = formFields(form);
    expect(fields.tallyInternal).toBeUndefined();
    // marked internal, and the counts corrected in the same step (a new version)
    const saved = await post(app, `/verwaltung/beschluesse/${resolutionId}`, cookies, { ...fields, tallyInternal: '1', votesYes: '11' });
    expect(saved.statusCode).toBe(303);
    expect(formFields((await app.inject({ url: `/verwaltung/beschluesse/${resolutionId}`, cookies })).body).tallyInternal).toBe('1');
  });

  it('the public page says "(nicht öffentlich)"; logged-in users see the counts', async () => {
    const page = (await app.inject(PAGE)).body;
    expect(page).toContain(WITHHELD);
    expect(page).not.toMatch(/1[12] Ja/);
    const land = await loginAs(app, 'land@sh.example', PASSWORD);
    expect((await app.inject({ url: PAGE, cookies: land })).body).toContain('11 Ja, 3 Nein, 1 Enthaltung');
  });

  it('no other surface gives the public the counts', async () => {
    const api = (await app.inject('/api/v1/resolutions/intmk/30/4.2')).json() as { decision: Record<string, unknown> };
    expect(api.decision).toMatchObject({ voting: 'counted', yes: null, no: null, abstain: null, tallyWithheld: true });
    const download = await app.inject('/intmk/30/export.json');
    expect(download.statusCode).toBe(200);
    expect(download.body).toContain('"voting":"counted"');
    expect(download.body).not.toMatch(/"(yes|no|abstain)":/);
    const paper = await app.inject('/oparl/v1/paper/intmk/30/4.2');
    expect(paper.statusCode).toBe(200);
    expect(paper.body).toContain(WITHHELD);
    expect(paper.body).not.toMatch(/1[12] Ja/);
    const versions = (await app.inject(`${PAGE}/fassungen`)).body;
    expect(versions).not.toMatch(/1[12] Ja/);
    // the API is public whoever asks; logged in, the download and the comparison of the versions show them
    const land = await loginAs(app, 'land@sh.example', PASSWORD);
    const asLand = (await app.inject({ url: '/api/v1/resolutions/intmk/30/4.2', cookies: land })).json() as { decision: Record<string, unknown> };
    expect(asLand.decision).toMatchObject({ yes: null, tallyWithheld: true });
    expect((await app.inject({ url: '/intmk/30/export.json', cookies: land })).body).toContain('"yes":11');
    const compared = (await app.inject({ url: `${PAGE}/fassungen`, cookies: land })).body;
    expect(compared).toContain('[eingefügt: </span>11<span class="visually-hidden">]</span></ins> Ja, 3 Nein, 1 Enthaltung');
  });
});

describe('a protocol statement marked internal', () => {
  const SECRET = 'Zinsstaffelung';
  it('is marked in the edit form; the public page says "(nicht öffentlich)", logged-in users read it', async () => {
    const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${resolutionId}`, cookies })).body);
    expect(fields.statement_1_text).toContain(SECRET);
    const saved = await post(app, `/verwaltung/beschluesse/${resolutionId}`, cookies, { ...fields, statement_1_internal: '1' });
    expect(saved.statusCode).toBe(303);
    const page = (await app.inject(PAGE)).body;
    expect(page).toContain('Bayern trägt den Beschluss mit.');
    expect(page).toContain('Protokollerklärung (nicht öffentlich)');
    expect(page).not.toContain(SECRET);
    expect(page).not.toContain('Protokollerklärung von Hessen');
    const land = await loginAs(app, 'land@sh.example', PASSWORD);
    expect((await app.inject({ url: PAGE, cookies: land })).body).toContain(SECRET);
  });

  it('is not in the public search, the API, the download, OParl or the versions', async () => {
    const search = await app.inject(`/suche?q=${SECRET}`);
    expect(search.statusCode).toBe(200);
    expect(search.body).not.toContain('/intmk/30/top/4.2');
    const land = await loginAs(app, 'land@sh.example', PASSWORD);
    expect((await app.inject({ url: `/suche?q=${SECRET}`, cookies: land })).body).toContain('/intmk/30/top/4.2');
    const api = (await app.inject('/api/v1/resolutions/intmk/30/4.2')).json() as { protocolStatements: unknown[] };
    expect(api.protocolStatements).toEqual([{ laender: ['BY'], text: 'Bayern trägt den Beschluss mit.' }]);
    for (const url of ['/intmk/30/export.json', '/oparl/v1/paper/intmk/30/4.2', '/oparl/v1/file/intmk/30/4.2/text', `${PAGE}/fassungen`, `${PAGE}/fassungen?von=1&bis=3`]) {
      const response = await app.inject(url);
      expect(response.body, url).not.toContain(SECRET);
    }
    expect((await app.inject({ url: '/intmk/30/export.json', cookies: land })).body).toContain(SECRET);
  });

  it('stays internal when the resolution is imported again (with a changed title)', async () => {
    const again = structuredClone(imported);
    again.resolutions[0]!.title = 'Einbürgerungsverfahren beschleunigen und digitalisieren';
    expect(importDocument(connection.db, TEST_ACTOR, again, { source: 'Test' }).items[0]!.change).toBe('updated');
    const page = (await app.inject(PAGE)).body;
    expect(page).toContain('und digitalisieren');
    expect(page).toContain('Protokollerklärung (nicht öffentlich)');
    expect(page).not.toContain(SECRET);
  });
});
