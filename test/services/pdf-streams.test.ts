/**
 * PDF bombs: a small file whose streams inflate to far more than the budget is refused before
 * pdfjs decodes it (pdfjs would hold every decoded byte), also when the zeros are compressed twice
 * or "endstream" is hidden inside the compressed data; ordinary PDFs pass unchanged.
 */
import { createDeflate, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { decodedWithin } from '../../src/services/pdf-streams.js';
import { extractPdfText, MAX_PDF_DECODED_BYTES, PdfTextError } from '../../src/services/pdf-text.js';

const MB = 1024 * 1024;

/** `megabytes` MB of zeros, deflated in pieces (never held whole); `prefix` first, stored uncompressed. */
async function deflatedZeros(megabytes: number, prefix = ''): Promise<Buffer> {
  const deflate = createDeflate({ level: prefix ? 0 : 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  if (prefix) {
    deflate.write(Buffer.from(prefix, 'latin1'));
    await new Promise<void>((resolve) => deflate.params(9, 0, () => resolve()));
  }
  const zeros = Buffer.alloc(MB);
  for (let i = 0; i < megabytes; i++) {
    if (!deflate.write(zeros)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return Buffer.concat(chunks);
}

/** A one-page PDF with a line of text and, as its second content stream, `data` under `filters`. */
async function pdfWithStream(data: Buffer, filters: string[]): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const page = document.addPage([595, 842]);
  page.drawText('Antwort des Bundes', { x: 50, y: 780, size: 11, font });
  const context = document.context;
  const filter = filters.length === 1 ? PDFName.of(filters[0]!) : context.obj(filters.map((name) => PDFName.of(name)));
  const stream = context.register(context.stream(data, { Filter: filter }));
  page.node.addContentStream(stream);
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

describe('the decompression budget of a PDF', () => {
  it('refuses a content stream of compressed zeros larger than the budget, before pdfjs reads it', async () => {
    const bomb = await pdfWithStream(await deflatedZeros(MAX_PDF_DECODED_BYTES / MB + 16), ['FlateDecode']);
    expect(bomb.length).toBeLessThan(MB);
    expect(await decodedWithin(bomb, MAX_PDF_DECODED_BYTES)).toBe(false);
    const refusal = await extractPdfText(bomb, { name: 'bombe.pdf' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PdfTextError);
    expect((refusal as PdfTextError).kind).toBe('too-large');
    expect((refusal as PdfTextError).message).toBe('„bombe.pdf“ ist zu umfangreich (zu viele Seiten, zu viel Text oder zu stark gepackte Inhalte) und wurde nicht übernommen.');
  });

  it('counts what a chain of two FlateDecode filters makes of a stream', async () => {
    const twice = await pdfWithStream(deflateSync(await deflatedZeros(20)), ['FlateDecode', 'FlateDecode']);
    expect(twice.length).toBeLessThan(64 * 1024);
    expect(await decodedWithin(twice, 10 * MB)).toBe(false);
    expect(await decodedWithin(twice, 30 * MB)).toBe(true);
  });

  it('reads a stream to its /Length, even when "endstream" occurs inside the compressed data', async () => {
    const hidden = await pdfWithStream(await deflatedZeros(20, 'endstream endobj'), ['FlateDecode']);
    expect(await decodedWithin(hidden, 10 * MB)).toBe(false);
    expect(await decodedWithin(hidden, 30 * MB)).toBe(true);
  });

  it('counts filters it does not decode at the most they can expand to', async () => {
    const lzw = await pdfWithStream(Buffer.alloc(10 * 1024, 0x80), ['LZWDecode']);
    expect(await decodedWithin(lzw, 10 * MB)).toBe(false);
    expect(await decodedWithin(lzw, 30 * MB)).toBe(true);
  });

  it('lets an ordinary PDF through unchanged', async () => {
    const ordinary = await pdfWithStream(deflateSync(Buffer.from('BT /F1 11 Tf 50 760 Td (Zweite Zeile) Tj ET')), ['FlateDecode']);
    expect(await decodedWithin(ordinary, MB)).toBe(true);
    expect(await extractPdfText(ordinary)).toContain('Antwort des Bundes');
  });
});
