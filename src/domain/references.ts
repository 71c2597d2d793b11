/**
 * References between resolutions as the documents write them ("Vorgänge: TOP 14 88. UMK"):
 * reading one into the TOP it names, and the text under which a TOP is referred to. Pure.
 */
import { conferenceSlug } from './citation.js';

export interface ReferencedTop {
  /** Conference slug, e.g. "umk". */
  conference: string;
  /** Meeting ordinal as it appears in the meeting's URL key. */
  meeting: string;
  agendaItem: string;
}

/** "TOP 14 88. UMK", "TOP 2.12, 12. IntMK", "TOP 7 der 101. UMK" */
const REFERENCE = /^TOP\s+([^\s,]+),?\s+(?:der\s+)?(\d{1,4})\.\s*([\p{L}][\p{L}\p{N}-]*)$/u;

/** The TOP a reference names, or null when it is not of the form "TOP 14 88. UMK". */
export function parseReference(text: string): ReferencedTop | null {
  const match = REFERENCE.exec(text.trim().replace(/\s+/g, ' '));
  if (!match) return null;
  return { agendaItem: match[1]!, meeting: match[2]!, conference: conferenceSlug(match[3]!) };
}

/** How other resolutions refer to a TOP: "TOP 14 88. UMK" (null for a meeting without ordinal). */
export function referenceText(shortName: string, meetingNumber: number | null, agendaItem: string): string | null {
  return meetingNumber === null ? null : `TOP ${agendaItem} ${meetingNumber}. ${shortName}`;
}
