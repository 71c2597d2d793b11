import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseResolutionText } from '../../src/domain/parser/index.js';
import { extractPdfText, linesFromItems, PdfTextError } from '../../src/services/pdf-text.js';
import { pdfWithoutText, textPdf } from './pdf-test-documents.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url), 'utf8');

describe('extractPdfText', () => {
  it.each([
    'intmk-2017-top-2.12',
    'synthetic-gmk-2011-ergebnisniederschrift',
    'synthetic-asmk-2022-beschlusssammlung',
    'synthetic-jumiko-2024-fruehjahrskonferenz',
  ])('round-trips %s through a generated PDF', async (name) => {
    const pdf = await textPdf(fixture(`${name}.txt`));
    const text = await extractPdfText(pdf);
    const expected = JSON.parse(fixture(`${name}.expected.json`));
    const result = analyseResolutionText(text);
    expect(result.failure).toBeNull();
    expect(result.document.resolutions).toStrictEqual(expected.resolutions);
  });

  it('separates pages with a form feed', async () => {
    const text = await extractPdfText(await textPdf('Seite eins\n\fSeite zwei'));
    expect(text).toBe('Seite eins\n\fSeite zwei');
  });

  it('does not spam the console', async () => {
    const writes: unknown[] = [];
    const original = { log: console.log, warn: console.warn, error: console.error, info: console.info };
    Object.assign(console, { log: (...a: unknown[]) => writes.push(a), warn: (...a: unknown[]) => writes.push(a),
      error: (...a: unknown[]) => writes.push(a), info: (...a: unknown[]) => writes.push(a) });
    try {
      await extractPdfText(await textPdf(fixture('intmk-2017-top-2.12.txt')));
    } finally {
      Object.assign(console, original);
    }
    expect(writes).toEqual([]);
  });

  it('rejects a PDF without text layer with a German message', async () => {
    const error = await extractPdfText(await pdfWithoutText(), { name: 'scan.pdf' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfTextError);
    expect((error as PdfTextError).kind).toBe('no-text');
    expect((error as Error).message).toBe('„scan.pdf“ enthält keinen Text (gescannte PDF ohne Texterkennung?).');
  });

  it.each([
    ['random bytes', Uint8Array.from({ length: 2000 }, (_, i) => (i * 7919 + 13) % 256)],
    ['a truncated PDF', new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog')],
    ['nothing', new Uint8Array()],
  ])('rejects %s as unreadable', async (_name, bytes) => {
    const error = await extractPdfText(bytes, { name: 'kaputt.pdf' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PdfTextError);
    expect((error as Error).message).toBe('„kaputt.pdf“ ist keine lesbare PDF-Datei.');
  });
});

describe('linesFromItems', () => {
  it('orders items top to bottom, left to right, and spaces separated words', () => {
    const item = (str: string, x: number, y: number) => ({ str, x, y, width: str.length * 5, height: 10 });
    expect(linesFromItems([item('Welt', 60, 700), item('Zweite', 10, 680), item('Hallo', 10, 701)])).toEqual(['Hallo Welt', 'Zweite']);
  });

  it('separates columns with a tab', () => {
    const item = (str: string, x: number) => ({ str, x, y: 700, width: str.length * 5, height: 10 });
    expect(linesFromItems([item('95. JuMiKo 2024', 10), item('TOP 3', 400)])).toEqual(['95. JuMiKo 2024\tTOP 3']);
  });
});
