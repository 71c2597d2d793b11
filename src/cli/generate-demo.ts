/**
 * Generates the demo archive under fixtures/demo/: a CLEARLY LABELLED SYNTHETIC archive of
 * conferences, meetings, resolutions (interchange format, ../shared/contracts/import-format.md),
 * federal actors and follow-ups. Only `resolutions/intmk-12-2017-real.json` is a real resolution
 * (IntMK 2017, TOP 2.12, copied verbatim from fixtures/import); everything else is invented, and
 * every file says which it is in `manifest.json` (`synthetic`, `source`). The follow-up history
 * of the real resolution is invented too and says "(Demo)".
 *
 * Deterministic: a seeded PRNG (no Math.random, no clock), so re-running gives identical files.
 *
 *     npx tsx src/cli/generate-demo.ts [OUTPUT_DIR]     (default: fixtures/demo)
 *
 * Follow-up actors are taken from the application's maintained list (src/domain/actors.ts).
 */
import { ACTORS, type ActorDefinition } from '../domain/actors.js';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  ImportDecision,
  ImportDemand,
  ImportDocument,
  ImportMeeting,
  ImportProtocolStatement,
  ImportResolution,
} from '../domain/import-format.js';
import { LAND_CODES, landName, sortLandCodes, type LandCode } from '../domain/laender.js';
import { FIXTURES_DIR } from '../paths.js';
import type { Addressee, DemandStatus, FollowUpKind, MeetingKind, Outcome, ReleaseState, Visibility } from '../domain/vocabulary.js';

// ---------------------------------------------------------------------------------------------
// Exported shapes of the demo files
// ---------------------------------------------------------------------------------------------

export interface DemoMeeting {
  number: number | null;
  year: number;
  startDate: string;
  endDate: string;
  place: string | null;
  chairLand: LandCode;
  kind: MeetingKind;
}

export interface DemoConference {
  shortName: string;
  slug: string;
  name: string;
  meetings: DemoMeeting[];
}

export interface DemoManifestFile {
  path: string;
  source: string;
  synthetic: boolean;
  release: ReleaseState;
  /** The release date for `public` files, null otherwise. */
  releasedOn: string | null;
}

export interface DemoManifest {
  files: DemoManifestFile[];
}

export interface DemoFollowUp {
  conference: string;
  /** The meeting's ordinal number, or its startDate for a meeting without one. */
  meeting: number | string;
  agendaItem: string;
  /** The demand number, or null for the whole resolution (or its single unnumbered demand). */
  demand: string | null;
  date: string;
  /** A code from src/domain/actors.ts valid at `date`, a Land code, or AG (working group) / GS (secretariat). */
  actor: string;
  kind: FollowUpKind;
  summary: string;
  link: string | null;
  status: DemandStatus | null;
  visibility: Visibility;
}

/** Federal actors come from the maintained list of the application (src/domain/actors.ts). */
export type DemoActor = ActorDefinition;

/** Actor codes that are not federal actors: working group and secretariat. */
export const NON_FEDERAL_ACTORS = ['AG', 'GS'] as const;

export const DEMO_SEED = 20170316;
/** Follow-ups are dated up to this day. */
export const DEMO_HORIZON = '2026-10-31';

export function actorValidAt(actor: DemoActor, date: string): boolean {
  return (actor.validFrom === null || actor.validFrom <= date) && (actor.validTo === null || date <= actor.validTo);
}

function actorAt(lineage: string, date: string): DemoActor {
  const found = ACTORS.find((a) => a.lineage === lineage && actorValidAt(a, date));
  if (!found) throw new Error(`no actor of lineage ${lineage} on ${date}`);
  return found;
}

/** "das Bundesministerium für Gesundheit", "die Bundesregierung", … (accusative). */
function actorAccusative(actor: DemoActor): string {
  return /^Bundesregierung/.test(actor.name) ? `die ${actor.name}` : `das ${actor.name}`;
}

/** Subject of a follow-up summary: "Das BMI", "Die Bundesregierung", "Bayern", … */
function actorSubject(code: string): string {
  switch (code) {
    case 'BReg': return 'Die Bundesregierung';
    case 'BKAmt': return 'Das Bundeskanzleramt';
    case 'AG': return 'Die Arbeitsgruppe';
    case 'GS': return 'Die Geschäftsstelle';
    default: return LAND_CODES.includes(code as LandCode) ? landSubject(code as LandCode) : `Das ${code}`;
  }
}

function landSubject(code: LandCode): string {
  switch (code) {
    case 'SL': return 'Das Saarland';
    default: return landName(code);
  }
}

const LAND_LONG: Partial<Record<LandCode, string>> = {
  BY: 'Der Freistaat Bayern',
  SN: 'Der Freistaat Sachsen',
  TH: 'Der Freistaat Thüringen',
  HH: 'Die Freie und Hansestadt Hamburg',
  HB: 'Die Freie Hansestadt Bremen',
  BE: 'Das Land Berlin',
};

// ---------------------------------------------------------------------------------------------
// Seeded PRNG
// ---------------------------------------------------------------------------------------------

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
  /** k distinct items, in their original order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const idx = this.shuffle(items.map((_, i) => i)).slice(0, k).sort((a, b) => a - b);
    return idx.map((i) => items[i] as T);
  }
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const DAY = 86_400_000;
function toDays(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY;
}
function fromDays(days: number): string {
  return new Date(days * DAY).toISOString().slice(0, 10);
}
function addDays(iso: string, n: number): string {
  return fromDays(toDays(iso) + n);
}
function monthEnd(iso: string): string {
  const [y, m] = iso.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
const MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
function germanDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d}. ${MONTHS[m - 1]} ${y}`;
}

// ---------------------------------------------------------------------------------------------
// Topic banks (invented wording on real policy subjects)
// ---------------------------------------------------------------------------------------------

interface Topic {
  titles: string[];
  /** Genitive noun phrase with article: "der Integrationskurse". */
  gen: string;
  /** "für …" phrase completing "Sie unterstreicht die Bedeutung {gen} …". */
  purpose: string;
  /** dass-clauses describing the situation. */
  facts: string[];
  /** zu-infinitive clauses addressed to the Bund. */
  bund: string[];
  /** zu-infinitive clauses addressed to the Länder. */
  laender: string[];
  /** zu-infinitive clause addressed to the Kommunen. */
  kommunen?: string;
  /** dass-clause content for a request at EU level. */
  eu?: string;
  /** federal line of responsibility (ACTORS lineage). */
  lineage: string;
  /** the conference's working group on the subject (feminine noun phrase). */
  ag: string;
  from?: number;
  to?: number;
}

const INTMK_TOPICS: Topic[] = [
  {
    titles: ['Qualität und Zugang der Integrationskurse verbessern', 'Kursbegleitende Kinderbetreuung in Integrationskursen', 'Lehrkräftevergütung in den Integrationskursen'],
    gen: 'der Integrationskurse',
    purpose: 'für den Spracherwerb und die gesellschaftliche Teilhabe von Zugewanderten',
    facts: [
      'die Wartezeiten auf einen Platz im Integrationskurs in vielen ländlichen Regionen weiterhin deutlich zu lang sind',
      'die Bestehensquoten beim Deutsch-Test für Zuwanderer zwischen den Kursträgern erheblich schwanken',
      'insbesondere Frauen mit kleinen Kindern Integrationskurse mangels Kinderbetreuung seltener beginnen und abschließen',
    ],
    bund: [
      'die Vergütung der Lehrkräfte in den Integrationskursen an die gestiegenen Anforderungen anzupassen und die Kostenerstattung für die Kursträger entsprechend zu erhöhen',
      'die kursbegleitende Kinderbetreuung wieder als festen Bestandteil der Integrationskurse zu finanzieren',
      'den Zugang zu den Integrationskursen für Asylsuchende und Geduldete unabhängig von der Bleibeperspektive zu öffnen',
      'die Mindestteilnehmerzahl für Integrationskurse in ländlichen Räumen abzusenken',
    ],
    laender: [
      'die Kursträger vor Ort bei der Gewinnung qualifizierter Lehrkräfte zu unterstützen',
      'die landeseigenen Sprachförderprogramme eng mit den Integrationskursen des Bundes zu verzahnen',
    ],
    kommunen: 'die Beratung zu den Integrationskursen in den Ausländerbehörden und Jobcentern zu bündeln und Wartelisten gemeinsam mit den Trägern abzubauen',
    eu: 'Sprachkurse für Geflüchtete weiterhin aus dem Asyl-, Migrations- und Integrationsfonds gefördert werden können',
    lineage: 'innen',
    ag: 'Arbeitsgruppe „Sprache und Integrationskurse“',
  },
  {
    titles: ['Berufsbezogene Sprachförderung bedarfsgerecht ausbauen', 'Berufssprachkurse für Beschäftigte und Auszubildende'],
    gen: 'der berufsbezogenen Deutschsprachförderung',
    purpose: 'für eine nachhaltige Integration in Ausbildung und Arbeit',
    facts: [
      'berufsbezogene Sprachkenntnisse eine wesentliche Voraussetzung für die Aufnahme einer qualifizierten Beschäftigung sind',
      'die Berufssprachkurse für Beschäftigte in Teilzeit und im Schichtdienst bislang kaum erreichbar sind',
    ],
    bund: [
      'die Berufssprachkurse stärker berufsbegleitend, auch in digitaler Form und in den Abendstunden, anzubieten',
      'Spezialberufssprachkurse für Gesundheits- und Pflegeberufe in ausreichender Zahl bereitzustellen',
      'die Fahrtkostenerstattung für Teilnehmende an Berufssprachkursen im ländlichen Raum zu verbessern',
    ],
    laender: ['ihre Programme zur Sprachförderung in der beruflichen Bildung auf die Berufssprachkurse des Bundes abzustimmen'],
    kommunen: 'Betriebe und Kammern vor Ort gezielt über die Angebote der berufsbezogenen Sprachförderung zu informieren',
    lineage: 'arbeit',
    ag: 'Arbeitsgruppe „Arbeitsmarktintegration“',
    from: 2016,
  },
  {
    titles: ['Beschleunigung der Anerkennungsverfahren für ausländische Berufsqualifikationen', 'Anerkennung ausländischer Berufsabschlüsse vereinfachen', 'Anpassungsqualifizierungen für Zugewanderte'],
    gen: 'der Anerkennungsverfahren für ausländische Berufsqualifikationen',
    purpose: 'für die Fachkräftesicherung in Deutschland',
    facts: [
      'Anerkennungsverfahren für ausländische Berufsabschlüsse in vielen Fällen länger als sechs Monate dauern',
      'die Zuständigkeiten für die Anerkennung auf eine Vielzahl von Stellen verteilt und für Antragstellende schwer zu durchschauen sind',
      'es an Angeboten für Anpassungsqualifizierungen und Kenntnisprüfungen fehlt',
    ],
    bund: [
      'das Berufsqualifikationsfeststellungsgesetz so weiterzuentwickeln, dass Anerkennungsverfahren vollständig digital beantragt werden können',
      'die Förderung von Anpassungsqualifizierungen im Rahmen des Förderprogramms „Integration durch Qualifizierung“ zu verstetigen',
      'die Gebühren für Anerkennungsverfahren von Geflüchteten zu übernehmen',
    ],
    laender: [
      'die Anerkennungsverfahren in den Heilberufen bei zentralen Stellen zu bündeln',
      'ihre Landesanerkennungsgesetze an die Änderungen des Bundesrechts anzupassen',
    ],
    eu: 'die Anerkennung von Berufsqualifikationen aus Drittstaaten im Rahmen der Berufsanerkennungsrichtlinie erleichtert wird',
    lineage: 'forschung',
    ag: 'Arbeitsgruppe „Anerkennung“',
  },
  {
    titles: ['Finanzierung der Migrationsberatungsstellen sichern', 'Verstetigung der Migrationsberatung für erwachsene Zugewanderte', 'Jugendmigrationsdienste bedarfsgerecht ausstatten'],
    gen: 'der Migrationsberatung für erwachsene Zugewanderte und der Jugendmigrationsdienste',
    purpose: 'für die Erstorientierung und die nachhaltige Integration',
    facts: [
      'die Migrationsberatungsstellen die steigende Zahl an Ratsuchenden mit den vorhandenen Personalstellen nicht mehr bewältigen können',
      'die jährliche Zuwendungspraxis den Trägern der Migrationsberatung keine Planungssicherheit bietet',
    ],
    bund: [
      'die Mittel für die Migrationsberatung für erwachsene Zuwanderer dauerhaft auf mindestens das bisherige Niveau festzuschreiben',
      'die Migrationsberatung auch für Asylsuchende und Geduldete zu öffnen',
      'die Digitalisierung der Beratungsangebote, etwa durch die Online-Beratung, weiter zu fördern',
    ],
    laender: ['die Landesförderung der Flüchtlingssozialarbeit mit der Migrationsberatung des Bundes abzustimmen'],
    kommunen: 'Migrationsberatungsstellen, Jobcenter und Ausländerbehörden in lokalen Netzwerken zusammenzuführen',
    lineage: 'innen',
    ag: 'Arbeitsgruppe „Beratungsstrukturen“',
  },
  {
    titles: ['Einbürgerung fördern – Verfahren beschleunigen', 'Einbürgerungskampagnen der Länder unterstützen'],
    gen: 'der Einbürgerungsverfahren',
    purpose: 'für die politische Teilhabe der dauerhaft in Deutschland lebenden Menschen',
    facts: [
      'die Zahl der Einbürgerungsanträge deutlich gestiegen ist und die Einbürgerungsbehörden an ihre Belastungsgrenze stoßen',
      'das Einbürgerungspotenzial in Deutschland im europäischen Vergleich nur zu einem geringen Teil ausgeschöpft wird',
    ],
    bund: [
      'das Einbürgerungsverfahren durch eine bundesweit einheitliche digitale Antragstellung zu vereinfachen',
      'die Anforderungen an den Nachweis der Sprachkenntnisse für ältere Menschen der ersten Zuwanderergeneration zu überprüfen',
    ],
    laender: ['Einbürgerungskampagnen aufzulegen und die Einbürgerungsbehörden personell zu verstärken'],
    kommunen: 'Einbürgerungsfeiern als sichtbares Zeichen der Anerkennung durchzuführen',
    lineage: 'innen',
    ag: 'Arbeitsgruppe „Einbürgerung“',
  },
  {
    titles: ['Arbeitsmarktintegration von Geflüchteten verbessern', 'Ausbildungsduldung und Beschäftigungsduldung praxistauglich ausgestalten'],
    gen: 'der Arbeitsmarktintegration von Geflüchteten',
    purpose: 'für die Fachkräftesicherung und die Selbstständigkeit der Geflüchteten',
    facts: [
      'Arbeitsverbote und lange Verfahren die Aufnahme einer Beschäftigung durch Geflüchtete unnötig verzögern',
      'die Ausländerbehörden die Regelungen zur Ausbildungsduldung sehr unterschiedlich anwenden',
    ],
    bund: [
      'die Arbeitsverbote für Asylsuchende und Geduldete weiter abzubauen',
      'die Vorrangprüfung für Geflüchtete dauerhaft auszusetzen',
      'die Ausbildungsduldung und die Beschäftigungsduldung in eine Aufenthaltserlaubnis zu überführen',
    ],
    laender: ['ihre Ausländerbehörden durch Anwendungshinweise zu einer einheitlichen Praxis bei der Ausbildungsduldung anzuhalten'],
    kommunen: 'die Zusammenarbeit von Jobcentern, Arbeitsagenturen und Ausländerbehörden in gemeinsamen Anlaufstellen zu verstetigen',
    lineage: 'arbeit',
    ag: 'Arbeitsgruppe „Arbeitsmarktintegration“',
  },
  {
    titles: ['Evaluation der Wohnsitzregelung nach § 12a Aufenthaltsgesetz', 'Wohnsitzauflage und Wohnraumversorgung anerkannter Schutzberechtigter'],
    gen: 'der Wohnsitzregelung',
    purpose: 'für eine geordnete Verteilung und eine gelingende Integration vor Ort',
    facts: [
      'die Wohnsitzregelung die Wohnraumversorgung in den Ballungsräumen entlastet, zugleich aber die Aufnahme einer Beschäftigung erschweren kann',
      'die Evaluierung der Wohnsitzregelung unterschiedliche Wirkungen in den Ländern ergeben hat',
    ],
    bund: [
      'die Wohnsitzregelung zu entfristen und um Härtefallregelungen zu ergänzen',
      'die Mittel für den sozialen Wohnungsbau zu verstetigen, damit Schutzberechtigte angemessenen Wohnraum finden',
    ],
    laender: ['die Landesverordnungen zur Wohnsitzzuweisung auf ihre Wirksamkeit zu überprüfen'],
    kommunen: 'bei Wohnsitzzuweisungen die Erreichbarkeit von Sprachkursen und Arbeitsplätzen zu berücksichtigen',
    lineage: 'innen',
    ag: 'Arbeitsgruppe „Wohnen und Sozialraum“',
    from: 2017,
  },
  {
    titles: ['Psychosoziale Versorgung traumatisierter Geflüchteter', 'Sprachmittlung im Gesundheitswesen'],
    gen: 'der psychosozialen Versorgung Geflüchteter',
    purpose: 'für die Gesundheit und die Teilhabe traumatisierter Menschen',
    facts: [
      'ein erheblicher Teil der Geflüchteten an Traumafolgestörungen leidet, die unbehandelt die Integration erschweren',
      'die Kosten für qualifizierte Sprachmittlung in der Psychotherapie bislang nicht geregelt sind',
    ],
    bund: [
      'die Kosten der Sprachmittlung im Rahmen der gesetzlichen Krankenversicherung als Leistung zu regeln',
      'die psychosozialen Zentren für Geflüchtete dauerhaft zu fördern',
    ],
    laender: ['die psychosozialen Zentren im Rahmen der Landesförderung zu unterstützen'],
    lineage: 'gesundheit',
    ag: 'Arbeitsgruppe „Gesundheit und Teilhabe“',
  },
  {
    titles: ['Frühe Bildung und Kita-Zugang für Kinder aus zugewanderten Familien', 'Brückenangebote zur Kindertagesbetreuung'],
    gen: 'der frühen Bildung für Kinder aus zugewanderten Familien',
    purpose: 'für gleiche Bildungschancen von Anfang an',
    facts: [
      'Kinder aus zugewanderten Familien seltener und später eine Kindertageseinrichtung besuchen',
      'niedrigschwellige Brückenangebote den Übergang in die Kindertagesbetreuung nachweislich erleichtern',
    ],
    bund: [
      'das Bundesprogramm „Kita-Einstieg: Brücken bauen in frühe Bildung“ zu verstetigen',
      'die Förderung der sprachlichen Bildung in Kindertageseinrichtungen dauerhaft abzusichern',
    ],
    laender: ['die alltagsintegrierte Sprachbildung in den Bildungsplänen der Länder zu stärken'],
    kommunen: 'Familien mit Migrationsgeschichte gezielt über den Rechtsanspruch auf einen Kitaplatz zu informieren',
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Sprache und Bildung“',
  },
  {
    titles: ['Stärkung von Migrantenorganisationen und ehrenamtlichem Engagement', 'Förderung der Integrationslotsinnen und Integrationslotsen'],
    gen: 'der Migrantenorganisationen und des ehrenamtlichen Engagements',
    purpose: 'für den gesellschaftlichen Zusammenhalt',
    facts: [
      'Migrantenorganisationen wichtige Brückenbauer sind, jedoch häufig nicht über hauptamtliche Strukturen verfügen',
      'viele Ehrenamtliche in der Flüchtlingshilfe nach Jahren intensiven Engagements Unterstützung und Anerkennung benötigen',
    ],
    bund: [
      'ein Bundesprogramm zur Strukturförderung von Migrantenorganisationen aufzulegen',
      'die Förderung der Ehrenamtskoordination in der Integrationsarbeit über das Jahr {y1} hinaus fortzuführen',
    ],
    laender: ['die Qualifizierung von Integrationslotsinnen und Integrationslotsen fortzusetzen'],
    kommunen: 'Migrantenorganisationen in die kommunalen Integrationsbeiräte und Netzwerke einzubinden',
    lineage: 'kanzleramt',
    ag: 'Arbeitsgruppe „Teilhabe und Zusammenhalt“',
  },
  {
    titles: ['Schutz vor Diskriminierung und Rassismus verbessern', 'Unabhängige Antidiskriminierungsberatung flächendeckend ausbauen'],
    gen: 'der Antidiskriminierungsberatung',
    purpose: 'für eine offene und vielfältige Gesellschaft',
    facts: [
      'Menschen mit Migrationsgeschichte auf dem Wohnungs- und Arbeitsmarkt weiterhin Diskriminierung erfahren',
      'es in vielen Regionen keine erreichbare unabhängige Antidiskriminierungsberatung gibt',
    ],
    bund: [
      'das Allgemeine Gleichbehandlungsgesetz zu evaluieren und die Fristen für die Geltendmachung von Ansprüchen zu verlängern',
      'den Aufbau einer flächendeckenden Antidiskriminierungsberatung finanziell zu unterstützen',
    ],
    laender: ['Landesantidiskriminierungsstellen einzurichten oder bestehende Stellen zu stärken'],
    kommunen: 'lokale Anlaufstellen gegen Diskriminierung einzurichten und bekannt zu machen',
    eu: 'die Gleichbehandlungsrichtlinie zügig verabschiedet wird',
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Teilhabe und Zusammenhalt“',
  },
];

const GMK_TOPICS: Topic[] = [
  {
    titles: ['Fachkräftesicherung in der Pflege', 'Personalbemessung in der Altenpflege', 'Attraktivität der Pflegeberufe steigern'],
    gen: 'der Pflegeberufe',
    purpose: 'für eine gute Versorgung pflegebedürftiger Menschen',
    facts: [
      'sich der Fachkräftemangel in der Alten- und Krankenpflege weiter verschärft',
      'viele Pflegekräfte ihren Beruf wegen hoher Arbeitsbelastung vorzeitig verlassen',
    ],
    bund: [
      'ein verbindliches Personalbemessungsverfahren für die vollstationäre Pflege zügig einzuführen',
      'die Refinanzierung tariflicher Löhne in der Altenpflege sicherzustellen',
      'die Anerkennung ausländischer Pflegefachkräfte zu beschleunigen',
    ],
    laender: ['die Ausbildungskapazitäten an den Pflegeschulen bedarfsgerecht auszubauen'],
    lineage: 'gesundheit',
    ag: 'Arbeitsgruppe „Pflege“',
  },
  {
    titles: ['Krankenhausfinanzierung zukunftsfest gestalten', 'Reform der Krankenhausvergütung', 'Sicherstellung der Krankenhausversorgung in ländlichen Regionen'],
    gen: 'der Krankenhausversorgung',
    purpose: 'für eine flächendeckende und qualitativ hochwertige stationäre Versorgung',
    facts: [
      'viele Krankenhäuser insbesondere im ländlichen Raum wirtschaftlich unter erheblichem Druck stehen',
      'das System der Fallpauschalen Anreize zur Mengenausweitung setzt und Vorhaltekosten nicht ausreichend abbildet',
    ],
    bund: [
      'die Betriebskostenfinanzierung der Krankenhäuser um eine bedarfsgerechte Vorhaltefinanzierung zu ergänzen',
      'die Planungshoheit der Länder bei der Krankenhausreform uneingeschränkt zu wahren',
      'einen Transformationsfonds zur Finanzierung des Strukturwandels der Krankenhauslandschaft einzurichten',
    ],
    laender: [
      'ihre Krankenhausplanung stärker an Leistungsgruppen und Qualitätskriterien auszurichten',
      'die Investitionsförderung der Krankenhäuser zu verstetigen',
    ],
    lineage: 'gesundheit',
    ag: 'Arbeitsgruppe „Krankenhauswesen“',
  },
  {
    titles: ['Stärkung des Öffentlichen Gesundheitsdienstes', 'Pakt für den Öffentlichen Gesundheitsdienst fortführen'],
    gen: 'des Öffentlichen Gesundheitsdienstes',
    purpose: 'für den Gesundheitsschutz der Bevölkerung',
    facts: [
      'die Gesundheitsämter in der Pandemie an die Grenze ihrer Leistungsfähigkeit gekommen sind',
      'die im Pakt für den ÖGD geschaffenen Stellen ohne Anschlussfinanzierung nicht dauerhaft gehalten werden können',
    ],
    bund: [
      'die Finanzierung des Paktes für den Öffentlichen Gesundheitsdienst über das Jahr 2026 hinaus zu verstetigen',
      'die Digitalisierung der Gesundheitsämter mit einem bundeseinheitlichen Meldewesen weiter zu fördern',
    ],
    laender: ['die Gesundheitsämter personell dauerhaft zu stärken und die Vergütung der Ärztinnen und Ärzte im ÖGD anzupassen'],
    kommunen: 'die zusätzlichen Stellen in den Gesundheitsämtern unbefristet zu besetzen',
    lineage: 'gesundheit',
    ag: 'Arbeitsgruppe „Öffentlicher Gesundheitsdienst“',
    from: 2020,
  },
  {
    titles: ['Digitalisierung im Gesundheitswesen beschleunigen', 'Einführung der elektronischen Patientenakte', 'Telemedizin in der Regelversorgung'],
    gen: 'der Digitalisierung im Gesundheitswesen',
    purpose: 'für eine sektorenübergreifende und sichere Versorgung',
    facts: [
      'die Anbindung der Leistungserbringer an die Telematikinfrastruktur nur schleppend vorankommt',
      'die Nutzung telemedizinischer Angebote durch starre Abrechnungsregeln behindert wird',
    ],
    bund: [
      'die elektronische Patientenakte nutzerfreundlich auszugestalten und die Interoperabilität der Systeme verbindlich vorzugeben',
      'telemedizinische Leistungen dauerhaft in den Leistungskatalog der gesetzlichen Krankenversicherung aufzunehmen',
      'den Datenschutz und die Datensicherheit in der Telematikinfrastruktur fortlaufend zu überprüfen',
    ],
    laender: ['Modellprojekte zur Telemedizin in ländlichen Regionen zu fördern'],
    eu: 'der Europäische Gesundheitsdatenraum die Besonderheiten des föderalen Gesundheitswesens berücksichtigt',
    lineage: 'gesundheit',
    ag: 'Arbeitsgruppe „Digitalisierung im Gesundheitswesen“',
  },
  {
    titles: ['Sicherstellung der hausärztlichen Versorgung', 'Landarztquote und Medizinstudium'],
    gen: 'der ambulanten ärztlichen Versorgung',
    purpose: 'für gleichwertige Lebensverhältnisse in Stadt und Land',
    facts: [
      'in ländlichen Regionen zunehmend Hausarztsitze nicht nachbesetzt werden',
      'die Zahl der Medizinstudienplätze den künftigen Bedarf nicht deckt',
    ],
    bund: [
      'den Masterplan Medizinstudium 2020 zügig umzusetzen und die Allgemeinmedizin im Studium zu stärken',
      'die Bedarfsplanung in der vertragsärztlichen Versorgung kleinräumiger auszugestalten',
    ],
    laender: ['die Zahl der Medizinstudienplätze zu erhöhen', 'Landarztquoten einzuführen oder auszuweiten'],
    kommunen: 'kommunale medizinische Versorgungszentren als Option der Sicherstellung zu prüfen',
    lineage: 'gesundheit',
    ag: 'Arbeitsgruppe „Ambulante Versorgung“',
  },
  {
    titles: ['Reform der Notfallversorgung', 'Rettungsdienst als eigenständiges Leistungssegment'],
    gen: 'der Notfallversorgung',
    purpose: 'für eine schnelle und bedarfsgerechte Hilfe im Notfall',
    facts: [
      'die Notaufnahmen der Krankenhäuser durch Patientinnen und Patienten ohne akuten Behandlungsbedarf stark belastet sind',
      'die Rettungsdienste die Hilfsfristen vielerorts nicht mehr einhalten können',
    ],
    bund: [
      'integrierte Notfallzentren an geeigneten Krankenhausstandorten gesetzlich zu verankern',
      'die Leitstellen der Rufnummern 112 und 116117 digital zu vernetzen',
    ],
    laender: ['ihre Rettungsdienstgesetze an die Reform der Notfallversorgung anzupassen'],
    kommunen: 'die Träger des Rettungsdienstes bei der Vernetzung der Leitstellen zu unterstützen',
    lineage: 'gesundheit',
    ag: 'Arbeitsgruppe „Notfallversorgung“',
  },
  {
    titles: ['Lieferengpässe bei Arzneimitteln vermeiden', 'Versorgungssicherheit mit Kinderarzneimitteln'],
    gen: 'der Arzneimittelversorgung',
    purpose: 'für die Versorgungssicherheit der Patientinnen und Patienten',
    facts: [
      'Lieferengpässe bei wichtigen Arzneimitteln, insbesondere bei Antibiotika und Fiebersäften für Kinder, zugenommen haben',
      'die Wirkstoffproduktion auf wenige Standorte außerhalb Europas konzentriert ist',
    ],
    bund: [
      'die Lagerhaltung versorgungskritischer Arzneimittel verbindlich zu regeln',
      'Anreize für eine Rückverlagerung der Wirkstoffproduktion nach Europa zu schaffen',
    ],
    laender: ['die Überwachung der Arzneimittelversorgung durch die Landesbehörden zu intensivieren'],
    eu: 'die Arzneimittelproduktion in der Europäischen Union gestärkt und Lieferketten diversifiziert werden',
    lineage: 'gesundheit',
    ag: 'Arbeitsgruppe „Arzneimittel“',
    from: 2019,
  },
  {
    titles: ['Begrenzung der Eigenanteile in der stationären Pflege', 'Nachhaltige Finanzierung der Pflegeversicherung'],
    gen: 'der Pflegeversicherung',
    purpose: 'für den Schutz pflegebedürftiger Menschen vor finanzieller Überforderung',
    facts: [
      'die Eigenanteile in der stationären Pflege stark gestiegen sind und immer mehr Pflegebedürftige auf Hilfe zur Pflege angewiesen sind',
      'die Pflegeversicherung ohne Reform ihrer Finanzierungsgrundlagen dauerhaft defizitär bleibt',
    ],
    bund: [
      'die Eigenanteile in der stationären Pflege wirksam zu begrenzen',
      'die Ausbildungskosten aus den Eigenanteilen der Pflegebedürftigen herauszunehmen',
      'versicherungsfremde Leistungen der Pflegeversicherung aus Steuermitteln zu finanzieren',
    ],
    laender: ['die Investitionskosten der Pflegeeinrichtungen stärker zu fördern'],
    lineage: 'gesundheit',
    ag: 'Arbeitsgruppe „Pflege“',
  },
  {
    titles: ['Psychische Gesundheit von Kindern und Jugendlichen stärken', 'Wartezeiten auf einen Psychotherapieplatz verkürzen'],
    gen: 'der psychotherapeutischen Versorgung',
    purpose: 'für Kinder, Jugendliche und Erwachsene in seelischen Krisen',
    facts: [
      'die Wartezeiten auf einen Therapieplatz in vielen Regionen mehrere Monate betragen',
      'psychische Belastungen bei Kindern und Jugendlichen deutlich zugenommen haben',
    ],
    bund: [
      'die Bedarfsplanung für Psychotherapeutinnen und Psychotherapeuten zu reformieren',
      'die Finanzierung der Weiterbildung in der Psychotherapie sicherzustellen',
    ],
    laender: ['niedrigschwellige Beratungsangebote an Schulen auszubauen'],
    kommunen: 'die Zusammenarbeit von Jugendhilfe, Schule und Gesundheitswesen vor Ort zu verbessern',
    lineage: 'gesundheit',
    ag: 'Arbeitsgruppe „Psychiatrie“',
  },
  {
    titles: ['Gesundheitlicher Hitzeschutz', 'Hitzeaktionspläne für das Gesundheitswesen'],
    gen: 'des gesundheitlichen Hitzeschutzes',
    purpose: 'für ältere, pflegebedürftige und vorerkrankte Menschen',
    facts: [
      'Hitzewellen infolge des Klimawandels häufiger und intensiver werden und jährlich zu tausenden hitzebedingten Todesfällen führen',
      'Pflegeeinrichtungen und Krankenhäuser baulich vielfach nicht auf längere Hitzeperioden vorbereitet sind',
    ],
    bund: [
      'einen nationalen Hitzeschutzplan fortzuschreiben und ein Hitzewarnsystem für Pflegeeinrichtungen verbindlich zu machen',
      'Maßnahmen des Hitzeschutzes in Krankenhäusern und Pflegeeinrichtungen refinanzierbar zu machen',
    ],
    laender: ['landesweite Hitzeaktionspläne aufzustellen'],
    kommunen: 'kommunale Hitzeaktionspläne zu erarbeiten und kühle Orte im öffentlichen Raum auszuweisen',
    lineage: 'gesundheit',
    ag: 'Arbeitsgruppe „Umweltbezogener Gesundheitsschutz“',
    from: 2020,
  },
];

const ASMK_TOPICS: Topic[] = [
  {
    titles: ['Weiterentwicklung der Grundsicherung für Arbeitsuchende', 'Vereinfachung des Leistungsrechts im SGB II'],
    gen: 'der Grundsicherung für Arbeitsuchende',
    purpose: 'für die soziale Absicherung und die Integration in Arbeit',
    facts: [
      'die Leistungsbescheide nach dem SGB II für die Leistungsberechtigten schwer verständlich sind und zu zahlreichen Widersprüchen führen',
      'der Regelbedarf die tatsächlichen Kosten für Strom und langlebige Gebrauchsgüter nicht abbildet',
    ],
    bund: [
      'das Leistungsrecht im SGB II durch Bagatellgrenzen und Pauschalierungen zu vereinfachen',
      'das Verfahren zur Ermittlung der Regelbedarfe zu überprüfen',
      'die Sanktionsregelungen im Lichte der Rechtsprechung des Bundesverfassungsgerichts neu zu fassen',
    ],
    laender: ['die Jobcenter bei der Umsetzung der Rechtsvereinfachung zu unterstützen'],
    kommunen: 'die kommunalen Eingliederungsleistungen wie Schuldner- und Suchtberatung enger mit den Jobcentern zu verzahnen',
    lineage: 'arbeit',
    ag: 'Arbeitsgruppe „Grundsicherung“',
    to: 2021,
  },
  {
    titles: ['Bürgergeld: Erfahrungen aus der Umsetzung', 'Weiterentwicklung des Bürgergelds'],
    gen: 'des Bürgergelds',
    purpose: 'für die soziale Absicherung und die Integration in Arbeit',
    facts: [
      'die Jobcenter mit der Einführung des Bürgergelds erhebliche zusätzliche Aufgaben übernehmen mussten',
      'die Mittel für Eingliederungsleistungen und Verwaltungskosten der Jobcenter nicht auskömmlich sind',
    ],
    bund: [
      'die Verwaltungs- und Eingliederungsbudgets der Jobcenter bedarfsgerecht auszustatten',
      'die Regelungen zur Karenzzeit beim Vermögen praxisgerecht zu vereinfachen',
      'den Übergang von Leistungsberechtigten in Ausbildung und Beschäftigung stärker zu fördern',
    ],
    laender: ['die Jobcenter bei der Qualifizierung ihrer Beschäftigten zu unterstützen'],
    kommunen: 'die kommunalen Eingliederungsleistungen wie Schuldner- und Suchtberatung enger mit den Jobcentern zu verzahnen',
    lineage: 'arbeit',
    ag: 'Arbeitsgruppe „Grundsicherung“',
    from: 2022,
  },
  {
    titles: ['Kontrolle des gesetzlichen Mindestlohns', 'Anpassung des Mindestlohns und Stärkung der Tarifbindung'],
    gen: 'des gesetzlichen Mindestlohns',
    purpose: 'für faire Löhne und einen fairen Wettbewerb',
    facts: [
      'Verstöße gegen das Mindestlohngesetz insbesondere in der Gastronomie, im Baugewerbe und in der Paketzustellung weiterhin verbreitet sind',
      'die Zahl der Prüfungen durch die Finanzkontrolle Schwarzarbeit hinter den Erwartungen zurückbleibt',
    ],
    bund: [
      'die Finanzkontrolle Schwarzarbeit personell so auszustatten, dass eine wirksame Kontrolle des Mindestlohns möglich ist',
      'eine manipulationssichere digitale Arbeitszeiterfassung gesetzlich vorzuschreiben',
      'bei der Anpassung des Mindestlohns auch die Entwicklung der Lebenshaltungskosten zu berücksichtigen',
    ],
    laender: ['bei der Vergabe öffentlicher Aufträge die Einhaltung des Mindestlohns konsequent zu prüfen'],
    eu: 'die Richtlinie über angemessene Mindestlöhne vollständig umgesetzt wird',
    lineage: 'arbeit',
    ag: 'Arbeitsgruppe „Arbeitsrecht“',
  },
  {
    titles: ['Arbeitsschutz bei Hitze', 'Arbeitsschutz im Straßengüterverkehr und in der Paketzustellung', 'Arbeitsbedingungen in der Fleischindustrie'],
    gen: 'des Arbeitsschutzes',
    purpose: 'für die Sicherheit und Gesundheit der Beschäftigten',
    facts: [
      'Beschäftigte im Straßengüterverkehr und in der Paketzustellung häufig unter hohem Zeitdruck und ohne ausreichende Ruhezeiten arbeiten',
      'die Zahl der Betriebsbesichtigungen durch die Arbeitsschutzbehörden seit Jahren rückläufig ist',
      'Beschäftigte bei Arbeiten im Freien zunehmend hohen Temperaturen ausgesetzt sind',
    ],
    bund: [
      'eine Mindestbesichtigungsquote für die Arbeitsschutzbehörden bundesrechtlich festzulegen',
      'in der Arbeitsstättenverordnung verbindliche Regelungen zum Schutz vor Hitze aufzunehmen',
      'die Einhaltung des Verbots von Werkverträgen in der Fleischwirtschaft wirksam zu überwachen',
    ],
    laender: ['die Arbeitsschutzverwaltungen personell zu verstärken'],
    eu: 'die Lenk- und Ruhezeiten im Straßengüterverkehr grenzüberschreitend wirksamer kontrolliert werden',
    lineage: 'arbeit',
    ag: 'Arbeitsgruppe „Arbeitsschutz“',
  },
  {
    titles: ['Sozialer Arbeitsmarkt für Langzeitarbeitslose', 'Teilhabe am Arbeitsmarkt dauerhaft sichern'],
    gen: 'der Förderung langzeitarbeitsloser Menschen',
    purpose: 'für die gesellschaftliche Teilhabe von Menschen, die seit Jahren ohne Arbeit sind',
    facts: [
      'trotz guter Arbeitsmarktlage mehr als 800.000 Menschen langzeitarbeitslos sind',
      'öffentlich geförderte Beschäftigung nachweislich zur sozialen Stabilisierung der Geförderten beiträgt',
    ],
    bund: [
      'das Instrument der Teilhabe am Arbeitsmarkt nach § 16i SGB II zu entfristen',
      'den Passiv-Aktiv-Transfer bundesweit zu ermöglichen',
    ],
    laender: ['ergänzende Landesprogramme für langzeitarbeitslose Menschen fortzuführen'],
    kommunen: 'Beschäftigungsmöglichkeiten im sozialen Arbeitsmarkt bei kommunalen Trägern zu erschließen',
    lineage: 'arbeit',
    ag: 'Arbeitsgruppe „Grundsicherung“',
  },
  {
    titles: ['Umsetzung des Bundesteilhabegesetzes', 'Inklusiver Arbeitsmarkt und Werkstätten für behinderte Menschen'],
    gen: 'der Teilhabe von Menschen mit Behinderungen',
    purpose: 'für ein selbstbestimmtes Leben',
    facts: [
      'die Umsetzung des Bundesteilhabegesetzes bei den Trägern der Eingliederungshilfe erheblichen Mehraufwand verursacht',
      'nur wenige Beschäftigte aus Werkstätten für behinderte Menschen den Übergang auf den allgemeinen Arbeitsmarkt schaffen',
    ],
    bund: [
      'sich an den Mehrkosten der Eingliederungshilfe infolge des Bundesteilhabegesetzes angemessen zu beteiligen',
      'das Entgeltsystem in den Werkstätten für behinderte Menschen zu reformieren',
      'die Ausgleichsabgabe für Arbeitgeber, die keine schwerbehinderten Menschen beschäftigen, zu erhöhen',
    ],
    laender: ['das Budget für Arbeit bekannter zu machen und Übergänge aus den Werkstätten zu fördern'],
    lineage: 'arbeit',
    ag: 'Arbeitsgruppe „Eingliederungshilfe“',
  },
  {
    titles: ['Altersarmut wirksam vorbeugen', 'Verbesserungen bei der Erwerbsminderungsrente'],
    gen: 'der Alterssicherung',
    purpose: 'für ein Leben im Alter ohne Armut',
    facts: [
      'die Zahl der Menschen, die im Alter auf Grundsicherung angewiesen sind, kontinuierlich steigt',
      'Erwerbsgeminderte ein besonders hohes Armutsrisiko tragen',
    ],
    bund: [
      'die Zurechnungszeiten bei der Erwerbsminderungsrente auch für Bestandsrentnerinnen und Bestandsrentner zu verbessern',
      'Freibeträge für Renten in der Grundsicherung im Alter einzuführen',
      'die betriebliche Altersvorsorge insbesondere für Geringverdienende attraktiver zu machen',
    ],
    laender: ['die Beratung zur Grundsicherung im Alter gemeinsam mit der Deutschen Rentenversicherung zu verbessern'],
    lineage: 'arbeit',
    ag: 'Arbeitsgruppe „Alterssicherung“',
  },
  {
    titles: ['Gute Arbeit in der Plattformökonomie', 'Mobiles Arbeiten und Digitalisierung der Arbeitswelt'],
    gen: 'der Plattformarbeit',
    purpose: 'für faire Arbeitsbedingungen in der digitalen Arbeitswelt',
    facts: [
      'immer mehr Menschen ihre Aufträge über digitale Plattformen erhalten, ohne sozial abgesichert zu sein',
      'mobiles Arbeiten für viele Beschäftigte zum Alltag geworden ist, ohne dass ein verlässlicher Rechtsrahmen besteht',
    ],
    bund: [
      'eine Vermutung des Arbeitnehmerstatus für Plattformbeschäftigte gesetzlich zu verankern',
      'Plattformbeschäftigte in die gesetzliche Rentenversicherung einzubeziehen',
      'einen rechtlichen Rahmen für mobiles Arbeiten zu schaffen',
    ],
    laender: ['die Arbeitsschutzbehörden für die Kontrolle mobiler Arbeit zu qualifizieren'],
    eu: 'die Richtlinie zur Verbesserung der Arbeitsbedingungen in der Plattformarbeit zügig umgesetzt wird',
    lineage: 'arbeit',
    ag: 'Arbeitsgruppe „Arbeit 4.0“',
    from: 2019,
  },
  {
    titles: ['Fachkräfteeinwanderung aus Drittstaaten erleichtern', 'Faire Bedingungen für Saisonbeschäftigte'],
    gen: 'der Fachkräfteeinwanderung',
    purpose: 'für die Sicherung des Fachkräftebedarfs',
    facts: [
      'in zahlreichen Berufen ein Mangel an qualifizierten Fachkräften besteht',
      'ausländische Saisonbeschäftigte in der Landwirtschaft häufig unzureichend über ihre Rechte informiert sind',
    ],
    bund: [
      'die Visaverfahren für Fachkräfte vollständig zu digitalisieren',
      'die Beratungsstellen für mobile Beschäftigte dauerhaft zu finanzieren',
      'den Krankenversicherungsschutz für kurzfristig Beschäftigte sicherzustellen',
    ],
    laender: ['zentrale Ausländerbehörden für die Fachkräfteeinwanderung einzurichten'],
    lineage: 'arbeit',
    ag: 'Arbeitsgruppe „Arbeitsmarktpolitik“',
  },
  {
    titles: ['Wohnungslosigkeit bis 2030 überwinden', 'Hilfen für Menschen in Straßenobdachlosigkeit'],
    gen: 'der Wohnungslosenhilfe',
    purpose: 'für Menschen ohne eigene Wohnung',
    facts: [
      'die Zahl der wohnungslosen Menschen weiter gestiegen ist',
      'Menschen, die auf der Straße leben, von den Hilfesystemen häufig nicht erreicht werden',
    ],
    bund: [
      'den Nationalen Aktionsplan gegen Wohnungslosigkeit mit konkreten Maßnahmen und Finanzmitteln zu unterlegen',
      'die Wohnungslosenberichterstattung um verdeckt wohnungslose Menschen zu erweitern',
    ],
    laender: ['Housing-First-Projekte zu fördern'],
    kommunen: 'präventive Fachstellen zur Vermeidung von Wohnungsverlusten einzurichten',
    lineage: 'arbeit',
    ag: 'Arbeitsgruppe „Armut und Wohnungslosigkeit“',
  },
  {
    titles: ['Kinderarmut bekämpfen – Leistungen für Familien bündeln', 'Bildungs- und Teilhabepaket vereinfachen'],
    gen: 'der Leistungen für Kinder und Familien',
    purpose: 'für gleiche Teilhabechancen aller Kinder',
    facts: [
      'Leistungen wie der Kinderzuschlag und das Bildungs- und Teilhabepaket viele berechtigte Familien nicht erreichen',
      'die Antragsverfahren für Familienleistungen unübersichtlich und aufwendig sind',
    ],
    bund: [
      'die Leistungen für Kinder in einer einfachen, digital beantragbaren Leistung zusammenzuführen',
      'die Antragstellung beim Bildungs- und Teilhabepaket zu vereinfachen',
    ],
    laender: ['die Beratung von Familien zu den Familienleistungen zu stärken'],
    kommunen: 'Leistungen des Bildungs- und Teilhabepakets unbürokratisch, etwa über Globalanträge an Schulen, zu gewähren',
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Armut und Wohnungslosigkeit“',
  },
];

const UMK_TOPICS: Topic[] = [
  {
    titles: ['Klimaanpassung als Gemeinschaftsaufgabe', 'Finanzierung der Klimaanpassung in Ländern und Kommunen', 'Nationale Klimaanpassungsstrategie'],
    gen: 'der Klimaanpassung',
    purpose: 'für die Widerstandsfähigkeit von Städten, Gemeinden und Landschaften',
    facts: [
      'die Folgen des Klimawandels wie Hitze, Starkregen und Trockenheit Länder und Kommunen vor wachsende Herausforderungen stellen',
      'Länder und Kommunen die Kosten der Klimaanpassung ohne dauerhafte Beteiligung des Bundes nicht tragen können',
    ],
    bund: [
      'eine neue Gemeinschaftsaufgabe Klimaanpassung im Grundgesetz zu verankern',
      'die Förderprogramme zur Klimaanpassung in sozialen Einrichtungen zu verstetigen',
      'die Klimaanpassungsstrategie mit messbaren Zielen zu unterlegen',
    ],
    laender: ['eigene Klimaanpassungsstrategien aufzustellen und regelmäßig fortzuschreiben'],
    kommunen: 'Klimaanpassungskonzepte zu erstellen und dafür qualifiziertes Personal einzusetzen',
    eu: 'Mittel der Kohäsionspolitik stärker für Maßnahmen der Klimaanpassung eingesetzt werden können',
    lineage: 'umwelt',
    ag: 'Bund/Länder-Arbeitsgemeinschaft Klima, Energie, Mobilität – Nachhaltigkeit (BLAG KliNa)',
  },
  {
    titles: ['Hochwasserschutz und Starkregenvorsorge', 'Nationales Hochwasserschutzprogramm fortschreiben'],
    gen: 'des Hochwasserschutzes',
    purpose: 'für den Schutz der Bevölkerung vor Überschwemmungen',
    facts: [
      'die Hochwasser- und Starkregenereignisse der vergangenen Jahre erhebliche Schäden verursacht haben',
      'die Umsetzung von Maßnahmen des Nationalen Hochwasserschutzprogramms durch lange Planungs- und Genehmigungsverfahren verzögert wird',
    ],
    bund: [
      'die Mittel für das Nationale Hochwasserschutzprogramm im Sonderrahmenplan der Gemeinschaftsaufgabe Agrarstruktur und Küstenschutz aufzustocken',
      'Planungs- und Genehmigungsverfahren für Hochwasserschutzanlagen zu beschleunigen',
      'eine bundesweite Pflichtversicherung gegen Elementarschäden zu prüfen',
    ],
    laender: ['Starkregengefahrenkarten zu erstellen und zu veröffentlichen'],
    kommunen: 'das Starkregenrisikomanagement in der Bauleitplanung zu berücksichtigen',
    lineage: 'umwelt',
    ag: 'Bund/Länder-Arbeitsgemeinschaft Wasser (LAWA)',
  },
  {
    titles: ['Kreislaufwirtschaft stärken – Abfälle vermeiden', 'Einwegkunststoffe und Verpackungsabfälle reduzieren', 'Recycling von Bau- und Abbruchabfällen'],
    gen: 'der Kreislaufwirtschaft',
    purpose: 'für den Schutz natürlicher Ressourcen',
    facts: [
      'das Aufkommen an Verpackungsabfällen in Deutschland weiterhin auf hohem Niveau liegt',
      'die Recyclingquoten für Kunststoffe hinter den Zielen zurückbleiben',
    ],
    bund: [
      'eine nationale Kreislaufwirtschaftsstrategie mit verbindlichen Zielen vorzulegen',
      'Mindestrezyklatanteile für Kunststoffverpackungen einzuführen',
      'die Ersatzbaustoffverordnung praxisgerecht fortzuentwickeln',
    ],
    laender: ['bei der öffentlichen Beschaffung Produkte aus Recyclingmaterial zu bevorzugen'],
    kommunen: 'Mehrwegsysteme bei Veranstaltungen und im Straßenverkauf zu fördern',
    eu: 'die Verpackungsverordnung der Europäischen Union ambitionierte Ziele für Mehrweg vorsieht',
    lineage: 'umwelt',
    ag: 'Bund/Länder-Arbeitsgemeinschaft Abfall (LAGA)',
  },
  {
    titles: ['Insektensterben stoppen – Biodiversität schützen', 'Reduktion des Einsatzes von Pflanzenschutzmitteln'],
    gen: 'der biologischen Vielfalt',
    purpose: 'für stabile Ökosysteme',
    facts: [
      'die Biomasse der Fluginsekten in Teilen Deutschlands in den vergangenen Jahrzehnten dramatisch zurückgegangen ist',
      'der Einsatz von Pflanzenschutzmitteln in Schutzgebieten weiterhin zulässig ist',
    ],
    bund: [
      'das Aktionsprogramm Insektenschutz vollständig umzusetzen',
      'die Anwendung glyphosathaltiger Pflanzenschutzmittel weiter einzuschränken',
      'die Förderung der Agrarumwelt- und Klimamaßnahmen aufzustocken',
    ],
    laender: ['Biotopverbundsysteme auf mindestens 15 Prozent der Landesfläche zu schaffen'],
    kommunen: 'öffentliche Grünflächen und Straßenbegleitgrün insektenfreundlich zu pflegen',
    eu: 'die Zulassung von Pflanzenschutzmitteln stärker an Kriterien der Biodiversität ausgerichtet wird',
    lineage: 'landwirtschaft',
    ag: 'Bund/Länder-Arbeitsgemeinschaft Naturschutz, Landschaftspflege und Erholung (LANA)',
  },
  {
    titles: ['Luftreinhaltung in Innenstädten', 'Stickstoffdioxid-Belastung durch Dieselfahrzeuge senken'],
    gen: 'der Luftreinhaltung',
    purpose: 'für den Gesundheitsschutz in den Städten',
    facts: [
      'die Grenzwerte für Stickstoffdioxid an zahlreichen verkehrsnahen Messstellen überschritten werden',
      'Fahrverbote für Dieselfahrzeuge nur durch wirksame Maßnahmen an der Quelle vermieden werden können',
    ],
    bund: [
      'die Hersteller zur Hardware-Nachrüstung von Diesel-Pkw auf eigene Kosten zu verpflichten',
      'das Sofortprogramm Saubere Luft aufzustocken',
      'eine Kennzeichnung emissionsarmer Fahrzeuge einzuführen',
    ],
    laender: ['ihre Luftreinhaltepläne fortzuschreiben'],
    kommunen: 'den öffentlichen Personennahverkehr und den Radverkehr als Alternativen zum Kfz-Verkehr auszubauen',
    eu: 'realistische Fahrzeugemissionen im Straßenverkehr gemessen und die Abgasnormen fortentwickelt werden',
    lineage: 'verkehr',
    ag: 'Bund/Länder-Arbeitsgemeinschaft für Immissionsschutz (LAI)',
    to: 2020,
  },
  {
    titles: ['Lärmschutz an Bundesfernstraßen und Schienenwegen', 'Lärmaktionsplanung wirksamer machen'],
    gen: 'des Lärmschutzes',
    purpose: 'für die Gesundheit der Anwohnerinnen und Anwohner',
    facts: [
      'Millionen Menschen an Hauptverkehrsstraßen und Schienenwegen gesundheitsgefährdendem Lärm ausgesetzt sind',
      'die Auslösewerte für die Lärmsanierung an Bundesfernstraßen nicht dem Stand der Lärmwirkungsforschung entsprechen',
    ],
    bund: [
      'die Auslösewerte für die Lärmsanierung an Bundesfernstraßen abzusenken',
      'den Kommunen die Anordnung von Tempo 30 aus Gründen des Lärmschutzes im Straßenverkehrsrecht zu erleichtern',
      'die Mittel für die Lärmsanierung an Schienenwegen des Bundes zu erhöhen',
    ],
    laender: ['die Kommunen bei der Lärmaktionsplanung zu unterstützen'],
    kommunen: 'in Lärmaktionsplänen verbindliche Maßnahmen an Straßen mit hoher Verkehrsbelastung festzulegen',
    lineage: 'verkehr',
    ag: 'Bund/Länder-Arbeitsgemeinschaft für Immissionsschutz (LAI)',
  },
  {
    titles: ['Umgang mit dem Wolf und Herdenschutz', 'Wolfsmanagement und Weidetierhaltung'],
    gen: 'des Herdenschutzes',
    purpose: 'für ein konfliktarmes Nebeneinander von Weidetierhaltung und Wolf',
    facts: [
      'die Zahl der Wolfsrudel in Deutschland stetig zunimmt und damit auch die Zahl der Nutztierrisse',
      'Weidetierhalterinnen und Weidetierhalter den Aufwand für den Herdenschutz allein nicht tragen können',
    ],
    bund: [
      'die Förderung von Herdenschutzmaßnahmen im Rahmen der Gemeinschaftsaufgabe zu ermöglichen',
      'die Regelungen zur Entnahme problematischer Wölfe im Bundesnaturschutzgesetz rechtssicher auszugestalten',
    ],
    laender: ['ihre Wolfsmanagementpläne abzustimmen und die Rissbegutachtung zu vereinheitlichen'],
    eu: 'der Schutzstatus des Wolfes auf Grundlage aktueller Bestandsdaten überprüft wird',
    lineage: 'umwelt',
    ag: 'Bund/Länder-Arbeitsgemeinschaft Naturschutz, Landschaftspflege und Erholung (LANA)',
  },
  {
    titles: ['Nitratbelastung des Grundwassers senken', 'Umsetzung der Wasserrahmenrichtlinie', 'Nationale Wasserstrategie umsetzen'],
    gen: 'des Gewässerschutzes',
    purpose: 'für eine sichere Trinkwasserversorgung',
    facts: [
      'an rund einem Viertel der Grundwassermessstellen der Schwellenwert für Nitrat überschritten wird',
      'die Ziele der Wasserrahmenrichtlinie bis 2027 in vielen Wasserkörpern nicht erreicht werden',
    ],
    bund: [
      'die Düngeverordnung konsequent an den Anforderungen der Nitratrichtlinie auszurichten',
      'ein bundesweites Monitoring der Nährstoffbilanzen landwirtschaftlicher Betriebe einzuführen',
      'die Maßnahmen zum Schutz der Gewässer mit einem verbindlichen Aktionsprogramm zu unterlegen',
    ],
    laender: ['die Messnetze für das Grundwasser zu verdichten'],
    kommunen: 'Wasserversorgungskonzepte für Trockenperioden zu erstellen',
    eu: 'die Fristen der Wasserrahmenrichtlinie realistisch fortgeschrieben werden',
    lineage: 'landwirtschaft',
    ag: 'Bund/Länder-Arbeitsgemeinschaft Wasser (LAWA)',
  },
  {
    titles: ['Flächenverbrauch reduzieren – Böden schützen', 'Eintrag von Mikroplastik in die Umwelt verringern'],
    gen: 'des Bodenschutzes',
    purpose: 'für die natürlichen Lebensgrundlagen künftiger Generationen',
    facts: [
      'täglich weiterhin mehr als 50 Hektar Fläche für Siedlung und Verkehr neu in Anspruch genommen werden',
      'Mikroplastik über Reifenabrieb von Straßen, Kunststoffabfälle und Kompost in Böden und Gewässer gelangt',
    ],
    bund: [
      'das Ziel einer Flächenneuinanspruchnahme von unter 30 Hektar pro Tag gesetzlich zu verankern',
      'Grenzwerte für Fremdstoffe in Bioabfällen und Komposten abzusenken',
    ],
    laender: ['Flächenrecycling und die Entsiegelung brachliegender Flächen zu fördern'],
    kommunen: 'den Vorrang der Innenentwicklung vor der Außenentwicklung konsequent in der Bauleitplanung umzusetzen',
    eu: 'die Bodenüberwachungsrichtlinie die bestehenden Strukturen des Bodenschutzes in den Mitgliedstaaten berücksichtigt',
    lineage: 'umwelt',
    ag: 'Bund/Länder-Arbeitsgemeinschaft Bodenschutz (LABO)',
  },
];

const JFMK_TOPICS: Topic[] = [
  {
    titles: ['Qualität in der Kindertagesbetreuung weiterentwickeln', 'Bundesbeteiligung an der Kita-Finanzierung verstetigen', 'Fortführung der Bundesmittel für die Kita-Qualität'],
    gen: 'der Kindertagesbetreuung',
    purpose: 'für frühe Bildung und gute Entwicklungschancen aller Kinder',
    facts: [
      'die Betreuungsschlüssel in den Kindertageseinrichtungen zwischen den Ländern weiterhin stark voneinander abweichen',
      'die Bundesmittel für die Qualitätsentwicklung in der Kindertagesbetreuung bislang nur befristet zur Verfügung stehen',
    ],
    bund: [
      'sich über das Jahr {y2} hinaus dauerhaft an der Finanzierung der Qualität in der Kindertagesbetreuung zu beteiligen',
      'bundesweite Qualitätsstandards gemeinsam mit den Ländern schrittweise zu entwickeln',
      'die Förderung der Fachkräftegewinnung in der Kindertagesbetreuung fortzusetzen',
    ],
    laender: ['die zusätzlichen Bundesmittel vorrangig für die Verbesserung der Fachkraft-Kind-Relation einzusetzen'],
    kommunen: 'die Leitungen der Kindertageseinrichtungen durch ausreichende Freistellung zu stärken',
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Frühe Bildung“',
  },
  {
    titles: ['Reform des SGB VIII – Kinder- und Jugendhilfe inklusiv gestalten', 'Gesamtzuständigkeit der Kinder- und Jugendhilfe für junge Menschen mit Behinderungen'],
    gen: 'der Kinder- und Jugendhilfe',
    purpose: 'für das Aufwachsen junger Menschen in öffentlicher Verantwortung',
    facts: [
      'die Zuständigkeit für junge Menschen mit Behinderungen zwischen Jugendhilfe und Eingliederungshilfe aufgeteilt ist',
      'die Jugendämter bei der Umsetzung der inklusiven Lösung erhebliche Vorlaufzeiten benötigen',
    ],
    bund: [
      'das Bundesgesetz zur Ausgestaltung der inklusiven Kinder- und Jugendhilfe rechtzeitig vorzulegen',
      'die Mehrkosten der Kommunen durch die inklusive Lösung angemessen auszugleichen',
      'die Verfahrenslotsen in den Jugendämtern dauerhaft zu finanzieren',
    ],
    laender: ['die Jugendämter durch Fortbildungsangebote auf die Gesamtzuständigkeit vorzubereiten'],
    kommunen: 'Verfahrenslotsinnen und Verfahrenslotsen frühzeitig einzusetzen',
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Kinder- und Jugendhilfe“',
  },
  {
    titles: ['Rechtsanspruch auf Ganztagsbetreuung für Kinder im Grundschulalter', 'Investitionsprogramm Ganztagsausbau'],
    gen: 'des Ganztagsausbaus',
    purpose: 'für Bildungsgerechtigkeit und die Vereinbarkeit von Familie und Beruf',
    facts: [
      'der ab 2026 stufenweise geltende Rechtsanspruch auf Ganztagsbetreuung einen erheblichen Ausbau an Plätzen erfordert',
      'die Baukosten seit Auflage des Investitionsprogramms deutlich gestiegen sind',
    ],
    bund: [
      'die Fristen für den Abruf der Investitionsmittel für den Ganztagsausbau zu verlängern',
      'sich dauerhaft an den Betriebskosten der Ganztagsangebote zu beteiligen',
    ],
    laender: ['gemeinsam mit den Schulträgern Qualitätsstandards für den Ganztag zu entwickeln'],
    kommunen: 'die Kooperation von Schule und Kinder- und Jugendhilfe im Ganztag vor Ort zu gestalten',
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Ganztag“',
    from: 2020,
  },
  {
    titles: ['Kinderschutz stärken – sexualisierte Gewalt bekämpfen', 'Schutzkonzepte in Einrichtungen der Kinder- und Jugendhilfe'],
    gen: 'des Kinderschutzes',
    purpose: 'für den Schutz von Kindern und Jugendlichen vor Gewalt',
    facts: [
      'die Zahl der polizeilich bekannt gewordenen Fälle sexualisierter Gewalt gegen Kinder weiterhin hoch ist',
      'viele Einrichtungen noch über kein Schutzkonzept verfügen',
    ],
    bund: [
      'das Amt der Unabhängigen Beauftragten für Fragen des sexuellen Kindesmissbrauchs gesetzlich zu verankern',
      'die Förderung spezialisierter Fachberatungsstellen dauerhaft sicherzustellen',
    ],
    laender: ['Schutzkonzepte für alle Einrichtungen der Kinder- und Jugendhilfe verbindlich vorzugeben'],
    kommunen: 'die Kooperation von Jugendämtern, Familiengerichten und Polizei in Netzwerken Kinderschutz zu verstetigen',
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Kinderschutz“',
  },
  {
    titles: ['Jugendbeteiligung verbindlich verankern', 'Eigenständige Jugendpolitik und Jugendstrategie'],
    gen: 'der Jugendbeteiligung',
    purpose: 'für eine lebendige Demokratie',
    facts: [
      'junge Menschen sich stärker an politischen Entscheidungen beteiligen wollen, als es bestehende Formate zulassen',
      'die Interessen junger Menschen in politischen Entscheidungsprozessen bislang zu wenig Berücksichtigung finden',
    ],
    bund: [
      'einen Jugend-Check für alle Gesetzesvorhaben des Bundes verbindlich einzuführen',
      'die Jugendstrategie der Bundesregierung mit den Ländern weiterzuentwickeln',
    ],
    laender: ['Beteiligungsrechte junger Menschen in den Gemeindeordnungen zu stärken'],
    kommunen: 'Jugendparlamente und Jugendbeiräte zu unterstützen',
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Jugendpolitik“',
  },
  {
    titles: ['Fachkräftegewinnung für Kitas und Jugendhilfe', 'Praxisintegrierte Ausbildung von Erzieherinnen und Erziehern'],
    gen: 'der Fachkräftegewinnung in der Kinder- und Jugendhilfe',
    purpose: 'für verlässliche Angebote der Bildung, Betreuung und Erziehung',
    facts: [
      'bis zum Ende des Jahrzehnts bundesweit mehrere zehntausend Fachkräfte in der Kindertagesbetreuung fehlen werden',
      'die praxisintegrierte Ausbildung die Attraktivität des Berufs nachweislich erhöht',
    ],
    bund: [
      'eine Gesamtstrategie Fachkräfte für Erziehungsberufe gemeinsam mit den Ländern umzusetzen',
      'die Ausbildungsvergütung in der praxisintegrierten Ausbildung zu fördern',
      'das Aufstiegs-BAföG für Erzieherinnen und Erzieher zu verbessern',
    ],
    laender: ['die Anerkennung ausländischer pädagogischer Abschlüsse zu beschleunigen'],
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Frühe Bildung“',
  },
  {
    titles: ['Frühe Hilfen bedarfsgerecht ausbauen', 'Bundesstiftung Frühe Hilfen dynamisieren'],
    gen: 'der Frühen Hilfen',
    purpose: 'für einen guten Start ins Leben',
    facts: [
      'die Bundesstiftung Frühe Hilfen mit einem seit Jahren unveränderten Finanzvolumen ausgestattet ist',
      'insbesondere psychosozial belastete Familien von den Angeboten der Frühen Hilfen profitieren',
    ],
    bund: [
      'die Mittel der Bundesstiftung Frühe Hilfen zu dynamisieren',
      'die Schnittstelle zwischen Gesundheitswesen und Frühen Hilfen gesetzlich zu stärken',
    ],
    laender: ['Lotsendienste in Geburtskliniken auszubauen'],
    kommunen: 'die Netzwerke Frühe Hilfen mit der Kinder- und Jugendhilfe und dem Gesundheitswesen zu verknüpfen',
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Kinderschutz“',
  },
  {
    titles: ['Offene Kinder- und Jugendarbeit und Straßensozialarbeit stärken', 'Kinder- und Jugendplan des Bundes dynamisieren'],
    gen: 'der offenen Kinder- und Jugendarbeit',
    purpose: 'für Freiräume, Bildung und Teilhabe junger Menschen',
    facts: [
      'Angebote der offenen Kinder- und Jugendarbeit vielerorts aus Kostengründen eingeschränkt wurden',
      'junge Menschen in prekären Lebenslagen oft nur noch über aufsuchende Straßensozialarbeit erreicht werden',
    ],
    bund: [
      'den Kinder- und Jugendplan des Bundes aufzustocken und zu dynamisieren',
      'die Förderung bundeszentraler Träger der Jugendarbeit zu verstetigen',
    ],
    laender: ['die Förderung der Jugendverbände und der Straßensozialarbeit zu sichern'],
    kommunen: 'die Angebote der offenen Jugendarbeit in der Jugendhilfeplanung verbindlich abzusichern',
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Jugendpolitik“',
  },
  {
    titles: ['Elterngeld weiterentwickeln', 'Vereinbarkeit von Familie und Beruf verbessern'],
    gen: 'der Familienleistungen',
    purpose: 'für eine partnerschaftliche Aufteilung von Familien- und Erwerbsarbeit',
    facts: [
      'Väter die Partnermonate beim Elterngeld zwar zunehmend nutzen, jedoch überwiegend nur für zwei Monate',
      'der Höchstbetrag des Elterngeldes seit seiner Einführung nicht angepasst wurde',
    ],
    bund: [
      'die Beträge des Elterngeldes an die Lohnentwicklung anzupassen',
      'die Partnermonate beim Elterngeld auszuweiten',
      'die Antragstellung für das Elterngeld vollständig zu digitalisieren',
    ],
    laender: ['die Elterngeldstellen bei der Digitalisierung der Verfahren zu unterstützen'],
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Familienpolitik“',
  },
  {
    titles: ['Jugendmedienschutz zeitgemäß gestalten', 'Medienkompetenz von Kindern und Jugendlichen fördern'],
    gen: 'des Jugendmedienschutzes',
    purpose: 'für ein sicheres Aufwachsen mit digitalen Medien',
    facts: [
      'Kinder und Jugendliche in sozialen Netzwerken zunehmend Cybermobbing, Cybergrooming und Desinformation ausgesetzt sind',
      'die Zuständigkeiten im Jugendmedienschutz zwischen Bund und Ländern zersplittert sind',
    ],
    bund: [
      'die Anbieter digitaler Dienste zu wirksamen Vorsorgemaßnahmen wie einer verlässlichen Altersprüfung zu verpflichten',
      'die Aufsicht des Bundes im Jugendmedienschutz eng mit den Landesmedienanstalten zu verzahnen',
    ],
    laender: ['Medienkompetenz in den Bildungsplänen von Kita und Schule zu verankern'],
    eu: 'die europäischen Vorgaben zum Schutz Minderjähriger auf Online-Plattformen konsequent durchgesetzt werden',
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Jugendmedienschutz“',
  },
  {
    titles: ['Unbegleitete minderjährige Ausländerinnen und Ausländer', 'Bundesweite Verteilung unbegleiteter Minderjähriger'],
    gen: 'der Versorgung unbegleiteter minderjähriger Ausländerinnen und Ausländer',
    purpose: 'für das Kindeswohl junger Geflüchteter',
    facts: [
      'die Jugendämter in einigen Ländern die Inobhutnahme unbegleiteter Minderjähriger nur noch unter erheblichen Schwierigkeiten sicherstellen können',
      'junge Volljährige nach dem Ende der Jugendhilfe häufig ohne ausreichende Unterstützung bleiben',
    ],
    bund: [
      'sich an den Kosten der Versorgung unbegleiteter Minderjähriger dauerhaft zu beteiligen',
      'das Verfahren der bundesweiten Aufnahme zu beschleunigen',
    ],
    laender: ['die landesinterne Verteilung an den tatsächlichen Kapazitäten der Jugendämter auszurichten'],
    kommunen: 'Angebote der Hilfe für junge Volljährige bedarfsgerecht fortzuführen',
    lineage: 'familie',
    ag: 'Arbeitsgruppe „Kinder- und Jugendhilfe“',
  },
];

// Generic sentences, used to round off demands.
const BUND_SUPPORT = [
  'Die hierfür erforderlichen Mittel sind im Bundeshaushalt dauerhaft und überjährig bereitzustellen.',
  'Eine Verlagerung der Kosten auf Länder und Kommunen ist dabei auszuschließen.',
  'Die Förderung sollte so ausgestaltet werden, dass die Träger Planungssicherheit über mehrere Jahre erhalten.',
  'Die Länder erneuern insoweit ihre Forderung aus früheren Beschlüssen der {K}.',
  'Dabei sind die Erfahrungen der Länder und der kommunalen Praxis frühzeitig einzubeziehen.',
  'Bürokratische Hürden bei der Antragstellung und Abrechnung sind abzubauen.',
  'Die Länder sind an der Erarbeitung der Regelungen frühzeitig und umfassend zu beteiligen.',
  'Die besonderen Bedürfnisse ländlicher Räume sind dabei angemessen zu berücksichtigen.',
  'Ein entsprechender Gesetzentwurf sollte noch in dieser Legislaturperiode vorgelegt werden.',
  'Die bestehenden Förderprogramme des Bundes sind hierzu besser aufeinander abzustimmen.',
  'Insbesondere ist sicherzustellen, dass die Angebote auch für Menschen mit Behinderungen barrierefrei zugänglich sind.',
  'Die {K} verweist hierzu auf die Ergebnisse der {ag}.',
  'Befristete Modellprojekte können eine verlässliche Regelförderung nicht ersetzen.',
];
const BUND_GENERIC = [
  'die hierfür notwendigen gesetzlichen Grundlagen zu schaffen',
  'gemeinsam mit den Ländern einen Zeitplan für die Umsetzung zu entwickeln',
  'die Förderung {gen} verlässlich und überjährig auszugestalten',
  'die Länder an der weiteren Ausgestaltung {gen} frühzeitig zu beteiligen',
  'die Ergebnisse der Evaluation {gen} zeitnah vorzulegen und mit den Ländern zu erörtern',
];
const FACT_VERBS = ['stellt fest, dass', 'sieht mit Sorge, dass', 'weist darauf hin, dass', 'nimmt zur Kenntnis, dass', 'hält fest, dass'];
const FACT_TAIL = [
  'Sie unterstreicht die Bedeutung {gen} {purpose}.',
  'Die Länder sehen hier dringenden Handlungsbedarf.',
  'Dies bestätigen die Erfahrungen aus der Praxis der Länder und Kommunen.',
  'Die Entwicklung der vergangenen Jahre zeigt, dass die bisherigen Instrumente nicht ausreichen.',
  'Die Länder haben hierzu eigene Programme aufgelegt, die jedoch die Verantwortung des Bundes nicht ersetzen können.',
  'Sie dankt allen Beteiligten, insbesondere den haupt- und ehrenamtlich Tätigen vor Ort, für ihr Engagement.',
];
const BUND_OPENERS = ['bittet die Bundesregierung,', 'fordert die Bundesregierung auf,', 'bittet {min},', 'appelliert an den Bund,', 'hält es für erforderlich, den Bund aufzufordern,'];
const LAENDER_OPENERS = ['Die Länder verpflichten sich,', 'Die {K} bittet die Länder,', 'Die Länder kommen überein,', 'Die Länder beabsichtigen,'];
const LAENDER_SUPPORT = [
  'Sie tauschen sich hierzu regelmäßig in der {ag} aus.',
  'Die kommunalen Spitzenverbände werden dabei einbezogen.',
  'Bewährte Ansätze einzelner Länder sollen dabei als Beispiele guter Praxis dienen.',
  'Über den Stand der Umsetzung berichten die Länder in der {ag}.',
];
const KOMMUNEN_SUPPORT = [
  'Die Länder unterstützen die Kommunen hierbei im Rahmen ihrer Möglichkeiten.',
  'Beispiele guter kommunaler Praxis sollen bekannt gemacht und verbreitet werden.',
  'Die Verantwortung des Bundes für eine auskömmliche Finanzierung bleibt davon unberührt.',
];
const EU_SUPPORT = [
  'Die Interessen der Länder sind dabei in den Verhandlungen auf europäischer Ebene zu wahren.',
  'Der Bundesrat ist über den Fortgang der Verhandlungen frühzeitig zu unterrichten.',
  'Eine zusätzliche Belastung der Verwaltung in Ländern und Kommunen ist dabei zu vermeiden.',
];
const GREMIUM_TASKS = [
  'die Umsetzung {gen} in den Ländern auszuwerten',
  'unter Beteiligung des Bundes Eckpunkte für die Weiterentwicklung {gen} zu erarbeiten',
  'die Handlungsbedarfe im Bereich {gen} zu ermitteln und Lösungsvorschläge zu erarbeiten',
];
const GREMIUM_SUPPORT = [
  'Die Geschäftsstelle wird gebeten, die Arbeiten zu koordinieren.',
  'Die fachlich zuständigen Bundesressorts sind zu beteiligen.',
  'Dabei sind die Ergebnisse anderer Fachministerkonferenzen einzubeziehen.',
];
const PROTOCOL_REASONS = [
  'die finanziellen Auswirkungen auf die Landeshaushalte nicht absehbar sind',
  'die Regelungskompetenz insoweit bei den Ländern liegt',
  'die vorgeschlagene Regelung zusätzlichen Verwaltungsaufwand erzeugen würde',
  'eine bundeseinheitliche Regelung nicht für erforderlich gehalten wird',
  'zunächst die Ergebnisse der laufenden Evaluation abgewartet werden sollten',
  'die Forderung über den bisherigen Konsens der Länder hinausgeht',
];

// ---------------------------------------------------------------------------------------------
// Conferences and meetings (synthetic; the 12. IntMK 2017 is real)
// ---------------------------------------------------------------------------------------------

type TopStyle = 'intmk' | 'intmk-b' | 'gmk' | 'gmk-10' | 'asmk' | 'asmk-a' | 'umk' | 'jfmk' | 'written' | 'intmk-12';

interface MeetingSpec extends DemoMeeting {
  count: number;
  style: TopStyle;
  release: ReleaseState;
  /** extra resolutions released only internally, in a separate file */
  internalExtra?: number;
}

interface ConferenceSpec {
  shortName: string;
  slug: string;
  name: string;
  longName: string;
  perYear: number;
  topics: Topic[];
  meetings: MeetingSpec[];
}

function meeting(
  number: number | null, startDate: string, endDate: string, place: string | null, chairLand: LandCode,
  kind: MeetingKind, count: number, style: TopStyle, release: ReleaseState = 'public', internalExtra?: number,
): MeetingSpec {
  const spec: MeetingSpec = { number, year: Number(startDate.slice(0, 4)), startDate, endDate, place, chairLand, kind, count, style, release };
  if (internalExtra !== undefined) spec.internalExtra = internalExtra;
  return spec;
}

const CONFERENCES: ConferenceSpec[] = [
  {
    shortName: 'IntMK',
    slug: 'intmk',
    name: 'Konferenz der für Integration zuständigen Ministerinnen und Minister, Senatorinnen und Senatoren der Länder (Integrationsministerkonferenz)',
    longName: 'Integrationsministerkonferenz',
    perYear: 1,
    topics: INTMK_TOPICS,
    meetings: [
      meeting(10, '2015-03-25', '2015-03-26', 'Kiel', 'SH', 'presence', 9, 'intmk'),
      meeting(12, '2017-03-16', '2017-03-17', 'Friedrichshafen', 'BW', 'presence', 12, 'intmk-12'),
      meeting(14, '2019-04-04', '2019-04-05', 'Berlin', 'BE', 'presence', 10, 'intmk-b'),
      meeting(15, '2020-09-24', '2020-09-24', null, 'BB', 'video', 7, 'intmk'),
      meeting(18, '2023-04-27', '2023-04-28', 'Hamburg', 'HH', 'presence', 10, 'intmk'),
      meeting(20, '2025-04-10', '2025-04-11', 'Mainz', 'RP', 'presence', 4, 'intmk', 'internal'),
    ],
  },
  {
    shortName: 'GMK',
    slug: 'gmk',
    name: 'Konferenz der Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder (Gesundheitsministerkonferenz)',
    longName: 'Gesundheitsministerkonferenz',
    perYear: 1,
    topics: GMK_TOPICS,
    meetings: [
      meeting(88, '2015-06-24', '2015-06-25', 'Bad Dürkheim', 'RP', 'presence', 10, 'gmk'),
      meeting(null, '2020-04-17', '2020-04-24', null, 'BE', 'written', 4, 'written'),
      meeting(94, '2021-06-16', '2021-06-16', null, 'BY', 'video', 8, 'gmk'),
      meeting(96, '2023-07-05', '2023-07-06', 'Friedrichshafen', 'BW', 'presence', 10, 'gmk-10'),
      meeting(98, '2025-06-11', '2025-06-12', 'Weimar', 'TH', 'presence', 5, 'gmk', 'draft'),
    ],
  },
  {
    shortName: 'ASMK',
    slug: 'asmk',
    name: 'Konferenz der Ministerinnen und Minister, Senatorinnen und Senatoren für Arbeit und Soziales der Länder (Arbeits- und Sozialministerkonferenz)',
    longName: 'Arbeits- und Sozialministerkonferenz',
    perYear: 1,
    topics: ASMK_TOPICS,
    meetings: [
      meeting(94, '2017-12-06', '2017-12-07', 'Potsdam', 'BB', 'presence', 9, 'asmk'),
      meeting(96, '2019-11-06', '2019-11-07', 'Rostock-Warnemünde', 'MV', 'presence', 10, 'asmk'),
      meeting(99, '2022-11-30', '2022-12-01', 'Magdeburg', 'ST', 'presence', 10, 'asmk-a'),
      meeting(102, '2025-11-26', '2025-11-27', 'Hannover', 'NI', 'presence', 4, 'asmk', 'draft'),
    ],
  },
  {
    shortName: 'UMK',
    slug: 'umk',
    name: 'Konferenz der Umweltministerinnen und Umweltminister, Senatorinnen und Senatoren des Bundes und der Länder (Umweltministerkonferenz)',
    longName: 'Umweltministerkonferenz',
    perYear: 2,
    topics: UMK_TOPICS,
    meetings: [
      meeting(84, '2015-05-21', '2015-05-22', 'Augsburg', 'BY', 'presence', 9, 'umk'),
      meeting(88, '2017-05-05', '2017-05-05', 'Bad Saarow', 'BB', 'presence', 10, 'umk'),
      meeting(94, '2020-05-15', '2020-05-15', null, 'HH', 'video', 7, 'umk'),
      meeting(100, '2023-05-12', '2023-05-12', 'Wilhelmshaven', 'NI', 'presence', 10, 'umk'),
      meeting(104, '2025-05-09', '2025-05-09', 'Bad Kreuznach', 'RP', 'presence', 4, 'umk', 'internal'),
    ],
  },
  {
    shortName: 'JFMK',
    slug: 'jfmk',
    name: 'Konferenz der Jugend- und Familienministerinnen und -minister, -senatorinnen und -senatoren der Länder (Jugend- und Familienministerkonferenz)',
    longName: 'Jugend- und Familienministerkonferenz',
    perYear: 1,
    topics: JFMK_TOPICS,
    meetings: [
      meeting(36, '2016-05-12', '2016-05-13', 'Bremen', 'HB', 'presence', 9, 'jfmk'),
      meeting(38, '2018-05-03', '2018-05-04', 'Kiel', 'SH', 'presence', 10, 'jfmk'),
      meeting(41, '2021-05-20', '2021-05-20', null, 'NW', 'video', 8, 'jfmk'),
      meeting(44, '2024-05-16', '2024-05-17', 'Erfurt', 'TH', 'presence', 9, 'jfmk', 'public', 3),
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// The real resolution (IntMK 2017, TOP 2.12) and its invented demo history
// ---------------------------------------------------------------------------------------------

const REAL_FILE = 'resolutions/intmk-12-2017-real.json';
const REAL_SOURCE = path.join(FIXTURES_DIR, 'import', 'intmk-2017-top-2.12.expected.json');

const REAL_FOLLOW_UPS: DemoFollowUp[] = [
  {
    conference: 'IntMK', meeting: 12, agendaItem: '2.12', demand: null, date: '2017-04-20', actor: 'GS', kind: 'note',
    summary: 'Die Geschäftsstelle hat den Beschluss dem BMI und dem BMFSFJ mit der Bitte um Stellungnahme übermittelt (Demo).',
    link: null, status: null, visibility: 'public',
  },
  {
    conference: 'IntMK', meeting: 12, agendaItem: '2.12', demand: '2', date: '2017-09-14', actor: 'BMI', kind: 'response',
    summary: 'Das BMI verweist auf die Aufstockung der Mittel für die Migrationsberatung für erwachsene Zuwanderer im Haushalt 2018 und sagt eine Prüfung des weiteren Bedarfs zu (Demo).',
    link: null, status: 'in_progress', visibility: 'public',
  },
  {
    conference: 'IntMK', meeting: 12, agendaItem: '2.12', demand: '4', date: '2018-02-08', actor: 'GS', kind: 'note',
    summary: 'Interne Notiz: Nachfrage beim BMI zu mobilen Beratungsangeboten im ländlichen Raum, Antwort steht aus (Demo).',
    link: null, status: null, visibility: 'internal',
  },
  {
    conference: 'IntMK', meeting: 12, agendaItem: '2.12', demand: '2', date: '2018-11-23', actor: 'BMI', kind: 'budget',
    summary: 'Im Bundeshaushalt 2019 sind die Mittel für die Migrationsberatung für erwachsene Zuwanderer erneut erhöht worden; eine dauerhafte Absicherung ist nicht vorgesehen (Demo).',
    link: null, status: null, visibility: 'public',
  },
  {
    conference: 'IntMK', meeting: 12, agendaItem: '2.12', demand: '2', date: '2019-04-04', actor: 'BE', kind: 'assessment',
    summary: 'Berlin bewertet die Mittelerhöhung als nicht ausreichend, um den gestiegenen Beratungsbedarf zu decken (Demo).',
    link: null, status: 'in_progress', visibility: 'public',
  },
];

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

interface Ctx {
  rng: Rng;
  conf: ConferenceSpec;
  meeting: MeetingSpec;
  /** "IntMK" or "Integrationsministerkonferenz" for this resolution */
  k: string;
  topic: Topic;
  usedSentences: Set<string>;
}

function fill(template: string, ctx: Ctx, extra: Record<string, string> = {}): string {
  const y = ctx.meeting.year;
  const min = actorAt(ctx.topic.lineage, ctx.meeting.startDate);
  const vars: Record<string, string> = {
    K: ctx.k,
    gen: ctx.topic.gen,
    purpose: ctx.topic.purpose,
    ag: ctx.topic.ag,
    min: actorAccusative(min),
    y1: String(y + 1),
    y2: String(y + 2),
    ...extra,
  };
  return template.replace(/\{(\w+)\}/g, (m, key: string) => vars[key] ?? m);
}

function pickFresh(ctx: Ctx, items: readonly string[]): string {
  const fresh = items.filter((s) => !ctx.usedSentences.has(s));
  const chosen = ctx.rng.pick(fresh.length > 0 ? fresh : items);
  ctx.usedSentences.add(chosen);
  return chosen;
}

/** The next meeting the conference expects a report at: "der 14. IntMK im Jahr 2019". */
function reportTarget(ctx: Ctx, yearsAhead: number): { phrase: string; dueDate: string } {
  const { conf, meeting: m } = ctx;
  const year = m.year + yearsAhead;
  const number = m.number === null ? null : m.number + yearsAhead * conf.perYear;
  const listed = number === null ? undefined : conf.meetings.find((x) => x.number === number);
  const dueDate = listed ? listed.startDate : `${year}${m.startDate.slice(4)}`;
  const phrase = number === null ? `der ${ctx.k} im Jahr ${year}` : `der ${number}. ${ctx.k} im Jahr ${year}`;
  return { phrase, dueDate };
}

type DemandKind = 'statement' | 'bund' | 'laender' | 'kommunen' | 'eu' | 'gremium' | 'report';

function makeDemand(kind: DemandKind, ctx: Ctx): ImportDemand {
  const { rng, topic } = ctx;
  const sentences: string[] = [];
  let addressees: Addressee[] = [];
  let dueDate: string | undefined;
  const supports = (bank: readonly string[], lo: number, hi: number) => {
    const n = rng.int(lo, hi);
    for (let i = 0; i < n; i++) sentences.push(fill(pickFresh(ctx, bank), ctx));
  };
  switch (kind) {
    case 'statement': {
      sentences.push(`Die ${ctx.k} ${rng.pick(FACT_VERBS)} ${fill(pickFresh(ctx, topic.facts), ctx)}.`);
      supports(FACT_TAIL, 1, 2);
      break;
    }
    case 'bund': {
      const freshTopic = topic.bund.filter((c) => !ctx.usedSentences.has(c));
      const clause = pickFresh(ctx, freshTopic.length > 0 && !rng.chance(0.15) ? freshTopic : BUND_GENERIC);
      sentences.push(`Die ${ctx.k} ${fill(rng.pick(BUND_OPENERS), ctx)} ${fill(clause, ctx)}.`);
      supports(BUND_SUPPORT, 1, 3);
      addressees = ['bund'];
      break;
    }
    case 'laender': {
      sentences.push(`${fill(rng.pick(LAENDER_OPENERS), ctx)} ${fill(pickFresh(ctx, topic.laender), ctx)}.`);
      supports(LAENDER_SUPPORT, 1, 2);
      addressees = ['laender'];
      break;
    }
    case 'kommunen': {
      if (rng.chance(0.5)) {
        sentences.push(`Die ${ctx.k} appelliert an die Kommunen und die kommunalen Spitzenverbände, ${fill(topic.kommunen ?? '', ctx)}.`);
        addressees = ['kommunen'];
      } else {
        sentences.push(`Die ${ctx.k} bittet die Länder, gemeinsam mit den Kommunen darauf hinzuwirken, ${fill(topic.kommunen ?? '', ctx)}.`);
        addressees = ['laender', 'kommunen'];
      }
      supports(KOMMUNEN_SUPPORT, 1, 2);
      break;
    }
    case 'eu': {
      sentences.push(`Die ${ctx.k} bittet die Bundesregierung, sich gegenüber der Europäischen Kommission und im Rat dafür einzusetzen, dass ${fill(topic.eu ?? '', ctx)}.`);
      supports(EU_SUPPORT, 1, 2);
      addressees = ['bund', 'eu'];
      break;
    }
    case 'gremium': {
      const target = reportTarget(ctx, 1);
      sentences.push(`Die ${ctx.k} beauftragt die ${topic.ag}, ${fill(pickFresh(ctx, GREMIUM_TASKS), ctx)} und ${target.phrase} zu berichten.`);
      supports(GREMIUM_SUPPORT, 1, 2);
      addressees = ['gremium'];
      dueDate = target.dueDate;
      break;
    }
    case 'report': {
      if (rng.chance(0.7)) {
        const target = reportTarget(ctx, rng.chance(0.6) ? 2 : 1);
        sentences.push(`Die ${ctx.k} wird sich mit dem Thema erneut befassen.`);
        sentences.push(`Sie bittet ${fill('{min}', ctx)}, ${target.phrase} über den Stand der Umsetzung zu berichten.`);
        dueDate = target.dueDate;
      } else {
        const due = monthEnd(addDays(ctx.meeting.endDate, rng.int(150, 330)));
        sentences.push(`Die Bundesregierung wird gebeten, der ${ctx.k} bis zum ${germanDate(due)} schriftlich über die Umsetzung dieses Beschlusses zu berichten.`);
        sentences.push(fill(pickFresh(ctx, ['Der Bericht soll auch die Erfahrungen der Länder einbeziehen.', 'Dabei ist insbesondere auf die Finanzierung {gen} einzugehen.']), ctx));
        dueDate = due;
      }
      addressees = ['bund'];
      break;
    }
  }
  const demand: ImportDemand = { number: null, text: sentences.join(' '), addressees };
  if (dueDate !== undefined) demand.dueDate = dueDate;
  return demand;
}

function demandKinds(rng: Rng, topic: Topic, count: number): DemandKind[] {
  const kinds: DemandKind[] = [];
  if (count >= 2 && rng.chance(0.75)) kinds.push('statement');
  const finalReport = count >= 3 && rng.chance(0.4);
  const options: Array<readonly [DemandKind, number]> = [
    ['bund', 50],
    ['laender', 14],
    ['gremium', 7],
    ['statement', 4],
  ];
  if (topic.kommunen) options.push(['kommunen', 10]);
  if (topic.eu) options.push(['eu', 8]);
  while (kinds.length < count - (finalReport ? 1 : 0)) {
    const kind = rng.weighted(options);
    if ((kind === 'eu' || kind === 'kommunen' || kind === 'gremium') && kinds.includes(kind)) continue;
    if (kind === 'laender' && kinds.filter((k) => k === 'laender').length >= topic.laender.length) continue;
    kinds.push(kind);
  }
  if (finalReport) kinds.push('report');
  if (!kinds.some((k) => k === 'bund' || k === 'eu' || k === 'report') && count >= 2) kinds[kinds.length - 1] = 'bund';
  return kinds;
}

function pickSponsors(rng: Rng): LandCode[] {
  const mode = rng.weighted([['all', 14], ['one', 22], ['few', 50], ['many', 14]] as const);
  switch (mode) {
    case 'all': return [...LAND_CODES];
    case 'one': return [rng.pick(LAND_CODES)];
    case 'few': return sortLandCodes(rng.sample(LAND_CODES, rng.int(2, 6)));
    case 'many': return sortLandCodes(rng.sample(LAND_CODES, rng.int(7, 13)));
  }
}

function nominative(code: LandCode, rng: Rng): string {
  const long = LAND_LONG[code];
  return long !== undefined && rng.chance(0.4) ? long : landSubject(code);
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} und ${names[names.length - 1]}`;
}

function protocolStatements(ctx: Ctx, sponsors: LandCode[], demandCount: number, decision: ImportDecision): ImportProtocolStatement[] {
  const against = decision.no ?? 0;
  const dissent = decision.voting !== 'unanimous';
  const { rng } = ctx;
  const statements: ImportProtocolStatement[] = [];
  const nonSponsors = LAND_CODES.filter((c) => !sponsors.includes(c));
  const pool = nonSponsors.length > 0 ? nonSponsors : [...LAND_CODES];
  const n = against > 0 ? 1 : rng.int(1, 2);
  const used = new Set<LandCode>();
  for (let i = 0; i < n; i++) {
    const size = rng.weighted([[1, 70], [2, 22], [3, 8]] as const);
    const laender = sortLandCodes(rng.sample(pool.filter((c) => !used.has(c)), size));
    if (laender.length === 0) break;
    laender.forEach((c) => used.add(c));
    const names = laender.map((c, idx) => (idx === 0 ? nominative(c, rng) : landSubject(c).replace(/^Das /, 'das ')));
    const subject = joinNames(names);
    const plural = laender.length > 1;
    const reason = rng.pick(PROTOCOL_REASONS);
    const form = rng.weighted([
      ['notCarry', dissent ? 40 : 0],
      ['digit', dissent && demandCount >= 2 ? 25 : 0],
      ['declare', 20],
      ['abstain', (decision.abstain ?? 0) > 0 ? 15 : 0],
    ] as const);
    let text: string;
    switch (form) {
      case 'notCarry':
        text = `${subject} ${plural ? 'tragen' : 'trägt'} den Beschluss nicht mit, weil ${reason}.`;
        break;
      case 'digit':
        text = `${subject} ${plural ? 'stimmen' : 'stimmt'} Ziffer ${rng.int(2, demandCount)} nicht zu, da ${reason}.`;
        break;
      case 'declare':
        text = `${subject} ${plural ? 'erklären' : 'erklärt'} zu Protokoll, dass ${fill(rng.pick(ctx.topic.facts), ctx)} und eine Lösung nur gemeinsam mit dem Bund gelingen kann.`;
        break;
      case 'abstain':
        text = `${subject} ${plural ? 'enthalten' : 'enthält'} sich der Stimme, da ${reason}.`;
        break;
    }
    statements.push({ laender, text });
  }
  return statements;
}

function votingFormula(ctx: Ctx, voting: 'unanimous' | 'majority' | 'counted', counts?: [number, number, number]): string {
  const { conf, rng } = ctx;
  const k = ctx.k;
  const written = ctx.meeting.kind === 'written' ? ' im Umlaufverfahren' : '';
  if (voting === 'counted' && counts) {
    const c = counts.join(':');
    return rng.pick([`Abstimmungsergebnis: ${c}`, `Die ${k} hat${written} mit ${c} Stimmen beschlossen:`, `Beschluss: ${c}`]);
  }
  const word = voting === 'unanimous' ? 'einstimmig' : 'mehrheitlich';
  if (conf.slug === 'intmk' || conf.slug === 'jfmk') {
    return rng.chance(0.25) ? `Abstimmungsergebnis: ${word}` : `Die ${conf.shortName} hat${written} ${word} beschlossen:`;
  }
  return `Die ${rng.chance(0.5) ? conf.longName : conf.shortName} hat${written} ${word} beschlossen:`;
}

function meetingKey(m: DemoMeeting): number | string {
  return m.number ?? m.startDate;
}

function importMeeting(m: DemoMeeting): ImportMeeting {
  return { number: m.number, year: m.year, startDate: m.startDate, endDate: m.endDate, place: m.place };
}

function makeTops(style: TopStyle, count: number, rng: Rng): string[] {
  const seq = (prefix: string, from: number, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${from + i}`);
  switch (style) {
    case 'intmk-12':
      return [...seq('2.', 1, 11), '3.1'].slice(0, count);
    case 'intmk':
      return [...seq('2.', 1, count - 1), '3.1'];
    case 'intmk-b': {
      const tops = seq('2.', 1, count - 1);
      tops.splice(9, 0, '2.9b');
      tops[8] = '2.9a';
      return tops.slice(0, count);
    }
    case 'gmk':
      return seq('5.', 1, count);
    case 'gmk-10':
      return [...seq('5.', 1, count - 3), '10.1', '10.2', '10.3'];
    case 'asmk':
      return seq('5.', 1, count);
    case 'asmk-a':
      return [...seq('A', 1, 3), ...seq('5.', 1, count - 3)];
    case 'umk':
      return seq('', rng.int(8, 14), count);
    case 'jfmk':
      return [...seq('3.', 1, count - 2), '6.1', '6.2'];
    case 'written':
      return seq('', 1, count);
  }
}

interface GeneratedResolution {
  resolution: ImportResolution;
  topic: Topic;
}

interface TopicHistory {
  agendaItem: string;
  meeting: MeetingSpec;
}

function generateResolutions(
  rng: Rng, conf: ConferenceSpec, m: MeetingSpec, tops: string[], history: Map<Topic, TopicHistory>,
): GeneratedResolution[] {
  const available = conf.topics.filter((t) => (t.from ?? 0) <= m.year && m.year <= (t.to ?? 9999));
  const order = rng.shuffle(available);
  const titleUse = new Map<Topic, number>();
  const out: GeneratedResolution[] = [];
  tops.forEach((agendaItem, i) => {
    const topic = order[i % order.length] as Topic;
    const round = titleUse.get(topic) ?? rng.int(0, topic.titles.length - 1);
    titleUse.set(topic, round + 1);
    const ctx: Ctx = {
      rng, conf, meeting: m, topic, usedSentences: new Set(),
      k: rng.chance(0.75) ? conf.shortName : conf.longName,
    };
    const outcome: Outcome = rng.weighted([['adopted', 80], ['noted', 8], ['rejected', 4], ['deferred', 3], ['withdrawn', 5]] as const);
    let title = topic.titles[round % topic.titles.length] as string;
    let sponsors = pickSponsors(rng);
    let decision: ImportDecision;
    let demands: ImportDemand[] = [];
    let statements: ImportProtocolStatement[] = [];
    switch (outcome) {
      case 'adopted': {
        const voting = rng.weighted([['unanimous', 55], ['majority', 25], ['counted', 20]] as const);
        let counts: [number, number, number] | undefined;
        if (voting === 'counted') {
          const no = rng.int(0, 4);
          const abstain = rng.int(0, 3);
          const yes = rng.int(Math.max(9, 13 - no - abstain), 16 - no - abstain);
          counts = [yes, no, abstain];
        }
        decision = { outcome, voting, formula: votingFormula(ctx, voting, counts) };
        if (counts) Object.assign(decision, { yes: counts[0], no: counts[1], abstain: counts[2] });
        const count = rng.weighted([[1, 8], [2, 12], [3, 19], [4, 20], [5, 16], [6, 12], [7, 8], [8, 5]] as const);
        if (count === 1) {
          const d = makeDemand('bund', ctx);
          const intro = `Die ${ctx.k} ${rng.pick(FACT_VERBS)} ${fill(rng.pick(topic.facts), ctx)}.`;
          demands = [{ ...d, text: `${intro} ${d.text}` }];
        } else {
          demands = demandKinds(rng, topic, count).map((kind, idx) => ({ ...makeDemand(kind, ctx), number: String(idx + 1) }));
        }
        const dissent = voting !== 'unanimous';
        if (rng.chance(dissent ? 0.45 : 0.08)) statements = protocolStatements(ctx, sponsors, demands.length, decision);
        break;
      }
      case 'noted': {
        title = rng.chance(0.6) ? `Bericht der ${topic.ag}` : `Sachstandsbericht des Bundes: ${title}`;
        sponsors = rng.chance(0.5) ? [] : [m.chairLand];
        decision = {
          outcome, voting: 'unknown',
          formula: title.startsWith('Bericht')
            ? `Die ${ctx.k} nimmt den Bericht der ${topic.ag} zur Kenntnis.`
            : `Die ${ctx.k} nimmt den Sachstandsbericht des Bundes zur Kenntnis.`,
        };
        break;
      }
      case 'rejected': {
        const counted = rng.chance(0.7);
        if (counted) {
          const yes = rng.int(3, 7);
          const no = rng.int(6, 16 - yes);
          const abstain = rng.int(0, 16 - yes - no);
          decision = { outcome, voting: 'counted', yes, no, abstain, formula: `Abstimmungsergebnis: ${yes}:${no}:${abstain} – der Antrag ist abgelehnt.` };
        } else {
          decision = { outcome, voting: 'majority', formula: 'Der Antrag wurde mehrheitlich abgelehnt.' };
        }
        sponsors = sponsors.length === 16 ? [rng.pick(LAND_CODES)] : sponsors;
        const n = rng.int(1, 3);
        demands = Array.from({ length: n }, (_, idx) => ({ ...makeDemand(idx === 0 && n > 1 ? 'statement' : 'bund', ctx), number: String(idx + 1) }));
        break;
      }
      case 'deferred':
        decision = { outcome, voting: 'unknown', formula: `Die ${ctx.k} vertagt die Beratung auf ihre nächste Sitzung.` };
        break;
      case 'withdrawn':
        decision = { outcome, voting: 'unknown', formula: rng.pick(['(zurückgezogen)', '- ZURÜCKGEZOGEN -', 'Der Antrag wurde zurückgezogen.']) };
        break;
    }
    const resolution: ImportResolution = {
      conference: conf.shortName,
      meeting: importMeeting(m),
      agendaItem,
      title,
      sponsors,
      decision,
      demands,
      protocolStatements: statements,
    };
    const prev = history.get(topic);
    if (prev && prev.meeting.number !== null && outcome === 'adopted' && rng.chance(0.45)) {
      resolution.references = [`TOP ${prev.agendaItem} ${prev.meeting.number}. ${conf.shortName}`];
    }
    if (outcome === 'adopted') history.set(topic, { agendaItem, meeting: m });
    out.push({ resolution, topic });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Follow-ups
// ---------------------------------------------------------------------------------------------

const STATUS_WORD: Record<DemandStatus, string> = {
  open: 'offen',
  in_progress: 'in Umsetzung',
  partial: 'teilweise umgesetzt',
  implemented: 'umgesetzt',
  rejected: 'abgelehnt',
  obsolete: 'erledigt',
};

const SUMMARIES: Record<string, string[]> = {
  'response:open': [
    '{S} hat den Eingang des Beschlusses bestätigt; eine inhaltliche Stellungnahme steht noch aus.',
    '{S} prüft die Forderung und verweist auf die laufende Abstimmung innerhalb der Bundesregierung.',
    '{S} sieht derzeit keinen Anlass für Änderungen, sagt aber eine erneute Prüfung nach Vorliegen der Evaluation zu.',
  ],
  'response:in_progress': [
    '{S} teilt mit, dass die Anregungen zur Weiterentwicklung {gen} aufgegriffen werden; ein Referentenentwurf befindet sich in der Ressortabstimmung.',
    '{S} sagt zu, die Forderung bei der anstehenden Novellierung zu berücksichtigen, und hat Gespräche mit den Ländern aufgenommen.',
    '{S} hat eine Bund-Länder-Arbeitsgruppe zur Weiterentwicklung {gen} eingerichtet; erste Ergebnisse werden für {y1} erwartet.',
  ],
  'response:partial': [
    '{S} verweist auf bereits ergriffene Maßnahmen zur Stärkung {gen}, hält weitergehende Schritte derzeit aber nicht für finanzierbar.',
    '{S} teilt mit, dass ein Teil der Forderung mit der Änderung der Förderrichtlinie umgesetzt wurde; im Übrigen wird auf die Zuständigkeit der Länder verwiesen.',
  ],
  'response:implemented': [
    '{S} teilt mit, dass die Forderung mit der Neufassung der Förderrichtlinie zum 1. Januar {y1} umgesetzt ist.',
  ],
  'response:rejected': [
    '{S} lehnt die Forderung ab und verweist auf die Zuständigkeit der Länder.',
    '{S} sieht keinen gesetzgeberischen Handlungsbedarf; die bestehenden Regelungen seien ausreichend.',
    '{S} lehnt eine zusätzliche Finanzierung {gen} mit Hinweis auf die Haushaltslage ab.',
  ],
  'report:open': ['{S} berichtet, dass mit der Umsetzung noch nicht begonnen wurde; die Prioritäten würden derzeit neu bestimmt.'],
  'report:in_progress': [
    '{S} berichtet über den Sachstand: Die Vorarbeiten zur Weiterentwicklung {gen} sind begonnen, ein Abschluss ist für {y1} vorgesehen.',
    '{S} legt einen Zwischenbericht vor; die Auswertung der Länderabfrage ist noch nicht abgeschlossen.',
  ],
  'report:partial': [
    '{S} legt einen Sachstandsbericht vor: Teile der Forderung sind umgesetzt, die dauerhafte Finanzierung {gen} ist jedoch weiterhin offen.',
    '{S} berichtet, dass erste Maßnahmen umgesetzt wurden; weitere Schritte hängen von den Haushaltsberatungen ab.',
  ],
  'report:implemented': [
    '{S} berichtet, dass die geforderten Maßnahmen umgesetzt und in den Regelbetrieb überführt wurden.',
    '{S} legt den Abschlussbericht vor; die Empfehlungen zur Weiterentwicklung {gen} sind umgesetzt.',
  ],
  'report:rejected': ['{S} berichtet, dass eine Umsetzung nach eingehender Prüfung nicht weiterverfolgt wird.'],
  'legislation:in_progress': [
    'Das Bundeskabinett hat den Entwurf eines Gesetzes zur Stärkung {gen} beschlossen; das parlamentarische Verfahren läuft.',
    '{S} hat den Referentenentwurf einer Änderungsverordnung vorgelegt und Länder und Verbände zur Stellungnahme aufgefordert.',
  ],
  'legislation:partial': [
    'Der Bundestag hat das Gesetz zur Weiterentwicklung {gen} beschlossen; die Forderung der Länder wurde dabei nur teilweise aufgegriffen.',
    'Die Verordnung ist am {d} in Kraft getreten; sie setzt die Forderung nur in Teilen um.',
  ],
  'legislation:implemented': [
    'Mit dem Gesetz zur Weiterentwicklung {gen} vom {d} ist die Forderung umgesetzt.',
    'Die geänderte Verordnung ist am {d} in Kraft getreten; die Forderung ist damit erfüllt.',
  ],
  'budget:in_progress': [
    'Im Regierungsentwurf zum Bundeshaushalt {y1} sind für Maßnahmen zur Stärkung {gen} zusätzlich {n} Mio. Euro vorgesehen; die parlamentarischen Beratungen stehen aus.',
  ],
  'budget:partial': [
    'Im Bundeshaushalt {y1} sind für Maßnahmen zur Stärkung {gen} zusätzlich {n} Mio. Euro veranschlagt; eine Verstetigung ist nicht vorgesehen.',
    'Der Haushaltsausschuss des Deutschen Bundestages hat die Mittel zur Förderung {gen} für {y1} um {n} Mio. Euro erhöht.',
  ],
  'budget:implemented': [
    'Die Mittel zur Förderung {gen} sind ab dem Bundeshaushalt {y1} dauerhaft in der Finanzplanung abgesichert ({n} Mio. Euro jährlich).',
  ],
  'budget:rejected': ['Im Bundeshaushalt {y1} sind keine zusätzlichen Mittel zur Förderung {gen} vorgesehen.'],
  'note:null': [
    '{S} hat den Beschluss der Bundesregierung und den zuständigen Bundesressorts übermittelt.',
    'Interne Notiz: Nachfrage beim {bund} erfolgt, Rückmeldung steht aus; Wiedervorlage zur nächsten Sitzung.',
    'Interne Notiz: Das Thema soll auf der nächsten Sitzung erneut aufgerufen werden.',
    '{S} hat das Thema in ihre Arbeitsplanung aufgenommen.',
  ],
  'note:obsolete': [
    '{S} stellt fest, dass sich die Forderung durch die zwischenzeitliche Rechtsentwicklung erledigt hat; der Beschluss wird nicht weiterverfolgt.',
    '{S} stellt fest, dass die Forderung durch Zeitablauf gegenstandslos geworden ist.',
  ],
};

const ASSESSMENT_REASONS: Record<DemandStatus, string[]> = {
  open: ['bislang ist keine konkrete Maßnahme des Bundes erkennbar', 'die Stellungnahme des Bundes geht auf die Forderung nicht ein'],
  in_progress: ['die angekündigten Schritte sind eingeleitet, aber noch nicht abgeschlossen'],
  partial: ['die Maßnahmen des Bundes reichen nach Auffassung des Landes nicht aus', 'die Finanzierung ist nur für ein Jahr gesichert', 'die Regelung bleibt hinter der Forderung der Länder zurück'],
  implemented: ['die Forderung ist aus Sicht des Landes vollständig erfüllt'],
  rejected: ['der Bund hat die Umsetzung ausdrücklich abgelehnt'],
  obsolete: ['die Forderung hat sich durch die zwischenzeitliche Rechtsentwicklung erledigt'],
};

type ActorRole = 'bund' | 'land' | 'gs' | 'ag';
interface PlannedEvent {
  kind: FollowUpKind;
  status: DemandStatus | null;
  role: ActorRole;
  visibility?: Visibility;
}

function planBund(rng: Rng): PlannedEvent[] {
  const scenario = rng.weighted([
    ['none', 120], ['single', 18], ['chain', 20], ['disagree', 11], ['legislation', 9], ['budget', 8], ['obsolete', 5], ['rejected', 5],
  ] as const);
  const ev = (kind: FollowUpKind, status: DemandStatus | null, role: ActorRole = 'bund', visibility?: Visibility): PlannedEvent =>
    visibility ? { kind, status, role, visibility } : { kind, status, role };
  switch (scenario) {
    case 'none':
      return [];
    case 'single':
      return [ev('response', rng.weighted([['in_progress', 40], ['open', 25], ['rejected', 20], ['partial', 15]] as const))];
    case 'chain': {
      const events: PlannedEvent[] = [ev('response', 'open')];
      if (rng.chance(0.4)) events.push(ev('note', null, 'gs', 'internal'));
      events.push(ev(rng.pick(['report', 'response'] as const), 'in_progress'));
      events.push(ev(rng.pick(['legislation', 'budget', 'report'] as const), 'partial'));
      if (rng.chance(0.7)) events.push(ev(rng.pick(['legislation', 'report'] as const), 'implemented'));
      return events;
    }
    case 'disagree': {
      const reported = rng.pick(['implemented', 'partial'] as const);
      const assessed = reported === 'implemented' ? rng.pick(['partial', 'open'] as const) : rng.pick(['open', 'in_progress'] as const);
      const events: PlannedEvent[] = [];
      if (rng.chance(0.5)) events.push(ev('response', 'in_progress'));
      events.push(ev('report', reported));
      events.push(ev('assessment', assessed, 'land', rng.chance(0.25) ? 'internal' : 'public'));
      return events;
    }
    case 'legislation':
      return [ev('legislation', 'in_progress'), ev('legislation', rng.pick(['implemented', 'implemented', 'partial'] as const))];
    case 'budget': {
      const events = [ev('budget', rng.pick(['partial', 'in_progress'] as const))];
      if (rng.chance(0.5)) events.push(ev('budget', rng.pick(['implemented', 'partial'] as const)));
      return events;
    }
    case 'obsolete':
      return [ev('response', 'open'), rng.chance(0.5) ? ev('note', 'obsolete', 'gs') : ev('assessment', 'obsolete', 'land')];
    case 'rejected': {
      const events = [ev('response', 'rejected')];
      if (rng.chance(0.6)) events.push(ev('assessment', 'open', 'land'));
      return events;
    }
  }
}

function planOther(rng: Rng, addressees: readonly Addressee[]): PlannedEvent[] {
  if (addressees.length === 0) {
    return rng.chance(0.06) ? [{ kind: 'note', status: null, role: 'gs', visibility: 'internal' }] : [];
  }
  const role: ActorRole = addressees.includes('gremium') ? 'ag' : 'gs';
  const scenario = rng.weighted([['none', 65], ['progress', 25], ['done', 18], ['assessed', 12]] as const);
  switch (scenario) {
    case 'none': return [];
    case 'progress': return [{ kind: 'report', status: 'in_progress', role }];
    case 'done': return [{ kind: 'report', status: 'in_progress', role }, { kind: 'report', status: 'implemented', role }];
    case 'assessed': return [{ kind: 'report', status: 'partial', role }, { kind: 'assessment', status: 'implemented', role: 'land' }];
  }
}

interface DemandRef {
  conf: ConferenceSpec;
  meeting: MeetingSpec;
  resolution: ImportResolution;
  topic: Topic;
  demand: ImportDemand | null;
}

function makeFollowUps(rng: Rng, ref: DemandRef, events: PlannedEvent[]): DemoFollowUp[] {
  const out: DemoFollowUp[] = [];
  let day = toDays(ref.meeting.endDate) + rng.int(25, 240);
  const horizon = toDays(DEMO_HORIZON);
  const sponsorPool: readonly LandCode[] = ref.resolution.sponsors.length > 0 ? ref.resolution.sponsors : LAND_CODES;
  for (const event of events) {
    const weekday = (((day + 4) % 7) + 7) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
    if (weekday === 6) day += 2;
    else if (weekday === 0) day += 1;
    if (day > horizon) break;
    const date = fromDays(day);
    let actor: string;
    switch (event.role) {
      case 'bund':
        actor = event.kind === 'legislation' && rng.chance(0.2) ? 'BReg' : actorAt(ref.topic.lineage, date).code;
        break;
      case 'land':
        actor = rng.pick(sponsorPool);
        break;
      case 'gs':
        actor = 'GS';
        break;
      case 'ag':
        actor = 'AG';
        break;
    }
    const kind: FollowUpKind = event.kind;
    let summary: string;
    const statusKey = event.status ?? 'null';
    const vars: Record<string, string> = {
      S: actorSubject(actor),
      gen: ref.topic.gen,
      y1: String(Number(date.slice(0, 4)) + 1),
      d: germanDate(addDays(date, rng.int(10, 60))),
      n: String(rng.pick([2, 3, 5, 8, 10, 12, 15, 20, 25, 40])),
      bund: actorAt(ref.topic.lineage, date).code,
    };
    if (kind === 'assessment' && event.status !== null) {
      summary = `${vars.S} bewertet den Umsetzungsstand als „${STATUS_WORD[event.status]}“: ${rng.pick(ASSESSMENT_REASONS[event.status])}.`;
    } else {
      const bank = SUMMARIES[`${kind}:${statusKey}`] ?? SUMMARIES['note:null'] as string[];
      summary = rng.pick(bank).replace(/\{(\w+)\}/g, (m, key: string) => vars[key] ?? m);
    }
    let visibility: Visibility = event.visibility ?? (rng.chance(0.09) ? 'internal' : 'public');
    if (summary.startsWith('Interne Notiz')) visibility = 'internal';
    const link = kind === 'legislation' && event.status === 'implemented' && rng.chance(0.5)
      ? `https://example.org/demo/bgbl/${date.slice(0, 4)}/${rng.int(100, 999)}`
      : null;
    const key = ref.demand?.number ?? null;
    out.push({
      conference: ref.conf.shortName,
      meeting: meetingKey(ref.meeting),
      agendaItem: ref.resolution.agendaItem,
      demand: key,
      date,
      actor,
      kind,
      summary,
      link,
      status: event.status,
      visibility,
    });
    day += rng.int(60, 420);
  }
  return out;
}

function followUpsFor(rng: Rng, conf: ConferenceSpec, m: MeetingSpec, generated: GeneratedResolution[]): DemoFollowUp[] {
  const out: DemoFollowUp[] = [];
  for (const { resolution, topic } of generated) {
    if (resolution.decision.outcome !== 'adopted') continue;
    if (rng.chance(0.08)) {
      out.push(...makeFollowUps(rng, { conf, meeting: m, resolution, topic, demand: null }, [
        { kind: 'note', status: null, role: 'gs', visibility: rng.chance(0.5) ? 'internal' : 'public' },
      ]));
    }
    for (const demand of resolution.demands) {
      const addressees = demand.addressees ?? [];
      const events = addressees.includes('bund') ? planBund(rng) : planOther(rng, addressees);
      out.push(...makeFollowUps(rng, { conf, meeting: m, resolution, topic, demand }, events));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

function topKey(agendaItem: string): number[] {
  return agendaItem.split(/[./]/).map((seg) => {
    const match = /^([A-Z]?)(\d+)([a-z]?)$/.exec(seg);
    if (!match) return 0;
    return (match[1] ? 1000 * 1000 : 0) + Number(match[2]) * 100 + (match[3] ? match[3].charCodeAt(0) - 96 : 0);
  });
}

function compareTop(a: string, b: string): number {
  const ka = topKey(a);
  const kb = topKey(b);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = (ka[i] ?? -1) - (kb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

const README = `# Demo-Archiv (SYNTHETISCH)

Generated by \`npx tsx src/cli/generate-demo.ts\` — do not edit by hand; change the generator and
re-run it (the output is deterministic; \`test/fixtures/demo.test.ts\` checks that it is up to date).

**Apart from one resolution, everything here is invented demo data.** The only real text is
\`resolutions/intmk-12-2017-real.json\` (12. IntMK 2017, TOP 2.12 „Ausbau und Öffnung der
Migrationsberatung“, copied from \`fixtures/import/\`). Its follow-up history in \`followups.json\` is
invented and marked „(Demo)“. All other resolutions, meetings' places and chairs, follow-ups and
their summaries are synthetic; \`manifest.json\` says so for every file (\`synthetic\`, \`source\`).
Follow-up actors (federal ministries and the validity of their names) are real-world reference
data kept in the application itself: \`src/domain/actors.ts\`.

- \`conferences.json\` — conferences with their meetings (number or null, dates, place, chair Land, kind)
- \`resolutions/*.json\` — the import interchange format (contracts/import-format.md), one file per
  meeting and release state (\`*-internal.json\`, \`*-draft.json\`)
- \`manifest.json\` — per file: source, synthetic, release (public | internal | draft), releasedOn
- \`followups.json\` — follow-ups on public resolutions, keyed by conference, meeting (number or
  startDate), TOP and demand number (null = whole resolution or its single unnumbered demand)
`;

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export interface DemoSummary {
  conferences: number;
  meetings: number;
  files: number;
  resolutions: number;
  demands: number;
  followUps: number;
}

/** Writes the demo archive into `outDir` (created if needed) and returns counts. */
export function generateDemo(outDir: string): DemoSummary {
  const rng = new Rng(DEMO_SEED);
  const resolutionsDir = path.join(outDir, 'resolutions');
  mkdirSync(resolutionsDir, { recursive: true });
  for (const name of readdirSync(resolutionsDir)) {
    if (name.endsWith('.json')) rmSync(path.join(resolutionsDir, name));
  }

  const manifest: DemoManifest = { files: [] };
  const followUps: DemoFollowUp[] = [...REAL_FOLLOW_UPS];
  let resolutionCount = 0;
  let demandCount = 0;

  // The real resolution, copied byte for byte.
  if (!existsSync(REAL_SOURCE)) throw new Error(`missing ${REAL_SOURCE}`);
  copyFileSync(REAL_SOURCE, path.join(outDir, REAL_FILE));
  manifest.files.push({
    path: REAL_FILE,
    source: 'Beschlusssammlung der 12. IntMK 2017, TOP 2.12 (Originaltext)',
    synthetic: false,
    release: 'public',
    releasedOn: '2017-04-03',
  });
  resolutionCount += 1;
  demandCount += 5;

  for (const conf of CONFERENCES) {
    const history = new Map<Topic, TopicHistory>();
    for (const m of conf.meetings) {
      const extra = m.internalExtra ?? 0;
      const tops = makeTops(m.style, m.count + extra, rng);
      const generated = generateResolutions(rng, conf, m, tops, history);
      const main = generated.slice(0, m.count);
      const internal = generated.slice(m.count);
      const base = `${conf.slug}-${m.number ?? m.startDate}${m.number === null ? '' : `-${m.year}`}`;
      const releasedOn = m.number === 12 && conf.slug === 'intmk' ? '2017-04-03' : addDays(m.endDate, rng.int(14, 35));
      const parts: Array<{ file: string; items: GeneratedResolution[]; release: ReleaseState }> = [
        { file: m.release === 'public' ? `${base}.json` : `${base}-${m.release}.json`, items: main, release: m.release },
      ];
      if (internal.length > 0) parts.push({ file: `${base}-internal.json`, items: internal, release: 'internal' });
      for (const part of parts) {
        const doc: ImportDocument = { resolutions: part.items.map((g) => g.resolution), warnings: [] };
        writeFileSync(path.join(resolutionsDir, part.file), json(doc));
        manifest.files.push({
          path: `resolutions/${part.file}`,
          source: part.release === 'public'
            ? 'Synthetische Demodaten (erfundene Beschlüsse)'
            : `Synthetische Demodaten (erfundene Beschlüsse, Freigabestand: ${part.release === 'draft' ? 'Entwurf' : 'intern'})`,
          synthetic: true,
          release: part.release,
          releasedOn: part.release === 'public' ? releasedOn : null,
        });
        resolutionCount += part.items.length;
        demandCount += part.items.reduce((sum, g) => sum + g.resolution.demands.length, 0);
        if (part.release === 'public') followUps.push(...followUpsFor(rng, conf, m, part.items));
      }
    }
  }

  const confOrder = new Map(CONFERENCES.map((c, i) => [c.shortName, i]));
  const meetingOrder = new Map<string, number>();
  CONFERENCES.forEach((c) => c.meetings.forEach((m, i) => meetingOrder.set(`${c.shortName}|${meetingKey(m)}`, i)));
  const demandOrder = (d: string | null) => (d === null ? -1 : Number(d));
  followUps.sort((a, b) =>
    (confOrder.get(a.conference) ?? 0) - (confOrder.get(b.conference) ?? 0)
    || (meetingOrder.get(`${a.conference}|${a.meeting}`) ?? 0) - (meetingOrder.get(`${b.conference}|${b.meeting}`) ?? 0)
    || compareTop(a.agendaItem, b.agendaItem)
    || demandOrder(a.demand) - demandOrder(b.demand)
    || a.date.localeCompare(b.date));

  const conferences: DemoConference[] = CONFERENCES.map((c) => ({
    shortName: c.shortName,
    slug: c.slug,
    name: c.name,
    meetings: c.meetings.map((m) => ({
      number: m.number, year: m.year, startDate: m.startDate, endDate: m.endDate, place: m.place, chairLand: m.chairLand, kind: m.kind,
    })),
  }));

  writeFileSync(path.join(outDir, 'conferences.json'), json(conferences));
  writeFileSync(path.join(outDir, 'manifest.json'), json(manifest));
  writeFileSync(path.join(outDir, 'followups.json'), json(followUps));
  writeFileSync(path.join(outDir, 'README.md'), README);

  return {
    conferences: conferences.length,
    meetings: conferences.reduce((sum, c) => sum + c.meetings.length, 0),
    files: manifest.files.length,
    resolutions: resolutionCount,
    demands: demandCount,
    followUps: followUps.length,
  };
}

export const DEFAULT_DEMO_DIR = path.join(FIXTURES_DIR, 'demo');

function isMain(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && path.resolve(entry) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  const outDir = path.resolve(process.argv[2] ?? DEFAULT_DEMO_DIR);
  const summary = generateDemo(outDir);
  process.stdout.write(`${JSON.stringify({ outDir, ...summary })}\n`);
}
