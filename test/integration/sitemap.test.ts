/**
 * robots.txt and the sitemaps: well-formed, every address listed answers 200 to the public and is
 * not one robots.txt asks to leave alone, and nothing the public may not see is listed — the pages
 * of a resolution's versions only for the versions it had while public, each with the day its page
 * last changed.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Connection } from '../../db/connection.js';
import { conferenceIdOf, importSeed, TEST_ACTOR, useTestApp } from '../helpers.js';
import { setRelease } from '../../src/services/resolutions.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { ROBOTS_DISALLOW } from '../../src/domain/sitemap.js';

let app: FastifyInstance;
let connection: Connection;

useTestApp((built) => ({ app, connection } = built));

const BASE = 'http://localhost:3000';
const parser = new XMLParser({ isArray: (name) => name === 'url' || name === 'sitemap' });

async function xml(url: string) {
  const response = await app.inject(url);
  expect(response.statusCode, url).toBe(200);
  expect(response.headers['content-type'], url).toBe('application/xml; charset=utf-8');
  expect(XMLValidator.validate(response.body), url).toBe(true);
  return parser.parse(response.body) as {
    sitemapindex?: { '@_xmlns'?: string; sitemap: { loc: string }[] };
    urlset?: { url: { loc: string; lastmod?: string }[] };
  };
}

/** Whether a robots.txt rule (with * and $, RFC 9309) matches a path. */
function disallowed(path: string): string | null {
  for (const rule of ROBOTS_DISALLOW) {
    const pattern = new RegExp(`^${rule.replace(/[.?+()[\]{}|\\^]/g, '\\$&').replace(/\*/g, '.*')}`);
    if (pattern.test(path)) return rule;
  }
  return null;
}

describe('robots.txt and sitemaps', () => {
  it('robots.txt names the sitemap and keeps crawlers off the search, dated views and made-to-order files', async () => {
    const response = await app.inject('/robots.txt');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body).toMatch(/^User-agent: \*\n/);
    expect(response.body).toContain(`\nSitemap: ${BASE}/sitemap.xml\n`);
    for (const rule of ['/suche', '/*?stand=', '/*.pdf$', '/*.docx$', '/verwaltung']) expect(response.body).toContain(`\nDisallow: ${rule}\n`);
    expect(disallowed('/intmk/12/top/2.12/beschluss.pdf')).toBe('/*.pdf$');
    expect(disallowed('/intmk/12/top/2.12?stand=2018-01-01')).toBe('/*?stand=');
    expect(disallowed('/intmk/12/top/2.12')).toBeNull();
  });

  it('the index names the general sitemap and one per public conference; each address answers and may be crawled', async () => {
    importSeed(connection);
    const index = await xml('/sitemap.xml');
    const sitemaps = index.sitemapindex!.sitemap.map((s) => s.loc);
    expect(sitemaps).toEqual([`${BASE}/sitemap-seiten.xml`, `${BASE}/intmk/sitemap.xml`, `${BASE}/intmk/sitemap-fassungen.xml`]);
    const locs: string[] = [];
    const lastmods: string[] = [];
    for (const sitemap of sitemaps) {
      for (const url of (await xml(sitemap.slice(BASE.length))).urlset!.url) {
        locs.push(url.loc);
        if (url.lastmod) lastmods.push(url.lastmod);
      }
    }
    expect(locs).toEqual(
      expect.arrayContaining([`${BASE}/`, `${BASE}/statistik`, `${BASE}/impressum`, `${BASE}/intmk`, `${BASE}/intmk/12`, `${BASE}/intmk/12/top/2.12`, `${BASE}/intmk/12/top/2.12/fassungen/1`]),
    );
    expect(new Set(locs).size).toBe(locs.length);
    for (const loc of locs) {
      const path = loc.slice(BASE.length);
      expect(loc.startsWith(BASE), loc).toBe(true);
      expect(disallowed(path), path).toBeNull();
      expect((await app.inject(path)).statusCode, path).toBe(200);
    }
    // the resolution's and its version's last change, as W3C dates
    expect(lastmods).toHaveLength(2);
    expect(lastmods[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('lists nothing the public does not see: no conference with only a draft or internal resolution', async () => {
    for (const release of ['draft', 'internal'] as const) {
      connection.sqlite.exec('delete from follow_ups; delete from demands; delete from resolutions');
      importSeed(connection, release);
      const index = await xml('/sitemap.xml');
      expect(index.sitemapindex!.sitemap.map((s) => s.loc), release).toEqual([`${BASE}/sitemap-seiten.xml`]);
      for (const url of ['/intmk/sitemap.xml', '/intmk/sitemap-fassungen.xml']) {
        const hidden = await app.inject(url);
        expect(hidden.statusCode, `${release} ${url}`).toBe(404);
        expect(hidden.body).not.toContain('/intmk/12/top/2.12');
      }
    }
  });

  it('lists the pages of the versions the public sees, each changed when a later version was made or the resolution changed', async () => {
    // version 1: the draft (never public); 2: released; 3: a corrected title
    const id = importSeed(connection, 'draft').items[0]!.id;
    const secretariat = { userId: null, role: 'secretariat' as const, land: null, conferenceIds: [conferenceIdOf(connection)] };
    setRelease(connection.db, TEST_ACTOR, secretariat, id, 1, 'public', '2017-04-01');
    connection.sqlite
      .prepare(
        `insert into resolution_versions (resolution_id, number, at, user_id, actor, action, release, released_on, content)
         select resolution_id, 3, at, user_id, actor, 'edit', release, released_on, json_set(content, '$.title', 'Berichtigter Titel')
         from resolution_versions where resolution_id = ? and number = 2`,
      )
      .run(id);
    const dated = connection.sqlite.prepare('update resolution_versions set at = ? where resolution_id = ? and number = ?');
    dated.run('2017-03-20T09:00:00.000Z', id, 1);
    dated.run('2017-04-01T09:00:00.000Z', id, 2);
    dated.run('2019-03-04T09:00:00.000Z', id, 3);
    connection.sqlite.prepare("update resolutions set title = 'Berichtigter Titel', updated_at = '2019-03-04T09:00:00.000Z' where id = ?").run(id);
    const versionsSitemap = async () => (await xml('/intmk/sitemap-fassungen.xml')).urlset!.url.map((u) => [u.loc, u.lastmod]);
    // the draft's version is none of the public's; the released one's page changed with version 3 ("heute gilt …")
    expect(await versionsSitemap()).toEqual([
      [`${BASE}/intmk/12/top/2.12/fassungen/2`, '2019-03-04'],
      [`${BASE}/intmk/12/top/2.12/fassungen/3`, '2019-03-04'],
    ]);
    expect((await app.inject('/intmk/12/top/2.12/fassungen/1')).statusCode).toBe(404);
    // a public follow-up changes the TOP's page, not the pages of its versions
    recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId: id, demandId: null, date: '2025-06-02', actor: 'BMAS', kind: 'response', summary: 'Das BMAS prüft den Beschluss.',
      link: null, resultingStatus: null, visibility: 'public',
    });
    connection.sqlite.prepare("update follow_ups set updated_at = '2025-06-02T09:00:00.000Z'").run();
    const resolutionEntry = (await xml('/intmk/sitemap.xml')).urlset!.url.find((u) => u.loc === `${BASE}/intmk/12/top/2.12`);
    expect(resolutionEntry?.lastmod).toBe('2025-06-02');
    expect((await versionsSitemap()).map(([, lastmod]) => lastmod)).toEqual(['2019-03-04', '2019-03-04']);
    // the vote counts marked internal (no part of a version) change what the versions' pages show
    connection.sqlite.prepare("update resolutions set tally_internal = 1, updated_at = '2026-01-05T09:00:00.000Z' where id = ?").run(id);
    expect((await versionsSitemap()).map(([, lastmod]) => lastmod)).toEqual(['2026-01-05', '2026-01-05']);
  });

  it('a public conference whose resolutions have no version yet (stored before versions were kept) names no sitemap of versions', async () => {
    importSeed(connection);
    connection.sqlite.exec('delete from resolution_versions');
    const index = await xml('/sitemap.xml');
    expect(index.sitemapindex!.sitemap.map((s) => s.loc)).toEqual([`${BASE}/sitemap-seiten.xml`, `${BASE}/intmk/sitemap.xml`]);
    expect((await app.inject('/intmk/sitemap-fassungen.xml')).statusCode).toBe(404);
  });

  it('an unknown conference gets the 404 page; one in capitals is led to its address', async () => {
    importSeed(connection);
    expect((await app.inject('/gibtsnicht/sitemap.xml')).statusCode).toBe(404);
    expect((await app.inject('/gibtsnicht/sitemap-fassungen.xml')).statusCode).toBe(404);
    expect((await app.inject('/IntMK/sitemap.xml')).headers.location).toBe('/intmk/sitemap.xml');
    expect((await app.inject('/IntMK/sitemap-fassungen.xml')).headers.location).toBe('/intmk/sitemap-fassungen.xml');
  });
});
