/**
 * A generated Beschlusssammlung for benchmarks and load tests: a title page, then TOPs in the
 * layouts the parser knows (labelled IntMK style, GMK style with the formula before the title,
 * ASMK style with "TOP n:" and "Vorgang:", the one-line-then-blank-line extraction), with page
 * numbers, running headers, form feeds, hyphenated line breaks and protocol statements.
 * Deterministic for a given seed. The content is invented.
 */

const LAENDER_NAMES = [
  'Baden-Württemberg', 'Bayern', 'Berlin', 'Brandenburg', 'Bremen', 'Hamburg', 'Hessen', 'Mecklenburg-Vorpommern',
  'Niedersachsen', 'Nordrhein-Westfalen', 'Rheinland-Pfalz', 'Saarland', 'Sachsen', 'Sachsen-Anhalt',
  'Schleswig-Holstein', 'Thüringen',
];

const TOPICS = [
  'Stärkung der Migrationsberatung', 'Sicherstellung der hausärztlichen Versorgung', 'Fachkräftesicherung in der Pflege',
  'Digitalisierung der Verwaltungsverfahren', 'Schutz vor Hitze am Arbeitsplatz', 'Sprachförderung im Erwerbsleben',
  'Kinder- und Jugendhilfe im ländlichen Raum', 'Anerkennung ausländischer Berufsqualifikationen',
];

const SENTENCES = [
  'Die Konferenz stellt fest, dass die Angebote der Beratung in den Ländern stark nachgefragt werden und der Bedarf weiter steigt.',
  'Sie bittet die Bundesregierung, die Finanzierung der Maßnahmen dauerhaft zu sichern und die Länder frühzeitig zu beteiligen.',
  'Die Länder appellieren an den Bund, die Kinder- und Jugendhilfe sowie die Familienberatung in die Förderprogramme aufzunehmen.',
  'Die Konferenz bittet die Arbeitsgruppe, bis zum 30. Juni 2024 einen Bericht über den Stand der Umsetzung vorzulegen.',
  'Insbesondere in Nordrhein-Westfalen und Schleswig-Holstein haben sich die Modellprojekte als wirksam erwiesen.',
];

/** Small deterministic pseudo-random generator (LCG). */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Breaks a paragraph into lines of about `width` characters, hyphenating long words. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 <= width) {
      line = line === '' ? word : `${line} ${word}`;
      continue;
    }
    const room = width - line.length - 2;
    if (room >= 4 && word.length - room >= 3 && /^\p{L}+$/u.test(word)) {
      lines.push(`${line} ${word.slice(0, room)}-`);
      line = word.slice(room);
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

interface TopContent {
  readonly item: string;
  readonly title: string;
  readonly sponsors: string;
  readonly paragraphs: readonly string[];
  readonly protocol: string | null;
}

function topContent(index: number, next: () => number, demandsPerTop: number): TopContent {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const sponsorCount = 1 + Math.floor(next() * 5);
  const sponsors = Array.from({ length: sponsorCount }, () => pick(LAENDER_NAMES));
  const paragraphs = Array.from({ length: demandsPerTop }, () => `${pick(SENTENCES)} ${pick(SENTENCES)}`);
  return {
    item: `${1 + Math.floor(index / 20)}.${1 + (index % 20)}`,
    title: `${pick(TOPICS)} (${index + 1})`,
    sponsors: [...new Set(sponsors)].join(', '),
    paragraphs,
    protocol: next() < 0.3 ? `Protokollerklärung des Landes ${pick(LAENDER_NAMES)}:` : null,
  };
}

function numbered(paragraphs: readonly string[], width: number): string[] {
  return paragraphs.flatMap((paragraph, index) => wrap(`${index + 1}. ${paragraph}`, width));
}

const LAYOUTS: readonly ((top: TopContent) => string[])[] = [
  (top) => [
    `TOP ${top.item} ${top.title}`, `Antragsteller: ${top.sponsors}`, 'Veröffentlichung: Freigabe Beschluss',
    'Abstimmungsergebnis: 13:2:1', 'Beschluss:', ...numbered(top.paragraphs, 72),
    ...(top.protocol ? [top.protocol, 'Das Land hält eine Finanzierung aus Mitteln des Bundes für erforderlich.'] : []),
  ],
  (top) => [
    'Beschluss:', `TOP ${top.item}`, 'Die Konferenz hat einstimmig beschlossen:', top.title, `- Antrag ${top.sponsors} -`,
    ...numbered(top.paragraphs, 80),
  ],
  (top) => [
    `TOP ${top.item}: ${top.title}`, `Antragstellende Länder: ${top.sponsors}`, 'Vorgang: TOP 12 98. Konferenz',
    'Die Konferenz hat mit 12 : 2 : 2 Stimmen beschlossen:', ...numbered(top.paragraphs, 66),
  ],
  (top) => [
    `TOP ${top.item}`, '', top.title, '', ...wrap(`Antragsteller: ${top.sponsors}`, 50).flatMap((line) => [line, '']),
    'Die Konferenz hat mehrheitlich beschlossen:', '', ...numbered(top.paragraphs, 90).flatMap((line) => [line, '']),
  ],
];

export interface SyntheticCollectionOptions {
  readonly seed?: number;
  /** Numbered paragraphs per TOP (default 3). */
  readonly demandsPerTop?: number;
}

/** A collection of `topCount` TOPs as one text, pages separated by page numbers and form feeds. */
export function buildSyntheticCollection(topCount: number, options: SyntheticCollectionOptions = {}): string {
  const next = random(options.seed ?? 42);
  const lines = [
    'Beschlusssammlung (synthetisch)', '99. Integrationsministerkonferenz 2030', 'am 16. und 17. März 2030 in Friedrichshafen', '',
  ];
  for (let index = 0; index < topCount; index++) {
    const top = topContent(index, next, options.demandsPerTop ?? 3);
    lines.push(...LAYOUTS[index % LAYOUTS.length]!(top));
    const page = index + 2;
    lines.push(index % 2 === 0 ? `- ${page} -` : `Seite ${page} von ${topCount + 1}`, `\f99. Integrationsministerkonferenz 2030`);
  }
  return `${lines.join('\n')}\n`;
}
