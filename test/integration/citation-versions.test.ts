/**
 * The wording a TOP page shows and cites: its citation names the version of the text, and a page
 * as of a day on which the archive held another wording (the text was corrected since) says so,
 * names that day's version and links to the comparison — for each viewer only from what it may
 * see: a change in a Ziffer withheld from the public is no change of wording for the public.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, importSeed, loginAs, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { decodeHtml, formFields, post } from './forms.js';
import { versionDay, versionOnDay, versionValidity } from '../../src/domain/version-diff.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';
const TOP = '/intmk/12/top/2.12';

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle IntMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: 'land@by.example', name: 'Land Bayern', role: 'land', land: 'BY', password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

/**
 * Sets when a version was made (the tests' edits all happen now) and, for a correction of the
 * released text (number > 1), the day it became valid: that day in Berlin, as recordVersion sets it.
 */
function dateVersion(resolutionId: number, number: number, at: string) {
  connection.sqlite
    .prepare('update resolution_versions set at = ?, valid_from = iif(number > 1, ?, null) where resolution_id = ? and number = ?')
    .run(at, versionDay(at), resolutionId, number);
}

/**
 * Four versions: 1 imported (2 May 2017), 2 a corrected first Ziffer (4 March 2019), 3 the second
 * Ziffer marked internal (2 February 2020), 4 the internal Ziffer's text changed (2 February 2021).
 */
async function correctedResolution(): Promise<number> {
  const id = importSeed(connection).items[0]!.id;
  const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
  const edit = async (change: (fields: Record<string, string | string[]>) => Record<string, string | string[]>) => {
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    expect((await post(app, `/verwaltung/beschluesse/${id}`, cookies, change(fields))).statusCode).toBe(303);
  };
  await edit((f) => ({ ...f, demand_0_text: String(f.demand_0_text).replace('unterstreicht', 'betont') }));
  await edit((f) => ({ ...f, demand_1_internal: '1' }));
  await edit((f) => ({ ...f, demand_1_text: `${String(f.demand_1_text)} Geheimer Nachsatz.` }));
  dateVersion(id, 1, '2017-05-02T08:00:00.000Z');
  dateVersion(id, 2, '2019-03-04T08:00:00.000Z');
  dateVersion(id, 3, '2020-02-02T08:00:00.000Z');
  // 23:30 UTC is already the next day in Berlin
  dateVersion(id, 4, '2021-02-01T23:30:00.000Z');
  return id;
}

function citationOf(html: string): string {
  const start = html.indexOf('<section class="citation"');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('the version a day shows', () => {
  const meeting = { startDate: '2017-03-16', year: 2017 };
  it('is the latest valid by that day, none before the first', () => {
    // version 1 recorded in 2026, the wording as adopted (valid_from null); version 2 a correction of 4 March 2019
    const versions = [{ number: 1, validFrom: versionValidity(null, meeting) }, { number: 2, validFrom: versionValidity('2019-03-04', meeting) }];
    expect(versionOnDay(versions, '2017-03-15')).toBeNull();
    expect(versionOnDay(versions, '2017-03-16')?.number).toBe(1);
    expect(versionOnDay(versions, '2019-03-03')?.number).toBe(1);
    expect(versionOnDay(versions, '2019-03-04')?.number).toBe(2);
  });

  it('a version is valid from its day, the wording as adopted from the meeting, never before the meeting', () => {
    expect(versionValidity(null, meeting)).toEqual({ day: '2017-03-16', yearOnly: false });
    expect(versionValidity('2019-03-04', meeting)).toEqual({ day: '2019-03-04', yearOnly: false });
    // recorded before its meeting met (a draft prepared ahead): valid from the meeting
    expect(versionValidity('2017-03-01', meeting)).toEqual({ day: '2017-03-16', yearOnly: false });
    // only the meeting's year known: its 1 January, marked as such
    expect(versionValidity(null, { startDate: null, year: 2017 })).toEqual({ day: '2017-01-01', yearOnly: true });
  });
});

describe('wording of a TOP page as of a day', () => {
  it('the citation names the version of the text it cites', async () => {
    await correctedResolution();
    const citation = citationOf(decodeHtml((await app.inject(TOP)).body));
    expect(citation).toContain('. Wortlaut: Fassung 4, gültig ab 2. Februar 2021. Dauerhafte Adresse:');
    const dated = citationOf(decodeHtml((await app.inject(`${TOP}?stand=2018-01-01`)).body));
    expect(dated).toContain('. Umsetzungsstand am 1. Januar 2018. Wortlaut: Fassung 4, gültig ab 2. Februar 2021. Dauerhafte Adresse:');
  });

  it('as of a day before a correction: says which version it shows, which the archive showed then, and links to their differences', async () => {
    await correctedResolution();
    const html = decodeHtml((await app.inject(`${TOP}?stand=2018-01-01`)).body);
    expect(html).toContain(
      '<p class="message message-warning">Der Wortlaut dieses Beschlusses wurde nach dem 1. Januar 2018 geändert. Gezeigt ist die heutige Fassung 4, gültig ab 2. Februar 2021; ' +
        'am 1. Januar 2018 galt die Fassung 1, gültig ab 16. März 2017 (im Archiv seit 2. Mai 2017). <a href="/intmk/12/top/2.12/fassungen/1">Fassung 1 lesen</a> · ' +
        '<a href="/intmk/12/top/2.12/fassungen?von=1&bis=4">Unterschiede zwischen Fassung 1 und Fassung 4 ansehen</a></p>',
    );
    // the citation offers the address of that day's wording
    expect(citationOf(html)).toContain(
      '<p>Den Wortlaut vom 1. Januar 2018 (Fassung 1, gültig ab 16. März 2017 (im Archiv seit 2. Mai 2017)) zitieren Sie mit der Adresse dieser Fassung: <a class="url" href="/intmk/12/top/2.12/fassungen/1">http://localhost:3000/intmk/12/top/2.12/fassungen/1</a></p>',
    );
    const diff = await app.inject(`${TOP}/fassungen?von=1&bis=4`);
    expect(diff.body).toContain('Unterschiede zwischen Fassung 1 und Fassung 4');
    expect(diff.statusCode).toBe(200);
    // the internal Ziffer is not part of the public's wording, nor its changed text
    expect(html).not.toContain('Geheimer Nachsatz');
    expect(diff.body).not.toContain('Geheimer Nachsatz');
    // a day before the archive held it: said as such
    expect(decodeHtml((await app.inject(`${TOP}?stand=2016-01-01`)).body)).toContain(
      'Am 1. Januar 2016 galt noch keine der hier gezeigten Fassungen dieses Beschlusses, und sein Wortlaut wurde seither geändert. Gezeigt ist die heutige Fassung 4, gültig ab 2. Februar 2021; die erste ist die Fassung 1, gültig ab 16. März 2017 (im Archiv seit 2. Mai 2017).',
    );
  });

  it('no notice where the wording that day is today\'s, for the viewer: a change only in a Ziffer withheld from the public is none for the public', async () => {
    await correctedResolution();
    // version 4 itself, made late on 1 February (UTC), is of 2 February in Berlin
    expect(decodeHtml((await app.inject(`${TOP}?stand=2021-02-02`)).body)).not.toContain('Der Wortlaut dieses Beschlusses wurde');
    expect(decodeHtml((await app.inject(`${TOP}?stand=2021-02-01`)).body)).not.toContain('Der Wortlaut dieses Beschlusses wurde');
    expect(decodeHtml((await app.inject(TOP)).body)).not.toContain('Der Wortlaut dieses Beschlusses wurde');
    // versions 3 and 4 differ only in the internal Ziffer: the Land's staff see it changed, the public does not
    const land = await loginAs(app, 'land@by.example', PASSWORD);
    expect(decodeHtml((await app.inject({ url: `${TOP}?stand=2021-02-01`, cookies: land })).body)).toContain(
      'Der Wortlaut dieses Beschlusses wurde nach dem 1. Februar 2021 geändert. Gezeigt ist die heutige Fassung 4, gültig ab 2. Februar 2021; am 1. Februar 2021 galt die Fassung 3, gültig ab 2. Februar 2020.',
    );
    expect(decodeHtml((await app.inject(`${TOP}?stand=2020-06-01`)).body)).not.toContain('Der Wortlaut dieses Beschlusses wurde');
  });

  it('as of a day, the table of versions marks the one the archive held that day and the one the page shows, in words', async () => {
    await correctedResolution();
    /** Each row of the versions table: its number, its mark in words, whether it is aria-current. */
    const rows = (html: string) => {
      const table = /<table class="versions">[\s\S]*?<\/table>/.exec(html)![0];
      return [...table.matchAll(/<tr([^>]*)>\s*<th scope="row">[\s\S]*?<\/span>(\d+)<\/a>(?: <span class="version-mark">\(([^)]*)\)<\/span>)?<\/th>/g)].map((m) => ({
        number: Number(m[2]),
        mark: m[3] ?? null,
        current: m[1]!.includes('aria-current="true"'),
      }));
    };
    const then = rows(decodeHtml((await app.inject(`${TOP}?stand=2020-01-01`)).body));
    expect(then).toEqual([
      { number: 1, mark: null, current: false },
      { number: 2, mark: 'am 1. Januar 2020 gültig', current: true },
      { number: 3, mark: null, current: false },
      { number: 4, mark: 'Wortlaut dieser Seite', current: false },
    ]);
    // the version made that day (Berlin time) is that day's; the same version shown: one mark saying both
    const sameDay = rows(decodeHtml((await app.inject(`${TOP}?stand=2021-02-02`)).body));
    expect(sameDay.filter((r) => r.mark !== null)).toEqual([{ number: 4, mark: 'am 2. Februar 2021 gültig, Wortlaut dieser Seite', current: true }]);
    // before the first version: none was held that day
    const before = rows(decodeHtml((await app.inject(`${TOP}?stand=2017-01-01`)).body));
    expect(before.filter((r) => r.current)).toEqual([]);
    expect(before.find((r) => r.number === 4)!.mark).toBe('Wortlaut dieser Seite');
    // without a day, no marks: the page is today's
    expect(rows((await app.inject(TOP)).body).every((r) => r.mark === null && !r.current)).toBe(true);
  });

  it('the Word file cites the version, and as of a day before a correction says so', async () => {
    await correctedResolution();
    const { readDocx } = await import('../docx.js');
    const dated = decodeHtml(readDocx((await app.inject(`${TOP}/beschluss.docx?stand=2018-01-01`)).rawPayload).text);
    expect(dated).toContain('Umsetzungsstand am 1. Januar 2018. Wortlaut: Fassung 4, gültig ab 2. Februar 2021.');
    expect(dated).toContain(
      'am 1. Januar 2018 galt die Fassung 1, gültig ab 16. März 2017 (im Archiv seit 2. Mai 2017). Fassung 1 lesen: http://localhost:3000/intmk/12/top/2.12/fassungen/1 · ' +
        'Unterschiede zwischen Fassung 1 und Fassung 4 ansehen: http://localhost:3000/intmk/12/top/2.12/fassungen?von=1&bis=4',
    );
  });

  it('the API names the version of its text, and as of a day before a correction the one shown then — the public\'s only', async () => {
    await correctedResolution();
    const api = '/api/v1/resolutions/intmk/12/2.12';
    const versions = 'http://localhost:3000/intmk/12/top/2.12/fassungen';
    const now = await app.inject(api);
    const versionsApi = `http://localhost:3000${api}/versions`;
    expect(now.json().wording).toEqual({ version: 4, madeAt: '2021-02-01T23:30:00.000Z', validFrom: '2021-02-02', validFromYearOnly: false, correctedOn: null, url: `${versions}/4`, api: `${versionsApi}/4`, asOfVersion: null, compare: null, versions, versionsApi });
    expect((await app.inject(`${api}?stand=2018-01-01`)).json().wording).toEqual({
      version: 4,
      madeAt: '2021-02-01T23:30:00.000Z',
      validFrom: '2021-02-02',
      validFromYearOnly: false,
      correctedOn: null,
      url: `${versions}/4`,
      api: `${versionsApi}/4`,
      asOfVersion: { version: 1, madeAt: '2017-05-02T08:00:00.000Z', validFrom: '2017-03-16', validFromYearOnly: false, correctedOn: null, url: `${versions}/1`, api: `${versionsApi}/1` },
      compare: `${versions}?von=1&bis=4`,
      versions,
      versionsApi,
    });
    // the version named answers in the API
    expect(((await app.inject(`${api}/versions/1`)).json() as { number: number }).number).toBe(1);
    // the change of the internal Ziffer is none for the public, and its text is never answered
    const late = await app.inject(`${api}?stand=2021-02-01`);
    expect(late.json().wording.asOfVersion).toBeNull();
    for (const response of [now, late]) expect(response.body).not.toContain('Geheimer Nachsatz');
  });

  it('a version has a page of its own to read and cite, showing what the viewer may see of it', async () => {
    await correctedResolution();
    const page = await app.inject(`${TOP}/fassungen/1`);
    expect(page.statusCode).toBe(200);
    const html = decodeHtml(page.body);
    expect(html).toContain('<p class="lead">Wortlaut in Fassung 1, gültig ab 16. März 2017 (im Archiv seit 2. Mai 2017) · importiert</p>');
    expect(html).toContain('Das ist eine frühere Fassung; heute gilt die Fassung 4, gültig ab 2. Februar 2021.');
    // while a Ziffer is internal, an earlier version's Ziffer whose text is not public now is withheld
    // from the public (services/versions.ts): the page marks it where it stood
    expect(html).toMatch(/<dt>Ziffer 1<\/dt>\s*<dd class="muted">nicht öffentlich<\/dd>\s*<dt>Ziffer 2<\/dt>\s*<dd class="muted">nicht öffentlich<\/dd>\s*<dt>Ziffer 3<\/dt>/);
    expect(html).not.toContain('unterstreicht die Bedeutung');
    expect(html).toContain('<dt>Ziffer 3</dt>');
    expect(html).toContain(
      '<p>Beschluss der 12. IntMK 2017 (16.–17. März 2017, Friedrichshafen), TOP 2.12: „Ausbau und Öffnung der Migrationsberatung“. Wortlaut: Fassung 1, gültig ab 16. März 2017 (im Archiv seit 2. Mai 2017). ' +
        'Dauerhafte Adresse: <a class="url" href="/intmk/12/top/2.12/fassungen/1">http://localhost:3000/intmk/12/top/2.12/fassungen/1</a></p>',
    );
    expect(html).toContain('<link rel="canonical" href="http://localhost:3000/intmk/12/top/2.12/fassungen/1">');
    expect(decodeHtml((await app.inject(`${TOP}/fassungen/4`)).body)).toContain('Das ist die heutige Fassung dieses Beschlusses.');
    // the internal Ziffer (2) in none of its versions for the public; the Land's staff read it
    for (const number of [1, 2, 3, 4]) {
      const body = (await app.inject(`${TOP}/fassungen/${number}`)).body;
      expect(body, String(number)).toMatch(/<dt>Ziffer 2<\/dt>\s*<dd class="muted">nicht öffentlich<\/dd>/);
      expect(body, String(number)).not.toContain('Geheimer Nachsatz');
    }
    const land = await loginAs(app, 'land@by.example', PASSWORD);
    expect((await app.inject({ url: `${TOP}/fassungen/4`, cookies: land })).body).toContain('Geheimer Nachsatz');
    // unknown versions, unknown or unreleased resolutions: not found
    // one address per version: a number with a leading zero is none (as a meeting's or a TOP's)
    for (const url of [`${TOP}/fassungen/5`, `${TOP}/fassungen/0`, `${TOP}/fassungen/01`, `${TOP}/fassungen/004`, '/intmk/12/top/9.99/fassungen/1']) {
      expect((await app.inject(url)).statusCode, url).toBe(404);
    }
    // an unknown parameter is noticed, as on every page
    expect((await app.inject(`${TOP}/fassungen/1?stand=2018-01-01`)).body).toContain('Den Parameter „stand“ in der Adresse kennt diese Seite nicht');
  });

  it('the public comparison names the Ziffern withheld in a version instead of calling a corrected one new', async () => {
    await correctedResolution();
    // version 1 as the public sees it leaves out Ziffer 1 (its old text is not public today, while
    // Ziffer 2 is internal) and Ziffer 2; version 4 shows the corrected Ziffer 1
    const diff = decodeHtml((await app.inject(`${TOP}/fassungen?von=1&bis=4`)).body);
    expect(diff).not.toMatch(/<dt>Ziffer 1 <span class="muted">\((neu|entfernt)\)/);
    expect(diff).not.toContain('(neu)');
    expect(diff).toContain('<p role="status">Soweit öffentlich, unterscheiden sich die beiden Fassungen nicht.</p>');
    expect(diff).not.toContain('Die beiden Fassungen unterscheiden sich nicht.');
    expect(diff).not.toContain('0 Angaben geändert');
    expect(diff).toContain('<p class="muted">Nicht öffentlich und daher nicht verglichen: Ziffer 1 (in Fassung 1), Ziffer 2 (in beiden Fassungen).</p>');
    expect(diff).not.toContain('unterstreicht');
    expect(diff).not.toContain('Geheimer Nachsatz');
    // the Land's staff see every Ziffer in every version: Ziffer 1 corrected, word by word, and no note
    const land = await loginAs(app, 'land@by.example', PASSWORD);
    const internal = decodeHtml((await app.inject({ url: `${TOP}/fassungen?von=1&bis=4`, cookies: land })).body);
    expect(internal).toContain('<dt>Ziffer 1 <span class="muted">(geändert)</span></dt>');
    expect(internal).toMatch(/<del><span class="visually-hidden">\[entfernt: <\/span>unterstreicht/);
    expect(internal).not.toContain('Nicht öffentlich und daher nicht verglichen');
    // versions 3 and 4 differ for the public only in the internal Ziffer: said so, not "no difference"
    const late = decodeHtml((await app.inject(`${TOP}/fassungen?von=3&bis=4`)).body);
    expect(late).toContain('Nicht öffentlich und daher nicht verglichen: Ziffer 2 (in beiden Fassungen).');
    expect(late).toContain('Soweit öffentlich, unterscheiden sich die beiden Fassungen nicht.');
  });

  it('while a protocol statement is internal, the public comparison does not match the statements by position, and a version marks it where it stood', async () => {
    const id = importSeed(connection).items[0]!.id;
    // version 1 had a statement since dropped; version 2 has an internal one and a public one (as now)
    const versionWith = connection.sqlite.prepare(
      `insert into resolution_versions (resolution_id, number, at, user_id, actor, action, release, released_on, content)
       select resolution_id, ?, ?, user_id, actor, 'edit', release, released_on, json_set(content, '$.protocolStatements', json(?))
       from resolution_versions where resolution_id = ? and number = 1`,
    );
    versionWith.run(2, '2018-01-01T08:00:00.000Z', JSON.stringify([{ laender: ['BY'], text: 'Früher erklärt.' }]), id);
    versionWith.run(3, '2019-01-01T08:00:00.000Z', JSON.stringify([{ laender: ['BY'], text: 'Geheime Erklärung.', internal: true }, { laender: ['BE'], text: 'Öffentliche Erklärung.' }]), id);
    const statement = connection.sqlite.prepare('insert into protocol_statements (resolution_id, position, laender, text, internal) values (?, ?, ?, ?, ?)');
    statement.run(id, 0, '["BY"]', 'Geheime Erklärung.', 1);
    statement.run(id, 1, '["BE"]', 'Öffentliche Erklärung.', 0);
    const diff = decodeHtml((await app.inject(`${TOP}/fassungen?von=2&bis=3`)).body);
    expect(diff).not.toContain('Protokollerklärung 1 <span class="muted">');
    expect(diff).toContain('<p class="muted">Die Protokollerklärungen werden nicht verglichen, weil in beiden Fassungen nicht alle öffentlich sind.</p>');
    expect(diff).toContain('<p role="status">Soweit öffentlich, unterscheiden sich die beiden Fassungen nicht.</p>');
    expect(diff).not.toMatch(/Geheime Erklärung|Früher erklärt/);
    // a version without a withheld statement against one with: named by its number
    expect(decodeHtml((await app.inject(`${TOP}/fassungen?von=1&bis=3`)).body)).toContain('weil in Fassung 3 nicht alle öffentlich sind.');
    const page = decodeHtml((await app.inject(`${TOP}/fassungen/3`)).body);
    // the withheld statement marked where it stood, the others numbered by their place in the version
    expect(page).toMatch(/<dt>Protokollerklärung 1<\/dt>\s*<dd class="muted">nicht öffentlich<\/dd>\s*<dt>Protokollerklärung 2<\/dt>\s*<dd>Berlin: Öffentliche Erklärung\.<\/dd>/);
    expect(page).not.toContain('Geheime Erklärung');
    // the Land's staff compare every statement
    const land = await loginAs(app, 'land@by.example', PASSWORD);
    const internal = decodeHtml((await app.inject({ url: `${TOP}/fassungen?von=2&bis=3`, cookies: land })).body);
    expect(internal).toContain('<dt>Protokollerklärung 1 <span class="muted">(geändert)</span></dt>');
    expect(internal).not.toContain('werden nicht verglichen');
  });

  it('a draft\'s versions are nobody\'s but its secretariat\'s', async () => {
    importSeed(connection, 'draft');
    expect((await app.inject(`${TOP}/fassungen/1`)).statusCode).toBe(404);
    const land = await loginAs(app, 'land@by.example', PASSWORD);
    expect((await app.inject({ url: `${TOP}/fassungen/1`, cookies: land })).statusCode).toBe(404);
    const secretariat = await loginAs(app, 'gs@intmk.example', PASSWORD);
    expect((await app.inject({ url: `${TOP}/fassungen/1`, cookies: secretariat })).statusCode).toBe(200);
  });
});
