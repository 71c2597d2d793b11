/**
 * The text of an uploaded or read document: UTF-8 text (BOM dropped), the text layer of a PDF or
 * the paragraphs of a Word document (.docx, with the numbers of its numbered lists).
 * Shared by the command line and the browser import, as is the reading of interchange JSON. Bad
 * input throws InputError with a German message that names the file.
 */
import { detectDocumentType } from '../domain/document-type.js';
import { validateImportDocument, type ImportDocument } from '../domain/import-format.js';
import { translate, uiTextOf } from '../i18n.js';
import { DocxTextError, extractDocxText } from './docx-text.js';
import { extractPdfText, PdfTextError } from './pdf-text.js';

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export function looksLikePdf(name: string, bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return name.toLowerCase().endsWith('.pdf') || head.includes('%PDF-');
}

/** A word processor's file that is not read: old Word (.doc, by its OLE compound-file signature) or OpenDocument text. */
function isWordProcessorFile(bytes: Uint8Array): boolean {
  if (detectDocumentType(bytes) === 'odt') return true;
  const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return bytes.length >= ole.length && ole.every((byte, i) => bytes[i] === byte);
}

/** UTF-8 text without BOM; binary content (NUL bytes, invalid UTF-8) is refused, a .doc or .odt file with the advice to save it as .docx or PDF. */
export function decodeText(name: string, bytes: Uint8Array): string {
  if (bytes.includes(0) && isWordProcessorFile(bytes)) throw new InputError(translate('fileError.wordDocument', { name }));
  if (bytes.includes(0)) throw new InputError(translate('fileError.binary', { name }));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputError(translate('fileError.notUtf8', { name }));
  }
}

export async function documentText(name: string, bytes: Uint8Array): Promise<string> {
  if (bytes.length === 0) throw new InputError(translate('fileError.empty', { name }));
  if (detectDocumentType(bytes) === 'docx') {
    try {
      return await extractDocxText(bytes, { name });
    } catch (error) {
      if (error instanceof DocxTextError) throw new InputError(error.message);
      throw error;
    }
  }
  if (!looksLikePdf(name, bytes)) return decodeText(name, bytes);
  try {
    return await extractPdfText(bytes, { name });
  } catch (error) {
    if (error instanceof PdfTextError) throw new InputError(error.message);
    throw error;
  }
}

/** Whether a document is interchange JSON rather than a resolution text: by its name, or by its first character. */
export function looksLikeJson(name: string, text: string): boolean {
  return name.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{');
}

/** The line of the character at `position` (from JSON.parse's message), 1-based. */
function lineAt(text: string, message: string): number | null {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return null;
  return text.slice(0, Number(position)).split('\n').length;
}

/** An interchange document (docs/import-format.md) from JSON text, checked against the schema's rules. */
export function readInterchangeJson(name: string, text: string): ImportDocument {
  const source = text.replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    const line = lineAt(source, (error as Error).message);
    throw new InputError(line === null ? translate('fileError.notJson', { name }) : translate('fileError.notJsonAt', { name, line }));
  }
  const result = validateImportDocument(json);
  if (!result.ok) {
    const [first, ...more] = result.errors;
    const error = uiTextOf(first!);
    throw new InputError(more.length > 0
      ? translate('fileError.notInterchangeMore', { name, error, more: more.length })
      : translate('fileError.notInterchange', { name, error }));
  }
  return result.value;
}
