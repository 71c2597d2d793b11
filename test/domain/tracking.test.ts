import { describe, expect, it } from 'vitest';
import {
  isDeclaratory,
  isFederalReaction,
  isStale,
  staleBefore,
  tracksDemands,
  type StaleCandidate,
} from '../../src/domain/tracking.js';

describe('declaratory Ziffern', () => {
  it('are those that only state, welcome, thank or take note', () => {
    for (const text of [
      'Die IntMK nimmt den Bericht der Arbeitsgruppe zur Kenntnis.',
      'Die GMK nimmt zur Kenntnis, dass die Evaluation abgeschlossen ist.',
      'Die UMK begrüßt die Initiative der Bundesregierung zur Novellierung des Kreislaufwirtschaftsgesetzes.',
      'Die ASMK dankt der Arbeitsgruppe für ihren Bericht.',
      'Die Länder stellen mit Sorge fest, dass die Wartezeiten gestiegen sind.',
      'Die JFMK sieht mit Sorge, dass die Zahl der Fachkräfte sinkt. Sie unterstreicht die Bedeutung der Kindertagesbetreuung.',
      'Die Konferenz weist darauf hin, dass die Länder eigene Programme aufgelegt haben.',
      'Die Länder bekennen sich zur gemeinsamen Verantwortung. Sie betonen die Notwendigkeit intensiver Abstimmung.',
    ]) {
      expect(isDeclaratory(text), text).toBe(true);
    }
  });

  it('are not those that ask, commit or decide anything — even beside a declaratory verb', () => {
    for (const text of [
      'Die UMK begrüßt die Initiative und bittet die Bundesregierung, den Entwurf zügig vorzulegen.',
      'Die IntMK nimmt den Bericht zur Kenntnis und beauftragt die Arbeitsgruppe, erneut zu berichten.',
      'Die Länder appellieren an den Bund, den Mittelansatz deutlich zu erhöhen.',
      'Die GMK fordert den Bund auf, die Finanzierung sicherzustellen.',
      'Die Länder halten die generelle Öffnung der Migrationsberatung für erforderlich.',
      'Die Länder unterstreichen, dass die Situation ländlicher Regionen stärker berücksichtigt werden muss.',
      'Die Länder verpflichten sich, die Kursträger zu unterstützen.',
      'Die Länder kommen überein, ihre Programme abzustimmen.',
      'Die Konferenz spricht sich für eine bundeseinheitliche Regelung aus.',
      'Die Bundesregierung wird gebeten, bis zum 30. Juni 2025 zu berichten.',
    ]) {
      expect(isDeclaratory(text), text).toBe(false);
    }
  });

  it('are not texts without any declaratory phrase', () => {
    expect(isDeclaratory('Der Bericht wird veröffentlicht.')).toBe(false);
    expect(isDeclaratory('')).toBe(false);
  });
});

describe('tracked Ziffern and federal reactions', () => {
  it('tracks only the Ziffern of adopted resolutions', () => {
    expect(tracksDemands('adopted')).toBe(true);
    for (const outcome of ['rejected', 'noted', 'deferred', 'withdrawn'] as const) expect(tracksDemands(outcome)).toBe(false);
  });

  it('counts reports on itself by a federal actor, not assessments, notes or other actors', () => {
    for (const kind of ['response', 'report', 'legislation', 'budget'] as const) {
      expect(isFederalReaction({ kind, actorKind: 'bund' })).toBe(true);
      expect(isFederalReaction({ kind, actorKind: 'gremium' })).toBe(false);
      expect(isFederalReaction({ kind, actorKind: null })).toBe(false);
    }
    expect(isFederalReaction({ kind: 'assessment', actorKind: 'bund' })).toBe(false);
    expect(isFederalReaction({ kind: 'note', actorKind: 'bund' })).toBe(false);
  });
});

describe('stale demands', () => {
  const base: StaleCandidate = {
    outcome: 'adopted',
    addressees: ['bund'],
    declaratory: false,
    status: 'open',
    meetingDate: '2023-03-16',
    lastFederalReaction: null,
  };

  it('counts 12 calendar months back, 29 February to 28 February', () => {
    expect(staleBefore('2025-03-16')).toBe('2024-03-16');
    expect(staleBefore('2025-02-28')).toBe('2024-02-28');
    expect(staleBefore('2024-02-29')).toBe('2023-02-28');
    expect(staleBefore('2025-01-31')).toBe('2024-01-31');
  });

  it('is stale more than 12 months after the meeting or the last federal reaction, not at exactly 12', () => {
    expect(isStale(base, '2024-03-16')).toBe(false);
    expect(isStale(base, '2024-03-17')).toBe(true);
    const answered = { ...base, lastFederalReaction: '2024-01-10' };
    expect(isStale(answered, '2024-03-17')).toBe(false);
    expect(isStale(answered, '2025-01-10')).toBe(false);
    expect(isStale(answered, '2025-01-11')).toBe(true);
  });

  it('applies to unfinished demands to the Bund of adopted resolutions, declaratory ones excepted', () => {
    const today = '2026-01-01';
    expect(isStale({ ...base, addressees: ['bund', 'laender'] }, today)).toBe(true);
    expect(isStale({ ...base, addressees: ['laender'] }, today)).toBe(false);
    expect(isStale({ ...base, addressees: [] }, today)).toBe(false);
    expect(isStale({ ...base, declaratory: true }, today)).toBe(false);
    for (const outcome of ['rejected', 'noted', 'deferred', 'withdrawn'] as const) expect(isStale({ ...base, outcome }, today)).toBe(false);
    for (const status of ['in_progress', 'partial'] as const) expect(isStale({ ...base, status }, today)).toBe(true);
    for (const status of ['implemented', 'rejected', 'obsolete'] as const) expect(isStale({ ...base, status }, today)).toBe(false);
  });

  it('is never stale without a usable date', () => {
    expect(isStale({ ...base, meetingDate: null }, '2026-01-01')).toBe(false);
    expect(isStale({ ...base, meetingDate: 'kein Datum' }, '2026-01-01')).toBe(false);
  });
});
