/**
 * robots.txt and the sitemaps: well-formed, every address listed answers 200 to the public and is
 * not one robots.txt asks to leave alone, and nothing the public may not see is listed.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Connection } from '../../db/connection.js';
import { importSeed, useTestApp } from '../helpers.js';
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
    expect(sitemaps).toEqual([`${BASE}/sitemap-seiten.xml`, `${BASE}/intmk/sitemap.xml`]);
    const locs: string[] = [];
    const lastmods: string[] = [];
    for (const sitemap of sitemaps) {
      for (const url of (await xml(sitemap.slice(BASE.length))).urlset!.url) {
        locs.push(url.loc);
        if (url.lastmod) lastmods.push(url.lastmod);
      }
    }
    expect(locs).toEqual(expect.arrayContaining([`${BASE}/`, `${BASE}/statistik`, `${BASE}/impressum`, `${BASE}/intmk`, `${BASE}/intmk/12`, `${BASE}/intmk/12/top/2.12`]));
    expect(new Set(locs).size).toBe(locs.length);
    for (const loc of locs) {
      const path = loc.slice(BASE.length);
      expect(loc.startsWith(BASE), loc).toBe(true);
      expect(disallowed(path), path).toBeNull();
      expect((await app.inject(path)).statusCode, path).toBe(200);
    }
    // the resolution's last change, as a W3C date
    expect(lastmods).toHaveLength(1);
    expect(lastmods[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('lists nothing the public does not see: no conference with only a draft or internal resolution', async () => {
    for (const release of ['draft', 'internal'] as const) {
      connection.sqlite.exec('delete from follow_ups; delete from demands; delete from resolutions');
      importSeed(connection, release);
      const index = await xml('/sitemap.xml');
      expect(index.sitemapindex!.sitemap.map((s) => s.loc), release).toEqual([`${BASE}/sitemap-seiten.xml`]);
      const hidden = await app.inject('/intmk/sitemap.xml');
      expect(hidden.statusCode, release).toBe(404);
      expect(hidden.body).not.toContain('/intmk/12/top/2.12');
    }
  });

  it('an unknown conference gets the 404 page; one in capitals is led to its address', async () => {
    importSeed(connection);
    expect((await app.inject('/gibtsnicht/sitemap.xml')).statusCode).toBe(404);
    expect((await app.inject('/IntMK/sitemap.xml')).headers.location).toBe('/intmk/sitemap.xml');
  });
});
