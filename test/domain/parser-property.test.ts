/**
 * Robustness: random and mutated inputs never make the parser throw, stay linear in time, and
 * still place every word; generated large collections parse fast.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateImportDocument } from '../../src/domain/import-format.js';
import { analyseResolutionText, interchangeDocument } from '../../src/domain/parser/index.js';
import { buildSyntheticCollection } from '../../src/domain/parser/synthetic-collection.js';
import { lostWords } from './parser-words.js';

/** PARSER_PROPERTY_RUNS=10 multiplies the runs for a longer search. */
const RUN_FACTOR = Number(process.env.PARSER_PROPERTY_RUNS ?? 1);
const runs = (count: number): { numRuns: number } => ({ numRuns: Math.round(count * RUN_FACTOR) });

const FIXTURES = new URL('../../fixtures/import/', import.meta.url);
const fixtureTexts = readdirSync(FIXTURES).filter((name) => name.endsWith('.txt'))
  .map((name) => readFileSync(new URL(name, FIXTURES), 'utf8'));

/** Parses and checks the invariants that hold for every input. */
function checkInvariants(text: string): void {
  const result = analyseResolutionText(text);
  expect(lostWords(result, { wholeWords: false })).toEqual([]);
  if (result.failure === null) {
    expect(result.document.resolutions.length).toBeGreaterThan(0);
    const validation = validateImportDocument(interchangeDocument(result.document));
    // The year is 0 only when the text names none; everything else must be schema-valid.
    const errors = validation.ok ? [] : validation.errors.filter((error) => !String(error.values?.path).endsWith('/meeting/year'));
    expect(errors).toEqual([]);
  } else {
    expect(result.document.resolutions).toEqual([]);
  }
}

const randomLine = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('TOP 1', 'TOP 2.9b Titel', 'TOP 12:', '1.', '2) Text', '- 2 -', 'Seite 2 von 12', '\f', 'Beschluss:',
    'Antragsteller: alle Länder', '- Antrag Vorsitzland -', 'Protokollerklärung:', 'Protokollnotiz Bayern',
    'Vorgang:', '(zurückgezogen)', 'Inhaltsverzeichnis', 'Die IntMK hat einstimmig beschlossen:', 'a) b) c)',
    'Nordrhein-', 'und Jugendhilfe', '99. ASMK 2022 zu berichten.', '\u00AD', 'ﬁ', '  ', '', 'Antragsteller: valueOf, __proto__',
    'constructor', 'Seite | 3', 'TOP: 5.1', 'Beschluss'),
);

type Mutation = (lines: string[], random: () => number) => string[];

const pickIndex = (lines: readonly string[], random: () => number): number => Math.floor(random() * lines.length);

const MUTATIONS: readonly Mutation[] = [
  (lines, random) => [...lines].sort(() => random() - 0.5), // shuffle
  (lines, random) => lines.slice(pickIndex(lines, random)), // cut the start
  (lines, random) => lines.slice(0, pickIndex(lines, random)), // cut the end
  (lines, random) => { const i = pickIndex(lines, random); return [...lines.slice(0, i), lines[i] ?? '', ...lines.slice(i)]; },
  (lines, random) => lines.map((line) => { // break a line with a hyphen
    if (random() > 0.2 || line.length < 4) return line;
    const at = 1 + Math.floor(random() * (line.length - 2));
    return `${line.slice(0, at)}-\n${line.slice(at)}`;
  }),
  (lines, random) => lines.map((line) => (random() < 0.1 ? line.slice(0, Math.floor(random() * line.length)) : line)),
  (lines, random) => lines.filter(() => random() > 0.15), // drop lines
  (lines, random) => lines.map((line) => (random() < 0.05 ? `${line}\f` : line)), // form feeds
  (lines, random) => lines.flatMap((line) => (random() < 0.1 ? [line, line] : [line])), // duplicates
];

const mutatedFixture = fc.record({
  fixture: fc.integer({ min: 0, max: fixtureTexts.length - 1 }),
  mutations: fc.array(fc.integer({ min: 0, max: MUTATIONS.length - 1 }), { minLength: 1, maxLength: 4 }),
  inserted: fc.array(fc.tuple(fc.nat(), randomLine), { maxLength: 4 }),
  seed: fc.integer(),
  crlf: fc.boolean(),
}).map(({ fixture, mutations, inserted, seed, crlf }) => {
  let state = seed >>> 0 || 1;
  const random = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  let lines = fixtureTexts[fixture]!.split(/\r?\n/);
  for (const mutation of mutations) lines = MUTATIONS[mutation]!(lines, random);
  for (const [position, line] of inserted) lines.splice(position % (lines.length + 1), 0, line);
  return lines.join(crlf ? '\r\n' : '\n');
});

/**
 * No wall-clock limit (vitest's timeout 0): on a shared machine under load the 2500 mutated
 * fixtures (under 3 s when idle) could outlast the 20-second default and fail without a
 * counterexample. The robustness tests check what the parser does; the speed tests check growth
 * in CPU time. A failed property prints fast-check's seed and path, which replay it:
 * fc.assert(…, { seed, path }).
 */
const NO_TIME_LIMIT = 0;

describe('parser robustness (property-based)', { timeout: NO_TIME_LIMIT }, () => {
  it('never throws and places every word of random text', () => {
    fc.assert(fc.property(fc.array(randomLine, { maxLength: 30 }).map((lines) => lines.join('\n')), checkInvariants),
      runs(1500));
  });

  it('never throws and places every word of mutated fixtures', () => {
    fc.assert(fc.property(mutatedFixture, checkInvariants), runs(2500));
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
      analyseResolutionText(text);
    }), runs(1000));
  });
});

describe('parser speed', { timeout: NO_TIME_LIMIT }, () => {
  // No wall-clock limits (the test machine is shared): linear time is checked by growth, on the
  // CPU time of this process (waiting for a core on a loaded machine does not count). Four times
  // the input must cost under ten times the work; a quadratic step would cost sixteen.
  function seconds(text: string): number {
    const start = process.cpuUsage();
    analyseResolutionText(text);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1e6;
  }

  /**
   * How much longer the parse of make(4n) takes than that of make(n): best of up to five each,
   * interleaved, after one parse of make(n) that warms up the JIT and is not counted. Two rounds
   * suffice when the growth is already under CLEARLY_LINEAR there: a quadratic step (16 times)
   * would have to be measured 2.7 times too slow on make(n) in both rounds to get under it. A
   * growth near the limit is always measured five times, as before.
   */
  const CLEARLY_LINEAR = 6;
  function growth(make: (n: number) => string, n: number): number {
    const small = make(n);
    const large = make(4 * n);
    seconds(small);
    let s = Infinity;
    let l = Infinity;
    for (let i = 0; i < 5; i++) {
      s = Math.min(s, seconds(small));
      l = Math.min(l, seconds(large));
      if (i >= 1 && l / Math.max(s, 1e-4) < CLEARLY_LINEAR) break;
    }
    return l / Math.max(s, 1e-4);
  }

  it('parses a 5 MB collection, and a collection four times as large costs under ten times as much', () => {
    const text = buildSyntheticCollection(5200);
    expect(text.length).toBeGreaterThan(5_000_000);
    expect(analyseResolutionText(text).document.resolutions).toHaveLength(5200);
    expect(growth(buildSyntheticCollection, 800)).toBeLessThan(10);
  });

  it.each<[string, (n: number) => string]>([
    ['one long line of digits', (n) => '1'.repeat(4 * n)],
    ['one long line of hyphens and letters', (n) => 'a-'.repeat(2 * n)],
    ['one long line of spaces and colons', (n) => ' :'.repeat(2 * n)],
    ['many TOP lines', (n) => 'TOP 1\n'.repeat(n / 2)],
    ['many numbered lines', (n) => Array.from({ length: n / 2 }, (_, i) => `${(i % 999) + 1}. Text`).join('\n')],
    ['many numbered item lines', (n) => Array.from({ length: n / 4 }, (_, i) => `${i + 1}. Titel\nBeschluss:`).join('\n')],
    ['many Ziffern run together', (n) => `TOP 1\nBeschluss: ${Array.from({ length: n / 4 }, (_, i) => `${i + 1}. Satz.`).join(' ')}`],
    ['many en-bloc entries', (n) => `TOP 1 Grüne Liste\n${'TOP 7.1 (Titel)\n'.repeat(n / 4)}`],
    ['many page numbers and form feeds', (n) => '- 2 -\f\n'.repeat(n / 2)],
    ['a long formula-like line', (n) => `TOP 1\nDie IntMK ${'hat beschlossen 13:2: '.repeat(n / 4)}:`],
  ])('stays linear on %s', (_name, make) => {
    expect(growth(make, 50_000)).toBeLessThan(10);
  });
});
