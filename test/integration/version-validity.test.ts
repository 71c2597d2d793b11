/**
 * From when a version's wording was valid, kept apart from when the archive recorded it: a
 * resolution of 2017 imported and corrected today holds the wording adopted at its meeting until
 * it is first released; only a change of the released wording is valid from the day it is made.
 * The page as of a day, its citation and the API name the version valid that day by this date.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, importSeed, loginAs, seedDocument, TEST_ACTOR } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';
import { createUser } from '../../src/services/users.js';
import { loadResolution, setRelease } from '../../src/services/resolutions.js';
import { formatDateLong, todayIso } from '../../src/domain/dates.js';
import { versionDay } from '../../src/domain/version-diff.js';
import type { Viewer } from '../../src/services/visibility.js';
import { decodeHtml, formFields, post } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
let secretariat: Viewer;
const PASSWORD = 'ein langes sicheres Passwort';
const TOP = '/intmk/12/top/2.12';

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  const conferenceId = conferenceIdOf(connection);
  const { user } = await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle IntMK', role: 'secretariat', conferenceIds: [conferenceId], password: PASSWORD });
  secretariat = { userId: user.id, role: 'secretariat', land: null, conferenceIds: [conferenceId] };
});
afterEach(async () => {
  await app.close();
});

async function editFirstDemand(id: number, from: string, to: string) {
  const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
  const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
  expect((await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, demand_0_text: String(fields.demand_0_text).replace(from, to) })).statusCode).toBe(303);
}

function release(id: number, state: 'internal' | 'public') {
  setRelease(connection.db, TEST_ACTOR, secretariat, id, loadResolution(connection.db, id)!.resolution.version, state, state === 'public' ? todayIso() : null);
}

function validity(id: number) {
  return connection.sqlite.prepare('select number, action, valid_from as validFrom from resolution_versions where resolution_id = ? order by number').all(id);
}

describe('the day from which a version is valid', () => {
  it('is the meeting\'s for the wording as adopted, however late it was recorded or corrected before its release; a change of the released wording is valid from its day', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    await editFirstDemand(id, 'unterstreicht', 'betont');
    release(id, 'public');
    const today = versionDay(new Date().toISOString());
    expect(validity(id)).toEqual([
      { number: 1, action: 'import', validFrom: null },
      { number: 2, action: 'edit', validFrom: null },
      { number: 3, action: 'release', validFrom: null },
    ]);
    // the public sees the released version, valid from the meeting of 16 March 2017
    const asOf = decodeHtml((await app.inject(`${TOP}?stand=2018-01-01`)).body);
    expect(asOf).toContain(`Wortlaut: Fassung 3, gültig ab 16. März 2017 (im Archiv seit ${formatDateLong(today)}).`);
    expect(asOf).toContain('<span class="version-mark">(am 1. Januar 2018 gültig, Wortlaut dieser Seite)</span>');
    expect(asOf).not.toContain('noch keine');

    await editFirstDemand(id, 'betont', 'hebt hervor');
    // withdrawn: only the release changes, the wording keeps its day
    release(id, 'internal');
    expect(validity(id).slice(3)).toEqual([
      { number: 4, action: 'edit', validFrom: today },
      { number: 5, action: 'withdraw', validFrom: today },
    ]);
  });

  it('the page as of a day between the meeting and the correction names the wording valid then, the API its validity and when it was recorded', async () => {
    const id = importSeed(connection).items[0]!.id;
    await editFirstDemand(id, 'unterstreicht', 'betont');
    const today = formatDateLong(versionDay(new Date().toISOString()));
    const html = decodeHtml((await app.inject(`${TOP}?stand=2018-01-01`)).body);
    expect(html).toContain(
      `Der Wortlaut dieses Beschlusses wurde nach dem 1. Januar 2018 geändert. Gezeigt ist die heutige Fassung 2, gültig ab ${today}; am 1. Januar 2018 galt die Fassung 1, gültig ab 16. März 2017 (im Archiv seit ${today}).`,
    );
    // the table names both dates of each version
    expect(html).toContain('<th scope="col">Gültig ab</th>');
    expect(html).toContain('<time datetime="2017-03-16">16. März 2017</time>');
    const listed = (await app.inject('/api/v1/resolutions/intmk/12/2.12/versions')).json() as { items: { number: number; madeAt: string; validFrom: string; validFromYearOnly: boolean }[] };
    expect(listed.items.map(({ number, validFrom, validFromYearOnly }) => ({ number, validFrom, validFromYearOnly }))).toEqual([
      { number: 1, validFrom: '2017-03-16', validFromYearOnly: false },
      { number: 2, validFrom: versionDay(new Date().toISOString()), validFromYearOnly: false },
    ]);
    expect(versionDay(listed.items[0]!.madeAt)).toBe(versionDay(new Date().toISOString()));
    const version = (await app.inject('/api/v1/resolutions/intmk/12/2.12/versions/1')).json() as { citation: string };
    expect(version.citation).toContain(`Wortlaut: Fassung 1, gültig ab 16. März 2017 (im Archiv seit ${today})`);
  });

  it('a search as of a day searches today\'s wording, says so, and marks a hit whose wording was changed after that day', async () => {
    importSeed(connection);
    await editFirstDemand(connection.sqlite.prepare('select id from resolutions').pluck().get() as number, 'unterstreicht', 'betont');
    const mark = '<strong>Wortlaut nach dem 1. Januar 2018 geändert</strong>';
    const asOf = decodeHtml((await app.inject('/suche?q=betont&stand=2018-01-01')).body);
    expect(asOf).toContain('Gesucht wird im heutigen Wortlaut der Beschlüsse; ein Treffer, dessen Wortlaut nach dem 1. Januar 2018 geändert wurde, ist markiert');
    expect(asOf).toContain('class="search-hit"');
    expect(asOf).toContain(mark);
    // today, and as of today, the wording found is the one valid
    expect(decodeHtml((await app.inject('/suche?q=betont')).body)).not.toContain('Wortlaut nach dem');
    expect(decodeHtml((await app.inject(`/suche?q=betont&stand=${todayIso()}`)).body)).not.toContain('<strong>Wortlaut nach dem');
  });
});


describe('a TOP whose number was corrected', () => {
  async function renumber(id: number, to: string) {
    const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    expect((await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, agendaItem: to })).statusCode).toBe(303);
  }

  it('is still found at the address cited before, with every address under it, as long as no other TOP has that number', async () => {
    const id = importSeed(connection).items[0]!.id;
    await renumber(id, '2.13');
    for (const [old, now] of [
      [TOP, '/intmk/12/top/2.13'],
      [`${TOP}?stand=2018-01-01`, '/intmk/12/top/2.13?stand=2018-01-01'],
      [`${TOP}/fassungen/1`, '/intmk/12/top/2.13/fassungen/1'],
      [`${TOP}/ziffer/2`, '/intmk/12/top/2.13/ziffer/2'],
      [`${TOP}/zitat.ris?stand=2018-01-01`, '/intmk/12/top/2.13/zitat.ris?stand=2018-01-01'],
    ] as const) {
      const response = await app.inject(old);
      expect([old, response.statusCode, response.headers.location]).toEqual([old, 302, now]);
    }
    expect((await app.inject('/intmk/12/top/2.13/fassungen/1')).statusCode).toBe(200);
    // a number no TOP of the meeting ever had, and a version that does not exist, stay unknown
    expect((await app.inject('/intmk/12/top/9.99')).statusCode).toBe(404);
    expect((await app.inject('/intmk/12/top/2.13/fassungen/9')).statusCode).toBe(404);
    // the API's addresses are its contract: not led elsewhere
    expect((await app.inject('/api/v1/resolutions/intmk/12/2.12')).statusCode).toBe(404);
    // once another TOP has the number, the address is that TOP's (imported as another TOP on purpose:
    // without `renumbered` the import would ask whether the text means TOP 2.13)
    const other = importDocument(connection.db, TEST_ACTOR, seedDocument(), { source: 'Test', release: 'public', releasedOn: '2017-04-01', renumbered: 'new' }).items[0]!.id;
    expect(other).not.toBe(id);
    expect((await app.inject(TOP)).statusCode).toBe(200);
    expect((await app.inject(`${TOP}/fassungen/9`)).statusCode).toBe(404);
  });

  it('a draft\'s former number leads the public nowhere: it never saw the TOP', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    await renumber(id, '2.13');
    expect((await app.inject(TOP)).statusCode).toBe(404);
  });
});
