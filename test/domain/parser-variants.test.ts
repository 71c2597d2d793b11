/**
 * Metamorphic test over the real corpus: the same document reaches users in many extraction
 * variants (pdftotext with or without -layout, a browser's copy, a word processor's export, a
 * mirror). Each variant below changes a real document only in ways such extractions do and that
 * leave its meaning alone; the parse must still give the expected resolutions, and a document
 * without resolutions must still fail with the same kind. No randomness: every variant is a fixed
 * rewrite of the text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportDocument } from '../../src/domain/import-format.js';
import { analyseResolutionText, type ParseResult } from '../../src/domain/parser/index.js';
import { VARIANTS } from './parser-variants.js';
import { lostWords } from './parser-words.js';

const REAL = new URL('../../fixtures/import/real/', import.meta.url);
const realNames = readdirSync(REAL).filter((name) => name.endsWith('.txt')).sort();
const realFailures = JSON.parse(readFileSync(new URL('expected-failures.json', REAL), 'utf8')) as Record<string, string>;

function read(name: string): string {
  return readFileSync(new URL(name, REAL), 'utf8');
}

const texts = new Map(realNames.map((name) => [name, read(name)]));

// --- comparison -------------------------------------------------------------------------------

function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => mapStrings(item, map)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)])) as T;
  }
  return value;
}

/** The kinds of the warnings, for variants that move lines (and so the line numbers warnings name). */
const warningKinds = (result: ParseResult): string[] => result.document.warnings.map((warning) => warning.kind).sort();

const originals = new Map(realNames.map((name) => [name, analyseResolutionText(texts.get(name)!)]));
const expectedDocuments = new Map(realNames.map((name) => [
  name, JSON.parse(read(name.replace(/\.txt$/, '.expected.json'))) as ImportDocument,
]));

describe.each(VARIANTS)('real documents with $name', (variant) => {
  const same = variant.output ?? ((text: string): string => text);

  it.each(realNames)('%s', (name) => {
    const parsed = analyseResolutionText(variant.apply(texts.get(name)!));
    const added = new Set<string>(variant.addsWarnings ?? []);
    const result = { ...parsed, document: { ...parsed.document, warnings: parsed.document.warnings.filter((warning) => !added.has(warning.kind)) } };
    const original = originals.get(name)!;
    expect(result.failure?.kind ?? null).toBe(realFailures[name] ?? null);
    expect(mapStrings(result.document.resolutions, same)).toStrictEqual(mapStrings(expectedDocuments.get(name)!.resolutions, same));
    if (variant.keepsLines) expect(mapStrings(result.document.warnings, same)).toStrictEqual(mapStrings(original.document.warnings, same));
    else expect(warningKinds(result)).toStrictEqual(warningKinds(original));
    expect(lostWords(parsed)).toEqual([]); // with every warning: a Roman TOP number stands in its warning
  });
});

describe('the variants', () => {
  /** A variant that leaves most documents as they are would pass without testing anything. */
  it.each(VARIANTS)('$name changes at least five documents of the corpus', (variant) => {
    const changed = realNames.filter((name) => variant.apply(texts.get(name)!) !== texts.get(name));
    expect(changed.length).toBeGreaterThanOrEqual(5);
  });
});
