/** Test PDFs generated with pdf-lib: text documents (one line per text line), a PDF without text. */
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';

/** pdf-lib's standard fonts are WinAnsi: no soft hyphens, ligatures or other characters outside it. */
export function winAnsiSafe(line: string): string {
  return line.normalize('NFKC').replace(/\u00AD/g, '').replace(/[^\u0020-\u007E\u00A0-\u00FF€–—„“”‚‘’…•]/g, '');
}

/** A PDF with the lines of `text`; a line with a form feed starts a new page, as does a full page. */
export async function textPdf(text: string): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  let page = document.addPage([595, 842]);
  let y = 800;
  for (const rawLine of text.split(/\r?\n/)) {
    if (rawLine.includes('\f') || y < 60) {
      page = document.addPage([595, 842]);
      y = 800;
    }
    const line = winAnsiSafe(rawLine.replace(/\f/g, ''));
    // Text set in columns ("Frühjahrskonferenz 2024      TOP 3") is drawn as separate runs, as a
    // layout program places them: each at its column (5 pt per character).
    for (const part of line.matchAll(/\S+(?: {1,4}\S+)*/g)) page.drawText(part[0], { x: 56 + 5 * part.index, y, size: 10, font });
    y -= 14;
  }
  return document.save();
}

/** A PDF whose only page holds a rectangle: no text layer. */
export async function pdfWithoutText(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  document.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 200, height: 100, color: rgb(0.2, 0.4, 0.6) });
  return document.save();
}

export interface ColumnsLayout {
  /** Text columns on each page, each `lines` lines high. */
  readonly columns: number;
  readonly lines: number;
  /** A4 landscape instead of portrait. */
  readonly landscape?: boolean;
  /** A running header set across the page's width, above the columns. */
  readonly header?: string;
  /** A page number centred under the columns, in the gutter ("- 2 -"). */
  readonly pageNumber?: (page: number) => string;
}

/**
 * A PDF whose pages are set in columns, as a word processor sets a page in two or three columns:
 * the lines of `text` (already as narrow as a column) fill the first column from top to bottom,
 * then the next; blank lines keep their place. 9 pt Helvetica, 1 cm between the columns, A4.
 */
export async function columnsPdf(text: string, layout: ColumnsLayout): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const [pageWidth, pageHeight] = layout.landscape ? [842, 595] : [595, 842];
  const [left, right, top, size, leading] = [56, pageWidth - 56, pageHeight - 62, 9, 12];
  const columnWidth = (right - left - 28 * (layout.columns - 1)) / layout.columns;
  const lines = text.replace(/\f/g, '').split(/\r?\n/).map(winAnsiSafe);
  const perPage = layout.columns * layout.lines;
  for (let page = 0; page * perPage < lines.length; page++) {
    const sheet = document.addPage([pageWidth, pageHeight]);
    if (layout.header) sheet.drawText(layout.header, { x: left, y: top + 2 * leading, size, font });
    lines.slice(page * perPage, (page + 1) * perPage).forEach((line, index) => {
      const column = Math.floor(index / layout.lines);
      const x = left + column * (columnWidth + 28);
      if (line.trim() !== '') sheet.drawText(line.trim(), { x, y: top - (index % layout.lines) * leading, size, font });
    });
    if (layout.pageNumber) {
      const number = layout.pageNumber(page + 1);
      sheet.drawText(number, { x: (left + right) / 2 - font.widthOfTextAtSize(number, size) / 2, y: top - (layout.lines + 1) * leading, size, font });
    }
  }
  return document.save();
}
