/**
 * The project's JSON schema of the interchange format (docs/resolution-import.schema.json) and the
 * code's validator (validateImportDocument) must agree: every expected fixture document and demo
 * document is valid under both, and every broken variant is refused by both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { validateImportDocument } from '../../src/domain/import-format.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/resolution-import.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true });
addFormats.default(ajv);
const validateBySchema = ajv.compile(schema);

const FOLDERS = ['../../fixtures/import/', '../../fixtures/import/real/', '../../fixtures/demo/resolutions/']
  .map((path) => new URL(path, import.meta.url));
const documents = FOLDERS.flatMap((folder) => readdirSync(folder)
  .filter((name) => name.endsWith('.json') && name !== 'expected-failures.json')
  .map((name) => [name, JSON.parse(readFileSync(new URL(name, folder), 'utf8')) as unknown] as const));

describe('the interchange schema in docs/', () => {
  it('finds the fixture and demo documents', () => {
    expect(documents.length).toBeGreaterThan(40);
  });

  it.each(documents)('accepts %s, as the code does', (_name, document) => {
    expect(validateBySchema(document), JSON.stringify(validateBySchema.errors)).toBe(true);
    expect(validateImportDocument(document).ok).toBe(true);
  });

  const seed = documents.find(([name]) => name === 'jumiko-2020.expected.json')![1];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test data is mutated freely
  type Mutable = Record<string, any>;
  it.each([
    ['a year out of range', (r: Mutable) => { r.meeting.year = 1900; }],
    ['a fractional year', (r: Mutable) => { r.meeting.year = 2017.5; }],
    ['an ordinal 0', (r: Mutable) => { r.meeting.number = 0; }],
    ['a date that is no date', (r: Mutable) => { r.meeting.startDate = '17.03.2017'; }],
    ['a TOP number with the word TOP', (r: Mutable) => { r.agendaItem = 'TOP I.1'; }],
    ['a lower-case Roman section', (r: Mutable) => { r.agendaItem = 'i.1'; }],
    ['a TOP number of 20 digits', (r: Mutable) => { r.agendaItem = '12345678901234567890'; }],
    ['a TOP number of six segments', (r: Mutable) => { r.agendaItem = '1.2.3.4.5.6'; }],
    ['an unknown reporting Land', (r: Mutable) => { r.reportingLand = 'Bremen'; }],
    ['a reporting Land null', (r: Mutable) => { r.reportingLand = null; }],
    ['an unknown sponsor code', (r: Mutable) => { r.sponsors = ['XX']; }],
    ['a duplicate sponsor', (r: Mutable) => { r.sponsors = ['HB', 'HB']; }],
    ['an unknown outcome', (r: Mutable) => { r.decision.outcome = 'passed'; }],
    ['a negative count', (r: Mutable) => { r.decision.no = -1; }],
    ['an empty demand', (r: Mutable) => { r.demands[0].text = ''; }],
    ['an unknown addressee', (r: Mutable) => { r.demands[0].addressees = ['welt']; }],
    ['references that are no list', (r: Mutable) => { r.references = 'TOP 5'; }],
    ['an extra field', (r: Mutable) => { r.extra = true; }],
    ['a missing title', (r: Mutable) => { delete r.title; }],
    ['a short conference name', (r: Mutable) => { r.conference = 'X'; }],
  ])('refuses %s, as the code does', (_name, change) => {
    const broken = structuredClone(seed) as Mutable;
    change(broken.resolutions[0]);
    expect(validateBySchema(broken)).toBe(false);
    expect(validateImportDocument(broken).ok).toBe(false);
  });

  it.each([
    ['a Roman TOP number', (r: Mutable) => { r.agendaItem = 'IV.12'; }],
    ['a TOP number of five segments of three digits', (r: Mutable) => { r.agendaItem = '105.1.2.3.999b'; }],
    ['a meeting without year', (r: Mutable) => { r.meeting.year = null; }],
    ['a reporting Land', (r: Mutable) => { r.reportingLand = 'BY'; }],
    ['no reporting Land', (r: Mutable) => { delete r.reportingLand; }],
    ['references from an en-bloc list', (r: Mutable) => { r.references = ['TOP 7.1 (Kindgerechte Krankenhausversorgung)', 'TOP 5']; }],
  ])('accepts %s, as the code does', (_name, change) => {
    const changed = structuredClone(seed) as Mutable;
    change(changed.resolutions[0]);
    expect(validateBySchema(changed), JSON.stringify(validateBySchema.errors)).toBe(true);
    expect(validateImportDocument(changed).ok).toBe(true);
  });
});
