/**
 * The 16 Länder: codes (ISO 3166-2:DE without the "DE-" prefix), names and the order in which
 * resolutions list them. This is the one place the application knows about Länder.
 */

export const LAND_CODES = [
  'BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH',
] as const;

export type LandCode = (typeof LAND_CODES)[number];

export interface Land {
  readonly code: LandCode;
  readonly name: string;
}

export const LAENDER: readonly Land[] = [
  { code: 'BW', name: 'Baden-Württemberg' },
  { code: 'BY', name: 'Bayern' },
  { code: 'BE', name: 'Berlin' },
  { code: 'BB', name: 'Brandenburg' },
  { code: 'HB', name: 'Bremen' },
  { code: 'HH', name: 'Hamburg' },
  { code: 'HE', name: 'Hessen' },
  { code: 'MV', name: 'Mecklenburg-Vorpommern' },
  { code: 'NI', name: 'Niedersachsen' },
  { code: 'NW', name: 'Nordrhein-Westfalen' },
  { code: 'RP', name: 'Rheinland-Pfalz' },
  { code: 'SL', name: 'Saarland' },
  { code: 'SN', name: 'Sachsen' },
  { code: 'ST', name: 'Sachsen-Anhalt' },
  { code: 'SH', name: 'Schleswig-Holstein' },
  { code: 'TH', name: 'Thüringen' },
];

const byCode = new Map<string, Land>(LAENDER.map((land) => [land.code, land]));

export function isLandCode(value: string): value is LandCode {
  return byCode.has(value);
}

export function landName(code: LandCode): string {
  return byCode.get(code)!.name;
}

/** A stored Land code as people read it: the Land's name ("BY" → "Bayern"); anything else as it is. */
export function landNameOf(code: string): string {
  return byCode.get(code)?.name ?? code;
}

/** Sorts codes into the canonical order and drops duplicates. */
export function sortLandCodes(codes: Iterable<LandCode>): LandCode[] {
  const set = new Set(codes);
  return LAND_CODES.filter((code) => set.has(code));
}

// ---------------------------------------------------------------------------------------------
// Recognising Länder in running text ("des Freistaates Thüringen", "NRW", "alle Länder", …)
// ---------------------------------------------------------------------------------------------

/** Abbreviations in use besides the codes themselves; matched case-sensitively. */
const ABBREVIATIONS: ReadonlyMap<string, LandCode> = new Map([
  ['NRW', 'NW'], ['NDS', 'NI'], ['RLP', 'RP'], ['LSA', 'ST'], ['M-V', 'MV'], ['S-H', 'SH'], ['B-W', 'BW'], ['BaWü', 'BW'],
]);

/**
 * Words that surround Land names ("des Freistaates", "der Freien und Hansestadt", "Land") and
 * carry no meaning of their own in a list of Länder. Lower case.
 */
const FILLER_WORDS: ReadonlySet<string> = new Set([
  'der', 'des', 'die', 'dem', 'den', 'das', 'von', 'vom', 'alle', 'aller', 'sämtliche', 'sämtlicher',
  'land', 'landes', 'länder', 'ländern', 'bundesland', 'bundeslandes', 'bundesländer',
  'freistaat', 'freistaates', 'freistaats', 'freie', 'freien', 'hansestadt',
]);

/** Words that separate the items of a list. Lower case. */
const LIST_CONJUNCTIONS: ReadonlySet<string> = new Set(['und', 'sowie', 'oder', 'bzw', 'bzw.', 'u.', '&']);

function asciiFold(word: string): string {
  return word.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
}

/** Lower-case name forms (nominative, genitive, ASCII spelling) → code. */
const NAME_FORMS: ReadonlyMap<string, LandCode> = (() => {
  const forms = new Map<string, LandCode>();
  for (const { code, name } of LAENDER) {
    const lower = name.toLowerCase();
    for (const form of [lower, asciiFold(lower)]) {
      forms.set(form, code);
      forms.set(`${form}s`, code);
      forms.set(`${form}es`, code);
    }
  }
  return forms;
})();

/** The code a single word denotes ("Thüringen", "Sachsens", "NRW", "BY"), or undefined. */
export function landCodeOfWord(word: string): LandCode | undefined {
  if (isLandCode(word)) return word;
  return ABBREVIATIONS.get(word) ?? NAME_FORMS.get(word.toLowerCase());
}

/** Whether a word is part of how texts name Länder (names, codes, "Freistaates", "Land", …). */
export function isLandVocabulary(word: string): boolean {
  const lower = word.toLowerCase();
  return landCodeOfWord(word) !== undefined || FILLER_WORDS.has(lower) || LIST_CONJUNCTIONS.has(lower)
    || NAME_PARTS.has(lower) || EXCEPT_WORDS.has(lower);
}

/** "alle Länder außer Bayern", "… mit Ausnahme von Bayern". Lower case. */
const EXCEPT_WORDS: ReadonlySet<string> = new Set(['außer', 'ausgenommen', 'mit', 'ausnahme']);

/** Parts of compound names ("nordrhein", "westfalen"), which line breaks can separate. */
const NAME_PARTS: ReadonlySet<string> = new Set(
  LAENDER.flatMap(({ name }) => name.toLowerCase().split('-')).flatMap((part) => [part, asciiFold(part)]),
);

export interface FoundLaender {
  /** Codes in the order the text names them, without duplicates. */
  codes: LandCode[];
  /** List items that are not Länder, as printed ("Vorsitzland", "Bund"). */
  unknown: string[];
}

/**
 * Repairs line breaks inside names before matching: "Nordrhein- Westfalen" → "Nordrhein-Westfalen",
 * "Ham- burg" → "Hamburg" (a suspended compound "Kinder- und" is left alone), and a dash set for
 * the hyphen: "Baden–Württemberg".
 */
function joinBrokenNames(text: string): string {
  return text
    // A dash in place of the names' hyphen ("Baden–Württemberg", "Schleswig—Holstein"), as a word processor's autocorrect or a scan's recognition sets it.
    .replace(/(?<=\p{L})[–—](?=\p{Lu})/gu, '-')
    .replace(/(\p{L})-\s+(?=\p{Lu})/gu, '$1-')
    .replace(/(\p{L})-\s+(?!(?:und|oder|sowie|bzw)\b)(?=\p{Ll})/gu, '$1');
}

const LIST_TOKEN = /[\p{L}\p{N}][\p{L}\p{N}.-]*|[,;/&()]/gu;

function stripTrailingPunctuation(token: string): string {
  return token === 'bzw.' || token === 'u.' ? token : token.replace(/[.-]+$/, '');
}

/**
 * Finds the Länder named in a list such as "Berlin, Brandenburg, Ham- burg", "des Freistaates
 * Thüringen und der Freien und Hansestadt Hamburg", "NRW, BY" or "alle Länder" (all 16 in the
 * canonical order; "alle Länder außer Bayern" leaves Bayern out). Everything else in the list is
 * returned in `unknown`, one entry per list item.
 */
export function findLaender(text: string): FoundLaender {
  const tokens = (joinBrokenNames(text).match(LIST_TOKEN) ?? []).map(stripTrailingPunctuation);
  const codes = new Set<LandCode>();
  const unknown: string[] = [];
  let item: string[] = [];
  /** After "alle Länder außer …": the Länder named next are left out. */
  let allSeen = false;
  let excluding = false;

  const flushItem = (): void => {
    while (item.length > 0 && FILLER_WORDS.has(item[0]!.toLowerCase())) item.shift();
    while (item.length > 0 && FILLER_WORDS.has(item[item.length - 1]!.toLowerCase())) item.pop();
    if (item.length > 0) unknown.push(item.join(' '));
    item = [];
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const lower = token.toLowerCase();
    if (token === '' || /^[,;/&()]$/.test(token) || LIST_CONJUNCTIONS.has(lower)) {
      flushItem();
      continue;
    }
    const allCount = countAllLaenderPhrase(tokens, i);
    if (allCount > 0) {
      flushItem();
      for (const code of LAND_CODES) codes.add(code);
      i += allCount - 1;
      allSeen = true;
      continue;
    }
    const exceptCount = allSeen ? countExceptPhrase(tokens, i) : 0;
    if (exceptCount > 0) {
      flushItem();
      excluding = true;
      i += exceptCount - 1;
      continue;
    }
    const code = landCodeOfWord(token);
    if (code) {
      flushItem();
      if (excluding) codes.delete(code);
      else codes.add(code);
    } else if (item.length > 0 || !FILLER_WORDS.has(lower)) {
      item.push(token);
    }
  }
  flushItem();
  return { codes: [...codes], unknown };
}

/** Length in tokens of an "außer", "ausgenommen" or "mit Ausnahme" phrase starting at `index`, or 0. */
function countExceptPhrase(tokens: readonly string[], index: number): number {
  const first = tokens[index]?.toLowerCase();
  if (first === 'außer' || first === 'ausgenommen') return 1;
  return first === 'mit' && tokens[index + 1]?.toLowerCase() === 'ausnahme' ? 2 : 0;
}

/** Length in tokens of an "alle (16) Länder" phrase ("aller Länder") starting at `index`, or 0. */
function countAllLaenderPhrase(tokens: readonly string[], index: number): number {
  const first = tokens[index]?.toLowerCase();
  if (first !== 'alle' && first !== 'aller' && first !== 'sämtliche' && first !== 'sämtlicher') return 0;
  let next = index + 1;
  if (/^\d+$/.test(tokens[next] ?? '')) next += 1;
  const word = tokens[next]?.toLowerCase();
  return word === 'länder' || word === 'bundesländer' ? next - index + 1 : 0;
}
