/**
 * Stage 3: splitting the remaining lines into the title page (everything before the first TOP)
 * and one block per TOP. A bare "Beschluss:" right before a TOP header belongs to that TOP (GMK
 * layout). A "TOP …" line that continues a sentence (after a comma) is text, not a header.
 */
import type { SourceLine } from './lines.js';
import { parseLabel, parseTopHeader, type TopHeader } from './line-kinds.js';

export interface Block {
  readonly header: TopHeader;
  readonly headerLine: SourceLine;
  /** Bare "Beschluss:" labels printed right before the header; they only mark the block. */
  readonly leading: SourceLine[];
  /** Lines after the header, in input order. */
  readonly body: SourceLine[];
}

export interface Blocks {
  readonly preamble: SourceLine[];
  readonly blocks: Block[];
}

function isBareDecisionLabel(line: SourceLine): boolean {
  const label = parseLabel(line.text);
  return label !== null && label.kind === 'decision' && label.value === '';
}

/** The previous line leaves a sentence or a reference list open ("Vorgang:", "…, vgl."). */
function continuesSentence(previous: SourceLine | undefined): boolean {
  if (previous === undefined) return false;
  if (/[,;]$/.test(previous.text)) return true;
  const label = parseLabel(previous.text);
  return label !== null && label.kind === 'reference' && label.value === '';
}

/** Splits content lines (furniture, tables of contents and empty lines removed) into blocks. */
export function splitIntoBlocks(lines: readonly SourceLine[]): Blocks {
  const preamble: SourceLine[] = [];
  const blocks: Block[] = [];
  let current: SourceLine[] = preamble;
  lines.forEach((line, index) => {
    const header = parseTopHeader(line.text);
    if (!header || continuesSentence(lines[index - 1])) {
      current.push(line);
      return;
    }
    const moved: SourceLine[] = [];
    while (current.length > 0 && isBareDecisionLabel(current[current.length - 1]!)) moved.unshift(current.pop()!);
    const block: Block = { header, headerLine: line, leading: moved, body: [] };
    blocks.push(block);
    current = block.body;
  });
  return { preamble, blocks };
}
