/** The German catalogue views/i18n/de.json itself. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VIEWS_DIR } from '../../src/paths.js';
import { catalogueTexts, labelsOf, translate } from '../../src/i18n.js';

/**
 * The dotted keys that occur more than once. JSON.parse keeps the last of two equal keys without a
 * word, so a second entry would silently replace the text the first one meant. The catalogue is
 * indented by two spaces per level, which gives each line's depth.
 */
function duplicateKeys(text: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const line of text.split('\n')) {
    const key = /^( *)"((?:[^"\\]|\\.)*)":/.exec(line);
    if (!key) continue;
    const depth = key[1]!.length / 2 - 1;
    path.length = depth;
    const dotted = [...path, key[2]!].join('.');
    if (seen.has(dotted)) twice.push(dotted);
    seen.add(dotted);
    if (line.trimEnd().endsWith('{')) path.push(key[2]!);
  }
  return twice;
}

describe('the UI catalogue', () => {
  it('names no key twice', () => {
    expect(duplicateKeys('{\n  "a": {\n    "b": "1",\n    "c": "2",\n    "b": "3"\n  },\n  "c": "4"\n}\n')).toEqual(['a.b']);
    expect(duplicateKeys(readFileSync(path.join(VIEWS_DIR, 'i18n', 'de.json'), 'utf8'))).toEqual([]);
  });
});

describe('translate', () => {
  /** How placeholders were filled before the texts were split at start: a regular expression per call. */
  const byExpression = (text: string, values?: Record<string, unknown>) => text.replace(/\{(\w+)\}/g, (_, name: string) => String(values?.[name] ?? ''));

  it('fills every text of the catalogue as the regular expression does, with values, without and with some missing', () => {
    let withPlaceholders = 0;
    for (const [key, text] of catalogueTexts()) {
      const names = [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      if (names.length > 0) withPlaceholders++;
      // values that look like placeholders or replacement patterns stay as they are
      const all = Object.fromEntries(names.map((name, index) => [name, index % 2 === 0 ? `{${name}} $& $1` : index]));
      const some = Object.fromEntries(names.slice(1).map((name) => [name, 0]));
      for (const values of [undefined, all, some]) expect(translate(key, values), key).toBe(byExpression(text, values));
    }
    expect(withPlaceholders).toBeGreaterThan(50);
  });

  it('fills a placeholder at either end of a text, and fails on a missing key', () => {
    const [key] = [...catalogueTexts()].find(([, text]) => /^\{\w+\}/.test(text) || /\{\w+\}$/.test(text)) ?? [];
    expect(key).toBeDefined();
    expect(translate(key!, {})).toBe(byExpression(catalogueTexts().get(key!)!, {}));
    expect(translate('resolution.demand', { number: '3' })).toBe('Ziffer 3');
    expect(() => translate('no.such.key')).toThrow('missing UI string: no.such.key');
  });
});

describe('labelsOf', () => {
  it('gives each key of a family by its last part, as translate does, and fails on an unknown name', () => {
    let compared = 0;
    for (const family of ['followUpKind', 'addressee', 'status', 'resolution']) {
      const label = labelsOf(family);
      for (const key of catalogueTexts().keys()) {
        if (!key.startsWith(`${family}.`)) continue;
        expect(label(key.slice(family.length + 1)), key).toBe(translate(key));
        compared++;
      }
      expect(() => label('noSuchName')).toThrow(`missing UI string: ${family}.noSuchName`);
    }
    expect(compared).toBeGreaterThan(50);
    expect(labelsOf('followUpKind')('report')).toBe(translate('followUpKind.report'));
  });
});
