/**
 * The benchmark corpus's words: a seeded random source and a German administrative vocabulary of
 * several thousand words (stems × compounds × inflections) drawn with a Zipf distribution
 * (frequency ∝ rank^-1.07) in O(1) per word (Walker's alias method). Pure, deterministic.
 */

export const ZIPF_EXPONENT = 1.07;

// ---------------------------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------------------------

/** mulberry32 as a closure (faster than a class in hot loops). */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/** The most frequent words of German administrative prose, most frequent first. */
const FUNCTION_WORDS = [
  'die', 'der', 'und', 'in', 'zu', 'den', 'des', 'das', 'für', 'von', 'mit', 'im', 'sich', 'auf', 'dem', 'nicht', 'ist', 'eine',
  'werden', 'sind', 'bei', 'auch', 'als', 'an', 'dass', 'ein', 'einer', 'zur', 'wird', 'sie', 'durch', 'über', 'aus', 'zum',
  'nach', 'oder', 'es', 'einen', 'hat', 'insbesondere', 'sowie', 'um', 'kann', 'soll', 'bis', 'vor', 'haben', 'diese', 'dies',
  'noch', 'können', 'sollen', 'hierzu', 'dabei', 'unter', 'wie', 'so', 'nur', 'bereits', 'weiterhin', 'zwischen', 'gegenüber',
  'einem', 'eines', 'wurde', 'wurden', 'sei', 'seien', 'dieser', 'diesem', 'dieses', 'ihre', 'ihrer', 'ihren', 'ihr', 'sein',
  'seine', 'seiner', 'alle', 'allen', 'aller', 'mehr', 'sowohl', 'jedoch', 'daher', 'hierfür', 'damit', 'darüber', 'hinaus',
  'ohne', 'gegen', 'innerhalb', 'aufgrund', 'zudem', 'ebenso', 'rund', 'etwa', 'je', 'weil', 'wenn', 'soweit', 'sofern',
  'Länder', 'Bund', 'Bundes', 'Länderebene', 'Konferenz', 'Beschluss', 'Ziffer', 'Jahr', 'Jahre', 'Jahren', 'Euro',
  'Prozent', 'Millionen', 'bittet', 'fordert', 'stellt', 'fest', 'begrüßt', 'unterstreicht', 'hält', 'erforderlich', 'Bundesregierung',
];

const NOUN_PREFIXES = [
  'Migrations', 'Integrations', 'Gesundheits', 'Arbeits', 'Umwelt', 'Klima', 'Familien', 'Jugend', 'Kinder', 'Pflege',
  'Bildungs', 'Sozial', 'Verkehrs', 'Wasser', 'Boden', 'Abfall', 'Energie', 'Landes', 'Kommunal', 'Haushalts', 'Finanz',
  'Verwaltungs', 'Sicherheits', 'Daten', 'Digital', 'Wohnungs', 'Straßen', 'Schul', 'Hochschul', 'Kranken', 'Renten',
  'Steuer', 'Agrar', 'Forst', 'Justiz', 'Polizei', 'Bau', 'Stadt', 'Regional', 'Verbraucher', 'Lärm', 'Hochwasser',
  'Sprach', 'Berufs', 'Ausbildungs', 'Fachkräfte', 'Teilhabe', 'Gleichstellungs', 'Katastrophen', 'Tierschutz',
];

const NOUN_HEADS = [
  'förderung', 'beratung', 'gesetz', 'verordnung', 'programm', 'stelle', 'behörde', 'konzept', 'strategie', 'bericht',
  'planung', 'versorgung', 'finanzierung', 'politik', 'recht', 'schutz', 'ausschuss', 'kommission', 'verfahren', 'maßnahme',
  'mittel', 'fonds', 'dienst', 'einrichtung', 'netzwerk', 'kosten', 'zuständigkeit', 'aufsicht', 'kontrolle', 'statistik',
  'forschung', 'verwaltung', 'reform', 'quote', 'pauschale', 'richtlinie', 'angebot', 'träger', 'leistung', 'forderung',
  'gebühren', 'abgabe', 'ministerium', 'ziele', 'monitoring', 'kooperation', 'pakt', 'offensive', 'initiative', 'ordnung',
];

/** Heads that take plural/genitive forms. */
const HEAD_FORMS: Record<string, string[]> = {
  förderung: ['förderungen'], beratung: ['beratungen'], gesetz: ['gesetzes', 'gesetze'], verordnung: ['verordnungen'],
  programm: ['programms', 'programme', 'programmen'], stelle: ['stellen'], behörde: ['behörden'], konzept: ['konzepts', 'konzepte'],
  strategie: ['strategien'], bericht: ['berichts', 'berichte'], einrichtung: ['einrichtungen'], maßnahme: ['maßnahmen'],
  leistung: ['leistungen'], angebot: ['angebote', 'angeboten'], träger: ['trägern'], richtlinie: ['richtlinien'],
  verfahren: ['verfahrens'], dienst: ['dienste', 'diensten'], forderung: ['forderungen'], initiative: ['initiativen'],
};

const PLAIN_NOUNS = [
  'Förderung', 'Forderung', 'Beratung', 'Integration', 'Teilhabe', 'Umsetzung', 'Evaluation', 'Finanzierung', 'Verstetigung',
  'Zuständigkeit', 'Verantwortung', 'Digitalisierung', 'Straße', 'Maßnahme', 'Gesetzgebung', 'Rechtsgrundlage', 'Kommunen',
  'Gemeinden', 'Landkreise', 'Träger', 'Einrichtungen', 'Beschäftigte', 'Menschen', 'Kinder', 'Jugendliche', 'Familien',
  'Geflüchtete', 'Zugewanderte', 'Pflegebedürftige', 'Fachkräfte', 'Arbeitgeber', 'Haushalt', 'Haushaltsjahr', 'Legislaturperiode',
  'Bundestag', 'Bundesrat', 'Kabinett', 'Referentenentwurf', 'Gesetzentwurf', 'Stellungnahme', 'Sachstand', 'Berichtsauftrag',
  'Arbeitsgruppe', 'Geschäftsstelle', 'Vorsitzland', 'Protokollerklärung', 'Europäische', 'Union', 'Kommission', 'Rat',
];

const ADJECTIVE_STEMS = [
  'sozial', 'öffentlich', 'kommunal', 'regional', 'digital', 'nachhaltig', 'finanziell', 'rechtlich', 'gesetzlich', 'dauerhaft',
  'zusätzlich', 'bundesweit', 'ländlich', 'europäisch', 'gemeinsam', 'verbindlich', 'flächendeckend', 'bedarfsgerecht',
  'wirksam', 'zuständig', 'angemessen', 'erheblich', 'niedrigschwellig', 'unabhängig', 'befristet', 'strukturell', 'präventiv',
  'ambulant', 'stationär', 'berufsbezogen', 'interkulturell', 'barrierefrei', 'familienfreundlich', 'klimaneutral',
  'ressortübergreifend', 'länderoffen', 'überjährig', 'zielgerichtet', 'verlässlich', 'praxisnah',
];
const ADJECTIVE_ENDINGS = ['', 'e', 'en', 'er', 'es', 'em'];

const VERB_FORMS = [
  ['fördern', 'fördert', 'gefördert', 'förderte'], ['beraten', 'berät', 'beraten', 'beriet'], ['prüfen', 'prüft', 'geprüft', 'prüfte'],
  ['stärken', 'stärkt', 'gestärkt', 'stärkte'], ['sichern', 'sichert', 'gesichert', 'sicherte'], ['entwickeln', 'entwickelt', 'weiterentwickelt', 'entwickelte'],
  ['verbessern', 'verbessert', 'verbesserte', 'verbessertes'], ['ausbauen', 'baut', 'ausgebaut', 'baute'], ['umsetzen', 'setzt', 'umgesetzt', 'setzte'],
  ['beteiligen', 'beteiligt', 'beteiligte', 'beteiligten'], ['berichten', 'berichtet', 'berichtete', 'berichteten'],
  ['verstetigen', 'verstetigt', 'verstetigte', 'verstetigten'], ['finanzieren', 'finanziert', 'finanzierte', 'finanzierten'],
  ['vereinfachen', 'vereinfacht', 'vereinfachte', 'vereinfachten'], ['beschleunigen', 'beschleunigt', 'beschleunigte', 'beschleunigten'],
  ['berücksichtigen', 'berücksichtigt', 'berücksichtigte', 'berücksichtigten'], ['unterstützen', 'unterstützt', 'unterstützte', 'unterstützten'],
  ['erhöhen', 'erhöht', 'erhöhte', 'erhöhten'], ['anpassen', 'passt', 'angepasst', 'passte'], ['einführen', 'führt', 'eingeführt', 'führte'],
  ['überprüfen', 'überprüft', 'überprüfte', 'überprüften'], ['gewährleisten', 'gewährleistet', 'gewährleistete', 'gewährleisteten'],
  ['ermöglichen', 'ermöglicht', 'ermöglichte', 'ermöglichten'], ['vorlegen', 'legt', 'vorgelegt', 'legte'], ['abbauen', 'baut', 'abgebaut', 'abgebauten'],
];

const DOUBLE_PREFIXES = ['Bundes', 'Landes', 'Kommunal'];
const DOUBLE_HEADS = ['förderung', 'programm', 'gesetz', 'strategie', 'bericht', 'mittel', 'stelle', 'konzept', 'verordnung', 'beratung', 'planung', 'zuständigkeit'];

function buildVocabulary(): string[] {
  const seen = new Set<string>();
  const content: string[] = [];
  const add = (w: string) => {
    if (!seen.has(w)) {
      seen.add(w);
      content.push(w);
    }
  };
  for (const w of FUNCTION_WORDS) seen.add(w);
  for (const w of PLAIN_NOUNS) add(w);
  for (const prefix of NOUN_PREFIXES) {
    for (const head of NOUN_HEADS) {
      add(prefix + head);
      for (const form of HEAD_FORMS[head] ?? []) add(prefix + form);
    }
  }
  for (const d of DOUBLE_PREFIXES) {
    for (const prefix of NOUN_PREFIXES) {
      if (prefix === d) continue;
      for (const head of DOUBLE_HEADS) add(d + prefix.toLowerCase() + head);
    }
  }
  for (const stem of ADJECTIVE_STEMS) for (const ending of ADJECTIVE_ENDINGS) add(stem + ending);
  for (const forms of VERB_FORMS) for (const form of forms) add(form);
  // content words in a fixed pseudo-random frequency order (independent of the corpus seed)
  const random = makeRandom(0x5eed);
  for (let i = content.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [content[i], content[j]] = [content[j] as string, content[i] as string];
  }
  return [...FUNCTION_WORDS, ...content];
}

/** The vocabulary in frequency-rank order (index 0 = rank 1). */
export const BENCH_VOCABULARY: readonly string[] = buildVocabulary();

/** The vocabulary with a capital first letter (sentence starts). */
export const CAPITALIZED: readonly string[] = BENCH_VOCABULARY.map((w) => w.charAt(0).toUpperCase() + w.slice(1));

/** Walker/Vose alias tables for P(rank r) ∝ r^-exponent. */
function aliasTables(n: number, exponent: number): { prob: Float64Array; alias: Int32Array } {
  const weights = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    weights[i] = Math.pow(i + 1, -exponent);
    total += weights[i] as number;
  }
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const scaled = new Float64Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) {
    scaled[i] = ((weights[i] as number) * n) / total;
    if ((scaled[i] as number) < 1) small.push(i);
    else large.push(i);
  }
  while (small.length > 0 && large.length > 0) {
    const s = small.pop() as number;
    const l = large.pop() as number;
    prob[s] = scaled[s] as number;
    alias[s] = l;
    scaled[l] = (scaled[l] as number) + (scaled[s] as number) - 1;
    if ((scaled[l] as number) < 1) small.push(l);
    else large.push(l);
  }
  for (const i of large) prob[i] = 1;
  for (const i of small) prob[i] = 1;
  return { prob, alias };
}

const { prob: PROB, alias: ALIAS } = aliasTables(BENCH_VOCABULARY.length, ZIPF_EXPONENT);

/** A sampler of vocabulary ranks (0-based) following the Zipf distribution. */
export function createZipfSampler(random: () => number): () => number {
  const n = BENCH_VOCABULARY.length;
  return () => {
    const x = random() * n;
    const i = x | 0;
    return x - i < (PROB[i] as number) ? i : (ALIAS[i] as number);
  };
}
