/**
 * The search box as German users write in it: ODER, UND and NICHT like OR, AND and NOT, and a
 * query of nothing but function words ("der die das") answered with a German notice instead of
 * the whole archive as hits.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { useArchiveApp } from './fixtures.js';

let app: FastifyInstance;

useArchiveApp((built) => ({ app } = built));

async function search(q: string): Promise<string> {
  const response = await app.inject({ url: `/suche?q=${encodeURIComponent(q)}` });
  expect(response.statusCode).toBe(200);
  return response.body;
}

function hitUrls(html: string): string[] {
  return [...html.matchAll(/<li class="search-hit">\s*<h3><a href="([^"]+)"/g)].map((m) => m[1]!);
}

describe('the search operators in German', () => {
  it('ODER finds either word, as OR does; UND both; NICHT excludes, as NOT does', async () => {
    const either = hitUrls(await search('Sprachkurse ODER Krankenhausfinanzierung'));
    expect(either.sort()).toEqual(['/gmk/92/top/7', '/intmk/12/top/3.1']);
    expect(hitUrls(await search('Sprachkurse OR Krankenhausfinanzierung')).sort()).toEqual(either);
    expect(hitUrls(await search('Sprachkurse UND Hauptstraße'))).toEqual(['/intmk/12/top/3.1']);
    expect(hitUrls(await search('Sprachkurse UND Krankenhausfinanzierung'))).toEqual([]);
    const without = hitUrls(await search('Bund NICHT Investitionskosten'));
    expect(without).not.toContain('/gmk/92/top/7');
    expect(without).toEqual(hitUrls(await search('Bund NOT Investitionskosten')));
    expect(without.length).toBeGreaterThan(0);
  });

  it('says how to write the operator when "oder" or "nicht" stands in small letters between two words', async () => {
    const html = await search('Sprachkurse oder Krankenhausfinanzierung');
    expect(hitUrls(html)).toEqual([]);
    expect(html).toContain('„oder“ und „nicht“ in Kleinbuchstaben werden als Wörter gesucht.');
    expect(await search('Sprachkurse ODER Krankenhausfinanzierung')).not.toContain('in Kleinbuchstaben');
  });
});

describe('a query of function words alone', () => {
  it('searches nothing and says so in German, next to the query', async () => {
    for (const q of ['der die das', 'und', 'für die ODER der']) {
      const html = await search(q);
      expect(hitUrls(html), q).toEqual([]);
      expect(html, q).toContain('Die Suche besteht nur aus Wörtern wie „der“, „die“, „und“ oder „für“');
      expect(html, q).not.toContain('keinen Suchbegriff');
    }
    // with a word that says something, the function word is one more word
    expect(hitUrls(await search('der Sprachkurse'))).toEqual(['/intmk/12/top/3.1']);
  });

  it('answers the API the same way: no hits and the notice', async () => {
    const response = await app.inject({ url: `/api/v1/search?q=${encodeURIComponent('der die das')}` });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { total?: number; notices?: string[]; results?: unknown[] };
    expect(JSON.stringify(body)).toContain('Die Suche besteht nur aus Wörtern wie');
  });
});
