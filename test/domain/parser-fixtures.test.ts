import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ImportDocument } from '../../src/domain/import-format.js';
import { validateImportDocument } from '../../src/domain/import-format.js';
import { analyseResolutionText, interchangeDocument } from '../../src/domain/parser/index.js';
import { lostWords } from './parser-words.js';

const FIXTURES = new URL('../../fixtures/import/', import.meta.url);
const REAL = new URL('../../fixtures/import/real/', import.meta.url);
const names = readdirSync(FIXTURES).filter((name) => name.endsWith('.txt')).sort();
const realNames = readdirSync(REAL).filter((name) => name.endsWith('.txt')).sort();
/** Real documents that hold no resolution, with the failure the parser must report. */
const realFailures = JSON.parse(readFileSync(new URL('expected-failures.json', REAL), 'utf8')) as Record<string, string>;

function read(folder: URL, name: string): string {
  return readFileSync(new URL(name, folder), 'utf8');
}

/** The gist of a warning: its words, lower case. */
function gist(message: string): string {
  return message.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function checkDocument(folder: URL, name: string, failure: string | null): void {
  const result = analyseResolutionText(read(folder, name));
  const expected = JSON.parse(read(folder, name.replace(/\.txt$/, '.expected.json'))) as ImportDocument;

  it('parses to the expected resolutions', () => {
    expect(result.failure?.kind ?? null).toBe(failure);
    expect(result.document.resolutions).toStrictEqual(expected.resolutions);
  });

  it('reports at least the expected warnings', () => {
    for (const warning of expected.warnings) {
      expect(interchangeDocument(result.document).warnings.map((w) => ({ line: w.line, gist: gist(w.message) })))
        .toContainEqual({ line: warning.line, gist: gist(warning.message) });
    }
  });

  it('loses no word', () => {
    expect(lostWords(result)).toEqual([]);
  });

  it('produces a valid interchange document', () => {
    const written = interchangeDocument(result.document);
    expect(validateImportDocument(written)).toEqual({ ok: true, value: written });
  });
}

describe('fixtures', () => {
  it('has the three shared fixtures and more', () => {
    expect(names).toEqual(expect.arrayContaining([
      'intmk-2017-top-2.12.txt', 'synthetic-gmk-2011-ergebnisniederschrift.txt', 'synthetic-intmk-2014-beschlussniederschrift.txt',
    ]));
    expect(names.length).toBeGreaterThan(3);
  });

  describe.each(names)('%s', (name) => checkDocument(FIXTURES, name, null));
});

describe('real documents', () => {
  /** The documents that hold resolutions; contents pages and the like are refusal tests and do not count. */
  const withResolutions = realNames.filter((name) => !(name in realFailures));

  it('holds documents with resolutions of at least 11 conferences, each with an expected document; the others are refusal tests', () => {
    expect(realNames.length).toBeGreaterThanOrEqual(72);
    expect(withResolutions.length).toBeGreaterThanOrEqual(32);
    expect(new Set(withResolutions.map((name) => name.split('-')[0])).size).toBeGreaterThanOrEqual(11);
    for (const [name, failure] of Object.entries(realFailures)) {
      expect(realNames).toContain(name);
      expect(['contents-only', 'cover-only', 'no-agenda-item']).toContain(failure);
    }
  });

  it('refuses each document without a resolution with the message of its own failure', () => {
    for (const [name, failure] of Object.entries(realFailures)) {
      const result = analyseResolutionText(read(REAL, name));
      expect(result.failure, name).toMatchObject({ kind: failure, message: expect.stringMatching(/^Die Datei enthält (?:keinen Tagesordnungspunkt|nur ein Inhaltsverzeichnis|nur ein Deckblatt)/) });
    }
  });

  describe.each(realNames)('%s', (name) => checkDocument(REAL, name, realFailures[name] ?? null));
});
