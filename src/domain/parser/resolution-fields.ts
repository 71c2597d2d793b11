/**
 * Reading a TOP block, part 1: the state of the block being read and its labelled fields —
 * sponsors, votes and decision labels, references, titles, the reporting Land, notes and protocol
 * statements. The running text (formula, title, Ziffern) is read by BlockReader in resolution.ts.
 */
import type { ImportDecision } from '../import-format.js';
import { findLaender, type LandCode } from '../laender.js';
import { EN_BLOC, type Block } from './blocks.js';
import { decisionOf, isVoteValue } from './decision.js';
import { endsOpen, joinLines, leavesQuoteOpen, startsLowerCase } from './join.js';
import type { SourceLine } from './lines.js';
import { parserWarning, type ParserWarning, type WarningKind } from './warning-kinds.js';
import { closesSponsorDash, isMarkupWord, sponsorDashValue, type Label } from './line-kinds.js';
import {
  closesSentence, isFieldLine, isLandList, lineMentioning, MAX_VALUE_LINES, mayTakeLine, statesDecision, type DraftDemand, type DraftStatement,
} from './resolution-lines.js';

export abstract class FieldReader {
  protected readonly lines: SourceLine[];
  protected index = 0;
  protected mode: 'main' | 'protocol' = 'main';
  /** The previous line ended a sentence or was a field: a numbered paragraph may start. */
  protected previousClosed = true;

  protected readonly title: SourceLine[] = [];
  protected titleOpen: boolean;
  protected readonly sponsors = new Set<LandCode>();
  protected decision: ImportDecision | null = null;
  /** The label or marker the decision came from, until a formula sentence follows. */
  protected statedBy: { line: SourceLine; formula: string } | null = null;
  protected readonly demands: DraftDemand[] = [];
  protected numbered = 0;
  /** The paragraphs are numbered "I.", "II." rather than "1.", "2.". */
  protected romanNumbers = false;
  /** Index (into `lines`) of the line last appended to a demand. */
  protected lastDemandLine = -1;
  /** The stem sentence the Ziffern continue ("Die Verkehrsministerkonferenz"), once one was found. */
  protected stem: string | null = null;
  protected readonly statements: DraftStatement[] = [];
  protected readonly references: string[] = [];
  /** The block announced an en-bloc vote (Grüne Liste, BLOCK, A-Punkte): the TOPs it lists are references. */
  protected enBloc: boolean;
  protected reportingLand: LandCode | null = null;
  protected readonly warnings: ParserWarning[] = [];

  constructor(protected readonly block: Block) {
    // A footnote at a page's foot ("¹ Die Angaben beruhen …", see `SourceLine.footnote`) stands outside the text's
    // flow, which may go on after it on the next page: its words are reported, the block is read without it.
    this.lines = block.body.filter((line) => line.footnote === undefined);
    // A text extraction's footnote over several lines (see `markPlainFootnotes`) is reported as one.
    const notes: SourceLine[][] = [];
    for (const line of block.body) {
      if (line.footnote === undefined) continue;
      if (line.footnoteContinued && notes.length > 0) notes.at(-1)!.push(line);
      else notes.push([line]);
    }
    for (const note of notes) this.warn(note[0]!, 'footnote', { top: block.header.agendaItem, number: note[0]!.footnote!, value: joinLines(note) });
    const inlineTitle = block.header.rest;
    if (inlineTitle !== '') this.title.push({ ...block.headerLine, text: inlineTitle });
    this.titleOpen = inlineTitle !== '';
    this.enBloc = EN_BLOC.test(inlineTitle);
  }

  protected addReference(reference: string): void {
    if (!this.references.includes(reference)) this.references.push(reference);
  }


  // --- fields ---------------------------------------------------------------------------------

  protected fieldDone(lineCount: number): void {
    this.index += lineCount;
    this.previousClosed = true;
    this.titleOpen = false;
  }

  /** The label's line plus following lines that continue its value. */
  protected labelValueLines(first: SourceLine, value: string, continues: (soFar: string, next: string) => boolean): SourceLine[] {
    const taken: SourceLine[] = [{ ...first, text: value }];
    let next = this.lines[this.index + taken.length];
    let soFar = value;
    // A word broken by a soft hyphen at the line's end ("Hes\u00AD" / "sen,") goes on like one broken by a visible hyphen.
    while (next && mayTakeLine(taken.length, soFar.length, MAX_VALUE_LINES) && !isFieldLine(next.text)
      && (continues(soFar, next.text) || taken.at(-1)!.softHyphenEnd)) {
      taken.push(next);
      soFar = joinLines(taken);
      next = this.lines[this.index + taken.length];
    }
    return taken;
  }

  protected readLabel(line: SourceLine, label: Label): void {
    this.mode = 'main';
    switch (label.kind) {
      case 'sponsor': {
        // "Antragsteller: Alle" / "Länder": a narrow column broke the list inside a Land's name or "alle Länder".
        const taken = this.labelValueLines(line, label.value,
          (soFar, next) => soFar === '' || endsOpen(soFar) || isLandList(next) || (!isLandList(soFar) && isLandList(`${soFar} ${next}`)));
        this.addSponsors(taken);
        return this.fieldDone(taken.length);
      }
      case 'voting': {
        // "Abstimmungsergebnis: einstim-" / "mig": a narrow column broke the value inside its word (also with a soft hyphen).
        const rest = this.lines[this.index + 1];
        if ((/\p{L}-$/u.test(label.value) || line.softHyphenEnd) && label.value !== '' && rest && startsLowerCase(rest.text)) {
          this.setDecision(line, joinLines([line, rest]));
          return this.fieldDone(2);
        }
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
        // "Hinweis:" alone on its line: the note follows, up to its first finished sentence; a
        // sentence wrapped after a noun goes on where the next line starts in lower case, and a
        // quotation opened in the note ("beschlossen: „Der …") goes on up to its closing mark.
        const taken = this.labelValueLines(line, label.value, (soFar, next) => soFar === '' || endsOpen(soFar)
          || (label.value === '' && soFar.endsWith(':')) || (!closesSentence(soFar) && (startsLowerCase(next) || leavesQuoteOpen(soFar))));
        this.warn(line, 'fieldNotImported', { name: label.name, value: joinLines(taken) });
        return this.fieldDone(taken.length);
      }
    }
  }

  /**
   * "Beschluss:" opens the decision; "Beschluss: einstimmig" and "Beschluss (einstimmig):" are
   * formulas; other text after the label is read as a line of its own.
   */
  protected readDecisionLabel(line: SourceLine, label: Label): void {
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
  protected readPlainSponsors(line: SourceLine, value: string): void {
    const taken = this.labelValueLines(line, value, (soFar, next) => endsOpen(soFar) || isLandList(next));
    this.addSponsors(taken);
    this.fieldDone(taken.length);
  }

  /** "- Antrag Bremen -", possibly over several lines up to the closing dash. */
  protected readSponsorDash(): void {
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
  protected readReporting(line: SourceLine, label: Label, taken: readonly SourceLine[]): void {
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

  protected addSponsors(lines: readonly SourceLine[]): void {
    const found = findLaender(joinLines(lines));
    for (const code of found.codes) this.sponsors.add(code);
    const notLaender = found.unknown.filter((item) => !item.split(' ').every(isMarkupWord)); // "(Mitantragsteller: HE)"
    for (const item of notLaender) this.warn(lineMentioning(lines, item), 'sponsorNotLand', { value: item });
  }

  protected readMarker(line: SourceLine): void {
    this.setDecision(line, line.text);
    this.fieldDone(1);
  }

  protected setDecision(line: SourceLine, formula: string): void {
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

  // --- protocol statements ------------------------------------------------------------------

  protected readProtocolHeader(line: SourceLine, who: string, text: string, closed: boolean): void {
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

  protected assignStatementLaender(statement: DraftStatement, line: SourceLine, who: string): void {
    const found = findLaender(who);
    statement.laender.push(...found.codes);
    for (const item of found.unknown) {
      if (/^(?:zu|zur|zum|betr)\b/iu.test(item)) statement.lines.unshift({ ...line, text: `(${item})` });
      else this.warn(line, 'protocolNotLand', { value: item });
    }
  }

  protected appendToStatement(line: SourceLine): void {
    this.statements[this.statements.length - 1]!.lines.push(line);
    this.index += 1;
  }

  protected warn(line: SourceLine, kind: WarningKind, values: Readonly<Record<string, string>> = {}): void {
    this.warnings.push(parserWarning(line.line, kind, values));
  }
}
