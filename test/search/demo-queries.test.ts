/**
 * What a person means, on the demo archive: compounds, inflected forms and the ranking
 * (exact word in the title, then in the text, then inflected forms, then compounds).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers.js';

let demo: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  demo = await buildTestApp({ loadDemo: true });
}, 180_000);
afterAll(async () => {
  await demo?.app.close();
});

async function page(q: string): Promise<string> {
  const response = await demo.app.inject(`/suche?q=${encodeURIComponent(q)}`);
  expect(response.statusCode).toBe(200);
  return response.body;
}

/** Every hit in ranking order (the JSON export has them all, the page twenty). */
async function urls(q: string): Promise<string[]> {
  const response = await demo.app.inject(`/suche/export.json?q=${encodeURIComponent(q)}`);
  expect(response.statusCode).toBe(200);
  return (response.json() as { resolutions: { url: string }[] }).resolutions.map((r) => new URL(r.url).pathname);
}

describe('on the demo archive, a search finds what a person means', { timeout: 180_000 }, () => {
  it('Krankenhaus: Krankenhäuser (inflected), then Krankenhausversorgung and Krankenhausstandorte (compounds)', async () => {
    const found = await urls('Krankenhaus');
    // inflected form and the compound in the title: first
    expect(found[0]).toBe('/gmk/96/top/5.3');
    // the compound in the title before the compound in the text only
    expect(found.indexOf('/gmk/88/top/5.6')).toBeLessThan(found.indexOf('/gmk/94/top/5.5'));
    expect(found).not.toContain('/gmk/88/top/5.2');
    const html = await page('Krankenhaus');
    expect(html).toContain('<mark>Krankenhaus</mark>versorgung');
    expect(html).toContain('<mark>Krankenhäuser</mark>');
  });

  it('Versorgung: the word itself before the compounds that end in it', async () => {
    const found = await urls('Versorgung');
    expect(found.indexOf('/gmk/88/top/5.2')).toBeLessThan(found.indexOf('/gmk/88/top/5.6'));
    expect(found).toContain('/gmk/88/top/5.6');
    expect(found).toContain('/gmk/88/top/5.1');
    expect(found).not.toContain('/intmk/12/top/2.12');
    expect(await page('Versorgung')).toMatch(/Notfall<mark>versorgung<\/mark>/);
  });

  it('Schutz: "Schutz vor Diskriminierung" first, Arbeitsschutz and Gesundheitsschutz found', async () => {
    const found = await urls('Schutz');
    expect(found.slice(0, 3).sort()).toEqual(['/intmk/10/top/2.5', '/intmk/14/top/2.3', '/intmk/18/top/2.5']);
    expect(found).toContain('/asmk/96/top/5.9');
    expect(found).toContain('/gmk/94/top/5.6');
    expect(found).not.toContain('/gmk/88/top/5.1');
    // the draft of the 102nd ASMK is not public
    expect(found.some((url) => url.startsWith('/asmk/102/'))).toBe(false);
  });

  it('Kitas finds Kita as well, Kita finds Kitas', async () => {
    const plural = await urls('Kitas');
    const singular = await urls('Kita');
    for (const url of ['/jfmk/38/top/3.2', '/intmk/10/top/2.8', '/jfmk/44/top/3.5', '/intmk/18/top/2.4']) {
      expect(plural, url).toContain(url);
      expect(singular, url).toContain(url);
    }
    expect(plural[0]).toBe('/jfmk/41/top/3.1');
    expect(plural).not.toContain('/gmk/88/top/5.6');
  });

  it('Geflüchteten finds Geflüchtete and Geflüchteter, not Flüchtlingshilfe', async () => {
    const found = await urls('Geflüchteten');
    expect(found).toContain('/intmk/10/top/2.4');
    expect(found).toContain('/intmk/10/top/2.7');
    expect(found).toContain('/intmk/15/top/2.4');
    expect(found).not.toContain('/intmk/12/top/2.5');
    expect(await urls('Geflüchtete')).toEqual(expect.arrayContaining(found));
  });

  it('Beschlüsse finds Beschluss and Beschlüssen', async () => {
    const found = await urls('Beschlüsse');
    expect(found).toContain('/asmk/96/top/5.4');
    expect(found).toContain('/asmk/94/top/5.1');
    expect(found).toContain('/gmk/88/top/5.6');
    expect(found).not.toContain('/gmk/88/top/5.10');
    expect(await page('Beschlüsse')).toMatch(/<mark>Beschl(u|ü)ss(en)?<\/mark>/);
  });

  it('"Kinder- und Jugendhilfe" finds what says Jugendhilfe', async () => {
    const found = await urls('Kinder- und Jugendhilfe');
    expect(found).toContain('/jfmk/38/top/3.2');
    expect(found).toContain('/jfmk/36/top/3.4');
  });

  it('keeps Förderung and Forderung apart, and quoted phrases exact', async () => {
    const foerderung = await page('Förderung');
    expect(foerderung).not.toMatch(/<mark>(An)?[Ff]orderung/);
    const phrase = await urls('"Förderung der Migration"');
    const words = await urls('Förderung Migration');
    expect(phrase.length).toBeLessThan(words.length);
  });
});
