/**
 * Stage 4: one TOP block → one resolution. The block's lines are read in order; each line is a
 * field label, a sponsor line, a decision marker or formula, a protocol statement, the start of
 * a numbered demand, a title line, or running text of the current demand or statement.
 * Whatever has no field goes to a warning, so no word is lost.
 */
import type {
  ImportDecision, ImportDemand, ImportMeeting, ImportProtocolStatement, ImportResolution,
} from '../import-format.js';
import { findLaender, type LandCode } from '../laender.js';
import { EN_BLOC, isListedTop, type Block } from './blocks.js';
import { decisionOf, findCounts, isFormulaSentence, isVoteValue } from './decision.js';
import { endsOpen, joinLines, startsLowerCase } from './join.js';
import type { SourceLine } from './lines.js';
import { parserWarning, type ParserWarning, type WarningKind } from './warning-kinds.js';
import {
  closesSponsorDash, isDecisionMarker, plainSponsorValue, isMarkupWord, isSponsorDashStart, isStrayLine, parseLabel, parseNumbered,
  parseProtocolHeader, parseTopHeader, sponsorDashValue, type Label, type Numbered,
} from './line-kinds.js';
import { MONTHS } from './dates.js';

export interface MeetingContext {
  readonly conference: string;
  readonly meeting: ImportMeeting;
}

interface DraftDemand {
  readonly number: string | null;
  /** The line the demand starts on. */
  readonly start: SourceLine;
  readonly lines: SourceLine[];
}

interface DraftStatement {
  readonly laender: string[];
  readonly lines: SourceLine[];
}

/** Lines a title may span; longer runs of text are a demand. */
const MAX_TITLE_LINES = 5;
/** Lines a formula sentence may span. */
const MAX_FORMULA_LINES = 4;
/** Lines a label's value may continue over. */
const MAX_VALUE_LINES = 6;

/** A line that starts a field of its own (never the continuation of a title or value). */
function isFieldLine(text: string): boolean {
  return parseLabel(text) !== null || parseProtocolHeader(text) !== null || isSponsorDashStart(text)
    || isDecisionMarker(text) || isPlainSponsorLine(text);
}

/** "Antrag der Länder Berlin, Hamburg und Bremen": Länder only after the introduction. */
function isPlainSponsorLine(text: string): boolean {
  const value = plainSponsorValue(text);
  return value !== null && isLandList(value);
}

/** A line consisting of Land names only ("Sachsen-Anhalt, Schleswig-Holstein, Thüringen"). */
function isLandList(text: string): boolean {
  const found = findLaender(text);
  return found.codes.length > 0 && found.unknown.length === 0;
}

function closesSentence(text: string): boolean {
  return /[.:;!?]["'“”‘’)]*$/u.test(text.slice(-5));
}

/** A short statement of a decision: "einstimmig", "Annahme", "13:2:1". */
function statesDecision(text: string): boolean {
  return text !== '' && (isDecisionMarker(text) || findCounts(text) !== null);
}

function startsWithMonth(text: string): boolean {
  const word = /^\p{L}+/u.exec(text)?.[0]?.toLowerCase();
  return word !== undefined && MONTHS.includes(word);
}

const NEXT_NUMBER_PATTERNS = new Map<number, RegExp>();

/** "… zur Kenntnis. 2. Sie …": the next Ziffer's number after a finished sentence. */
function nextNumberPattern(number: number): RegExp {
  let pattern = NEXT_NUMBER_PATTERNS.get(number);
  if (!pattern) {
    pattern = new RegExp(`[.!?;:]["“”')]? (${number})\\. (?=\\p{Lu})`, 'u');
    NEXT_NUMBER_PATTERNS.set(number, pattern);
  }
  return pattern;
}

class BlockReader {
  private readonly lines: SourceLine[];
  private index = 0;
  private mode: 'main' | 'protocol' = 'main';
  /** The previous line ended a sentence or was a field: a numbered paragraph may start. */
  private previousClosed = true;

  private readonly title: SourceLine[] = [];
  private titleOpen: boolean;
  private readonly sponsors = new Set<LandCode>();
  private decision: ImportDecision | null = null;
  /** The label or marker the decision came from, until a formula sentence follows. */
  private statedBy: { line: SourceLine; formula: string } | null = null;
  private readonly demands: DraftDemand[] = [];
  private numbered = 0;
  /** The paragraphs are numbered "I.", "II." rather than "1.", "2.". */
  private romanNumbers = false;
  /** Index (into `lines`) of the line last appended to a demand. */
  private lastDemandLine = -1;
  /** The stem sentence the Ziffern continue ("Die Verkehrsministerkonferenz"), once one was found. */
  private stem: string | null = null;
  private readonly statements: DraftStatement[] = [];
  private readonly references: string[] = [];
  /** The block announced an en-bloc vote (Grüne Liste, BLOCK, A-Punkte): the TOPs it lists are references. */
  private enBloc: boolean;
  private reportingLand: LandCode | null = null;
  private readonly warnings: ParserWarning[] = [];

  constructor(private readonly block: Block) {
    this.lines = [...block.body];
    const inlineTitle = block.header.rest;
    if (inlineTitle !== '') this.title.push({ ...block.headerLine, text: inlineTitle });
    this.titleOpen = inlineTitle !== '';
    this.enBloc = EN_BLOC.test(inlineTitle);
  }

  read(): void {
    while (this.index < this.lines.length) this.readLine(this.lines[this.index]!);
  }

  private readLine(read: SourceLine): void {
    if (isStrayLine(read.text)) return this.readStrayLine(read);
    if (!this.enBloc && EN_BLOC.test(read.text)) this.enBloc = true;
    if (this.enBloc && this.readListedTop(read)) return;
    this.splitRunTogetherNumbers(read);
    const line = this.lines[this.index]!;
    const text = line.text;
    const protocol = parseProtocolHeader(text);
    // "… verweist auf die" + "Protokollerklärung Bayerns zur 11. IntMK." is running text.
    if (protocol && this.previousClosed) return this.readProtocolHeader(line, protocol.who, protocol.text, protocol.closed);
    const label = parseLabel(text);
    if (label) return this.readLabel(line, label);
    if (isSponsorDashStart(text)) return this.readSponsorDash();
    if (this.mode === 'protocol') return this.appendToStatement(line);
    if (isDecisionMarker(text) && !this.demandEndsOpen() && !this.introducesList(line)) return this.readMarker(line);
    if (isPlainSponsorLine(text)) return this.readPlainSponsors(line, plainSponsorValue(text)!);
    const numbered = parseNumbered(text);
    if (numbered && this.continuesStem(numbered)) {
      this.demands.push({ number: numbered.printed, start: line, lines: [] });
      this.numbered = numbered.number;
      return this.appendToDemand({ ...line, text: `${this.stem} ${numbered.rest}` });
    }
    if (numbered && this.startsDemand(numbered)) {
      this.demands.push({ number: numbered.printed, start: line, lines: [] });
      this.numbered = numbered.number;
      this.romanNumbers = numbered.roman;
      return this.appendToDemand({ ...line, text: numbered.rest });
    }
    if (this.readFormula()) return;
    if (this.continueTitle(line) || this.readTitle() || this.readSubtitle()) return;
    if (this.enBloc) this.readListedNumbers(line);
    this.appendToDemand(line);
  }

  /** "...", "§§§ ###": a line with nothing to read is reported, not joined to a Ziffer. */
  private readStrayLine(line: SourceLine): void {
    this.warn(line, 'strayLine', { top: this.block.header.agendaItem, value: line.text });
    this.index += 1;
  }

  /**
   * "Beschluss: 1. Die Länder … zur Kenntnis. 2. Sie bitten …": Ziffern run together in one
   * paragraph. The line is split before the next Ziffer's number where a sentence has ended.
   */
  private splitRunTogetherNumbers(line: SourceLine): void {
    const starting = parseNumbered(line.text);
    const current = starting && !starting.roman && this.startsDemand(starting) ? starting.number : this.numbered;
    if (current === 0 || this.romanNumbers || !line.text.includes(` ${current + 1}. `)) return;
    const next = nextNumberPattern(current + 1).exec(line.text);
    if (!next || startsWithMonth(line.text.slice(next.index + next[0].length))) return;
    const cut = next.index + next[0].length - `${current + 1}. `.length;
    this.lines.splice(this.index, 1, { ...line, text: line.text.slice(0, cut).trim() }, { ...line, text: line.text.slice(cut) });
  }

  /** "ZURÜCKGEZOGEN:" over "19, 22 und 34" heads a list of TOP numbers: a word of the body, not this TOP's outcome. */
  private introducesList(line: SourceLine): boolean {
    // "Annahme mit 10 : 6 : 0 Stimmen" holds votes, not a list.
    if (findCounts(line.text) !== null) return false;
    if (/:\s*\d/.test(line.text)) return true;
    const next = this.lines[this.index + 1];
    return line.text.endsWith(':') && next !== undefined && /^\d/.test(next.text);
  }

  /** "TOP 7.1 (Kindgerechte Krankenhausversorgung)" in an en-bloc list, possibly over two lines: a reference. */
  private readListedTop(line: SourceLine): boolean {
    const header = parseTopHeader(line.text);
    if (!header || !isListedTop(header)) return false;
    const taken: SourceLine[] = [line];
    const open = (): boolean => {
      const joined = joinLines(taken);
      return (joined.match(/\(/g) ?? []).length > (joined.match(/\)/g) ?? []).length;
    };
    while (open() && taken.length < MAX_VALUE_LINES && this.lines[this.index + taken.length]) {
      taken.push(this.lines[this.index + taken.length]!);
    }
    this.addReference(joinLines(taken));
    this.fieldDone(taken.length);
    return true;
  }

  /** "5, 6, 12, 18 und 42" after "BLOCK-Tagesordnungspunkte:" or "A-PUNKTE:": the TOPs voted on en bloc. */
  private readListedNumbers(line: SourceLine): void {
    const previous = this.lines[this.index - 1];
    if (!previous || !/:$/.test(previous.text) || !EN_BLOC.test(previous.text)) return;
    if (!/^\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*(?:\s*(?:,|und|sowie)\s*\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*)*\.?$/.test(line.text)) return;
    for (const number of line.text.match(/\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*/g) ?? []) this.addReference(`TOP ${number}`);
  }

  private addReference(reference: string): void {
    if (!this.references.includes(reference)) this.references.push(reference);
  }

  // --- fields ---------------------------------------------------------------------------------

  private fieldDone(lineCount: number): void {
    this.index += lineCount;
    this.previousClosed = true;
    this.titleOpen = false;
  }

  /** The label's line plus following lines that continue its value. */
  private labelValueLines(first: SourceLine, value: string, continues: (soFar: string, next: string) => boolean): SourceLine[] {
    const taken: SourceLine[] = [{ ...first, text: value }];
    let next = this.lines[this.index + taken.length];
    while (next && taken.length < MAX_VALUE_LINES && !isFieldLine(next.text) && continues(joinLines(taken), next.text)) {
      taken.push(next);
      next = this.lines[this.index + taken.length];
    }
    return taken;
  }

  private readLabel(line: SourceLine, label: Label): void {
    this.mode = 'main';
    switch (label.kind) {
      case 'sponsor': {
        const taken = this.labelValueLines(line, label.value,
          (soFar, next) => soFar === '' || endsOpen(soFar) || isLandList(next));
        this.addSponsors(taken);
        return this.fieldDone(taken.length);
      }
      case 'voting': {
        if (label.value !== '') {
          this.setDecision(line, line.text);
          return this.fieldDone(1);
        }
        // "Abstimmungsergebnis:" alone, the counts or "einstimmig" on the next line.
        const next = this.lines[this.index + 1];
        if (next && isVoteValue(next.text)) {
          this.setDecision(line, `${line.text} ${next.text}`);
          return this.fieldDone(2);
        }
        return this.fieldDone(1);
      }
      case 'decision':
        return this.readDecisionLabel(line, label);
      case 'reference': {
        const taken = this.labelValueLines(line, label.value, (soFar) => soFar === '' || /[,;]$/.test(soFar) || endsOpen(soFar));
        this.references.push(...joinLines(taken).split(';').map((reference) => reference.trim()).filter(Boolean));
        return this.fieldDone(taken.length);
      }
      case 'title': {
        const taken = this.labelValueLines(line, label.value, (soFar, next) => endsOpen(soFar) || startsLowerCase(next));
        if (this.title.length === 0) this.title.push(...taken);
        else this.warn(line, 'secondTitle', { value: joinLines(taken) });
        return this.fieldDone(taken.length);
      }
      case 'reporting': {
        const taken = this.labelValueLines(line, label.value, (soFar, next) => soFar === '' || endsOpen(soFar) || isLandList(next));
        this.readReporting(line, label, taken);
        return this.fieldDone(taken.length);
      }
      case 'meta': {
        // "Hinweis:" alone on its line: the note follows, up to its first finished sentence.
        const taken = this.labelValueLines(line, label.value, (soFar) => soFar === '' || endsOpen(soFar)
          || (label.value === '' && soFar.endsWith(':')));
        this.warn(line, 'fieldNotImported', { name: label.name, value: joinLines(taken) });
        return this.fieldDone(taken.length);
      }
    }
  }

  /**
   * "Beschluss:" opens the decision; "Beschluss: einstimmig" and "Beschluss (einstimmig):" are
   * formulas; other text after the label is read as a line of its own.
   */
  private readDecisionLabel(line: SourceLine, label: Label): void {
    const inName = /\(([^)]*)\)/.exec(label.name)?.[1] ?? '';
    if (statesDecision(inName)) this.setDecision(line, `${label.name}:`);
    if (label.value === '') return this.fieldDone(1);
    if (statesDecision(label.value)) {
      this.setDecision(line, line.text);
      return this.fieldDone(1);
    }
    this.lines[this.index] = { ...line, text: label.value };
    this.previousClosed = true;
    this.titleOpen = false;
  }

  /** "Antrag der Länder Berlin, Hamburg und Bremen", possibly continued by a line of Länder. */
  private readPlainSponsors(line: SourceLine, value: string): void {
    const taken = this.labelValueLines(line, value, (soFar, next) => endsOpen(soFar) || isLandList(next));
    this.addSponsors(taken);
    this.fieldDone(taken.length);
  }

  /** "- Antrag Bremen -", possibly over several lines up to the closing dash. */
  private readSponsorDash(): void {
    const first = this.lines[this.index]!;
    let taken: SourceLine[] = [first];
    if (!closesSponsorDash(first.text)) {
      let next = this.lines[this.index + 1];
      while (next && taken.length < MAX_VALUE_LINES && !isFieldLine(next.text)) {
        taken.push(next);
        if (closesSponsorDash(next.text)) break;
        next = this.lines[this.index + taken.length];
      }
      if (!closesSponsorDash(taken[taken.length - 1]!.text)) taken = [first];
    }
    this.addSponsors([{ ...first, text: sponsorDashValue(joinLines(taken)) }]);
    this.fieldDone(taken.length);
  }

  /**
   * "Berichterstattung: Bremen": the reporting Land. A second Land, or a reporter that is no Land
   * ("Vorsitz", "Bund"), is reported.
   */
  private readReporting(line: SourceLine, label: Label, taken: readonly SourceLine[]): void {
    const value = joinLines(taken);
    const found = findLaender(value);
    const [first, ...others] = found.codes;
    if (first !== undefined && this.reportingLand === null) this.reportingLand = first;
    else if (first !== undefined) others.unshift(first);
    if (others.length > 0) {
      this.warn(line, 'reportingSecond', { top: this.block.header.agendaItem, value: others.join(', ') });
    }
    for (const item of found.unknown.filter((item) => !item.split(' ').every(isMarkupWord))) {
      if (first === undefined && found.unknown.length === 1) this.warn(line, 'fieldNotImported', { name: label.name, value });
      else this.warn(line, 'reportingNotLand', { value: item });
    }
  }

  private addSponsors(lines: readonly SourceLine[]): void {
    const found = findLaender(joinLines(lines));
    for (const code of found.codes) this.sponsors.add(code);
    const notLaender = found.unknown.filter((item) => !item.split(' ').every(isMarkupWord)); // "(Mitantragsteller: HE)"
    for (const item of notLaender) this.warn(lineMentioning(lines, item), 'sponsorNotLand', { value: item });
  }

  private readMarker(line: SourceLine): void {
    this.setDecision(line, line.text);
    this.fieldDone(1);
  }

  private setDecision(line: SourceLine, formula: string): void {
    if (this.decision === null) {
      this.decision = decisionOf(formula);
      this.statedBy = { line, formula };
      return;
    }
    const extra = decisionOf(formula);
    if (extra.voting === 'counted' && this.decision.voting === 'majority') {
      // "… hat mehrheitlich beschlossen:" and "Abstimmungsergebnis: 10:4:2": the counts tell more.
      const { outcome, formula: kept } = this.decision;
      this.decision = { outcome, voting: 'counted', yes: extra.yes, no: extra.no, abstain: extra.abstain, formula: kept };
      this.warn(line, 'voteFromFurther', { value: formula });
      return;
    }
    if (this.decision.voting !== 'unknown' || extra.voting === 'unknown') {
      this.warn(line, 'furtherDecision', { value: formula });
      return;
    }
    const { outcome, formula: kept } = this.decision;
    this.decision = { ...extra, outcome: outcome === 'adopted' ? extra.outcome : outcome, formula: kept };
    this.warn(line, 'voteFromFurther', { value: formula });
  }

  // --- formula, title, demands --------------------------------------------------------------

  /**
   * A decision formula before any demand: one sentence over up to four lines. After a label or
   * marker ("Beschluss: einstimmig"), a formula sentence still is the formula; the label's vote
   * is kept where the sentence states none.
   */
  private readFormula(): boolean {
    if ((this.decision !== null && this.statedBy === null) || this.demands.length > 0) return false;
    const taken: SourceLine[] = [];
    for (let offset = 0; offset < MAX_FORMULA_LINES; offset++) {
      const line = this.lines[this.index + offset];
      if (!line || line.text.length > 400) return false;
      // A decision marker may end the sentence: "Die Konferenz hat" + "einstimmig beschlossen:".
      const fieldStarts = (isFieldLine(line.text) && !isDecisionMarker(line.text)) || parseNumbered(line.text) !== null;
      if (offset > 0 && fieldStarts) return false;
      taken.push(line);
      if (/[:.]$/.test(line.text)) break;
    }
    const sentence = joinLines(taken);
    if (!isFormulaSentence(sentence)) return false;
    this.decision = this.decision === null ? decisionOf(sentence) : this.mergeStatedDecision(decisionOf(sentence));
    this.statedBy = null;
    this.fieldDone(taken.length);
    return true;
  }

  /** The formula sentence after a label or marker: its words, the label's vote and any outcome but "adopted". */
  private mergeStatedDecision(sentence: ImportDecision): ImportDecision {
    const stated = this.decision!;
    const { line, formula } = this.statedBy!;
    const outcome = sentence.outcome === 'adopted' ? stated.outcome : sentence.outcome;
    const countsForMajority = sentence.voting === 'majority' && stated.voting === 'counted';
    if ((sentence.voting === 'unknown' && stated.voting !== 'unknown') || countsForMajority) {
      this.warn(line, 'voteFromFurther', { value: formula });
      const counts = stated.voting === 'counted' ? { yes: stated.yes, no: stated.no, abstain: stated.abstain } : {};
      return { outcome, voting: stated.voting, ...counts, formula: sentence.formula };
    }
    this.warn(line, 'furtherDecision', { value: formula });
    return { ...sentence, outcome };
  }

  /** A title printed over several lines: the next line continues an open title. */
  private continueTitle(line: SourceLine): boolean {
    if (!this.titleOpen || this.title.length >= MAX_TITLE_LINES) return false;
    const soFar = joinLines(this.title);
    if (!endsOpen(soFar) && !startsLowerCase(line.text)) {
      this.titleOpen = false;
      return false;
    }
    this.title.push(line);
    this.index += 1;
    return true;
  }

  /** The first run of text before any demand is the title, unless it reads as a sentence. */
  private readTitle(): boolean {
    if (this.title.length > 0 || this.demands.length > 0) return false;
    const taken: SourceLine[] = [this.lines[this.index]!];
    let next = this.lines[this.index + taken.length];
    while (next && taken.length < MAX_TITLE_LINES && !isFieldLine(next.text) && !parseNumbered(next.text)
      && (endsOpen(joinLines(taken)) || startsLowerCase(next.text))) {
      taken.push(next);
      next = this.lines[this.index + taken.length];
    }
    const candidate = joinLines(taken);
    if (candidate.length > 300 || /[.;!:]$/.test(candidate) || taken.length === MAX_TITLE_LINES) return false;
    this.title.push(...taken);
    this.fieldDone(taken.length);
    return true;
  }

  /**
   * Lines between the title and a "Beschluss:" label are the title's continuation, a subtitle
   * printed on lines of its own ("Verhinderung der Ausreise …" / "Lösungsvorschläge für …").
   */
  private readSubtitle(): boolean {
    if (this.title.length === 0 || this.decision !== null || this.demands.length > 0) return false;
    for (let offset = 0; offset + this.title.length < MAX_TITLE_LINES + 1; offset++) {
      const line = this.lines[this.index + offset];
      if (!line) return false;
      const label = parseLabel(line.text);
      if (label) {
        if (offset === 0 || label.kind !== 'decision') return false;
        this.title.push(...this.lines.slice(this.index, this.index + offset));
        this.fieldDone(offset);
        return true;
      }
      if (isFieldLine(line.text) || parseNumbered(line.text) || /[.;!?]$/.test(line.text)) return false;
    }
    return false;
  }

  /**
   * Numbering must be sequential, in the style of the first paragraph ("1." inside "I." is text),
   * and the previous line must end a sentence ("… der\n99. ASMK" is text).
   */
  private startsDemand({ number, roman, rest }: Numbered): boolean {
    if (this.numbered > 0 && roman !== this.romanNumbers) return false;
    return number === this.numbered + 1 && this.previousClosed && !startsWithMonth(rest);
  }

  /**
   * "Die Verkehrsministerkonferenz" + "1. begrüßt …," + "2. bittet den Bund, …": the Ziffern
   * continue a stem sentence. Each Ziffer is stored with its stem, so that it reads as a whole
   * demand ("Die Verkehrsministerkonferenz bittet den Bund, …").
   */
  private continuesStem({ number, roman, rest }: Numbered): boolean {
    if (roman || number !== this.numbered + 1 || !startsLowerCase(rest)) return false;
    if (this.stem !== null) return true;
    const only = this.demands.length === 1 ? this.demands[0]! : null;
    if (this.numbered !== 0 || !only || only.number !== null || only.lines.length > 2) return false;
    const stem = joinLines(only.lines);
    if (stem.length > 120 || closesSentence(stem) || /,$/.test(stem) || !/^(?:Die|Der|Das)\s+\p{L}/u.test(stem)) return false;
    this.stem = stem;
    this.demands.pop();
    return true;
  }

  /** "… nimmt den Bericht zur" + "Kenntnis.": a marker word that ends the demand's sentence is its text. */
  private demandEndsOpen(): boolean {
    const last = this.demands.at(-1)?.lines.at(-1);
    return last !== undefined && this.lastDemandLine === this.index - 1 && endsOpen(last.text);
  }

  private appendToDemand(line: SourceLine): void {
    if (this.demands.length === 0) this.demands.push({ number: null, start: line, lines: [] });
    this.demands[this.demands.length - 1]!.lines.push(line);
    this.lastDemandLine = this.index;
    this.index += 1;
    this.previousClosed = closesSentence(line.text);
    this.titleOpen = false;
  }

  // --- protocol statements ------------------------------------------------------------------

  private readProtocolHeader(line: SourceLine, who: string, text: string, closed: boolean): void {
    let whoText = who;
    let firstText = text;
    let used = 1;
    if (!closed) {
      const next = this.lines[this.index + 1];
      const colon = next ? next.text.indexOf(':') : -1;
      if (next && colon >= 0 && colon < 120 && isLandList(next.text.slice(0, colon))) {
        whoText = joinLines([{ text: who }, { text: next.text.slice(0, colon) }]);
        firstText = next.text.slice(colon + 1).trim();
        used = 2;
      }
    }
    const lines: SourceLine[] = firstText === '' ? [] : [{ ...line, text: firstText }];
    const statement: DraftStatement = { laender: [], lines };
    this.statements.push(statement);
    this.assignStatementLaender(statement, line, whoText);
    this.mode = 'protocol';
    this.fieldDone(used);
  }

  private assignStatementLaender(statement: DraftStatement, line: SourceLine, who: string): void {
    const found = findLaender(who);
    statement.laender.push(...found.codes);
    for (const item of found.unknown) {
      if (/^(?:zu|zur|zum|betr)\b/iu.test(item)) statement.lines.unshift({ ...line, text: `(${item})` });
      else this.warn(line, 'protocolNotLand', { value: item });
    }
  }

  private appendToStatement(line: SourceLine): void {
    this.statements[this.statements.length - 1]!.lines.push(line);
    this.index += 1;
  }

  // --- result -------------------------------------------------------------------------------

  private warn(line: SourceLine, kind: WarningKind, values: Readonly<Record<string, string>> = {}): void {
    this.warnings.push(parserWarning(line.line, kind, values));
  }

  result(context: MeetingContext): { resolution: ImportResolution; warnings: ParserWarning[] } {
    const agendaItem = this.block.header.agendaItem;
    let title = joinLines(this.title);
    if (title === '') {
      title = `TOP ${agendaItem}`;
      this.warn(this.block.headerLine, 'noTitle', { top: agendaItem });
    }
    const demands = this.finishDemands();
    const resolution: ImportResolution = {
      conference: context.conference,
      meeting: { ...context.meeting },
      agendaItem,
      title,
      sponsors: [...this.sponsors],
      decision: this.finishDecision(demands),
      demands,
      protocolStatements: this.statements.map(finishStatement),
    };
    if (this.references.length > 0) resolution.references = [...this.references];
    if (this.reportingLand !== null) resolution.reportingLand = this.reportingLand;
    return { resolution, warnings: this.warnings };
  }

  /** Demands with their text joined; a number without any text is reported, not kept. */
  private finishDemands(): ImportDemand[] {
    const demands: ImportDemand[] = [];
    for (const demand of this.demands) {
      const text = joinLines(demand.lines);
      if (text !== '') demands.push({ number: demand.number, text });
      else this.warn(demand.start, 'demandWithoutText', { top: this.block.header.agendaItem, number: demand.number ?? '' });
    }
    return demands;
  }

  private finishDecision(demands: readonly ImportDemand[]): ImportDecision {
    if (this.decision === null) {
      this.warn(this.block.headerLine, 'noFormula', { top: this.block.header.agendaItem });
      return { outcome: 'adopted', voting: 'unknown', formula: '' };
    }
    if (this.decision.outcome === 'noted' && demands.length > 0) return { ...this.decision, outcome: 'adopted' };
    return this.decision;
  }
}

function finishStatement(statement: DraftStatement): ImportProtocolStatement {
  const text = joinLines(statement.lines);
  const laender = statement.laender.length > 0 ? statement.laender : laenderOpening(text);
  return { laender: [...new Set(laender)], text };
}

/** Länder named at the start of a statement's text ("Bayern und Hessen erklären …"). */
function laenderOpening(text: string): string[] {
  return findLaender(text.split(' ').slice(0, 12).join(' ')).codes;
}

/** The line among `lines` that mentions `item`, else the first. */
function lineMentioning(lines: readonly SourceLine[], item: string): SourceLine {
  const firstWord = item.split(' ')[0] ?? item;
  return lines.find((line) => line.text.includes(firstWord)) ?? lines[0]!;
}

/** Parses one TOP block. */
export function parseBlock(block: Block, context: MeetingContext): { resolution: ImportResolution; warnings: ParserWarning[] } {
  const reader = new BlockReader(block);
  reader.read();
  return reader.result(context);
}
