import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hyphenSplits, MAX_QUERY_CHARS, MAX_TERMS, parseQuery, withHyphenatedForms } from '../../src/domain/search-query.js';

describe('parseQuery', () => {
  it('quotes and normalises every word; all words must match', () => {
    const q = parseQuery('Förderung Straße');
    expect(q.match).toBe('("foerderung" AND "strasse")');
    expect(q.notices).toEqual([]);
    expect(parseQuery('FÖRDERUNG').match).toBe(parseQuery('Foerderung').match);
    expect(parseQuery('Forderung').match).not.toBe(parseQuery('Förderung').match);
    expect(parseQuery('Strasse').match).toBe(parseQuery('Straße').match);
  });

  it('understands prefixes, phrases, exclusion and OR', () => {
    expect(parseQuery('Migrationsberat*').match).toBe('("migrationsberat"*)');
    expect(parseQuery('"gute Bleibeperspektive"').match).toBe('("gute bleibeperspektive")');
    expect(parseQuery('Bund -Kita NOT Schule').match).toBe('("bund") NOT "kita" NOT "schule"');
    expect(parseQuery('Kita OR Schule Bund').match).toBe('(("kita" OR "schule") AND "bund")');
    expect(parseQuery('Nordrhein-Westfalen').match).toBe('(("nordrhein westfalen" OR "nordrheinwestfalen"))');
    expect(parseQuery('„Migrationsberatung für Erwachsene“').match).toBe('("migrationsberatung fuer erwachsene")');
  });

  it('understands the operators in German too: ODER, UND, NICHT (in capitals, like OR, AND, NOT)', () => {
    expect(parseQuery('Kita ODER Schule').match).toBe('(("kita" OR "schule"))');
    expect(parseQuery('Kita ODER Schule Bund').match).toBe(parseQuery('Kita OR Schule Bund').match);
    expect(parseQuery('Kita UND Schule').match).toBe('("kita" AND "schule")');
    expect(parseQuery('Bund NICHT Kita').match).toBe('("bund") NOT "kita"');
    expect(parseQuery('Wolf NICHT Herdenschutz').match).toBe(parseQuery('Wolf NOT Herdenschutz').match);
    for (const input of ['Kita ODER Schule', 'Kita UND Schule', 'Bund NICHT Kita']) expect(parseQuery(input).notices, input).toEqual([]);
    // in small letters they are words of the text, as in a pasted sentence, with a notice how to
    // write the operator; quoted, words as well
    expect(parseQuery('Kita oder Schule').match).toBe('("kita" AND "oder" AND "schule")');
    expect(parseQuery('Kita oder Schule').notices).toEqual(['lowercaseOperator']);
    expect(parseQuery('Wolf nicht Herdenschutz').notices).toEqual(['lowercaseOperator']);
    for (const input of ['"Kita oder Schule"', 'oder Kita', 'Kita oder', 'Kinder- oder Jugendhilfe', 'Kita und Schule', 'Frankfurt Oder Brücke']) {
      expect(parseQuery(input).notices, input).not.toContain('lowercaseOperator');
    }
    expect(parseQuery('"Kita ODER Schule"').match).toBe('("kita oder schule")');
    // the truncated compound reads its "oder" as before, in capitals too
    expect(parseQuery('Kinder- ODER Jugendhilfe').groups).toHaveLength(1);
    expect(parseQuery('UND ODER NICHT').notices).toContain('noTerms');
  });

  it('searches nothing for function words alone ("der die das") and says why; a quoted one is searched as asked', () => {
    for (const input of ['der die das', 'und', 'der ODER die', 'für die -Kita', 'Der Die Das']) {
      const q = parseQuery(input);
      expect(q.match, input).toBeNull();
      expect(q.notices, input).toEqual(['onlyFunctionWords']);
    }
    expect(parseQuery('der Bund').match).toBe('("der" AND "bund")');
    expect(parseQuery('"der die das"').match).toBe('("der die das")');
    expect(parseQuery('"der"').match).toBe('("der")');
    expect(parseQuery('die*').match).toBe('("die"*)');
    expect(parseQuery('Kinder- und Jugendhilfe').notices).toEqual([]);
  });

  it('reports an unbalanced quote and still searches', () => {
    const q = parseQuery('"Kita');
    expect(q.match).toBe('("kita")');
    expect(q.notices).toContain('unbalancedQuote');
  });

  it('answers bare operators and stars with a notice instead of a query', () => {
    for (const input of ['AND OR', '*', 'NOT', '-', '()', '" "', ':^{}']) {
      const q = parseQuery(input);
      expect(q.match, input).toBeNull();
      expect(q.notices, input).toContain('noTerms');
    }
    expect(parseQuery('-Kita').notices).toContain('onlyExcluded');
    expect(parseQuery('').notices).toEqual([]);
    expect(parseQuery('B*').notices).toContain('shortPrefix');
    expect(parseQuery('Be*').match).toBe('("be"*)');
  });

  it('neutralises FTS5 syntax characters: any input is a valid MATCH expression or none', () => {
    const sqlite = new Database(':memory:');
    sqlite.exec("create virtual table t using fts5(a, b, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')");
    sqlite.exec("insert into t (a, b) values ('kita schule', 'foerderung')");
    const run = (input: string) => {
      const q = parseQuery(input);
      if (q.match !== null) sqlite.prepare('select rowid from t where t match ?').all(`{a b} : (${q.match})`);
    };
    for (const input of ['title:Kita^ (Schule) NEAR(a b) {x} "a"b"', 'a AND', 'OR b', '"" - * ^', 'a OR -b', 'NOT NOT a', 'x"*', '-"a b"*']) {
      expect(() => run(input), input).not.toThrow();
    }
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'Kita', 'ö', '"', '*', '-', ' ', '(', ')', ':', '^', '{', '}', 'AND', 'OR', 'NOT', 'NEAR', '+', ',', '„', '“', '\\'), { maxLength: 30 }),
        (parts) => {
          run(parts.join(''));
          run(parts.join(' '));
        },
      ),
      { numRuns: 2000 },
    );
    expect(parseQuery('title:Kita^').match).toBe('("title kita")');
  });

  it('cuts very long input and limits the number of terms', () => {
    const long = parseQuery('Kita '.repeat(400));
    expect(long.notices).toContain('truncated');
    expect(long.notices).toContain('tooManyTerms');
    expect(long.groups.flat().length).toBe(MAX_TERMS);
    const oneWord = parseQuery('x'.repeat(2000));
    expect(oneWord.notices).toContain('truncated');
    expect(oneWord.match!.length).toBeLessThan(MAX_QUERY_CHARS + 20);
  });

  it('collects what to highlight', () => {
    expect(parseQuery('Förderung Migrationsberat* -Kita').highlight).toEqual({
      words: ['foerderung'],
      prefixes: ['migrationsberat'],
      stems: ['foerder'],
      parts: ['foerderung', 'foerder'],
    });
  });

  it('reads a coordinated compound with a truncated part as either word', () => {
    const q = parseQuery('Kinder- und Jugendhilfe');
    expect(q.groups).toHaveLength(1);
    const words = q.groups[0]!.map((term) => term.tokens.join(' '));
    expect(words[0]).toBe('jugendhilfe');
    expect(words).toContain('kinderhilfe');
    expect(parseQuery('"Kinder- und Jugendhilfe"').groups[0]![0]!.tokens).toEqual(['kinder', 'und', 'jugendhilfe']);
  });

  it('looks a single word up by its stem and inside compounds; phrases and prefixes stay exact', () => {
    expect(parseQuery('Kitas').groups[0]![0]).toMatchObject({ stems: ['kita'], parts: ['kitas', 'kita'] });
    expect(parseQuery('Beschlüsse').groups[0]![0]!.stems).toEqual(['beschluss']);
    expect(parseQuery('"Förderung der Migration"').groups[0]![0]).toMatchObject({ stems: [], parts: [] });
    expect(parseQuery('Migrationsberat*').groups[0]![0]).toMatchObject({ stems: [], parts: [] });
    // Function words and short words are not looked up inside other words.
    expect(parseQuery('eine').groups[0]![0]!.parts).toEqual([]);
    expect(parseQuery('Amt').groups[0]![0]!.parts).toEqual([]);
  });
});

describe('highlighting of phrases', () => {
  it('leaves function words inside a phrase unmarked, but not a query of nothing else', () => {
    expect(parseQuery('"Pflegeversorgung der"').highlight.words).toEqual(['pflegeversorgung']);
    expect(parseQuery('"der Bund"').highlight.words).toEqual(['bund']);
    expect(parseQuery('der').highlight.words).toEqual(['der']);
  });
});

describe('parseQuery: hyphens and TOP numbers', () => {
  it('reads a hyphenated word as the phrase of its parts or the same word written as one', () => {
    const q = parseQuery('Kita-Plätze Bund');
    expect(q.groups.map((group) => group.map((term) => term.tokens.join(' ')))).toEqual([['kita plaetze', 'kitaplaetze'], ['bund']]);
    expect(q.match).toBe('(("kita plaetze" OR "kitaplaetze") AND "bund")');
    expect(parseQuery('E-Mail').groups[0]!.map((term) => term.tokens.join(' '))).toEqual(['e mail', 'email']);
    expect(parseQuery('-Bund-Länder Kita').excluded.map((term) => term.tokens.join(' '))).toEqual(['bund laender', 'bundlaender']);
    // quoted, a prefix, a truncated part or a dash between words stay as they were
    expect(parseQuery('"Kita-Plätze"').groups).toEqual([[expect.objectContaining({ tokens: ['kita', 'plaetze'] })]]);
    expect(parseQuery('Kita-Plät*').groups[0]).toHaveLength(1);
    expect(parseQuery('Kinder- und Jugendhilfe').groups[0]![0]!.tokens).toEqual(['jugendhilfe']);
    expect(parseQuery('Bund - Länder').groups).toHaveLength(2);
    expect(parseQuery('Kita-Plätze').highlight.words).toEqual(['kita', 'plaetze', 'kitaplaetze']);
  });

  it('looks up a word written as one also as written with a hyphen, where the archive has it', () => {
    expect(hyphenSplits(parseQuery('Email').groups[0]![0]!)).toEqual([['e', 'mail'], ['em', 'ail']]);
    expect(hyphenSplits(parseQuery('Covid19').groups[0]![0]!)).toContainEqual(['covid', '19']);
    // not an ending, not a function word
    expect(hyphenSplits(parseQuery('Lärmschutzes').groups[0]![0]!)).not.toContainEqual(['laermschutz', 'es']);
    expect(hyphenSplits(parseQuery('Inland').groups[0]![0]!)).not.toContainEqual(['in', 'land']);
    // phrases, prefixes, quoted, function and short words are not split
    for (const input of ['"Kitaplätze"', 'Kitapl*', '"Kita Plätze"', 'werden', 'Kita']) {
      expect(parseQuery(input).groups[0]!.flatMap(hyphenSplits), input).toEqual([]);
    }
    const archive = new Set(['kita plaetze', 'e mail']);
    const occurs = (tokens: readonly string[]) => archive.has(tokens.join(' '));
    const q = withHyphenatedForms(parseQuery('Kitaplätze Bund -Email'), occurs);
    expect(q.groups.map((group) => group.map((term) => term.tokens.join(' ')))).toEqual([['kitaplaetze', 'kita plaetze'], ['bund']]);
    expect(q.excluded.map((term) => term.tokens.join(' '))).toEqual(['email', 'e mail']);
    expect(q.match).toBe('(("kitaplaetze" OR "kita plaetze") AND "bund") NOT "email" NOT "e mail"');
    // highlighted as "Kita-Plätze" is (its words and the word written as one)
    expect(q.highlight.words).toEqual(['kitaplaetze', 'kita', 'plaetze', 'bund']);
    expect(q.input).toBe('Kitaplätze Bund -Email');
    // nothing written with a hyphen in the archive: the query as it was
    const plain = parseQuery('Lärmschutz');
    expect(withHyphenatedForms(plain, () => false)).toBe(plain);
  });

  it('says that TOP numbers are not searched, and searches the words all the same', () => {
    for (const input of ['TOP 2.12', 'Kita top 5', 'TOP 3a IntMK']) {
      const q = parseQuery(input);
      expect(q.notices, input).toContain('agendaItem');
      expect(q.match, input).not.toBeNull();
    }
    for (const input of ['Top-Thema', 'TOP', 'TOP Kita', '"TOP 5"', 'Topf 5']) expect(parseQuery(input).notices, input).not.toContain('agendaItem');
  });
});
