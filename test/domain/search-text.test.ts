import { describe, expect, it } from 'vitest';
import { bestSnippet, highlight, normalizeGerman, normalizedTokens, snippet } from '../../src/domain/search-text.js';

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
