import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { xml2js, type Element } from 'xml-js';
import type { Connection } from '../../db/connection.js';
import { seedDocument, TEST_ACTOR } from '../helpers.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { store, useArchiveApp, type Archive } from './fixtures.js';

let app: FastifyInstance;
let connection: Connection;
let archive: Archive;

useArchiveApp((built) => ({ app, connection, archive } = built));

interface Entry {
  id: string;
  title: string;
  updated: string;
  link: string;
  summary: string;
}

/** Parses an Atom document strictly (throws on malformed XML) and returns its entries. */
function parseAtom(xml: string): { feed: Element; entries: Entry[] } {
  const doc = xml2js(xml, { compact: false }) as Element;
  const feed = doc.elements!.find((e) => e.name === 'feed')!;
  expect(feed.attributes?.xmlns).toBe('http://www.w3.org/2005/Atom');
  const text = (el: Element | undefined) =>
    (el?.elements ?? []).map((c) => (c.type === 'cdata' ? c.cdata : c.type === 'text' ? c.text : '')).join('');
  for (const name of ['id', 'title', 'updated']) expect(feed.elements!.some((e) => e.name === name), name).toBe(true);
  const entries = (feed.elements ?? [])
    .filter((e) => e.name === 'entry')
    .map((entry) => {
      const child = (name: string) => entry.elements!.find((e) => e.name === name);
      return {
        id: text(child('id')),
        title: text(child('title')),
        updated: text(child('updated')),
        link: String(child('link')?.attributes?.href ?? ''),
        summary: text(child('summary')),
      };
    });
  for (const entry of entries) {
    expect(entry.id).not.toBe('');
    expect(entry.title).not.toBe('');
    expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
  }
  return { feed, entries };
}

describe('Atom feeds', () => {
  it('lists newly released resolutions, newest first, never drafts or internal ones', async () => {
    const response = await app.inject('/feeds/beschluesse.atom');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/atom+xml');
    expect(response.headers.etag).toBeTruthy();
    const { entries } = parseAtom(response.body);
    expect(entries.map((e) => e.link)).toEqual([
      'http://localhost:3000/gmk/92/top/7',
      'http://localhost:3000/gmk/92/top/5.2',
      'http://localhost:3000/intmk/13/top/1',
      'http://localhost:3000/intmk/12/top/3.1',
      'http://localhost:3000/intmk/12/top/2.12',
    ]);
    expect(response.body).not.toContain('Entwurfsgeheimnis');
    expect(response.body).not.toContain('Internwort');
  });

  it('has a feed per conference, and 404 for unknown conferences', async () => {
    const { entries } = parseAtom((await app.inject('/intmk/feed.atom')).body);
    expect(entries.map((e) => e.link)).toEqual([
      'http://localhost:3000/intmk/13/top/1',
      'http://localhost:3000/intmk/12/top/3.1',
      'http://localhost:3000/intmk/12/top/2.12',
    ]);
    expect(entries[2]!.title).toBe('12. IntMK 2017, TOP 2.12: Ausbau und Öffnung der Migrationsberatung');
    expect((await app.inject('/xyz/feed.atom')).statusCode).toBe(404);
  });

  it('escapes markup in titles so that feed readers show it as text', async () => {
    store(connection, {
      conference: 'UMK',
      number: 1,
      year: 2020,
      agendaItem: '1',
      title: 'Grenzwerte <b>NO2</b> & "Feinstaub" ]]> Ende',
      sponsors: ['BY'],
      demands: [{ text: 'Text' }],
    });
    const { entries } = parseAtom((await app.inject('/umk/feed.atom')).body);
    expect(entries[0]!.title).toBe('1. UMK 2020, TOP 1: Grenzwerte &lt;b&gt;NO2&lt;/b&gt; &amp; &quot;Feinstaub&quot; ]]&gt; Ende');
  });

  it('lists public status changes per conference, not internal ones', async () => {
    const response = await app.inject('/gmk/status.atom');
    expect(response.statusCode).toBe(200);
    const { entries } = parseAtom(response.body);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.title).toBe('92. GMK 2019, TOP 7: umgesetzt');
    expect(entries[0]!.summary).toContain('Haushaltsmittel');
    expect(response.body).not.toContain('Vertraulichkeitsvermerk');
    // a public follow-up on an unreleased resolution stays out
    recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId: archive.internal,
      demandId: null,
      date: '2018-01-01',
      actor: null,
      kind: 'response',
      summary: 'Geheime Statusänderung',
      link: null,
      resultingStatus: 'implemented',
      visibility: 'public',
    });
    const intmk = await app.inject('/intmk/status.atom');
    expect(parseAtom(intmk.body).entries).toEqual([]);
    expect(intmk.body).not.toContain('Geheime');
  });

  it("dates an empty status feed by its subject's publication, not by a made-up date", async () => {
    const updated = (xml: string) => /<feed[\s\S]*?<updated>([^<]+)<\/updated>/.exec(xml)![1];
    // no public status change in the IntMK: the feed is as of its latest publication (13. IntMK, 1 July 2018)
    const conference = (await app.inject('/intmk/status.atom')).body;
    expect(parseAtom(conference).entries).toEqual([]);
    expect(updated(conference)).toBe('2018-07-01T12:00:00.000Z');
    // one resolution's empty status feed: as of its release
    const resolution = (await app.inject('/intmk/12/top/2.12/status.atom')).body;
    expect(parseAtom(resolution).entries).toEqual([]);
    expect(updated(resolution)).toBe('2017-04-01T12:00:00.000Z');
    // a search without hits: as of the archive's latest publication; a feed with entries: its newest entry
    const search = (await app.inject('/suche/feed.atom?q=Nirgendwort')).body;
    expect(parseAtom(search).entries).toEqual([]);
    expect(updated(search)).toBe('2019-07-01T12:00:00.000Z');
    expect(updated((await app.inject('/gmk/status.atom')).body)).toMatch(/^20\d\d-/);
    expect(updated((await app.inject('/gmk/status.atom')).body)).not.toBe('2019-07-01T12:00:00.000Z');
  });

  it('turns any search into a feed', async () => {
    const response = await app.inject('/suche/feed.atom?q=Migrationsberat*');
    expect(response.statusCode).toBe(200);
    const { entries } = parseAtom(response.body);
    expect(entries.map((e) => e.link).sort()).toEqual([
      'http://localhost:3000/gmk/92/top/5.2',
      'http://localhost:3000/intmk/12/top/2.12',
    ]);
    expect(response.body).toContain('<link rel="self" href="http://localhost:3000/suche/feed.atom?q=Migrationsberat*"/>');
    const malformed = await app.inject(`/suche/feed.atom?q=${encodeURIComponent('"AND OR *')}`);
    expect(malformed.statusCode).toBe(200);
    expect(parseAtom(malformed.body).entries).toEqual([]);
  });
});

describe('exports', () => {
  it('exports search results as CSV with BOM, semicolons and a German header', async () => {
    const response = await app.inject('/suche/export.csv?q=Migrationsberat*');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="beschluesse-suche-\d{4}-\d{2}-\d{2}\.csv"$/);
    const raw = response.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = response.body.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      'Konferenz;Sitzung;Jahr;Datum;TOP;Titel;Ergebnis;Antragsteller;Umsetzungsstand der Ziffern;Adressaten;Veröffentlicht am;Adresse',
    );
    expect(lines).toHaveLength(3);
    // "TOP 2.12", not "2.12": German Excel opens a bare 2.12 as the date 2 December
    expect(lines[1]).toContain('IntMK;12. IntMK 2017;2017;2017-03-16;TOP 2.12;Ausbau und Öffnung der Migrationsberatung;angenommen;');
    expect(lines[1]).toContain(';http://localhost:3000/intmk/12/top/2.12');
  });

  it('quotes CSV fields with semicolons and quotes', async () => {
    store(connection, {
      conference: 'UMK',
      number: 1,
      year: 2020,
      agendaItem: '1',
      title: 'Luft; Wasser "und" Boden',
      sponsors: ['BY'],
      demands: [{ text: 'Bodenschutz' }],
    });
    const body = (await app.inject('/suche/export.csv?q=Bodenschutz')).body;
    expect(body).toContain(';"Luft; Wasser ""und"" Boden";');
  });

  it('exports search results as JSON with the filters', async () => {
    const response = await app.inject('/suche/export.json?q=Bund&konferenz=gmk');
    expect(response.statusCode).toBe(200);
    const json = response.json() as { query: string; filters: { conference: string }; total: number; complete: boolean; resolutions: { url: string; title: string }[] };
    expect(json.query).toBe('Bund');
    expect(json.filters.conference).toBe('gmk');
    expect(json.total).toBe(2);
    expect(json.complete).toBe(true);
    expect(json.resolutions.map((r) => r.url).sort()).toEqual([
      'http://localhost:3000/gmk/92/top/5.2',
      'http://localhost:3000/gmk/92/top/7',
    ]);
  });

  it('links the exports from the search page with the whole state', async () => {
    const html = (await app.inject('/suche?q=Bund&land=HE')).body;
    expect(html).toContain('href="/suche/export.csv?q&#x3D;Bund&amp;land&#x3D;HE"');
    expect(html).toContain('href="/suche/export.json?q&#x3D;Bund&amp;land&#x3D;HE"');
    expect(html).toContain('href="/suche/feed.atom?q&#x3D;Bund&amp;land&#x3D;HE"');
  });

  it('exports a meeting as the import interchange JSON, only released resolutions', async () => {
    const response = await app.inject('/intmk/12/export.json');
    expect(response.statusCode).toBe(200);
    const document = response.json() as { resolutions: { agendaItem: string }[]; warnings: unknown[] };
    expect(document.resolutions.map((r) => r.agendaItem)).toEqual(['2.12', '3.1']);
    expect(response.body).not.toContain('Internwort');
    const seed = seedDocument().resolutions[0]!;
    const exported = document.resolutions[0] as unknown as typeof seed;
    expect(exported.title).toBe(seed.title);
    expect(exported.sponsors).toEqual(seed.sponsors);
    expect(exported.decision).toEqual(seed.decision);
    expect(exported.demands.map((d) => [d.number, d.text])).toEqual(seed.demands.map((d) => [d.number, d.text]));
    expect(exported.protocolStatements).toEqual(seed.protocolStatements);
    expect(exported.meeting).toEqual(seed.meeting);
  });

  it('answers 404 for a meeting with only unreleased resolutions, like the meeting page', async () => {
    const draftOnly = await app.inject('/intmk/14/export.json');
    expect(draftOnly.statusCode).toBe(404);
    expect(draftOnly.body).not.toContain('Entwurfsgeheimnis');
    expect((await app.inject('/intmk/99/export.json')).statusCode).toBe(404);
  });
});
