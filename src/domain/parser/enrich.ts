/**
 * Optional reading of demands: whom a demand addresses ("bittet die Bundesregierung", "appellieren
 * an den Bund", "fordert den Bund auf", "bittet die Länder") and the due date of a reporting
 * request ("bis zum 30. Juni 2025 zu berichten", "bis Ende 2024 einen Bericht vorzulegen").
 */
import type { ImportDemand } from '../import-format.js';
import { isoDate, monthNumber } from './dates.js';
import { findConference } from './conferences.js';
import { ADDRESSEES, type Addressee } from '../vocabulary.js';

/** Verbs with which a conference addresses someone. */
const REQUEST_VERB = /^(?:bittet|bitten|fordert|fordern|appelliert|appellieren|ersucht|ersuchen|empfiehlt|empfehlen|beauftragt|beauftragen|erwartet|erwarten|auffordern|aufzufordern)$/;

/** Words between the verb and the addressee that do not end the addressee phrase. */
const ADDRESSEE_FILLERS: ReadonlySet<string> = new Set([
  'an', 'den', 'die', 'das', 'der', 'dem', 'und', 'sowie', 'zudem', 'daher', 'deshalb', 'ferner', 'erneut',
  'nachdrücklich', 'eindringlich', 'ausdrücklich', 'insbesondere', 'weiterhin', 'alle', 'auch', 'jeweiligen',
  'zuständigen', 'für', 'mit', 'sie',
]);

function addresseeOfWord(word: string): Addressee | null {
  if (/^(?:bund|bundes|bundesregierung|bundesministeri|bundesminister|bundestag|bundesrat|bundesagentur|bundesamt)/.test(word)) return 'bund';
  if (/^bm[a-zäöü]{1,5}$/.test(word)) return 'bund';
  if (/^(?:länder|ländern|land|landesregierungen)$/.test(word)) return 'laender';
  if (/^(?:kommunen|gemeinden|städte|landkreise|kommunalen|kreise)$/.test(word)) return 'kommunen';
  if (/^(?:eu|europäische|europäischen|kommission|union)$/.test(word)) return 'eu';
  if (/^(?:arbeitsgruppe|ag|arbeitskreis|ausschuss|amtschefkonferenz|amtschefinnen|amtschefs|geschäftsstelle|gremium|kommission|länderoffene|projektgruppe|unterarbeitsgruppe|lenkungsgruppe)/.test(word)) return 'gremium';
  return null;
}

/** Addressees named right after a request verb, in the order of `ADDRESSEES`. */
export function findAddressees(text: string): Addressee[] {
  const words = text.toLowerCase().split(/[^\p{L}\p{N},]+/u);
  const found = new Set<Addressee>();
  for (let i = 0; i < words.length; i++) {
    if (!REQUEST_VERB.test(words[i]!)) continue;
    for (let j = i + 1; j < words.length && j <= i + 10; j++) {
      const word = words[j]!;
      if (word.includes(',')) {
        const addressee = addresseeOfWord(word.replace(/,/g, ''));
        if (addressee) found.add(addressee);
        break;
      }
      const addressee = addresseeOfWord(word);
      if (addressee) found.add(addressee === 'gremium' && found.has('eu') ? 'eu' : addressee);
      else if (!ADDRESSEE_FILLERS.has(word) && word !== '') break;
    }
  }
  return ADDRESSEES.filter((addressee) => found.has(addressee));
}

const REPORTING = /bericht|berichten|vorzulegen|vorlegen|informieren|unterrichten/i;

/** The due date of a reporting request, where a date is stated. */
export function findDueDate(text: string): string | null {
  if (!REPORTING.test(text)) return null;
  const searched = text.slice(0, 4000);
  const exact = /\bbis (?:zum |spätestens )?(\d{1,2})\.\s*(\p{L}+) (\d{4})/u.exec(searched)
    ?? /\bbis (?:zum |spätestens )?(\d{1,2})\.(\d{1,2})\.(\d{4})/u.exec(searched);
  if (exact) {
    const month = /^\d+$/.test(exact[2]!) ? Number(exact[2]) : monthNumber(exact[2]!);
    return month === null ? null : isoDate(Number(exact[3]), month, Number(exact[1]));
  }
  const endOf = /\b(?:bis )?(?:zum )?Ende (?:des Jahres )?(?:(\p{L}+) )?(\d{4})\b/u.exec(searched);
  if (endOf) {
    const month = endOf[1] ? monthNumber(endOf[1]) : 12;
    if (month === null) return null;
    const lastDay = new Date(Date.UTC(Number(endOf[2]), month, 0)).getUTCDate();
    return isoDate(Number(endOf[2]), month, lastDay);
  }
  return null;
}

export interface DueMeeting {
  /** Ordinal of the meeting the report is due at ("der 13. IntMK 2018 zu berichten" → 13). */
  number: number;
  /** Short name of its conference as written ("IntMK"). */
  conference: string;
}

/**
 * A reporting request addressed to a later meeting rather than a date: "… der 13. IntMK im
 * Jahr 2018 zu berichten", "… auf der 99. ASMK erneut zu berichten". Null when the text names
 * no such meeting.
 */
export function findDueMeeting(text: string): DueMeeting | null {
  if (!REPORTING.test(text)) return null;
  const match = /\b(?:der|die|zur|auf der|bei der|bis zur)\s+(\d{1,3})\.\s*([A-Z][A-Za-z]{1,6})\b/u.exec(text.slice(0, 4000));
  if (!match) return null;
  const conference = findConference(match[2]!);
  if (!conference || conference.conference.short.toLowerCase() !== match[2]!.toLowerCase()) return null;
  return { number: Number(match[1]), conference: conference.conference.short };
}

/** Adds `addressees` and `dueDate` where the demand's text states them. */
export function enrichDemand(demand: ImportDemand): ImportDemand {
  const addressees = findAddressees(demand.text);
  const dueDate = findDueDate(demand.text);
  return {
    ...demand,
    ...(addressees.length > 0 ? { addressees } : {}),
    ...(dueDate ? { dueDate } : {}),
  };
}
