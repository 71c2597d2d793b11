/**
 * What kind of document a file is, read from its content, never from its name (pure, no I/O):
 * PDF by its header; DOCX, XLSX and ODT as ZIP packages by the entries they must have (the ZIP's
 * central directory, bounds-checked, read once); CSV as UTF-8 text without NUL bytes with a
 * separator on its first line. Anything else is refused.
 */
import type { DocumentType } from './vocabulary.js';

export const DOCUMENT_MEDIA_TYPES: Readonly<Record<DocumentType, string>> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  csv: 'text/csv; charset=utf-8',
};

const latin1 = new TextDecoder('latin1');

function u16(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x1000000;
}

function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** The entry names of a ZIP file's central directory, or null when it has none that is sound. */
export function zipEntryNames(bytes: Uint8Array, maxEntries = 10_000): string[] | null {
  // the end-of-central-directory record: 22 bytes plus a comment of at most 65535 bytes
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x4b && bytes[at + 2] === 0x05 && bytes[at + 3] === 0x06) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = u16(bytes, end + 10);
  let at = u32(bytes, end + 16);
  if (count > maxEntries) return null;
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || !startsWith(bytes, at, 'PK\x01\x02')) return null;
    const nameLength = u16(bytes, at + 28);
    const next = at + 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
    if (next > end) return null;
    names.push(latin1.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at = next;
  }
  return names;
}

function isCsv(bytes: Uint8Array): boolean {
  if (bytes.length === 0 || bytes.includes(0)) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)));
  } catch {
    // a multi-byte character cut at the 64 KiB boundary is not an error of the file
    if (bytes.length <= 64 * 1024) return false;
    text = new TextDecoder('utf-8').decode(bytes.subarray(0, 64 * 1024 - 4));
    if (text.slice(0, -1).includes('\uFFFD')) return false;
  }
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  return /[;,\t]/.test(first);
}

/** The document type of these bytes, or null when it is none of the accepted ones. */
export function detectDocumentType(bytes: Uint8Array): DocumentType | null {
  if (latin1.decode(bytes.subarray(0, 1024)).includes('%PDF-')) return 'pdf';
  if (startsWith(bytes, 0, 'PK\x03\x04')) {
    // ODF: the first entry is "mimetype", stored uncompressed, holding the media type
    const nameLength = u16(bytes, 26);
    const dataStart = 30 + nameLength + u16(bytes, 28);
    if (nameLength === 8 && startsWith(bytes, 30, 'mimetype') && startsWith(bytes, dataStart, DOCUMENT_MEDIA_TYPES.odt)) {
      return zipEntryNames(bytes)?.includes('content.xml') ? 'odt' : null;
    }
    const names = zipEntryNames(bytes);
    if (!names?.includes('[Content_Types].xml')) return null;
    if (names.includes('word/document.xml')) return 'docx';
    if (names.includes('xl/workbook.xml')) return 'xlsx';
    return null;
  }
  return isCsv(bytes) ? 'csv' : null;
}

/**
 * The name a document is stored and served under: the uploaded name without any path, control
 * characters or quotes, at most 120 characters, ending in the extension of its actual type.
 * Browsers send a file name's quotes and line breaks as %22, %0D and %0A (HTML's multipart/form-data
 * encoding); those are read back first, so that 'Antwort "BMI".pdf' is not stored as 'Antwort %22BMI%22.pdf'.
 */
export function documentFileName(uploaded: string, type: DocumentType): string {
  const sent = uploaded.replace(/%22/gi, '"').replace(/%0[AD]/gi, ' ');
  const base = [...(sent.split(/[/\\]/).at(-1) ?? '')]
    .filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f && !'"<>|*?:'.includes(char))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').slice(0, 120).trim() || 'Dokument';
  return `${stem}.${type}`;
}
