/**
 * Text of a Word document (.docx, Office Open XML) for the resolution parser: one line per
 * paragraph, in the order of the document (table cells row by row), with the numbers that Word
 * writes itself in front of numbered paragraphs ("1.", "a)", "(2)"), because a resolution's Ziffern
 * are mostly such a numbered list and its numbers are not in the text. Deleted text of tracked
 * changes is left out, inserted text kept; a text box's content is read once. The archive is read
 * with fflate and the XML with fast-xml-parser; nothing else of the file is looked at.
 */
import type { XMLParser } from 'fast-xml-parser';
import { translate } from '../i18n.js';

export type DocxTextErrorKind = 'unreadable' | 'too-large' | 'no-text';

/** A Word document that yields no text, with a German message naming the file. */
export class DocxTextError extends Error {
  readonly kind: DocxTextErrorKind;

  constructor(kind: DocxTextErrorKind, name: string) {
    super(translate(`docxTextError.${kind}`, { name }));
    this.name = 'DocxTextError';
    this.kind = kind;
  }
}

/** The parts read, and what they may unpack to together before the file is refused (a "zip bomb"). */
const PARTS = ['word/document.xml', 'word/numbering.xml', 'word/styles.xml'] as const;
export const MAX_DOCX_XML_BYTES = 64 * 1024 * 1024;

/** An element of fast-xml-parser's ordered output: `{ "w:p": [children], ":@": { attributes } }`, or `{ "#text": "…" }`. */
type Node = Record<string, unknown>;

type Fflate = typeof import('fflate');
type FastXml = typeof import('fast-xml-parser');
let libraries: Promise<{ fflate: Fflate; xml: FastXml; parser: XMLParser }> | undefined;

/** The zip and XML readers, loaded on the first Word document rather than at start (most processes never read one). */
function loadLibraries() {
  libraries ??= Promise.all([import('fflate'), import('fast-xml-parser')]).then(([fflate, xml]) => ({ fflate, xml, parser: new xml.XMLParser(PARSER_OPTIONS) }));
  return libraries;
}

const PARSER_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // the text of a run as written: leading and trailing spaces (xml:space="preserve") count
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
} as const;

function tagOf(node: Node): string | null {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  return null;
}

function childrenOf(node: Node): Node[] {
  const tag = tagOf(node);
  const value = tag === null ? undefined : node[tag];
  return Array.isArray(value) ? (value as Node[]) : [];
}

function attribute(node: Node, name: string): string | undefined {
  const attributes = node[':@'] as Record<string, string> | undefined;
  return attributes?.[name];
}

function child(node: Node, tag: string): Node | undefined {
  return childrenOf(node).find((c) => tagOf(c) === tag);
}

function valueOf(node: Node | undefined, tag: string): string | undefined {
  const found = node === undefined ? undefined : child(node, tag);
  return found === undefined ? undefined : attribute(found, 'w:val');
}

/** A level of a list: how its number is written. */
interface Level {
  start: number;
  format: string;
  text: string;
}

/** The lists of numbering.xml: each numId's abstract list, its levels, and the levels it restarts. */
interface Numbering {
  abstractOf: Map<string, string>;
  levels: Map<string, Map<number, Level>>;
  overrides: Map<string, Map<number, number>>;
}

function readNumbering(root: Node[] | null): Numbering {
  const numbering: Numbering = { abstractOf: new Map(), levels: new Map(), overrides: new Map() };
  const top = root?.find((n) => tagOf(n) === 'w:numbering');
  for (const node of top ? childrenOf(top) : []) {
    const tag = tagOf(node);
    if (tag === 'w:abstractNum') {
      const levels = new Map<number, Level>();
      for (const lvl of childrenOf(node).filter((c) => tagOf(c) === 'w:lvl')) {
        levels.set(Number(attribute(lvl, 'w:ilvl') ?? 0), {
          start: Number(valueOf(lvl, 'w:start') ?? 1),
          format: valueOf(lvl, 'w:numFmt') ?? 'decimal',
          text: valueOf(lvl, 'w:lvlText') ?? '',
        });
      }
      numbering.levels.set(attribute(node, 'w:abstractNumId') ?? '', levels);
    } else if (tag === 'w:num') {
      const id = attribute(node, 'w:numId') ?? '';
      numbering.abstractOf.set(id, valueOf(node, 'w:abstractNumId') ?? '');
      const overrides = new Map<number, number>();
      for (const override of childrenOf(node).filter((c) => tagOf(c) === 'w:lvlOverride')) {
        const start = valueOf(override, 'w:startOverride');
        if (start !== undefined) overrides.set(Number(attribute(override, 'w:ilvl') ?? 0), Number(start));
      }
      numbering.overrides.set(id, overrides);
    }
  }
  return numbering;
}

/** The numbering a paragraph style gives its paragraphs (a "List Number" style), by style id. */
function readStyleNumbering(root: Node[] | null): Map<string, { numId: string; level: number }> {
  const styles = new Map<string, { numId: string; level: number }>();
  const top = root?.find((n) => tagOf(n) === 'w:styles');
  for (const style of top ? childrenOf(top).filter((c) => tagOf(c) === 'w:style') : []) {
    const numPr = child(child(style, 'w:pPr') ?? {}, 'w:numPr');
    const numId = valueOf(numPr, 'w:numId');
    if (numId !== undefined) styles.set(attribute(style, 'w:styleId') ?? '', { numId, level: Number(valueOf(numPr, 'w:ilvl') ?? 0) });
  }
  return styles;
}

function roman(value: number): string {
  const numerals: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let rest = value;
  let result = '';
  for (const [n, s] of numerals) while (rest >= n) { result += s; rest -= n; }
  return result;
}

function letters(value: number): string {
  // Word's letters: a … z, then aa … zz
  const letter = String.fromCharCode(97 + ((value - 1) % 26));
  return letter.repeat(Math.floor((value - 1) / 26) + 1);
}

/** A counter as the level's format writes it. */
function formatted(value: number, format: string): string {
  switch (format) {
    case 'lowerLetter': return letters(value);
    case 'upperLetter': return letters(value).toUpperCase();
    case 'lowerRoman': return roman(value);
    case 'upperRoman': return roman(value).toUpperCase();
    case 'decimalZero': return String(value).padStart(2, '0');
    case 'none': return '';
    default: return String(value);
  }
}

/** Counts the numbered paragraphs of each list and writes their numbers as Word shows them. */
class ListCounter {
  private readonly counters = new Map<string, number[]>();
  private readonly started = new Set<string>();

  constructor(private readonly numbering: Numbering) {}

  /** The number in front of a paragraph of list `numId` at `level` ("2.", "b)"), or null for none. */
  next(numId: string, level: number): string | null {
    if (numId === '0') return null;
    const abstract = this.numbering.abstractOf.get(numId);
    const levels = abstract === undefined ? undefined : this.numbering.levels.get(abstract);
    const definition = levels?.get(level);
    if (abstract === undefined || levels === undefined || definition === undefined) return null;
    const counts = this.counters.get(abstract) ?? [];
    // a list instance that restarts a level (lvlOverride/startOverride) begins it anew once
    if (!this.started.has(numId)) {
      this.started.add(numId);
      for (const [overridden, start] of this.numbering.overrides.get(numId) ?? []) counts[overridden] = start - 1;
    }
    counts[level] = (counts[level] ?? (definition.start - 1)) + 1;
    // a deeper level starts again under each new number
    counts.length = level + 1;
    this.counters.set(abstract, counts);
    if (definition.format === 'bullet') return definition.text ? '•' : null;
    const label = definition.text.replace(/%(\d)/g, (_, n: string) => {
      const at = Number(n) - 1;
      const value = counts[at] ?? levels.get(at)?.start ?? 1;
      return formatted(value, levels.get(at)?.format ?? 'decimal');
    });
    return label.trim() === '' ? null : label.trim();
  }
}

/** Elements whose content is not text of the document: properties, deleted text, field codes, the fallback copy of a text box. */
const SKIPPED = new Set(['w:pPr', 'w:rPr', 'w:del', 'w:delText', 'w:instrText', 'mc:Fallback', 'w:sectPr', 'w:tblPr', 'w:trPr', 'w:tcPr', 'w:tblGrid']);

/** The lines of the body: a paragraph's text (a line break in it starts a new line), numbered where Word numbers it. */
function bodyLines(nodes: Node[], counter: ListCounter, styles: Map<string, { numId: string; level: number }>, lines: string[]): void {
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag === null || SKIPPED.has(tag)) continue;
    if (tag === 'w:p') {
      lines.push(paragraphText(node, counter, styles));
      continue;
    }
    bodyLines(childrenOf(node), counter, styles, lines);
  }
}

function paragraphText(paragraph: Node, counter: ListCounter, styles: Map<string, { numId: string; level: number }>): string {
  const properties = child(paragraph, 'w:pPr');
  const numPr = properties === undefined ? undefined : child(properties, 'w:numPr');
  const style = styles.get(valueOf(properties, 'w:pStyle') ?? '');
  const numId = valueOf(numPr, 'w:numId') ?? style?.numId;
  const level = Number(valueOf(numPr, 'w:ilvl') ?? style?.level ?? 0);
  const label = numId === undefined ? null : counter.next(numId, level);
  let text = '';
  const collect = (nodes: Node[]) => {
    for (const node of nodes) {
      const tag = tagOf(node);
      // text between the elements is the file's layout, not the document's: only w:t holds text
      if (tag === null || tag === '#text' || SKIPPED.has(tag)) continue;
      switch (tag) {
        case 'w:t': for (const t of childrenOf(node)) if (t['#text'] !== undefined) text += String(t['#text']); break;
        case 'w:tab': text += '\t'; break;
        case 'w:br': case 'w:cr': text += '\n'; break;
        case 'w:noBreakHyphen': text += '-'; break;
        case 'w:softHyphen': text += '\u00AD'; break;
        case 'w:p': {
          // a paragraph inside a text box: a line of its own, after this one's text so far
          const inner = paragraphText(node, counter, styles);
          text += `\n${inner}`;
          break;
        }
        default: collect(childrenOf(node));
      }
    }
  };
  collect(childrenOf(paragraph));
  return label === null ? text : `${label} ${text.replace(/^\s+/, '')}`;
}

/**
 * The text of a .docx file, lines separated by "\n". Throws DocxTextError when the file is no
 * readable Word document, unpacks to too much, or has no text.
 */
export async function extractDocxText(bytes: Uint8Array, options: { name?: string; maxXmlBytes?: number } = {}): Promise<string> {
  const { fflate: { unzipSync, strFromU8 }, xml: { XMLValidator }, parser } = await loadLibraries();
  const name = options.name ?? translate('docxTextError.theFile');
  const limit = options.maxXmlBytes ?? MAX_DOCX_XML_BYTES;
  let files: Record<string, Uint8Array>;
  try {
    let announced = 0;
    files = unzipSync(bytes, {
      filter: (file) => {
        if (!(PARTS as readonly string[]).includes(file.name)) return false;
        announced += file.originalSize;
        return true;
      },
    });
    if (announced > limit) throw new DocxTextError('too-large', name);
  } catch (error) {
    if (error instanceof DocxTextError) throw error;
    throw new DocxTextError('unreadable', name);
  }
  if (Object.values(files).reduce((sum, f) => sum + f.length, 0) > limit) throw new DocxTextError('too-large', name);
  const document = files['word/document.xml'];
  if (document === undefined) throw new DocxTextError('unreadable', name);
  const parse = (part: Uint8Array | undefined): Node[] | null => {
    if (part === undefined) return null;
    try {
      const xml = strFromU8(part);
      // the parser reads unclosed elements too: a damaged part is refused, not read halfway
      if (XMLValidator.validate(xml) !== true) throw new DocxTextError('unreadable', name);
      return parser.parse(xml) as Node[];
    } catch {
      throw new DocxTextError('unreadable', name);
    }
  };
  const root = parse(document)!;
  const body = child(root.find((n) => tagOf(n) === 'w:document') ?? {}, 'w:body');
  if (body === undefined) throw new DocxTextError('unreadable', name);
  const counter = new ListCounter(readNumbering(parse(files['word/numbering.xml'])));
  const lines: string[] = [];
  bodyLines(childrenOf(body), counter, readStyleNumbering(parse(files['word/styles.xml'])), lines);
  const text = lines.join('\n').replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new DocxTextError('no-text', name);
  return text;
}
