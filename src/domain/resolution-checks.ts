/**
 * Review hints (Prüfhinweise) on a stored resolution: what the secretariat should look at before
 * releasing it — usually the traces of an imperfect import. Computed from the current data, so a
 * hint disappears as soon as the resolution is corrected. Pure: no I/O; the texts are UI texts
 * (reviewHint.* in views/i18n/de.json).
 */
import { uiText, type UiText } from './ui-text.js';

export interface CheckedResolution {
  title: string;
  outcome: string;
  voting: string;
  votesYes: number | null;
  formula: string;
  sponsorCount: number;
  demands: readonly { number: string | null; text: string }[];
}

/** Numbers 1, 2, 3 … as printed; a letter suffix ("2a") is an insertion, not a gap. */
function numberingGaps(numbers: readonly (string | null)[]): number[] {
  const plain = numbers.flatMap((n) => (n !== null && /^\d+$/.test(n) ? [Number(n)] : []));
  if (plain.length === 0) return [];
  const present = new Set(plain);
  const gaps: number[] = [];
  for (let n = 1; n < Math.max(...plain) && gaps.length < 5; n++) if (!present.has(n)) gaps.push(n);
  return gaps;
}

/** The hints on one resolution, in a fixed order; empty when nothing needs a look. */
export function resolutionChecks(r: CheckedResolution): UiText[] {
  const hints: UiText[] = [];
  if (r.title.trim().length < 5) hints.push(uiText('reviewHint.title'));
  if (r.sponsorCount === 0) hints.push(uiText('reviewHint.sponsors'));
  if (r.formula.trim() === '') hints.push(uiText('reviewHint.formula'));
  if (r.voting === 'unknown') hints.push(uiText('reviewHint.voting'));
  if (r.voting === 'counted' && r.votesYes === null) hints.push(uiText('reviewHint.votes'));
  if (r.outcome === 'adopted' && r.demands.length === 0) hints.push(uiText('reviewHint.demands'));
  const empty = r.demands.filter((d) => d.text.trim() === '').length;
  if (empty > 0) hints.push(empty === 1 ? uiText('reviewHint.emptyDemand') : uiText('reviewHint.emptyDemands', { count: empty }));
  const gaps = numberingGaps(r.demands.map((d) => d.number));
  if (gaps.length > 0) hints.push(uiText('reviewHint.gaps', { numbers: gaps.join(', ') }));
  return hints;
}
