/**
 * Lettered sub-items of one TOP. A collection may print one resolution per sub-item under the
 * same TOP number ("Punkt 4.1 der Tagesordnung:" / "Nachhaltige Finanzierung …" / "a) Fortschreibung
 * des Berichts", then again "Punkt 4.1 …" / "b) Reformkommission …"). Each is a resolution of its
 * own; the letter makes its TOP number unique in the document ("4.1a", "4.1b").
 */
import type { ImportResolution } from '../import-format.js';

/** The last lettered part of a title: "… Verkehrsinfrastruktur a) Fortschreibung des Berichts" → "a". */
const SUB_ITEM = /(?:^|\s)([a-z])\)\s+[^()]+$/;

function meetingKey(r: ImportResolution): string {
  return `${r.conference}|${r.meeting.number ?? ''}|${r.meeting.startDate ?? r.meeting.year ?? ''}|${r.agendaItem}`;
}

/**
 * Gives each resolution whose TOP number recurs in the document the letter of its sub-item, where
 * every resolution under that number names a different one. Other repeats are left alone (the
 * import reports them).
 */
export function letterRepeatedItems(resolutions: readonly ImportResolution[]): ImportResolution[] {
  const groups = new Map<string, ImportResolution[]>();
  for (const r of resolutions) groups.set(meetingKey(r), [...(groups.get(meetingKey(r)) ?? []), r]);
  const lettered = new Map<ImportResolution, string>();
  for (const group of groups.values()) {
    if (group.length < 2 || /[a-z]$/.test(group[0]!.agendaItem)) continue;
    const letters = group.map((r) => SUB_ITEM.exec(r.title)?.[1] ?? null);
    if (letters.some((letter) => letter === null) || new Set(letters).size < letters.length) continue;
    group.forEach((r, index) => lettered.set(r, `${r.agendaItem}${letters[index]!}`));
  }
  return resolutions.map((r) => (lettered.has(r) ? { ...r, agendaItem: lettered.get(r)! } : r));
}
