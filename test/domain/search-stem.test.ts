import { describe, expect, it } from 'vitest';
import { stemKey } from '../../src/domain/search-stem.js';
import { highlight, indexedText, snippet } from '../../src/domain/search-text.js';
import { parseQuery } from '../../src/domain/search-query.js';
import { tierExpression } from '../../src/domain/search-match.js';

const same = (a: string, b: string) => expect(stemKey(a), `${a} ~ ${b}`).toBe(stemKey(b));
const apart = (a: string, b: string) => expect(stemKey(a), `${a} ≁ ${b}`).not.toBe(stemKey(b));

describe('stemKey', () => {
  it('brings inflected forms together', () => {
    same('Kita', 'Kitas');
    same('Geflüchtete', 'Geflüchteten');
    same('Geflüchteter', 'Geflüchteten');
    same('Beschluss', 'Beschlüsse');
    same('Beschlusses', 'Beschlüssen');
    same('Flüchtlinge', 'Flüchtlingen');
    same('Krankenhaus', 'Krankenhäuser');
    same('Antrag', 'Anträge');
    same('Land', 'Länder');
  });

  it('keeps the transliteration rules: Förderung ≠ Forderung, Foerderung = Förderung, Strasse = Straße', () => {
    apart('Förderung', 'Forderung');
    apart('Förderungen', 'Forderungen');
    apart('fördern', 'fordern');
    same('Foerderung', 'Förderung');
    same('FÖRDERUNG', 'Förderungen');
    same('Strasse', 'Straße');
  });

  it('does not cut words ending in -us or a diphthong and s', () => {
    expect(stemKey('Status')).toBe('status');
    apart('Kreis', 'Krei');
    same('Kreis', 'Kreise');
  });
});

describe('what the index stores', () => {
  it('keeps stems where they differ from the word, and the vocabulary of longer words', () => {
    const text = indexedText('Die Beschlüsse zu Kitas und zur Krankenhausversorgung');
    expect(text.normalized).toBe('die beschluesse zu kitas und zur krankenhausversorgung');
    expect(text.stems.split(' ')).toEqual(['beschluss', 'kita', 'krankenhausversorg']);
    expect([...text.words]).toEqual(['beschluesse', 'kitas', 'krankenhausversorgung']);
  });
});

describe('highlighting', () => {
  it('marks inflected forms whole and a query word inside a compound', () => {
    const terms = parseQuery('Versorgung Beschlüsse').highlight;
    expect(highlight('Beschluss zur Krankenhausversorgung', terms)).toEqual([
      { text: 'Beschluss', hit: true },
      { text: ' zur Krankenhaus', hit: false },
      { text: 'versorgung', hit: true },
    ]);
  });

  it('maps a match inside a compound back to the original spelling (umlauts, ß)', () => {
    const terms = parseQuery('Strasse').highlight;
    expect(snippet('An der Hauptstraße 5', terms)!.segments).toEqual([
      { text: 'An der Haupt', hit: false },
      { text: 'straße', hit: true },
      { text: ' 5', hit: false },
    ]);
    expect(highlight('Länderöffnungsklausel', parseQuery('Öffnung').highlight)).toEqual([
      { text: 'Länder', hit: false },
      { text: 'öffnung', hit: true },
      { text: 'sklausel', hit: false },
    ]);
  });
});

describe('tier expressions', () => {
  const columns = { words: ['title', 'body'], stems: 'stems' };
  it('widens from the exact word to its stem and to the compounds containing it', () => {
    const q = parseQuery('Kitas -Schule');
    const compounds = new Map([['kita', ['kitaplaetze']]]);
    expect(tierExpression(q, 'exact', columns, compounds)).toBe('({title body} : "kitas") NOT {title body} : "schule"');
    expect(tierExpression(q, 'stem', columns, compounds)).toBe(
      '(({title body} : "kitas" OR {title body stems} : "kita")) NOT {title body} : "schule"',
    );
    expect(tierExpression(q, 'compound', columns, compounds)).toBe(
      '(({title body} : "kitas" OR {title body stems} : "kita" OR {title body} : "kitaplaetze")) NOT {title body} : "schule"',
    );
    // word and stems columns that are all the table's columns: the stem goes without a column filter
    expect(tierExpression(q, 'stem', { ...columns, all: true }, compounds)).toBe('(({title body} : "kitas" OR "kita")) NOT {title body} : "schule"');
    const phrase = parseQuery('"Förderung der Migration"');
    expect(tierExpression(phrase, 'compound', columns, compounds)).toBe(tierExpression(phrase, 'exact', columns, compounds));
  });
});
