/**
 * Input that would break an output: control characters are dropped on input (forms, query
 * strings, imports) and never reach an Atom feed; text cells that a spreadsheet would run as a
 * formula leave every CSV download as text.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, cookiesOf, importSeed, loginAs, seedDocument, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { importDocument } from '../../src/services/import.js';
import { spreadsheetSafe, withoutControlCharacters, xmlSafe } from '../../src/domain/text-safety.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'GS', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});

/** The cells of a CSV download (`;`, quoted fields, CRLF), without the byte order mark. */
function csvCells(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';' || ch === '\n') {
      cells.push(cell.replace(/\r$/, ''));
      cell = '';
    } else cell += ch;
  }
  if (cell) cells.push(cell);
  return cells;
}

describe('the rules', () => {
  it('drop control characters, defuse formulas, keep XML to its characters', () => {
    expect(withoutControlCharacters('a\u0000b\u0007c\u001bd\u007fe\tf\ng\rh\u000ci')).toBe('abcde\tf\ng\rhi');
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(spreadsheetSafe(formula)).toBe(`'${formula}`);
    for (const text of ['Text', '1-2', 'a=b', '']) expect(spreadsheetSafe(text)).toBe(text);
    expect(xmlSafe('a\u0001b\uFFFEc\uD800d\uD83D\uDE00')).toBe('abcd\uD83D\uDE00');
  });
});

describe('control characters', () => {
  it('never reach the archive or a feed from a form, a query string or an import', async () => {
    const resolutionId = importSeed(connection).items[0]!.id;
    const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
    const url = `/beschluesse/${resolutionId}/folgemassnahme`;
    const form = await app.inject({ url, cookies });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const saved = await app.inject({
      method: 'POST', url, cookies: { ...cookies, ...cookiesOf(form) },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: token, version: '0', demand: 'alle', date: '10.07.2019', actor: 'BMI', kind: 'response',
        summary: 'Der Bund\u0000 hat\u0007 die Mittel\u001b[31m erhöht\u000b.', link: '', status: 'partial', visibility: 'public',
      }).toString(),
    });
    expect(saved.statusCode).toBe(303);
    const summary = connection.sqlite.prepare('select summary from follow_ups').pluck().get() as string;
    expect(summary).toBe('Der Bund hat die Mittel[31m erhöht.');
    // an import with control characters in its texts
    const document = seedDocument();
    document.resolutions[0]!.agendaItem = '2.13';
    document.resolutions[0]!.title = 'Titel\u0002 mit\u0008 Steuerzeichen';
    importDocument(connection.db, TEST_ACTOR, document, { source: 'Test\u0003', release: 'public', releasedOn: '2017-04-01' });
    expect(connection.sqlite.prepare("select title from resolutions where agenda_item = '2.13'").pluck().get()).toBe('Titel mit Steuerzeichen');
    // stored before input was cleaned (an older version): the feed still leaves them out
    connection.sqlite.prepare("update follow_ups set summary = 'Alt\u0001er Eintrag'").run();
    for (const feed of ['/intmk/status.atom', '/feeds/beschluesse.atom', '/intmk/12/top/2.12/status.atom', '/suche/feed.atom?q=Mittel']) {
      const response = await app.inject(feed);
      expect(response.statusCode, feed).toBe(200);
      expect(response.body, feed).not.toMatch(CONTROL);
    }
    // a query string: the notice repeats the value without them
    const search = await app.inject('/suche?q=Mittel&von=20\u000119');
    expect(search.body).not.toMatch(CONTROL);
  });
});

describe('CSV downloads', () => {
  it('leave formulas as text in every cell', async () => {
    const document = seedDocument();
    document.resolutions[0]!.title = '=HYPERLINK("https://evil.example";"Hier klicken")';
    document.resolutions[0]!.demands[0]!.text = '+SUMME(1;2)';
    importDocument(connection.db, TEST_ACTOR, document, { source: 'Test', release: 'public', releasedOn: '2017-04-01' });
    const resolutionId = connection.sqlite.prepare('select id from resolutions').pluck().get() as number;
    connection.sqlite
      .prepare("insert into follow_ups (resolution_id, demand_id, date, kind, summary, visibility) select ?, id, '2019-01-01', 'note', '@cmd|/c calc', 'public' from demands where resolution_id = ?")
      .run(resolutionId, resolutionId);
    for (const url of ['/suche/export.csv?q=HYPERLINK', '/intmk/12/umsetzungsbericht.csv']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(200);
      const cells = csvCells(response.body);
      expect(cells.some((cell) => cell.includes('HYPERLINK')), url).toBe(true);
      const dangerous = cells.filter((cell) => /^[=+\-@\t\r]/.test(cell));
      expect(dangerous, url).toEqual([]);
    }
  });
});
