/**
 * Joining lines into running text with line-break hyphenation repaired:
 * "Migrationsbera-" + "tung" → "Migrationsberatung", "Nordrhein-" + "Westfalen" →
 * "Nordrhein-Westfalen", "Kinder-" + "und Jugendhilfe" → "Kinder- und Jugendhilfe".
 */

export interface JoinableLine {
  readonly text: string;
  readonly softHyphenEnd?: boolean;
}

/** Words after which a trailing hyphen is a suspended compound ("Kinder- und Jugendhilfe"). */
const SUSPENSION_WORDS = /^(?:und|oder|sowie|bzw\.?|bis|als auch|wie)(?:\s|$)/;

/**
 * A lower-case word broken before "und" or "oder" inside it, where an article or a preposition
 * follows ("dass aufgr-" / "und des internationalen Wettbewerbs"): the rest of the word, not a
 * suspended compound, whose second part never is an article ("ein- und ausreisen").
 */
const WORD_BROKEN_BEFORE_CONJUNCTION = /^(?:und|oder)\s+(?:der|die|das|des|dem|den|ein|eine|einer|eines|einem|einen|zu|zur|zum|von|vom|mit|für|auf|aus|in|im|an|am|bei|nach|über|unter|dass|sich|es|sie|er|wir|nicht|ist|sind|wird|werden)\b/;

/** A list's next item after a comma or "und"/"oder" that starts with a hyphen, broken right after it: ", -", "und -". */
const SUSPENDED_PREFIX_BROKEN = /(?:,|\s(?:und|oder|sowie))\s-$/;

/** A list item's mark ("a) ", "(b) ", "2. "): it starts a new item, never the rest of a broken word. */
const LIST_ITEM = /^(?:\(?[a-z]\)|\(\d{1,3}\)|\d{1,3}[.)])\s/;

/** How the end of `previous` and the start of `next` are glued together. */
function separator(previous: string, next: string, softHyphen: boolean): { cut: number; glue: string } {
  if (softHyphen) return { cut: 0, glue: '' };
  const last = previous.at(-1);
  const beforeLast = previous.at(-2) ?? '';
  // "-minister, -" / "senatorinnen und -senatoren": a word's suspended first part, left out in a list, broken after its hyphen.
  if (SUSPENDED_PREFIX_BROKEN.test(previous.slice(-12)) && /^\p{Ll}/u.test(next) && !SUSPENSION_WORDS.test(next)) return { cut: 0, glue: '' };
  if (last !== '-' || !/[\p{L}\p{N}]/u.test(beforeLast)) return { cut: 0, glue: ' ' };
  if (/(?:^|\s)\p{Ll}+-$/u.test(previous.slice(-40)) && WORD_BROKEN_BEFORE_CONJUNCTION.test(next)) return { cut: 1, glue: '' };
  if (SUSPENSION_WORDS.test(next) || LIST_ITEM.test(next)) return { cut: 0, glue: ' ' };
  const first = next.charAt(0);
  if (/\p{Ll}/u.test(first)) return { cut: 1, glue: '' };
  if (/[\p{Lu}\p{N}]/u.test(first)) return { cut: 0, glue: '' };
  return { cut: 0, glue: ' ' };
}

/** Joins lines into one line of text; empty lines are skipped. Linear in the total length. */
export function joinLines(lines: readonly JoinableLine[]): string {
  const parts: string[] = [];
  let previous: JoinableLine | undefined;
  for (const line of lines) {
    if (line.text === '') continue;
    if (previous) {
      const { cut, glue } = separator(previous.text, line.text, previous.softHyphenEnd === true);
      if (cut > 0) parts[parts.length - 1] = previous.text.slice(0, -cut);
      parts.push(glue);
    }
    parts.push(line.text);
    previous = line;
  }
  return parts.join('').replace(/ {2,}/g, ' ').trim();
}

/** Joins plain strings (see `joinLines`). */
export function joinTexts(texts: readonly string[]): string {
  return joinLines(texts.map((text) => ({ text })));
}

/**
 * The text ends mid-phrase: a hyphen, a comma, a conjunction or a lower-case word, or an ordinal
 * after one ("… Beschlussvorschläge für die 76." / "GMK – Grüne Liste", "… der 98." / "ASMK"):
 * the number names what the next line says, the full stop is the ordinal's.
 */
export function endsOpen(text: string): boolean {
  const tail = text.slice(-60);
  if (/[-–—,/&]$/.test(tail) || ORDINAL_AFTER_LOWER_CASE.test(tail)) return true;
  const lastWord = /(\p{L}+)$/u.exec(tail)?.[1];
  return lastWord !== undefined && /^\p{Ll}/u.test(lastWord);
}

/** "für die 76.", "der 203.": an ordinal of up to three digits after a lower-case word. */
const ORDINAL_AFTER_LOWER_CASE = /(?:^|\s)\p{Ll}+ \d{1,3}\.$/u;

export function startsLowerCase(text: string): boolean {
  return /^\p{Ll}/u.test(text);
}

/**
 * A line that goes on with the phrase before it: it starts in lower case, or with an opening
 * quotation mark (a title wrapped before its quoted name: "… Arbeitsprozess" / "„Zivile Verteidigung …“"),
 * or it is the year that ends a title wrapped in a narrower column ("… Bundesverkehrswegeplanung" / "2015").
 */
export function startsContinuation(text: string): boolean {
  return /^[\p{Ll}„‚»"]/u.test(text) || isYearLine(text);
}

/** A line that is a year only ("2015"): the end of a title wrapped before it, never a page number. */
export function isYearLine(text: string): boolean {
  return /^(?:19|20)\d\d[)“"]?$/u.test(text);
}

/** Double quotation marks, opening and closing, in German, English and typewriter style. */
const QUOTE_MARKS = /[„“”"]/g;

/**
 * The text opens a quotation it does not close ("… Arbeitsprozess „Zivile", "… Kampagne "Gesund"):
 * an odd number of double quotation marks, whichever style, mixed too („…"). A title or phrase
 * wrapped inside a quoted name goes on on the next line.
 */
export function leavesQuoteOpen(text: string): boolean {
  return (text.match(QUOTE_MARKS)?.length ?? 0) % 2 === 1;
}
