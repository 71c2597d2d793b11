/**
 * The operators' texts (command-line tools, configuration, start-up, backup) come from
 * views/i18n/de.json (cli.*, parseFailure.*): every key the code names is in the catalogue, every
 * call gives exactly the values its text's placeholders ask for, and no cli.* text is left unused.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/paths.js';
import { catalogueTexts, translate } from '../../src/i18n.js';
import { analyseResolutionText } from '../../src/domain/parser/index.js';

const catalogue = catalogueTexts();

const SOURCES = [
  ...readdirSync(path.join(ROOT_DIR, 'src', 'cli')).filter((name) => name.endsWith('.ts')).map((name) => `src/cli/${name}`),
  'src/config.ts',
  'src/server.ts',
  'src/i18n.ts',
  'src/services/backup.ts',
  'src/services/document-backup.ts',
  'src/routes/workspace/import.ts',
];

/**
 * The characters of source code from `from` on that are outside string literals, each with its
 * index and the bracket depth before it (relative to `from`).
 */
function* codeChars(text: string, from: number): Generator<{ i: number; c: string; depth: number }> {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < text.length; i += 1) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else {
      yield { i, c, depth };
      if ('({['.includes(c)) depth += 1;
      else if (')}]'.includes(c)) depth -= 1;
    }
  }
}

/** The text between the opening brace at `open` and its closing brace. */
function balanced(text: string, open: number): string {
  for (const { i, c, depth } of codeChars(text, open)) {
    if (depth === 1 && ')}]'.includes(c)) return text.slice(open + 1, i);
  }
  throw new Error(`unbalanced at ${open}`);
}

/** The property names of an object literal's source (`{ path, count: n }` → path, count). */
function propertyNames(body: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const { i, c, depth } of codeChars(body, 0)) {
    if (c !== ',' || depth !== 0) continue;
    parts.push(body.slice(start, i));
    start = i + 1;
  }
  parts.push(body.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part !== '').map((part) => /^(\w+)/.exec(part)![1]!);
}

interface Use {
  file: string;
  key: string;
  /** The names of the values passed, or null when the call passes none (or not as a literal). */
  values: string[] | null;
}

/** Every `translate('key', { … })` call and every other 'cli.…' string in the sources. */
function uses(): Use[] {
  const found: Use[] = [];
  for (const file of SOURCES) {
    const text = readFileSync(path.join(ROOT_DIR, file), 'utf8');
    const inCalls = new Set<number>();
    for (const call of text.matchAll(/\btranslate\(\s*'([\w.-]+)'\s*(,\s*\{)?/g)) {
      inCalls.add(call.index + call[0].indexOf("'"));
      const values = call[2] ? propertyNames(balanced(text, call.index + call[0].length - 1)) : null;
      found.push({ file, key: call[1]!, values });
    }
    for (const literal of text.matchAll(/'(cli\.[\w.-]+)'/g)) {
      if (!inCalls.has(literal.index)) found.push({ file, key: literal[1]!, values: null });
    }
  }
  return found;
}

const placeholders = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

describe('the operators\' texts', () => {
  const all = uses();

  it('are found in the sources', () => {
    expect(all.filter((use) => use.key.startsWith('cli.')).length).toBeGreaterThan(100);
  });

  it('name only keys of the catalogue', () => {
    expect(all.filter((use) => !catalogue.has(use.key)).map((use) => `${use.file}: ${use.key}`)).toEqual([]);
  });

  it('give each text exactly the values its placeholders ask for', () => {
    const wrong = all.flatMap((use) => {
      const wanted = placeholders(catalogue.get(use.key) ?? '');
      const given = [...new Set(use.values ?? [])].sort();
      return wanted.join() === given.join() ? [] : [`${use.file}: ${use.key} wants {${wanted.join(', ')}}, gets {${given.join(', ')}}`];
    });
    expect(wrong).toEqual([]);
  });

  it('leave no cli.* text unused', () => {
    const used = new Set(all.map((use) => use.key));
    expect([...catalogue.keys()].filter((key) => key.startsWith('cli.') && !used.has(key))).toEqual([]);
  });

  it('check the calls they read (a missing value and an unknown key are seen)', () => {
    expect(propertyNames(" path, count: list.join(', '), more: f({ a, b }) ")).toEqual(['path', 'count', 'more']);
    expect(() => translate('cli.noSuchText')).toThrow('missing UI string: cli.noSuchText');
  });

  it('say why a text gave no resolution as the parser does, naming the file', () => {
    const inputs: Record<string, string> = {
      empty: '',
      'no-agenda-item': 'Sehr geehrte Damen und Herren,\nanbei der Bericht.',
      'contents-only': '12. IntMK 2017\nInhaltsverzeichnis\nTOP 1 Leitantrag 5\nTOP 2 Integration 8',
      'cover-only': 'Sammlung der Beschlüsse\nder 174. Sitzung der Innenministerkonferenz\nam 8. Juli 2004 in Kiel',
    };
    const kinds = [...catalogue.keys()].filter((key) => key.startsWith('parseFailure.') && !key.startsWith('parseFailure.the'));
    expect(kinds.map((key) => key.slice('parseFailure.'.length)).sort()).toEqual(Object.keys(inputs).sort());
    for (const [kind, input] of Object.entries(inputs)) {
      const { failure } = analyseResolutionText(input);
      expect(failure?.kind).toBe(kind);
      expect(translate(`parseFailure.${kind}`, { file: 'Die Datei' })).toBe(failure!.message);
    }
    expect(translate('parseFailure.empty', { file: translate('parseFailure.theFile', { path: 'a.txt' }) })).toBe('Die Datei „a.txt“ ist leer.');
    expect(translate('parseFailure.empty', { file: translate('parseFailure.theUpload', { name: 'a.txt' }) })).toBe('„a.txt“ ist leer.');
  });
});
