import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/domain/search-query.js';
import { bestSnippet, highlight, normalizeGerman, normalizedTokens, snippet, titleMatch } from '../../src/domain/search-text.js';

describe('normalizeGerman', () => {
  it('folds umlauts and ß the German way, case-insensitively', () => {
    expect(normalizeGerman('Förderung')).toBe('foerderung');
    expect(normalizeGerman('FÖRDERUNG')).toBe('foerderung');
    expect(normalizeGerman('Foerderung')).toBe('foerderung');
    expect(normalizeGerman('Straße')).toBe('strasse');
    expect(normalizeGerman('STRASSE')).toBe('strasse');
    expect(normalizeGerman('Übergänge')).toBe('uebergaenge');
    expect(normalizeGerman('GROẞE')).toBe('grosse');
  });

  it('keeps Forderung and Förderung apart', () => {
    expect(normalizeGerman('Forderung')).not.toBe(normalizeGerman('Förderung'));
  });

  it('composes decomposed umlauts and drops soft hyphens', () => {
    expect(normalizeGerman('Fo\u0308rderung')).toBe('foerderung');
    expect(normalizeGerman('För\u00ADderung')).toBe('foerderung');
  });

  it('splits tokens like the FTS5 unicode61 tokenizer', () => {
    expect(normalizedTokens('Nordrhein-Westfalen, TOP 2.12: "Kita"')).toEqual([
      'nordrhein', 'westfalen', 'top', '2', '12', 'kita',
    ]);
  });
});

describe('highlighting', () => {
  const terms = { words: ['foerderung', 'strasse'], prefixes: ['migrationsberat'] };

  it('marks matches in the original text, umlauts and case intact', () => {
    expect(highlight('Die Förderung der Straße', terms)).toEqual([
      { text: 'Die ', hit: false },
      { text: 'Förderung', hit: true },
      { text: ' der ', hit: false },
      { text: 'Straße', hit: true },
    ]);
  });

  it('does not mark Forderung for Förderung, and marks prefixes', () => {
    const segments = highlight('Forderung nach Migrationsberatungsstellen', terms);
    expect(segments.filter((s) => s.hit).map((s) => s.text)).toEqual(['Migrationsberatungsstellen']);
  });

  it('cuts long texts around the first hit with ellipses', () => {
    const text = `${'Wort '.repeat(100)}Förderung ${'Satz '.repeat(100)}`;
    const found = snippet(text, terms, 120)!;
    const joined = found.segments.map((s) => s.text).join('');
    expect(joined.startsWith('… ')).toBe(true);
    expect(joined.endsWith(' …')).toBe(true);
    expect(joined.length).toBeLessThan(140);
    expect(found.segments.some((s) => s.hit && s.text === 'Förderung')).toBe(true);
  });

  it('returns null without a match and picks the text with most distinct hits', () => {
    expect(snippet('nichts hier', terms)).toBeNull();
    const best = bestSnippet(
      [
        { text: 'Förderung und Förderung', source: 'a' },
        { text: 'Förderung der Straße', source: 'b' },
      ],
      terms,
    );
    expect(best?.source).toBe('b');
  });
});

describe('titleMatch', () => {
  const match = (title: string, q: string) => titleMatch(title, parseQuery(q).highlight);

  it('tells a query word as typed, an inflected form and a compound in a title apart', () => {
    expect(match('Kita-Ausbau', 'Kita')).toEqual({ share: 0.5, word: true, form: false, compound: false });
    expect(match('Ausbau der Kitas', 'Kita')).toEqual({ share: 1 / 3, word: false, form: true, compound: false });
    expect(match('Kitaplätze', 'Kita')).toEqual({ share: 1, word: false, form: false, compound: true });
    expect(match('Frühe Bildung', 'Kita')).toEqual({ share: 0, word: false, form: false, compound: false });
  });

  it('answers many titles with the same terms (each word asked once per query) as each title on its own', () => {
    const titles = ['Kita-Ausbau', 'Ausbau der Kitas', 'KITAS und Kitaplätze', 'Kitaplätze', 'Frühe Bildung', 'Kita \u00AD Kita', '\u00AD', 'Ausbau der Kita'];
    const shared = parseQuery('Kita').highlight;
    const together = titles.map((title) => titleMatch(title, shared));
    expect(together).toEqual(titles.map((title) => match(title, 'Kita')));
    // a lone soft hyphen is no word: "Kita \u00AD Kita" is all query words
    expect(together[5]).toEqual({ share: 1, word: true, form: false, compound: false });
    expect(together[6]).toEqual({ share: 0, word: false, form: false, compound: false });
  });

  it.each([
    ['Fachkräftegewinnung in der Pflege', 'Fachkräfte'],
    ['Erwerbsminderungsrente', 'Rente'],
    ['Arbeitsschutz bei Hitze', 'Schutz'],
    ['Abschiebungshaft', 'Haft'],
  ])('takes "%s" for a compound of %s: it begins or ends with the word', (title, q) => {
    expect(match(title, q).compound).toBe(true);
  });

  it.each([
    ['Förderung der Sprache', 'Erde', 'inside the word'],
    ['Europäische Strategie', 'Rate', 'inside the word'],
    ['Nationales Hochwasserschutzprogramm', 'Schutz', 'inside the word'],
    ['Wirtschaft und Gesellschaft', 'Haft', 'across "ch"'],
    ['Haftung der Länder', 'Haft', 'with an ending, not a word, beside it'],
    ['Urteil', 'Teil', 'with two letters beside it'],
  ])('does not take "%s" for a compound of %s (%s)', (title, q) => {
    const found = match(title, q);
    expect(found.compound).toBe(false);
    expect(found.word || found.form).toBe(false);
  });
});
