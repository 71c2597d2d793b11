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
