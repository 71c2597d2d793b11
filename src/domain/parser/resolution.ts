/**
 * Stage 4: one TOP block → one resolution. The block's lines are read in order; each line is a
 * field label, a sponsor line, a decision marker or formula, a protocol statement, the start of
 * a numbered demand, a title line, or running text of the current demand or statement.
 * Whatever has no field goes to a warning, so no word is lost.
 */
import type { ImportDecision, ImportDemand, ImportMeeting, ImportResolution } from '../import-format.js';
import { announcesEnBloc, EN_BLOC, isListedTop, type Block } from './blocks.js';
import { isConferenceWord } from './conferences.js';
import { decisionOf, findCounts, isFormulaSentence, opensResolutionSentence, statesAdoption } from './decision.js';
import { endsOpen, isYearLine, joinLines, leavesQuoteOpen, startsContinuation, startsLowerCase } from './join.js';
import type { SourceLine } from './lines.js';
import type { ParserWarning } from './warning-kinds.js';
import {
  isDecisionMarker, plainSponsorValue, isSponsorDashStart, isStrayLine, parseLabel, parseNumbered,
  parseProtocolHeader, parseTopHeader, type Numbered,
} from './line-kinds.js';
import { FieldReader } from './resolution-fields.js';
import {
  breaksDate, brokenByColumn, closesSentence, endsWithConjunction, finishStatement, isFieldLine, isLabelWordInPhrase, isPlainSponsorLine, isWrappedTitleTail, MAX_FORMULA_LINES, MAX_TITLE_LINES, MAX_VALUE_LINES, mayTakeLine,
  nextNumberPattern, startsWithMonth, voteTableLine,
} from './resolution-lines.js';

export interface MeetingContext {
  readonly conference: string;
  readonly meeting: ImportMeeting;
}

/** A list dash opening a Ziffer's text. */
const LEADING_DASH = /^[-–]\s+(?=\p{L})/u;

/** A line that only names another meeting's TOP, perhaps with a tag: "TOP 5.1 der ACK | Grüne Liste". */
const FOREIGN_TOP = /^TOP\s+[A-Z]?\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*\s+(?:der\s+|des\s+)?(?:\d{1,3}\.\s?)?([\p{L}-]+)(?:\s*[|–]\s*[^.:;]{1,40})?$/u;
/** TOP numbers listed after an en-bloc label: "5, 6, 12 und 42", or a line of such a list ending in "," or "und". */
const NUMBER_LIST = /^\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*(?:\s*(?:,|und|sowie)\s*\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*)*(?:\.|\s*,|\s+und|\s+sowie)?$/;

/** Bodies that prepare a conference and number their own TOPs: "TOP 5.1 der ACK". */
const PREPARING_BODIES: ReadonlySet<string> = new Set(['ACK', 'AOLG', 'AGJF', 'LAV', 'Amtschefkonferenz', 'Vorkonferenz']);

class BlockReader extends FieldReader {
  /** Index of a line of listed TOP numbers that ends open ("4, 7, 8,"): the next line may go on with the list. */
  private openNumberList = -1;

  /** `column`: the document's column width (see `columnWidth`), 0 where its lines are not broken by a column. */
  constructor(block: Block, private readonly column: number) {
    super(block);
  }

  /**
   * `next` is the last words of a title whose line `last` was wrapped (see `isWrappedTitleTail`);
   * a title's first line is printed on the TOP's line, which the column may have broken.
   */
  private isTitleTail(last: SourceLine, next: SourceLine, after: SourceLine | undefined): boolean {
    const onTopLine = last === this.title[0] && this.block.header.rest !== '';
    const printed = onTopLine ? this.block.headerLine.text : last.text;
    if (brokenByColumn(printed, next.text, this.column)) return isWrappedTitleTail(printed, next.text, after?.text, true, onTopLine, next.softHyphenEnd);
    return isWrappedTitleTail(last.text, next.text, after?.text);
  }

  read(): void {
    while (this.index < this.lines.length) this.readLine(this.lines[this.index]!);
  }

  private readLine(read: SourceLine): void {
    if (isStrayLine(read.text)) return this.readStrayLine(read);
    if (!this.enBloc && announcesEnBloc(read.text, this.lines[this.index - 1]?.text)) this.enBloc = true;
    if (this.enBloc && this.readListedTop(read)) return;
    this.splitRunTogetherNumbers(read);
    const line = this.lines[this.index]!;
    const text = line.text;
    const protocol = parseProtocolHeader(text);
    // "… verweist auf die" + "Protokollerklärung Bayerns zur 11. IntMK." is running text.
    if (protocol && this.previousClosed) return this.readProtocolHeader(line, protocol.who, protocol.text, protocol.closed);
    if (this.readVoteTable()) return;
    const label = this.isLabelWordInTitle(line) ? null : parseLabel(text);
    if (label) return this.readLabel(line, label);
    if (isSponsorDashStart(text)) return this.readSponsorDash();
    if (this.mode === 'protocol' && !this.resumesDemands(text)) return this.appendToStatement(line);
    if (isDecisionMarker(text) && !this.demandEndsOpen(text) && !this.introducesList(line)) return this.readMarker(line);
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
    if (this.readForeignTop(line) || this.readFormula()) return;
    if (this.continueTitle(line) || this.readTitle() || this.readSubtitle()) return;
    if (this.enBloc) this.readListedNumbers(line);
    this.appendToDemand(line);
  }

  /** Rows a table of the Länder's votes has at least where it has no head. */
  private static readonly MIN_VOTE_ROWS = 3;

  /**
   * A table of the Länder's votes (see `voteTableLine`): its head and rows, or three rows and more,
   * are the vote, not text of the resolution. They are reported as not imported; the counts come
   * from the formula or a label ("Annahme 14:1:1").
   */
  private readVoteTable(): boolean {
    let count = 0;
    let head = false;
    for (let kind = voteTableLine(this.lines[this.index]!.text); kind !== null; kind = voteTableLine(this.lines[this.index + count]?.text ?? '')) {
      if (kind === 'head' && count > 0) break;
      head ||= kind === 'head';
      count += 1;
    }
    const rows = head ? count - 1 : count;
    if (rows < 1 || (!head && rows < BlockReader.MIN_VOTE_ROWS)) return false;
    const taken = this.lines.slice(this.index, this.index + count);
    this.warn(taken[0]!, 'fieldNotImported', { name: 'Abstimmung', value: taken.map((line) => line.text).join('; ') });
    this.fieldDone(count);
    return true;
  }

  /**
   * A protocol statement printed between two Ziffern ("3. …" / "Protokollerklärung Thüringen: …" /
   * "4. …", as the MPK prints them): after the statement's finished sentence, the resolution's next
   * Ziffer in its own numbering style goes on with the resolution. The statement's own list starts
   * at 1 and stays the statement's.
   */
  private resumesDemands(text: string): boolean {
    const numbered = parseNumbered(text);
    const statement = this.statements.at(-1);
    if (!numbered || !statement || this.numbered === 0 || numbered.roman !== this.romanNumbers || numbered.number !== this.numbered + 1) return false;
    // Only the statement's first and last lines are looked at, so that a long statement stays linear.
    const [first, last] = [statement.lines[0], statement.lines.at(-1)];
    if (!/^\p{Lu}/u.test(numbered.rest) || !first || !last || !closesSentence(last.text)) return false;
    if (parseNumbered(first.text) !== null) return false; // the statement's own list
    this.mode = 'main';
    return true;
  }

  /** "...", "§§§ ###": a line with nothing to read is reported, not joined to a Ziffer. */
  private readStrayLine(line: SourceLine): void {
    this.warn(line, 'strayLine', { top: this.block.header.agendaItem, value: line.text });
    this.index += 1;
  }

  /**
   * "Beschluss: 1. Die Länder … zur Kenntnis. 2. Sie bitten …": Ziffern run together in one
   * paragraph. The line is split before the next Ziffer's number where a sentence has ended. Where
   * the paragraph's lines are wrapped, the number may end a line ("… zu verhindern. 4." / "Sie
   * fordern …"): it is the next Ziffer's where the next line starts a sentence.
   */
  private splitRunTogetherNumbers(line: SourceLine): void {
    const starting = parseNumbered(line.text);
    const current = starting && !starting.roman && this.startsDemand(starting) ? starting.number : this.numbered;
    const number = `${current + 1}.`;
    if (current === 0 || this.romanNumbers || !line.text.includes(` ${number}`)) return;
    const next = nextNumberPattern(current + 1).exec(line.text);
    if (!next) return;
    const end = next.index + next[0].length;
    const following = end === line.text.length ? (this.lines[this.index + 1]?.text ?? '') : line.text.slice(end);
    if (!/^\p{Lu}/u.test(following) || startsWithMonth(following)) return;
    const cut = next.index + next[0].lastIndexOf(number);
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

  /** "TOP 7.1 (Kindgerechte Krankenhausversorgung)" in an en-bloc list, possibly over more lines: a reference. */
  private readListedTop(line: SourceLine): boolean {
    const header = parseTopHeader(line.text);
    if (!header || !isListedTop(header, this.lines[this.index + 1]?.text)) return false;
    const taken: SourceLine[] = header.rest === '' ? [line, this.lines[this.index + 1]!] : [line]; // "TOP 12.1" / "(Gesundheitspolitische …"
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

  /**
   * "TOP 5.1 der ACK | Grüne Liste", "TOP 13 90.UMK": the TOP of another body or meeting that
   * prepared this one, a reference as printed.
   */
  private readForeignTop(line: SourceLine): boolean {
    const previous = this.lines[this.index - 1];
    if (previous && endsOpen(previous.text)) return false; // "… verweist auf ihren Beschluss zu" + "TOP 5 der 11. IntMK"
    const match = FOREIGN_TOP.exec(line.text);
    if (!match || !(isConferenceWord(match[1]!) || PREPARING_BODIES.has(match[1]!))) return false;
    this.addReference(line.text);
    this.fieldDone(1);
    return true;
  }

  /**
   * "5, 6, 12, 18 und 42" after "BLOCK-Tagesordnungspunkte:" or "A-PUNKTE:", or after the formula of
   * a TOP titled as an en-bloc list ("Grüne Liste"): the TOPs voted on en bloc. A list wrapped over
   * several lines goes on where a line ends in a comma or "und" ("4, 7, 8, … 38," / "39, 40").
   */
  private readListedNumbers(line: SourceLine): void {
    const previous = this.lines[this.index - 1];
    if (!previous) return;
    const continues = this.openNumberList === this.index - 1;
    if (!continues && !/:$/.test(previous.text)) return;
    if (!continues && !announcesEnBloc(previous.text, this.lines[this.index - 2]?.text) && !EN_BLOC.test(joinLines(this.title))) return;
    if (!NUMBER_LIST.test(line.text)) return;
    for (const number of line.text.match(/\d{1,3}[a-z]?(?:\.\d{1,3}[a-z]?)*/g) ?? []) this.addReference(`TOP ${number}`);
    if (/(?:,|\bund|\bsowie)$/.test(line.text)) this.openNumberList = this.index;
  }


  // --- formula, title, demands --------------------------------------------------------------

  /**
   * A decision formula before any demand: one sentence over up to four full lines. After a label or
   * marker ("Beschluss: einstimmig"), a formula sentence still is the formula; the label's vote
   * is kept where the sentence states none.
   */
  private readFormula(): boolean {
    if ((this.decision !== null && this.statedBy === null) || this.demands.length > 0) return false;
    // "TOP: 11.1 Gremienstruktur der" / "GMK" / "Die Gesundheitsministerkonferenz hat …": the line goes on with the title's phrase.
    if (this.titleOpen && endsOpen(joinLines(this.title)) && !this.opensSentenceAt(this.index)) return false;
    const taken: SourceLine[] = [];
    for (let offset = 0, length = 0; mayTakeLine(offset, length, MAX_FORMULA_LINES); offset++) {
      const line = this.lines[this.index + offset];
      if (!line || line.text.length > 400) return false;
      // A decision marker may end the sentence: "Die Konferenz hat" + "einstimmig beschlossen:".
      const fieldStarts = (isFieldLine(line.text) && !isDecisionMarker(line.text)) || parseNumbered(line.text) !== null;
      if (offset > 0 && fieldStarts && !endsFormula(taken, line)) return false;
      taken.push(line);
      length += line.text.length;
      if (/[:.]$/.test(line.text) || (offset === 0 && statesAdoption(line.text))) break;
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

  /** A label's word inside the open title's phrase ("Zur gemeinsamen" / "Beschlussfassung" / "zusammengefasste …"): a word of the title. */
  private isLabelWordInTitle(line: SourceLine): boolean {
    return this.titleOpen && this.title.at(-1) === this.lines[this.index - 1]
      && isLabelWordInPhrase(this.lines[this.index - 1]?.text, line.text, this.lines[this.index + 1]?.text);
  }

  /**
   * The line at `index` opens the resolution's own sentence ("Die GMK bittet …"), also where a narrow column
   * breaks it after its subject or inside the subject's word ("Die Gesundheitsministerkonferenz" / "beschließt
   * einstimmig:", "Die Gesundheitsministerkonfer-" / "enz beschließt …"): read with the next line. A title ending
   * in a lower-case word ("… und Umsetzung gesundheitsziele.de") does not take such a line.
   */
  private opensSentenceAt(index: number): boolean {
    const text = this.lines[index]!.text;
    if (opensResolutionSentence(text)) return true;
    const next = this.lines[index + 1];
    return next !== undefined && /^(?:Die|Der|Das)\s+\S+$/u.test(text) && opensResolutionSentence(joinLines([this.lines[index]!, next]));
  }

  /** A title printed over several lines: the next line continues an open title. */
  private continueTitle(line: SourceLine): boolean {
    if (!this.titleOpen) return false;
    const soFar = joinLines(this.title);
    // The limit holds for full lines: a narrow column's title takes more, shorter ones (see `mayTakeLine`).
    if (!mayTakeLine(this.title.length, soFar.length, MAX_TITLE_LINES)) return false;
    const tail = this.isTitleTail(this.title.at(-1)!, line, this.lines[this.index + 1]);
    if ((!endsOpen(soFar) && !startsContinuation(line.text) && !tail && !leavesQuoteOpen(soFar)) || this.opensSentenceAt(this.index)) {
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
    if (this.readTitleBeforeLabel()) return true;
    const taken: SourceLine[] = [this.lines[this.index]!];
    let next = this.lines[this.index + taken.length];
    // The limit holds for full lines: a narrow column's title takes more, shorter ones (see `mayTakeLine`).
    const mayTake = (): boolean => mayTakeLine(taken.length, joinLines(taken).length, MAX_TITLE_LINES);
    const fieldStarts = (line: SourceLine, offset: number): boolean => isFieldLine(line.text)
      && !isLabelWordInPhrase(this.lines[offset - 1]?.text, line.text, this.lines[offset + 1]?.text);
    while (next && mayTake() && !fieldStarts(next, this.index + taken.length) && !parseNumbered(next.text)
      && !opensResolutionSentence(next.text) && (endsOpen(joinLines(taken)) || leavesQuoteOpen(joinLines(taken)) || startsLowerCase(next.text) || isYearLine(next.text)
        || this.isTitleTail(taken.at(-1)!, next, this.lines[this.index + taken.length + 1]))) {
      taken.push(next);
      next = this.lines[this.index + taken.length];
    }
    const candidate = joinLines(taken);
    if (candidate.length > 300 || /[.;!:]$/.test(candidate) || !mayTake()) return false;
    this.title.push(...taken);
    this.fieldDone(taken.length);
    return true;
  }

  /**
   * A TOP line without its title, then a few lines up to a bare "Beschluss:" label: those lines
   * are the title, even where it is printed as sentences ("Leitantrag der 24. GFMK - Zeitverwendung
   * gerecht gestalten, Partnerschaftlichkeit stärken. Auf dem Weg zu … Gleichstellungspolitik.").
   */
  private readTitleBeforeLabel(): boolean {
    if (this.index !== 0) return false;
    for (let offset = 0; offset < MAX_TITLE_LINES; offset++) {
      const line = this.lines[offset];
      if (!line) return false;
      const label = parseLabel(line.text);
      if (label) {
        if (offset === 0 || label.kind !== 'decision' || label.value !== '') return false;
        const taken = this.lines.slice(0, offset);
        if (joinLines(taken).length > 300) return false;
        this.title.push(...taken);
        this.fieldDone(offset);
        return true;
      }
      if (isFieldLine(line.text) || parseNumbered(line.text) || opensResolutionSentence(line.text)) return false;
    }
    return false;
  }

  /**
   * Lines between the title and the first label ("Beschluss:", "Antragsteller:") are the title's
   * continuation: a subtitle printed on lines of its own ("Verhinderung der Ausreise …" /
   * "Lösungsvorschläge für …"), or the title's last words wrapped after a noun ("… für den
   * Aufgabenbereich" / "„Integration“").
   */
  private readSubtitle(): boolean {
    if (this.title.length === 0 || this.decision !== null || this.demands.length > 0) return false;
    let length = joinLines(this.title).length;
    for (let offset = 0; mayTakeLine(offset + this.title.length, length, MAX_TITLE_LINES + 1); offset++) {
      const line = this.lines[this.index + offset];
      if (!line) return false;
      length += line.text.length;
      const label = parseLabel(line.text);
      if (label) {
        if (offset === 0 || label.kind === 'title' || endsFormula(this.lines.slice(this.index, this.index + offset), line)) return false;
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

  /**
   * "… nimmt den Bericht zur" + "Kenntnis.", "… den Bericht (Stand: 28.09.15)" + "zur Kenntnis.": a
   * marker that ends the demand's sentence is its text. The sentence is open where the line ends
   * mid-phrase, or where it ends without a full stop and the marker goes on in lower case, or where
   * a narrow column broke a date before its year ("… vom 19. Dezember" / "2007 zur Kenntnis."), or
   * where the marker ends on a conjunction or comma after an unfinished line: a narrow column set the
   * middle of the sentence alone ("… des Masterplans Medizinstudium" / "2020 zur Kenntnis und" /
   * "begrüßt, …"), and no decision marker ends on "und".
   */
  private demandEndsOpen(marker: string): boolean {
    const last = this.demands.at(-1)?.lines.at(-1);
    if (last === undefined || this.lastDemandLine !== this.index - 1) return false;
    return endsOpen(last.text) || (!closesSentence(last.text) && (startsLowerCase(marker) || endsWithConjunction(marker))) || breaksDate(last.text, marker);
  }

  private appendToDemand(line: SourceLine): void {
    if (this.demands.length === 0) this.demands.push({ number: null, start: line, lines: [] });
    this.demands[this.demands.length - 1]!.lines.push(line);
    this.lastDemandLine = this.index;
    this.index += 1;
    this.previousClosed = closesSentence(line.text);
    this.titleOpen = false;
  }

  // --- result -------------------------------------------------------------------------------

  result(context: MeetingContext): { resolution: ImportResolution; warnings: ParserWarning[] } {
    const agendaItem = this.block.header.agendaItem;
    // "TOP XII": the format writes the numeral's value; the warning keeps the number as printed.
    if (this.block.header.roman !== undefined) this.warn(this.block.headerLine, 'romanAgendaItem', { top: agendaItem, value: this.block.header.roman });
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
      // "- Die Länder …": a dash that opens the first item of a list is layout, not text.
      const text = joinLines(demand.lines).replace(LEADING_DASH, '');
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

/** Parses one TOP block. */
export function parseBlock(block: Block, context: MeetingContext, column = 0): { resolution: ImportResolution; warnings: ParserWarning[] } {
  const reader = new BlockReader(block, column);
  reader.read();
  return reader.result(context);
}

/**
 * "Die Ministerinnen und Minister … fassen folgenden" / "Beschluss:": a formula that a narrower
 * column broke before its last word, so that the bare label stands on a line of its own. The lines
 * before it are no title or subtitle but the formula, and the label ends it.
 */
function endsFormula(before: readonly SourceLine[], line: SourceLine): boolean {
  const label = parseLabel(line.text);
  if (!label || label.kind !== 'decision' || label.value !== '' || before.length === 0) return false;
  const sentence = joinLines(before);
  return !/[.:;!?]$/.test(sentence) && /\bfolgenden$/.test(sentence) && isFormulaSentence(`${sentence} ${line.text}`);
}
