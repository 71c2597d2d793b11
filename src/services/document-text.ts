/**
 * The text of an uploaded or read document: UTF-8 text (BOM dropped) or the text layer of a PDF.
 * Shared by the command line and the browser import. Bad input throws InputError with a German
 * message that names the file.
 */
import { translate } from '../i18n.js';
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

/** UTF-8 text without BOM; binary content (NUL bytes, invalid UTF-8) is refused. */
export function decodeText(name: string, bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new InputError(translate('fileError.binary', { name }));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputError(translate('fileError.notUtf8', { name }));
  }
}

export async function documentText(name: string, bytes: Uint8Array): Promise<string> {
  if (bytes.length === 0) throw new InputError(translate('fileError.empty', { name }));
  if (!looksLikePdf(name, bytes)) return decodeText(name, bytes);
  try {
    return await extractPdfText(bytes, { name });
  } catch (error) {
    if (error instanceof PdfTextError) throw new InputError(error.message);
    throw error;
  }
}
