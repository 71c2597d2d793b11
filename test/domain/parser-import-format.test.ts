import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateImportDocument, type ValidationResult } from '../../src/domain/import-format.js';
import { uiTextOf } from '../../src/i18n.js';

const seed = JSON.parse(readFileSync(new URL('../../fixtures/import/intmk-2017-top-2.12.expected.json', import.meta.url), 'utf8'));

/** The seed's expected document with one change applied to its first resolution. */
function withResolution(change: (resolution: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(seed);
  change(copy.resolutions[0]);
  return copy;
}

/** The result with its errors in German, as the importers show them. */
function validated(json: unknown): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  const result: ValidationResult = validateImportDocument(json);
  return result.ok ? result : { ok: false, errors: result.errors.map(uiTextOf) };
}

describe('validateImportDocument', () => {
  it('accepts the expected fixture documents', () => {
    expect(validateImportDocument(seed)).toEqual({ ok: true, value: seed });
  });

  it.each([
    ['not an object', [], ['/: muss ein Objekt sein']],
    ['missing warnings', { resolutions: [] }, ['/warnings: fehlt']],
    ['an extra field', { resolutions: [], warnings: [], extra: 1 }, ['/extra: ist kein erlaubtes Feld']],
  ])('reports %s', (_name, json, errors) => {
    expect(validated(json)).toEqual({ ok: false, errors });
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test data is mutated freely
  type Mutable = Record<string, any>;
  it.each([
    ['a year out of range', (r: Mutable) => { r.meeting.year = 0; }, '/resolutions/0/meeting/year: muss eine ganze Zahl zwischen 1949 und 2100 sein oder null'],
    ['an impossible date', (r: Mutable) => { r.meeting.startDate = '2017-02-30'; }, '/resolutions/0/meeting/startDate: muss ein Datum JJJJ-MM-TT oder null sein'],
    ['a bad TOP number', (r: Mutable) => { r.agendaItem = 'TOP 2'; }, '/resolutions/0/agendaItem: muss eine TOP-Nummer wie „2.12“, „2.9b“, „A3“ oder „I.1“ sein'],
    ['an unknown Land code', (r: Mutable) => { r.sponsors = ['BY', 'XX']; }, '/resolutions/0/sponsors/1: „XX“ ist kein gültiger Wert'],
    ['a duplicate sponsor', (r: Mutable) => { r.sponsors = ['BY', 'BY']; }, '/resolutions/0/sponsors/1: „BY“ ist doppelt'],
    ['an unknown outcome', (r: Mutable) => { r.decision.outcome = 'passed'; }, '/resolutions/0/decision/outcome: muss einer der Werte adopted, rejected, noted, deferred, withdrawn sein'],
    ['an empty demand', (r: Mutable) => { r.demands[0].text = ''; }, '/resolutions/0/demands/0/text: darf nicht leer sein'],
    ['a negative count', (r: Mutable) => { r.decision.yes = -1; }, '/resolutions/0/decision/yes: muss eine ganze Zahl ab 0 sein'],
    ['a missing title', (r: Mutable) => { delete r.title; }, '/resolutions/0/title: fehlt'],
  ])('reports %s with its JSON pointer', (_name, change, error) => {
    const result = validated(withResolution(change));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toContain(error);
  });
});
