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

/** A run of a line in `footnotePdf`: its text, and whether it is a footnote mark set superscript (smaller, raised). */
export type Run = string | { readonly mark: string };

/**
 * A page of `body` lines (11 pt Times, each line a list of runs; a mark is set in 6.5 pt, raised 4 pt)
 * with `notes` at its foot in 9 pt, as a word processor sets footnotes: each note's lines close under
 * each other, the first opened by its mark (raised where `raisedMarks`, else on the line as
 * LibreOffice sets it); `footer` under them. A form feed in `body` starts a new page.
 */
export async function footnotePdf(pages: readonly { body: readonly (readonly Run[])[]; notes: readonly string[][]; footer?: string }[], raisedMarks: boolean): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.TimesRoman);
  for (const { body, notes, footer } of pages) {
    const page = document.addPage([595, 842]);
    body.forEach((runs, index) => {
      let x = 56;
      const y = 780 - 14 * index;
      for (const run of runs) {
        if (typeof run === 'string') {
          page.drawText(run, { x, y, size: 11, font });
          x += font.widthOfTextAtSize(run, 11);
        } else {
          page.drawText(run.mark, { x, y: y + 4, size: 6.5, font });
          x += font.widthOfTextAtSize(run.mark, 6.5) + 2.5;
        }
      }
    });
    let y = 90 + 11 * notes.flat().length;
    for (const [first = '', ...rest] of notes) {
      const [, mark = '', text = ''] = /^(\d+) (.*)$/.exec(first) ?? [];
      if (raisedMarks) page.drawText(mark, { x: 56, y: y + 3, size: 5.5, font });
      else page.drawText(mark, { x: 56, y, size: 9, font });
      page.drawText(text, { x: 68, y, size: 9, font });
      for (const line of rest) page.drawText(line, { x: 68, y: (y -= 11), size: 9, font });
      y -= 11;
    }
    if (footer) page.drawText(footer, { x: 270, y: 40, size: 9, font });
  }
  return document.save();
}
