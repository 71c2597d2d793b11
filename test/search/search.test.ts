import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, TEST_ACTOR } from '../helpers.js';
import { parseQuery, type ParsedQuery } from '../../src/domain/search-query.js';
import { tierExpression } from '../../src/domain/search-match.js';
import { compoundsOf, publicTierQueries } from '../../src/services/search/candidates.js';
import { lookups, PUBLIC_COLUMNS, WIDE_PREFIX_WORDS } from '../../src/services/search/queries.js';
import { NO_FILTERS, searchResolutions, syncSearchIndex, type FacetName, type SearchFilters } from '../../src/services/search.js';
import { PUBLIC_VIEWER } from '../../src/services/visibility.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { FORDERUNG, store, useArchiveApp, type Archive } from './fixtures.js';

let app: FastifyInstance;
let connection: Connection;
let archive: Archive;

useArchiveApp((built) => ({ app, connection, archive } = built));

function decode(html: string): string {
  return html.replace(/&[a-z#0-9]+;/gi, (e) => ({ '&amp;': '&', '&quot;': '"', '&#x27;': "'", '&lt;': '<', '&gt;': '>', '&#x3D;': '=' })[e] ?? e);
}

/** The result URLs of a search page, in order. */
function hitUrls(html: string): string[] {
  return [...html.matchAll(/<li class="search-hit">\s*<h3><a href="([^"]+)"/g)].map((m) => decode(m[1]!));
}

/** An internal note on the Förderung resolution (by the test actor, 01.05.2020). */
function internalNote(summary: string): void {
  recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId: archive.foerderung,
    demandId: null,
    date: '2020-05-01',
    actor: 'BMI',
    kind: 'note',
    summary,
    link: null,
    resultingStatus: null,
    visibility: 'internal',
  });
}

async function search(query: string) {
  const response = await app.inject({ url: `/suche?${query}` });
  expect(response.statusCode).toBe(200);
  return response.body;
}

describe('search page', () => {
  it('lists TOP 2.12 first for Migrationsberatung, with a highlighted snippet', async () => {
    const html = await search('q=Migrationsberatung');
    const urls = hitUrls(html);
    expect(urls[0]).toBe('/intmk/12/top/2.12');
    expect(html).toContain('<mark>Migrationsberatung</mark>');
    expect(html).toMatch(/<p class="snippet">[^<]*<mark>Migrationsberatung<\/mark>/);
  });

  it('ranks a title hit above a body hit', async () => {
    const urls = hitUrls(await search('q=Migrationsberat*'));
    expect(urls).toEqual(['/intmk/12/top/2.12', '/gmk/92/top/5.2']);
  });

  it('finds compounds by prefix and marks the compound in the original text', async () => {
    const html = await search(`q=${encodeURIComponent('Migrationsberat*')}`);
    expect(html).toContain('<mark>Migrationsberatungsstellen</mark>');
  });

  it('folds Förderung/FÖRDERUNG/Foerderung together but not with Forderung', async () => {
    for (const q of ['Förderung', 'FÖRDERUNG', 'Foerderung', 'foerderung']) {
      const html = await search(`q=${encodeURIComponent(q)}`);
      expect(hitUrls(html), q).toEqual(['/intmk/12/top/3.1']);
      expect(html, q).toContain('<mark>Förderung</mark>');
    }
    const html = await search('q=Forderung');
    // The word itself first; "Anforderungen" (TOP 2.12) contains it and comes after.
    expect(hitUrls(html)).toEqual(['/intmk/13/top/1', '/intmk/12/top/2.12']);
    expect(html).toContain('<mark>Forderung</mark>');
    expect(html).toContain('An<mark>forderung</mark>en');
  });

  it('finds Straße as Strasse, showing the original spelling', async () => {
    const html = await search('q=Hauptstrasse');
    expect(hitUrls(html)).toEqual(['/intmk/12/top/3.1']);
    expect(html).toContain('<mark>Hauptstraße</mark>');
  });

  it('supports phrases and exclusion', async () => {
    expect(hitUrls(await search(`q=${encodeURIComponent('"guter Bleibeperspektive"')}`))).toEqual(['/intmk/12/top/2.12']);
    expect(hitUrls(await search(`q=${encodeURIComponent('"Bleibeperspektive guter"')}`))).toEqual([]);
    const without = hitUrls(await search(`q=${encodeURIComponent('Migrationsberat* -Pflegekräfte')}`));
    expect(without).toEqual(['/intmk/12/top/2.12']);
  });

  it('answers malformed queries with 200 and a German message or results', async () => {
    const unbalanced = await search(`q=${encodeURIComponent('"Kita')}`);
    expect(unbalanced).toContain('Anführungszeichen');
    expect(hitUrls(unbalanced)).toContain('/intmk/13/top/1');
    const operators = await search(`q=${encodeURIComponent('AND OR')}`);
    expect(operators).toContain('keinen Suchbegriff');
    const star = await search(`q=${encodeURIComponent('*')}`);
    expect(star).toContain('keinen Suchbegriff');
    const long = await search(`q=${encodeURIComponent('Migrationsberatung '.repeat(106))}`);
    expect(long).toContain('zu lang');
    const syntax = await search(`q=${encodeURIComponent('title:(Kita^ NEAR "x')}`);
    expect(syntax).toContain('Anführungszeichen');
    const onlyMinus = await search('q=-Kita');
    expect(onlyMinus).toContain('ohne Minus');
  });

  it('escapes what the user typed', async () => {
    const html = await search(`q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;');
  });

  it('shows the empty form without a query', async () => {
    const html = await search('');
    expect(html).toContain('<label for="suche-q">');
    expect(hitUrls(html)).toEqual([]);
    expect(html).not.toContain('id="treffer"');
  });

  it('ignores unknown filter values with a German notice', async () => {
    const html = await search('q=Bund&land=XX&von=abc&ergebnis=vielleicht');
    expect(html).toContain('„abc“ ist keine gültige Jahreszahl');
    expect(html).toContain('„XX“ ist unbekannt');
    expect(html).toContain('„vielleicht“ ist unbekannt');
    expect(hitUrls(html).length).toBeGreaterThan(0);
  });

  it('shows a notice about a bad year or date above the form, linked to its field, which keeps the value and names the problem', async () => {
    const html = await search('q=Bund&von=20x4&bis=2030&stand=31.02.2026');
    const notice = html.indexOf('<div class="notice" role="status">');
    expect(notice).toBeGreaterThan(html.indexOf('<h1>'));
    expect(notice).toBeLessThan(html.indexOf('<form class="search-form"'));
    const box = html.slice(notice, html.indexOf('</div>', notice));
    expect(box).toMatch(/<a href="#suche-von">Angabe „von“: „20x4“ ist keine gültige Jahreszahl[^<]*<\/a>/);
    expect(box).toMatch(/<a href="#suche-stand">[^<]*31\.02\.2026[^<]*<\/a>/);
    expect(box).not.toContain('#suche-bis');
    expect(html).toMatch(/<input id="suche-von"[^>]* value="20x4" aria-invalid="true" aria-describedby="suche-von-fehler">/);
    expect(html).toMatch(/<p class="field-error" id="suche-von-fehler">Angabe „von“: „20x4“ ist keine gültige Jahreszahl/);
    expect(html).toMatch(/<input id="suche-stand"[^>]* value="31\.02\.2026" aria-invalid="true" aria-describedby="suche-stand-fehler">/);
    expect(html).toContain('id="suche-stand-fehler"');
    expect(html).toMatch(/<input id="suche-bis"[^>]* value="2030">/);
    expect(html).not.toContain('suche-bis-fehler');
    // a notice about no field stays text
    expect(await search('q=Bund&land=XX')).toMatch(/<li>Der Filter [^<]*„XX“ ist unbekannt/);
  });

  it('swaps years given in the wrong order and says so', async () => {
    const swapped = await search('q=Bund&von=2030&bis=1990');
    expect(swapped).toContain('Das Jahr „von“ (2030) lag nach dem Jahr „bis“ (1990); gesucht wird in den Jahren 1990 bis 2030.');
    expect(hitUrls(swapped)).toEqual(hitUrls(await search('q=Bund&von=1990&bis=2030')));
    expect(hitUrls(swapped).length).toBeGreaterThan(0);
    expect(await search('q=Bund&von=1990&bis=2030')).not.toContain('lag nach dem Jahr');
  });
});

describe('visibility', () => {
  it('never finds draft or internal resolutions or internal follow-ups for the public', async () => {
    for (const q of ['Entwurfsgeheimnis', 'Internwort', 'Vertraulichkeitsvermerk', 'Finanzministerium']) {
      expect(hitUrls(await search(`q=${q}`)), q).toEqual([]);
      const csv = await app.inject(`/suche/export.csv?q=${q}`);
      expect(csv.body.split('\r\n').filter(Boolean).length, q).toBe(1);
      const json = (await app.inject(`/suche/export.json?q=${q}`)).json() as { resolutions: unknown[]; total: number };
      expect(json.resolutions, q).toEqual([]);
      expect(json.total).toBe(0);
      const feed = await app.inject(`/suche/feed.atom?q=${q}`);
      expect(feed.body).not.toContain('<entry>');
    }
    const all = await search('q=Migrationsberatung');
    expect(all).not.toContain('Entwurfsgeheimnis');
    expect(all).not.toContain('Internwort');
    const result = searchResolutions(connection.db, PUBLIC_VIEWER, parseQuery('Bund'), NO_FILTERS);
    const ids = result.hits.map((h) => h.id);
    expect(ids).not.toContain(archive.draft);
    expect(ids).not.toContain(archive.internal);
  });

  it('finds public follow-up summaries and shows them as snippet', async () => {
    const html = await search('q=Haushaltsmittel');
    expect(hitUrls(html)).toEqual(['/gmk/92/top/7']);
    expect(html).toContain('<mark>Haushaltsmittel</mark>');
  });

  it('finds internal follow-ups for logged-in viewers only', () => {
    const viewer = { userId: 1, role: 'land' as const, land: 'HE', conferenceIds: [] };
    const found = searchResolutions(connection.db, viewer, parseQuery('Vertraulichkeitsvermerk'), NO_FILTERS);
    expect(found.hits.map((h) => h.id)).toEqual([archive.withFollowUps]);
    const internal = searchResolutions(connection.db, viewer, parseQuery('Internwort'), NO_FILTERS);
    expect(internal.hits.map((h) => h.id)).toEqual([archive.internal]);
    const drafts = searchResolutions(connection.db, viewer, parseQuery('Entwurfsgeheimnis'), NO_FILTERS);
    expect(drafts.hits).toEqual([]);
  });

  it('finds a resolution for logged-in viewers when one word is in its text and another in an internal note', () => {
    const viewer = { userId: 1, role: 'land' as const, land: 'HE', conferenceIds: [] };
    const both = parseQuery('Investitionskosten Vertraulichkeitsvermerk');
    expect(searchResolutions(connection.db, viewer, both, NO_FILTERS).hits.map((h) => h.id)).toEqual([archive.withFollowUps]);
    expect(searchResolutions(connection.db, PUBLIC_VIEWER, both, NO_FILTERS).hits).toEqual([]);
    // An excluded word excludes also when it stands only in an internal note.
    const without = parseQuery('Investitionskosten -Vertraulichkeitsvermerk');
    expect(searchResolutions(connection.db, viewer, without, NO_FILTERS).hits).toEqual([]);
    expect(searchResolutions(connection.db, PUBLIC_VIEWER, without, NO_FILTERS).hits.map((h) => h.id)).toEqual([archive.withFollowUps]);
  });

  it('ranks for the public by public text only: an internal note changes neither order nor score', () => {
    store(connection, {
      conference: 'GMK',
      number: 92,
      year: 2019,
      agendaItem: '8',
      title: 'Investitionen in Kliniken',
      sponsors: ['HE'],
      demands: [{ text: 'Der Bund wird gebeten, Investitionen in Kliniken zu fördern und Haushaltsmittel bereitzustellen.' }],
    });
    const ranking = () =>
      searchResolutions(connection.db, PUBLIC_VIEWER, parseQuery('Bund'), NO_FILTERS, { cache: false }).hits.map((h) => [
        h.id,
        h.score,
      ]);
    const before = ranking();
    expect(before.length).toBeGreaterThan(3);
    internalNote(`Interner Vermerk: ${'Abstimmung mit dem Ressort über die weitere Finanzierung. '.repeat(40)}`);
    expect(ranking()).toEqual(before);
  });

  it('renders a repeated search as the first time, and its hit list and facets anew after a write', async () => {
    const facetCount = (html: string) => /data-facet="conference" data-value="gmk" data-count="(\d+)"/.exec(html)?.[1];
    const first = await search('q=Bund');
    // the second answer comes from the result cache, its hit list and facets from the memoised markup
    expect(await search('q=Bund')).toBe(first);
    store(connection, { conference: 'GMK', number: 95, year: 2023, agendaItem: '4', title: 'Bund und Gesundheit', sponsors: ['HE'], demands: [{ text: 'Der Bund soll handeln.' }] });
    const after = await search('q=Bund');
    expect(hitUrls(after)).toEqual(['/gmk/95/top/4', ...hitUrls(first)]);
    expect(Number(facetCount(after))).toBe(Number(facetCount(first)) + 1);
  });

  it('keeps the index in step with writes: re-import changes the text', async () => {
    expect(hitUrls(await search('q=Zauberwort'))).toEqual([]);
    store(connection, { ...FORDERUNG, demands: [{ text: 'Das Zauberwort ersetzt den alten Text.', addressees: ['laender'] }], statements: [] });
    expect(hitUrls(await search('q=Zauberwort'))).toEqual(['/intmk/13/top/1']);
    expect(hitUrls(await search('q=Forderung'))).not.toContain('/intmk/13/top/1');
  });
});

/** The MATCH expression of the widest tier (words, inflected forms, compounds) on the public columns. */
function everyTier(parsed: ParsedQuery): string | null {
  return tierExpression(parsed, 'compound', PUBLIC_COLUMNS, compoundsOf(connection.db, parsed));
}

describe('filters and facets', () => {
  /** Direct SQL count of public resolutions matching `match` (public columns) and `where`. */
  function sqlCount(match: string | null, where: string, params: unknown[] = []): number {
    const sqlText = `select count(distinct r.id) as n from resolutions r
      join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
      ${match ? 'join search_index on search_index.rowid = r.id' : ''}
      where r.release = 'public' ${match ? 'and search_index match ?' : ''}
      and ${where}`;
    const row = connection.sqlite.prepare(sqlText).get(...(match ? [match, ...params] : params)) as { n: number };
    return row.n;
  }

  const FACET_SQL: Record<FacetName, string> = {
    conference: 'c.slug = ?',
    year: 'm.year = ?',
    land: 'exists (select 1 from resolution_sponsors s where s.resolution_id = r.id and s.land = ?)',
    outcome: 'r.outcome = ?',
    status: 'exists (select 1 from demands d where d.resolution_id = r.id and d.public_status = ?)',
    addressee: 'exists (select 1 from demands d, json_each(d.addressees) a where d.resolution_id = r.id and a.value = ?)',
  };

  it('counts every facet value as a direct SQL count does, with and without a text query', () => {
    for (const q of ['Bund', 'Migrationsberat*', 'Beratung', '']) {
      const parsed = parseQuery(q);
      const match = everyTier(parsed);
      const filters: SearchFilters = q === '' ? { ...NO_FILTERS, yearFrom: 2000 } : NO_FILTERS;
      const result = searchResolutions(connection.db, PUBLIC_VIEWER, parsed, filters);
      expect(result.total).toBe(sqlCount(match, q === '' ? 'm.year >= 2000' : '1'));
      let checked = 0;
      for (const [name, values] of Object.entries(result.facets) as [FacetName, { value: string; count: number }[]][]) {
        for (const value of values) {
          const param = name === 'year' ? Number(value.value) : value.value;
          expect(value.count, `${q} ${name}=${value.value}`).toBe(sqlCount(match, FACET_SQL[name], [param]));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(8);
    }
  });

  it('applies each filter, alone and combined with the text query, as SQL does', () => {
    const cases: [Partial<SearchFilters>, string, unknown[]][] = [
      [{ conference: 'gmk' }, FACET_SQL.conference, ['gmk']],
      [{ yearFrom: 2018, yearTo: 2019 }, 'm.year between ? and ?', [2018, 2019]],
      [{ land: 'NW' }, FACET_SQL.land, ['NW']],
      [{ outcome: 'noted' }, FACET_SQL.outcome, ['noted']],
      [{ status: 'implemented' }, FACET_SQL.status, ['implemented']],
      [{ addressee: 'eu' }, FACET_SQL.addressee, ['eu']],
      [{ conference: 'intmk', land: 'BY' }, `${FACET_SQL.conference} and ${FACET_SQL.land}`, ['intmk', 'BY']],
    ];
    for (const q of ['Bund', '']) {
      const parsed = parseQuery(q);
      for (const [filters, where, params] of cases) {
        const result = searchResolutions(connection.db, PUBLIC_VIEWER, parsed, { ...NO_FILTERS, ...filters });
        const expected = sqlCount(everyTier(parsed), where, params);
        expect(result.total, `${q} ${JSON.stringify(filters)}`).toBe(expected);
        expect(result.hits.length).toBe(expected);
      }
    }
  });

  it('shows facet counts and keeps the whole state in the facet and filter links', async () => {
    const html = await search('q=Bund&konferenz=gmk');
    expect(html).toMatch(/data-facet="conference" data-value="gmk" data-count="2"/);
    expect(html).toMatch(/data-facet="land" data-value="HE" data-count="1"/);
    expect(html).toContain('(1<span class="visually-hidden"> Treffer</span>)');
    const link = /data-facet="land" data-value="HE"[^>]*><a href="([^"]+)"/.exec(html)![1]!;
    expect(decode(link)).toBe('/suche?q=Bund&konferenz=gmk&land=HE');
    const filtered = await search(decode(link).slice('/suche?'.length));
    expect(hitUrls(filtered)).toEqual(['/gmk/92/top/7']);
    expect(filtered).toContain('entfernen');
    expect(filtered).toMatch(/<select id="suche-konferenz" name="konferenz">[\s\S]*<option value="gmk" selected>/);
  });

  it('offers the facets before the hits, with a link on to the hits', async () => {
    const html = await search('q=Bund');
    const facets = html.indexOf('<aside class="search-facets"');
    const hits = html.indexOf('<h2 id="treffer">');
    expect(facets).toBeGreaterThan(html.indexOf('<form class="search-form"'));
    expect(hits).toBeGreaterThan(facets);
    expect(html.slice(facets, hits)).toContain('<a href="#treffer">Zu den Treffern springen</a>');
    expect(html).toContain('<div class="search-layout with-facets">');
    expect(html).toMatch(/data-facet="conference" data-value="gmk" data-count="\d+"/);
  });

  it('paginates, keeping the query in the page links', async () => {
    for (let i = 1; i <= 24; i++) {
      store(connection, {
        conference: 'UMK',
        number: 90 + (i % 3),
        year: 2010 + (i % 3),
        agendaItem: String(i),
        title: `Gewässerschutz Nummer ${i}`,
        sponsors: ['SH'],
        demands: [{ text: 'Der Gewässerschutz ist zu stärken.' }],
      });
    }
    const first = await search('q=Gew%C3%A4sserschutz');
    expect(hitUrls(first)).toHaveLength(20);
    expect(first).toContain('<span class="visually-hidden">Seite </span>2</a>');
    expect(first).toContain('24 Treffer');
    expect(decode(first)).toContain('href="/suche?q=Gew%C3%A4sserschutz&seite=2" rel="next"');
    const second = await search('q=Gew%C3%A4sserschutz&seite=2');
    expect(hitUrls(second)).toHaveLength(4);
    // the title says which page of how many
    expect(first).toContain('<title>Suche: Gewässerschutz – Seite 1 von 2 – Beschlussmonitor</title>');
    expect(second).toContain('<title>Suche: Gewässerschutz – Seite 2 von 2 – Beschlussmonitor</title>');
    expect(second).toContain('<ol class="search-results" start="21">');
    const all = new Set([...hitUrls(first), ...hitUrls(second)]);
    expect(all.size).toBe(24);
    const beyond = await search('q=Gew%C3%A4sserschutz&seite=99');
    expect(hitUrls(beyond)).toEqual(hitUrls(second));
    expect(beyond).toContain('Seite 99 gibt es nicht; angezeigt wird die letzte Seite (2).');
    expect(second).not.toContain('gibt es nicht');
    const bad = await search(`q=Gew%C3%A4sserschutz&seite=zwei&sortierung=${'x'.repeat(30)}`);
    expect(hitUrls(bad)).toEqual(hitUrls(first));
    expect(bad).toContain('„zwei“ ist keine Seitenzahl; angezeigt wird Seite 1.');
    expect(bad).toContain(`Die Sortierung „${'x'.repeat(20)}…“ gibt es nicht; die Treffer sind nach Relevanz sortiert.`);
  });
});

describe('wide prefixes', () => {
  /** 30 resolutions (2001–2030) with their own compound of "Weidetier" in a Ziffer; every fifth also in its title. */
  function storeWeidetiere(): string[] {
    const tails = ['haltung', 'schutz', 'gesundheit', 'zucht', 'versorgung', 'transporte', 'wohl', 'seuchen', 'register', 'praemie'];
    const words: string[] = [];
    for (let i = 0; i < 30; i++) {
      const word = `Weidetier${tails[i % 10]}${'x'.repeat(Math.floor(i / 10))}`;
      words.push(word);
      store(connection, {
        conference: 'UMK',
        number: 100 + i,
        year: 2001 + i,
        agendaItem: '1',
        title: i % 5 === 0 ? `${word} im Grünland` : `Grünland Nummer ${i}`,
        sponsors: ['SH'],
        demands: [{ text: `Die ${word} ist zu stärken.` }],
      });
    }
    syncSearchIndex(connection.sqlite);
    return words;
  }

  it('searches a prefix of many words as an OR of them: the same resolutions, title hits first, then newest first', () => {
    storeWeidetiere();
    const parsed = parseQuery('Weidetier*');
    const [tier, ...more] = publicTierQueries(lookups(connection.sqlite), parsed);
    expect(more).toEqual([]);
    expect(tier!.ranked).toBe(false);
    expect(tier!.match).not.toContain('*');
    expect(tier!.match.match(/" OR "/g)!.length).toBeGreaterThanOrEqual(WIDE_PREFIX_WORDS);
    const prefixMatch = `{title body followups documents} : "weidetier"*`;
    const ids = (match: string) =>
      (connection.sqlite.prepare('select rowid from search_index where search_index match ? order by rowid').pluck().all(match) as number[]);
    expect(ids(tier!.match)).toEqual(ids(prefixMatch));

    const result = searchResolutions(connection.db, PUBLIC_VIEWER, parsed, NO_FILTERS, { pageSize: 50 });
    expect(result.total).toBe(30);
    const years = result.hits.map((hit) => hit.meeting.year);
    // titles with the prefix (2001, 2006, …, 2026), newest first, then the rest newest first
    const titled = [2026, 2021, 2016, 2011, 2006, 2001];
    expect(years.slice(0, 6)).toEqual(titled);
    expect(years.slice(6)).toEqual([...years.slice(6)].sort((a, b) => b - a));
    expect(years.slice(6)).toHaveLength(24);
  });

  it('keeps a prefix of few words a prefix, ranked by bm25', () => {
    storeWeidetiere();
    for (const q of ['Migrationsberat*', 'Weidetierschutz*']) {
      const [tier] = publicTierQueries(lookups(connection.sqlite), parseQuery(q));
      expect(tier!.ranked, q).toBe(true);
      expect(tier!.match, q).toMatch(/"\*$/);
    }
  });

  it('searches a prefix of a function word ("eine*") as an OR, with the function words', () => {
    syncSearchIndex(connection.sqlite);
    const [tier] = publicTierQueries(lookups(connection.sqlite), parseQuery('eine*'));
    expect(tier!.ranked).toBe(false);
    expect(tier!.match).toContain('"einem"');
    const ids = (match: string) =>
      (connection.sqlite.prepare('select rowid from search_index where search_index match ? order by rowid').pluck().all(match) as number[]);
    expect(ids(tier!.match)).toEqual(ids('{title body followups documents} : "eine"*'));
  });

  it('finds a wide prefix in internal notes for logged-in viewers', () => {
    const words = storeWeidetiere();
    const viewer = { userId: 1, role: 'land' as const, land: 'HE', conferenceIds: [] };
    const parsed = parseQuery('Weidetier*');
    const before = searchResolutions(connection.db, viewer, parsed, NO_FILTERS, { pageSize: 50, cache: false }).total;
    expect(before).toBe(30);
    internalNote('Interner Vermerk: Weidetiernotizbuch angelegt.');
    expect(words.map((w) => w.toLowerCase())).not.toContain('weidetiernotizbuch');
    const after = searchResolutions(connection.db, viewer, parsed, NO_FILTERS, { pageSize: 50, cache: false });
    expect(after.hits.map((h) => h.id)).toContain(archive.foerderung);
    expect(after.total).toBe(31);
    expect(searchResolutions(connection.db, PUBLIC_VIEWER, parsed, NO_FILTERS, { cache: false }).total).toBe(30);
  });
});

describe('on the demo archive', { timeout: 180_000 }, () => {
  it('lists TOP 2.12 first for Migrationsberatung, with a highlighted snippet', async () => {
    const demo = await buildTestApp({ loadDemo: true });
    try {
      const response = await demo.app.inject('/suche?q=Migrationsberatung');
      expect(response.statusCode).toBe(200);
      const urls = hitUrls(response.body);
      expect(urls[0]).toBe('/intmk/12/top/2.12');
      expect(urls.length).toBeGreaterThan(1);
      const first = response.body.slice(response.body.indexOf('<li class="search-hit">'));
      expect(first.slice(0, first.indexOf('</li>'))).toMatch(/<p class="snippet">.*<mark>Migrationsberatung<\/mark>/s);
    } finally {
      await demo.app.close();
    }
  });
});
