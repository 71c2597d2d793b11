/**
 * Text of a PDF for the resolution parser, through pdfjs-dist (legacy build for Node). Lines are
 * rebuilt from the positioned text items (same baseline → same line, left to right); pages are
 * separated by a form feed ("\f"). Nothing is loaded over the network and pdfjs stays quiet.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { translate } from '../i18n.js';
import { decodedWithin } from './pdf-streams.js';

export type PdfTextErrorKind = 'unreadable' | 'encrypted' | 'no-text' | 'too-large';

/** A PDF that yields no text, with a German message naming the file. */
export class PdfTextError extends Error {
  readonly kind: PdfTextErrorKind;

  constructor(kind: PdfTextErrorKind, name: string) {
    super(translate(`pdfTextError.${kind}`, { name }));
    this.name = 'PdfTextError';
    this.kind = kind;
  }
}


export interface PdfTextOptions {
  /** How error messages name the file; defaults to "Die PDF-Datei". */
  readonly name?: string;
  /** Refuse (kind 'too-large') a PDF with more pages than this or more characters of text than `maxChars`. */
  readonly maxPages?: number;
  readonly maxChars?: number;
  /** Refuse (kind 'too-large') a PDF whose streams decompress to more bytes than this (default MAX_PDF_DECODED_BYTES). */
  readonly maxDecodedBytes?: number;
}

/**
 * What the streams of a PDF may decompress to together before it is refused unread: pdfjs holds
 * each decoded stream in memory, so this bounds the memory a PDF can take (a "PDF bomb").
 */
export const MAX_PDF_DECODED_BYTES = 256 * 1024 * 1024;

interface PositionedText {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** pdfjs' bundled standard font data, read from the file system (never fetched). */
function standardFontDataUrl(): string {
  const packageJson = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
  return `${pathToFileURL(join(dirname(packageJson), 'standard_fonts')).href}/`;
}

function isTextItem(item: unknown): item is { str: string; transform: number[]; width: number; height: number } {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}

function positioned(items: readonly unknown[]): PositionedText[] {
  return items.filter(isTextItem).filter((item) => item.str !== '').map((item) => ({
    str: item.str,
    x: item.transform[4] ?? 0,
    y: item.transform[5] ?? 0,
    width: item.width,
    height: Math.abs(item.height) || Math.abs(item.transform[3] ?? 0) || 10,
  }));
}

/** Groups items into lines by baseline (top to bottom), each line left to right. */
export function linesFromItems(items: readonly PositionedText[]): string[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PositionedText[][] = [];
  for (const item of sorted) {
    const line = lines.at(-1);
    const first = line?.[0];
    if (line && first && Math.abs(first.y - item.y) <= Math.max(2, 0.4 * Math.min(first.height, item.height))) line.push(item);
    else lines.push([item]);
  }
  return lines.map((line) => joinItems(line.sort((a, b) => a.x - b.x)));
}

/** A gap this many font heights wide separates columns (a right-aligned "TOP 3"), not words. */
const COLUMN_GAP_HEIGHTS = 2.5;

/**
 * The items of one line as text: a space between words, a tab between columns, so that the
 * parser can tell a page header set in columns from running text (as in a layout text extraction).
 */
function joinItems(items: readonly PositionedText[]): string {
  let text = '';
  let end: number | null = null;
  for (const item of items) {
    // pdfjs fills a wide gap with a space item of the gap's width: the gap itself tells what it separates.
    if (item.str.trim() === '') continue;
    const gap = end === null ? 0 : item.x - end;
    const needsSpace = end !== null && gap > 0.15 * item.height && !text.endsWith(' ') && !item.str.startsWith(' ');
    const separator = gap > COLUMN_GAP_HEIGHTS * item.height ? '\t' : ' ';
    text = (needsSpace ? text.trimEnd() + separator : text) + item.str;
    end = item.x + item.width;
  }
  return text.trimEnd();
}

async function openDocument(bytes: Uint8Array, name: string) {
  const { getDocument, VerbosityLevel } = await loadPdfJs();
  const task = getDocument({
    data: new Uint8Array(bytes), // pdfjs takes ownership of (detaches) the buffer it gets
    verbosity: VerbosityLevel.ERRORS,
    standardFontDataUrl: standardFontDataUrl(),
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    useWorkerFetch: false,
    stopAtErrors: true,
  });
  try {
    return await task.promise;
  } catch (error) {
    const encrypted = error instanceof Error && error.name === 'PasswordException';
    throw new PdfTextError(encrypted ? 'encrypted' : 'unreadable', name);
  }
}

/** The text of every page, pages separated by "\f". */
export async function extractPdfText(bytes: Uint8Array, options: PdfTextOptions = {}): Promise<string> {
  const name = options.name ?? translate('pdfTextError.somePdf');
  if (!(await decodedWithin(bytes, options.maxDecodedBytes ?? MAX_PDF_DECODED_BYTES))) throw new PdfTextError('too-large', name);
  const document = await openDocument(bytes, name);
  try {
    if (options.maxPages !== undefined && document.numPages > options.maxPages) throw new PdfTextError('too-large', name);
    const pages: string[] = [];
    let chars = 0;
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const pageText = linesFromItems(positioned(content.items)).join('\n');
      page.cleanup();
      chars += pageText.length;
      if (options.maxChars !== undefined && chars > options.maxChars) throw new PdfTextError('too-large', name);
      pages.push(pageText);
    }
    const text = pages.join('\n\f');
    if (text.replace(/\s/g, '') === '') throw new PdfTextError('no-text', name);
    return text;
  } catch (error) {
    if (error instanceof PdfTextError) throw error;
    throw new PdfTextError('unreadable', name);
  } finally {
    await document.destroy();
  }
}
