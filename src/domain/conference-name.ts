/**
 * The full name of a conference as a new conference's form suggests it, from the names the parser
 * recognises conferences by (parser/conferences.ts): "IMK" → "Innenministerkonferenz",
 * "ASMK" → "Arbeits- und Sozialministerkonferenz". Only a suggestion: the secretariat corrects it.
 */
import { CONFERENCES } from './parser/conferences.js';
import { conferenceSlug } from './citation.js';

/** Words that stay in lower case inside a German name. */
const LOWER = new Set(['und', 'für', 'der', 'des', 'die', 'den']);

function capitalised(name: string): string {
  return name
    .split(' ')
    .map((word, i) => (i > 0 && LOWER.has(word) ? word : word.charAt(0).toLocaleUpperCase('de-DE') + word.slice(1)))
    .join(' ');
}

/** The suggested full name of the conference with this short name; '' for one the parser does not know. */
export function suggestedConferenceName(shortName: string): string {
  const slug = conferenceSlug(shortName);
  const known = CONFERENCES.find((conference) => conferenceSlug(conference.short) === slug);
  return known?.names[0] === undefined ? '' : capitalised(known.names[0]);
}
