/**
 * Review hints (Prüfhinweise) on a stored resolution: what the secretariat should look at before
 * releasing it — usually the traces of an imperfect import. Computed from the current data, so a
 * hint disappears as soon as the resolution is corrected. Pure: no I/O; German texts.
 */

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
export function resolutionChecks(r: CheckedResolution): string[] {
  const hints: string[] = [];
  if (r.title.trim().length < 5) hints.push('Der Titel fehlt oder ist sehr kurz.');
  if (r.sponsorCount === 0) hints.push('Keine Antragsteller angegeben.');
  if (r.formula.trim() === '') hints.push('Keine Beschlussformel.');
  if (r.voting === 'unknown') hints.push('Die Art der Abstimmung ist unbekannt.');
  if (r.voting === 'counted' && r.votesYes === null) hints.push('Ausgezählte Abstimmung ohne Stimmenzahlen.');
  if (r.outcome === 'adopted' && r.demands.length === 0) hints.push('Angenommener Beschluss ohne Beschlusstext (keine Ziffern).');
  const empty = r.demands.filter((d) => d.text.trim() === '').length;
  if (empty > 0) hints.push(empty === 1 ? 'Eine Ziffer hat keinen Text.' : `${empty} Ziffern haben keinen Text.`);
  const gaps = numberingGaps(r.demands.map((d) => d.number));
  if (gaps.length > 0) hints.push(`Die Nummerierung der Ziffern hat Lücken (es fehlt ${gaps.join(', ')}).`);
  return hints;
}
