/**
 * /oparl/v1 on the demo archive: every object of every list validated against the official OParl
 * 1.1 JSON schemas (./schema, see its README), stable ids that answer with the same object, paged
 * lists whose pages add up, the created/modified filters, only public data, and the extension
 * property with the implementation state of each demand.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { openDatabase, type Connection } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { buildTestApp, seedDocument, TEST_ACTOR } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { resolutionPage } from '../../src/services/archive.js';
import { PUBLIC_VIEWER } from '../../src/services/visibility.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const SCHEMA_DIR = path.join(import.meta.dirname, 'schema');
const BASE = 'https://beschlussmonitor.example.org';
const API = `${BASE}/oparl/v1`;
const TYPES = ['System', 'Body', 'Organization', 'Meeting', 'AgendaItem', 'Paper', 'Consultation', 'File'] as const;
type OparlObject = Record<string, unknown> & { id: string; type: string };
interface Page {
  data: OparlObject[];
  pagination: { totalElements: number; elementsPerPage: number; currentPage: number; totalPages: number };
  links: { first: string; prev?: string; self: string; next?: string; last: string };
}

/** The official schemas, registered under the names their references use (see schema/README.md). */
function schemaValidators(): Record<(typeof TYPES)[number], ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  ajv.addVocabulary(['references', 'backreference', 'cardinality']);
  for (const file of readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.json'))) {
    const { $id: _id, $schema: _schema, ...schema } = JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as Record<string, unknown>;
    const name = file.replace(/\.json$/, '');
    ajv.addSchema(schema, `https://schema.oparl.org/1.1/${name}.json`);
    ajv.addSchema(structuredClone(schema), `https://schema.oparl.org/1.1/${name}`);
  }
  return Object.fromEntries(TYPES.map((type) => [type, ajv.getSchema(`https://schema.oparl.org/1.1/${type}.json`)!])) as Record<
    (typeof TYPES)[number],
    ValidateFunction
  >;
}

const dir = mkdtempSync(path.join(tmpdir(), 'bm-oparl-'));
let app: FastifyInstance;
let connection: Connection;
let validate: ReturnType<typeof schemaValidators>;

beforeAll(async () => {
  ({ app, connection } = await buildTestApp({ loadDemo: true, maxEventLoopDelayMs: 0, publicUrl: BASE }, openDatabase(path.join(dir, 'demo.db'), MIGRATIONS_DIR)));
  validate = schemaValidators();
}, 120_000);
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get<T = OparlObject>(url: string): Promise<T> {
  const response = await app.inject(url.startsWith(BASE) ? url.slice(BASE.length) : url);
  expect(response.statusCode, `${url}: ${response.body.slice(0, 300)}`).toBe(200);
  expect(response.headers['access-control-allow-origin']).toBe('*');
  return response.json() as T;
}

/** Every object of an external list, following `next` from the first page. */
async function walk(url: string): Promise<OparlObject[]> {
  const all: OparlObject[] = [];
  let next: string | undefined = url;
  let pages = 0;
  while (next) {
    const page: Page = await get<Page>(next);
    all.push(...page.data);
    expect(page.pagination.currentPage).toBe(pages + 1);
    next = page.links.next;
    pages += 1;
    expect(pages).toBeLessThan(200);
  }
  return all;
}

function expectValid(type: (typeof TYPES)[number], object: unknown) {
  const ok = validate[type](object);
  expect(ok, `${type} ${(object as OparlObject).id}: ${JSON.stringify(validate[type].errors)}`).toBe(true);
}

const typeName = (object: OparlObject) => object.type.replace('https://schema.oparl.org/1.1/', '') as (typeof TYPES)[number];

describe('OParl 1.1 interface', () => {
  it('validates every object of every list against the official schemas', async () => {
    const system = await get('/oparl/v1');
    expectValid('System', system);
    expect(system.id).toBe(API);
    const bodies = await walk(system.body as string);
    expect(bodies.map((b) => b.shortName).sort()).toEqual(['ASMK', 'GMK', 'IntMK', 'JFMK', 'UMK']);
    const seen: Record<string, number> = {};
    for (const body of bodies) {
      expectValid('Body', body);
      for (const list of ['organization', 'meeting', 'paper', 'agendaItem', 'file', 'person'] as const) {
        for (const object of await walk(body[list] as string)) {
          const type = typeName(object);
          expectValid(type, object);
          seen[type] = (seen[type] ?? 0) + 1;
          if (type === 'Meeting') for (const item of object.agendaItem as OparlObject[]) expectValid('AgendaItem', item);
          if (type === 'Paper') for (const consultation of object.consultation as OparlObject[]) expectValid('Consultation', consultation);
        }
      }
    }
    const publicResolutions = connection.sqlite.prepare("select count(*) from resolutions where release = 'public'").pluck().get() as number;
    expect(seen).toEqual({ Organization: 5, Meeting: expect.any(Number), Paper: publicResolutions, AgendaItem: publicResolutions, File: publicResolutions });
    for (const type of ['Consultation'] as const) expectValid(type, await get(`${API}/consultation/intmk/12/2.12`));
  });

  it('gives every object a stable URL that answers with the same object', async () => {
    const paper = await get('/oparl/v1/paper/intmk/12/2.12');
    expect(paper.id).toBe(`${API}/paper/intmk/12/2.12`);
    expect(paper.web).toBe(`${BASE}/intmk/12/top/2.12`);
    const meetings = await walk(`${API}/body/umk/meetings`);
    for (const meeting of meetings) {
      expect(await get(meeting.id)).toEqual(meeting);
      for (const item of meeting.agendaItem as OparlObject[]) {
        expect(await get(item.id)).toEqual(item);
        expect(item.meeting).toBe(meeting.id);
        const file = item.resolutionFile as OparlObject;
        expect(await get(file.id)).toEqual(file);
      }
    }
    // a meeting without an ordinal is keyed by its date; TOPs with slashes are encoded
    const dated = (await walk(`${API}/body/gmk/meetings`)).find((m) => /\/meeting\/gmk\/\d{4}-\d{2}-\d{2}$/.test(m.id));
    expect(dated).toBeDefined();
    expect(await get(dated!.id)).toEqual(dated);
  });

  it('pages lists in a stable order and keeps the parameters in the page links', async () => {
    const all = await walk(`${API}/body/intmk/papers`);
    const first = await get<Page>(`${API}/body/intmk/papers?elementsPerPage=7`);
    expect(first.pagination).toEqual({ totalElements: all.length, elementsPerPage: 7, currentPage: 1, totalPages: Math.ceil(all.length / 7) });
    expect(first.links.next).toBe(`${API}/body/intmk/papers?elementsPerPage=7&page=2`);
    expect(first.links.prev).toBeUndefined();
    const paged = await walk(`${API}/body/intmk/papers?elementsPerPage=7`);
    expect(paged.map((p) => p.id)).toEqual(all.map((p) => p.id));
    const last = await get<Page>(first.links.last);
    expect(last.links.next).toBeUndefined();
    expect(last.links.prev).toBe(`${API}/body/intmk/papers?elementsPerPage=7&page=${first.pagination.totalPages - 1}`);
    // the server keeps its maximum; a page beyond the end is empty
    expect((await get<Page>(`${API}/body/intmk/papers?elementsPerPage=100000`)).pagination.elementsPerPage).toBe(100);
    expect((await get<Page>(`${API}/body/intmk/papers?page=999`)).data).toEqual([]);
  });

  it('answers bad list parameters with 400 and a German message, unknown objects with 404', async () => {
    const cases: [string, RegExp][] = [
      ['/oparl/v1/body/intmk/papers?modified_since=gestern', /„gestern“ ist für modified_since kein Zeitpunkt/],
      ['/oparl/v1/body/intmk/papers?created_since=2024-01-31', /vollständige Angabe mit Zeitzone/],
      ['/oparl/v1/body/intmk/papers?modified_until=2024-13-45T00:00:00Z', /kein Zeitpunkt/],
      ['/oparl/v1/body/intmk/papers?page=0', /keine Seitenzahl/],
      ['/oparl/v1/body/intmk/papers?page=zwei', /keine Seitenzahl/],
      ['/oparl/v1/body/intmk/meetings?elementsPerPage=-3', /elementsPerPage/],
      ['/oparl/v1/bodies?page=1.5', /keine Seitenzahl/],
    ];
    for (const [url, message] of cases) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().message, url).toMatch(message);
    }
    // unknown objects and addresses OParl does not have (a list's name misspelt, a malformed key): JSON, as every OParl answer
    for (const url of ['/oparl/v1/body/bmk', '/oparl/v1/body/intmk/personen', '/oparl/v1/paper/intmk/12/9.99', '/oparl/v1/meeting/intmk/99', '/oparl/v1/file/intmk/12/2.12/pdf', '/oparl/v1/body/intmk/paper', '/oparl/v1/meeting/intmk/abc', '/oparl/v1/gibt-es-nicht']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toBe('application/json; charset=utf-8');
      expect(response.json(), url).toMatchObject({ statusCode: 404, error: 'Seite nicht gefunden' });
    }
  });

  it('filters lists by created and modified', async () => {
    const all = await walk(`${API}/body/asmk/papers`);
    // a moment after every change so far (the demo load may have ended a few milliseconds ago)
    const latest = connection.sqlite
      .prepare('select max(t) from (select max(updated_at) as t from resolutions union all select max(updated_at) from follow_ups union all select max(updated_at) from meetings union all select max(updated_at) from conferences)')
      .pluck()
      .get() as string;
    while (new Date().toISOString() <= latest) await new Promise((resolve) => setTimeout(resolve, 2));
    const before = new Date().toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString().replace('Z', '+00:00');
    expect(await walk(`${API}/body/asmk/papers?modified_since=${encodeURIComponent(future)}`)).toEqual([]);
    expect((await walk(`${API}/body/asmk/papers?created_until=${encodeURIComponent(future)}`)).length).toBe(all.length);
    expect(await walk(`${API}/body/asmk/papers?created_until=2000-01-01T00:00:00%2B01:00`)).toEqual([]);
    // a new public follow-up modifies its paper, its agenda item and its meeting — and nothing else
    const target = all[3]!;
    const [, slug, key, top] = /\/paper\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(target.id)!;
    const resolutionId = connection.sqlite
      .prepare('select r.id from resolutions r join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id where c.slug = ? and m.url_key = ? and r.agenda_item = ?')
      .pluck()
      .get(slug, decodeURIComponent(key!), decodeURIComponent(top!)) as number;
    recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId, demandId: null, date: '2025-06-02', actor: 'BMAS', kind: 'response', summary: 'Das BMAS prüft den Beschluss (OParl-Test).',
      link: null, resultingStatus: null, visibility: 'public',
    });
    const since = `?modified_since=${encodeURIComponent(before)}`;
    expect((await walk(`${API}/body/asmk/papers${since}`)).map((p) => p.id)).toEqual([target.id]);
    expect((await walk(`${API}/body/asmk/agendaitems${since}`)).map((p) => p.id)).toEqual([target.id.replace('/paper/', '/agendaitem/')]);
    expect((await walk(`${API}/body/asmk/meetings${since}`)).map((m) => m.id)).toEqual([`${API}/meeting/${slug}/${key}`]);
    expect(await walk(`${API}/body/gmk/papers${since}`)).toEqual([]);
    const page = await get<Page>(`${API}/body/asmk/papers${since}&elementsPerPage=1`);
    expect(page.links.self).toBe(`${API}/body/asmk/papers?modified_since=${encodeURIComponent(before)}&elementsPerPage=1`);
    const modified = (await get(target.id)).modified as string;
    expect(modified >= before).toBe(true);
  });

  it('shows only public data: no drafts, internal resolutions or internal follow-ups, and nothing without a public resolution', async () => {
    // a conference with only an internal resolution, and a meeting with only a draft
    const seed = seedDocument().resolutions[0]!;
    importDocument(connection.db, TEST_ACTOR, { resolutions: [{ ...seed, conference: 'JuMiKo', meeting: { ...seed.meeting, number: 95, year: 2024, startDate: '2024-06-06', endDate: '2024-06-07' }, title: 'Geheime Justizsache' }], warnings: [] }, { source: 'Test', release: 'internal' });
    importDocument(connection.db, TEST_ACTOR, { resolutions: [{ ...seed, meeting: { ...seed.meeting, number: 21, year: 2026, startDate: '2026-03-19', endDate: '2026-03-20' }, title: 'Entwurf zur 21. IntMK' }], warnings: [] }, { source: 'Test', release: 'draft' });
    expect((await app.inject('/oparl/v1/body/jumiko')).statusCode).toBe(404);
    expect((await app.inject('/oparl/v1/body/jumiko/papers')).statusCode).toBe(404);
    expect((await app.inject('/oparl/v1/meeting/intmk/21')).statusCode).toBe(404);
    expect((await app.inject('/oparl/v1/meeting/intmk/20')).statusCode).toBe(404); // the demo's internal meeting
    const hidden = connection.sqlite
      .prepare("select title from resolutions where release <> 'public' and title not in (select title from resolutions where release = 'public')")
      .pluck()
      .all() as string[];
    const internalSummaries = connection.sqlite
      .prepare("select summary from follow_ups where visibility = 'internal' and summary not in (select summary from follow_ups where visibility = 'public')")
      .pluck()
      .all() as string[];
    expect(hidden.length).toBeGreaterThan(2);
    expect(internalSummaries.length).toBeGreaterThan(5);
    let dump = JSON.stringify(await walk(`${API}/bodies`));
    for (const body of ['intmk', 'gmk', 'asmk', 'umk', 'jfmk']) {
      for (const list of ['meetings', 'papers']) dump += JSON.stringify(await walk(`${API}/body/${body}/${list}`));
    }
    for (const title of hidden) expect(dump).not.toContain(JSON.stringify(title));
    for (const summary of internalSummaries) expect(dump).not.toContain(JSON.stringify(summary));
    expect(dump).not.toContain('jumiko');
  });

  it('carries the implementation state of every demand as a documented extension', async () => {
    const paper = await get('/oparl/v1/paper/intmk/12/2.12');
    const agendaItem = await get('/oparl/v1/agendaitem/intmk/12/2.12');
    const extension = paper['beschlussmonitor:implementation'] as { demands: Record<string, unknown>[] };
    expect(agendaItem['beschlussmonitor:implementation']).toEqual(extension);
    const page = resolutionPage(connection.db, PUBLIC_VIEWER, 'intmk', '12', '2.12', null)!;
    expect(extension.demands.map((d) => d.number)).toEqual(page.demands.map((d) => d.number));
    for (const [i, demand] of extension.demands.entries()) {
      const expected = page.demands[i]!;
      expect(demand).toMatchObject({
        status: expected.status,
        federalReading: expected.readings.addressee,
        laenderAssessment: expected.readings.laender,
        readingsDisagree: expected.readings.disagree,
        stale: expected.stale,
        web: `${BASE}/intmk/12/top/2.12#ziffer-${expected.number}`,
      });
      const timeline = demand.timeline as { date: string; summary: string; scope: string }[];
      const dates = timeline.map((e) => e.date);
      expect(dates).toEqual([...dates].sort());
      expect(timeline.map((e) => e.summary).sort()).toEqual(
        [...expected.followUps.map((f) => f.summary), ...page.resolutionFollowUps.map((f) => f.summary)].sort(),
      );
    }
    // the demo history of 2.12: a federal response and a Länder assessment that disagree somewhere
    expect(extension.demands.some((d) => d.federalReading !== null)).toBe(true);
    expect(extension.demands.some((d) => d.laenderAssessment !== null)).toBe(true);
  });

  it('has no "as of a day" (docs/oparl.md): ?stand= is refused naming the read API, whose address every Paper carries', async () => {
    for (const url of ['/oparl/v1/paper/intmk/12/2.12?stand=2018-01-01', '/oparl/v1/body/intmk/papers?stand=2018-01-01', '/oparl/v1/body/intmk/papers?page=1&stand=01.01.2018']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type'], url).toBe('application/json; charset=utf-8');
      expect(response.json(), url).toEqual({
        statusCode: 400,
        error: 'Ungültige Anfrage',
        message:
          'Den Parameter „stand“ gibt es in der OParl-Schnittstelle nicht: Dort hat jedes Objekt genau eine Adresse und zeigt den heutigen Stand. ' +
          'Den Stand an einem früheren Tag liefert die Lese-API; ein Beschluss (Paper) nennt seine Adresse dort unter „beschlussmonitor:api“, z. B. /api/v1/resolutions/intmk/12/2.12?stand=2018-01-01.',
      });
    }
    const paper = await get('/oparl/v1/paper/intmk/12/2.12');
    expect(paper['beschlussmonitor:api']).toBe(`${BASE}/api/v1/resolutions/intmk/12/2.12`);
    const answered = await app.inject(`${(paper['beschlussmonitor:api'] as string).slice(BASE.length)}?stand=2018-01-01`);
    expect(answered.statusCode).toBe(200);
    const asOf = answered.json() as { asOf: string; url: string };
    expect(asOf.asOf).toBe('2018-01-01');
    expect(asOf.url).toBe(`${BASE}/intmk/12/top/2.12?stand=2018-01-01`);
    // a TOP whose key needs encoding, on every Paper
    for (const each of await walk('/oparl/v1/body/intmk/papers')) {
      expect(each['beschlussmonitor:api'], each.id).toBe(each.id.replace(`${API}/paper/`, `${BASE}/api/v1/resolutions/`));
      expect((await app.inject((each['beschlussmonitor:api'] as string).slice(BASE.length))).statusCode, each.id).toBe(200);
    }
  });

  it('dates a Paper and its File by the day the resolution was adopted, and names the day it was published beside it', async () => {
    const paper = await get('/oparl/v1/paper/intmk/12/2.12');
    const releasedOn = connection.sqlite
      .prepare("select r.released_on from resolutions r join meetings m on m.id = r.meeting_id where m.url_key = '12' and r.agenda_item = '2.12'")
      .pluck()
      .get() as string;
    expect(releasedOn).not.toBe('2017-03-16');
    expect(paper.date).toBe('2017-03-16');
    expect((paper.mainFile as OparlObject).date).toBe('2017-03-16');
    expect(paper['beschlussmonitor:releasedOn']).toBe(releasedOn);
    // every Paper: the first day of its meeting, or none for a meeting known only by its year
    const days = new Map((connection.sqlite.prepare('select c.slug, m.url_key as urlKey, m.start_date as startDate from meetings m join conferences c on c.id = m.conference_id').all() as { slug: string; urlKey: string; startDate: string | null }[]).map((m) => [`${m.slug}/${m.urlKey}`, m.startDate]));
    for (const each of await walk('/oparl/v1/body/gmk/papers')) {
      const [, meeting] = /\/paper\/([^/]+\/[^/]+)\/[^/]+$/.exec(each.id)!;
      expect(each.date ?? null, each.id).toBe(days.get(decodeURIComponent(meeting!)));
    }
  });

  it('serves the resolution text the File describes', async () => {
    const file = await get('/oparl/v1/file/intmk/12/2.12');
    const text = await app.inject('/oparl/v1/file/intmk/12/2.12/text');
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body).toBe(file.text);
    expect(Buffer.byteLength(text.body)).toBe(file.size);
    expect(createHash('sha1').update(text.body).digest('hex')).toBe(file.sha1Checksum);
    expect(text.body).toContain('Ausbau und Öffnung der Migrationsberatung');
    const download = await app.inject('/oparl/v1/file/intmk/12/2.12/download');
    expect(download.headers['content-disposition']).toBe('attachment; filename="intmk-12-top-2.12.txt"');
    expect(download.body).toBe(text.body);
  });
});
