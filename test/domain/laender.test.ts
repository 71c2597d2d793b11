import { describe, expect, it } from 'vitest';
import { findLaender, isLandVocabulary, LAND_CODES, landCodeOfWord, landName, sortLandCodes } from '../../src/domain/laender.js';

describe('findLaender', () => {
  it.each([
    ['Berlin, Brandenburg, Bremen', ['BE', 'BB', 'HB']],
    ['Freistaat Bayern', ['BY']],
    ['Freie und Hansestadt Hamburg', ['HH']],
    ['Freie Hansestadt Bremen', ['HB']],
    ['Land Berlin', ['BE']],
    ['des Freistaates Thüringen', ['TH']],
    ['der Freien und Hansestadt Hamburg und des Freistaates Thüringen', ['HH', 'TH']],
    ['des Landes Brandenburg', ['BB']],
    ['der Länder Bayern, Hessen und Sachsen', ['BY', 'HE', 'SN']],
    ['NRW, NDS, BW, BY', ['NW', 'NI', 'BW', 'BY']],
    ['RLP; LSA / M-V', ['RP', 'ST', 'MV']],
    ['Nordrhein- Westfalen', ['NW']],
    ['Nordrhein-Westfalen, Sachsen', ['NW', 'SN']],
    ['Ham- burg, Schleswig- Holstein', ['HH', 'SH']],
    ['Sachsen-Anhalt', ['ST']],
    ['Sachsen', ['SN']],
    ['Sachsens und Hessens', ['SN', 'HE']],
    ['Thueringen, Baden-Wuerttemberg', ['TH', 'BW']],
    ['des Saarlandes', ['SL']],
    ['Bayern, Bayern', ['BY']],
    ['Baden–Württemberg, Schleswig—Holstein, Mecklenburg–Vorpommern', ['BW', 'SH', 'MV']],
  ])('%s', (text, codes) => {
    expect(findLaender(text)).toEqual({ codes, unknown: [] });
  });

  it('gives all 16 Länder in canonical order for "alle Länder"', () => {
    expect(findLaender('alle Länder').codes).toEqual([...LAND_CODES]);
    expect(findLaender('Alle 16 Länder').codes).toEqual([...LAND_CODES]);
    expect(findLaender('Protokollerklärung aller Länder').codes).toEqual([...LAND_CODES]);
  });

  it('leaves out the Länder after "alle Länder außer" or "mit Ausnahme von"', () => {
    expect(findLaender('alle Länder außer Bayern')).toEqual({ codes: LAND_CODES.filter((code) => code !== 'BY'), unknown: [] });
    expect(findLaender('alle Länder mit Ausnahme von Bayern und Sachsen').codes).toEqual(LAND_CODES.filter((code) => code !== 'BY' && code !== 'SN'));
    expect(findLaender('Bayern außer Sachsen')).toEqual({ codes: ['BY', 'SN'], unknown: ['außer'] }); // only after "alle Länder"
  });

  it('does not take Westfalen for Nordrhein-Westfalen', () => {
    expect(findLaender('Westfalen')).toEqual({ codes: [], unknown: ['Westfalen'] });
  });

  it('reports what is not a Land, item by item', () => {
    expect(findLaender('Vorsitzland')).toEqual({ codes: [], unknown: ['Vorsitzland'] });
    expect(findLaender('Bayern, Bundesministerium der Justiz und Preußen')).toEqual({
      codes: ['BY'], unknown: ['Bundesministerium der Justiz', 'Preußen'],
    });
  });

  it('does not read lower-case words as codes', () => {
    expect(findLaender('st, he, by').codes).toEqual([]);
  });

  it('does not mistake property names of plain objects for Länder', () => {
    expect(findLaender('valueOf, constructor, hasOwnProperty, toString')).toEqual({
      codes: [], unknown: ['valueOf', 'constructor', 'hasOwnProperty', 'toString'],
    });
  });

  it('handles empty text', () => {
    expect(findLaender('')).toEqual({ codes: [], unknown: [] });
  });
});

describe('Land words', () => {
  it('maps single words to codes', () => {
    expect(landCodeOfWord('NRW')).toBe('NW');
    expect(landCodeOfWord('thüringen')).toBe('TH');
    expect(landCodeOfWord('Westfalen')).toBeUndefined();
  });

  it('knows the vocabulary around Land names', () => {
    for (const word of ['Freistaates', 'Landes', 'Hansestadt', 'Nordrhein', 'Westfalen', 'BY']) expect(isLandVocabulary(word)).toBe(true);
    expect(isLandVocabulary('Bundesregierung')).toBe(false);
  });

  it('keeps the existing exports', () => {
    expect(landName('NW')).toBe('Nordrhein-Westfalen');
    expect(sortLandCodes(['TH', 'BW', 'TH'])).toEqual(['BW', 'TH']);
  });
});
