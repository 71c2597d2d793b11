import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseResolutionText } from '../../src/domain/parser/index.js';
import { extractPdfText, findGutters, linesFromItems, pageLines, PdfTextError, withoutMarginLineNumbers } from '../../src/services/pdf-text.js';
import { rewrap } from '../domain/parser-variants.js';
import { columnsPdf, footnotePdf, pdfWithoutText, textPdf, winAnsiSafe } from './pdf-test-documents.js';

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

  it('keeps a footnote mark set superscript on its line, as a superscript digit', () => {
    const lines = linesFromItems([
      { str: '1. Die SMK bittet um Förderung des Breitensports', x: 56, y: 700, width: 240, height: 11 },
      { str: '1', x: 296, y: 704, width: 3.5, height: 6.4 },
      { str: 'und um Berichte.', x: 302, y: 700, width: 80, height: 11 },
      { str: '2. Sie bittet die Länder, zu berichten.', x: 56, y: 686, width: 190, height: 11 },
    ]);
    expect(lines).toEqual(['1. Die SMK bittet um Förderung des Breitensports¹ und um Berichte.', '2. Sie bittet die Länder, zu berichten.']);
    const { document } = analyseResolutionText(['Beschlüsse der 47. SMK am 5. November 2023 in Bremen', 'TOP 4 Breitensport', 'Beschluss:', ...lines].join('\n'));
    expect(document.resolutions[0]!.demands.map((demand) => demand.text)).toEqual([
      'Die SMK bittet um Förderung des Breitensports und um Berichte.', 'Sie bittet die Länder, zu berichten.',
    ]);
  });

  it('keeps lines of a smaller font apart from the line above them', () => {
    expect(linesFromItems([
      { str: 'Sie bittet die Länder, zu berichten.', x: 56, y: 120, width: 190, height: 11 },
      { str: '1 Die Berichte sind bis zum 1. März vorzulegen.', x: 56, y: 108, width: 180, height: 8 },
    ])).toEqual(['Sie bittet die Länder, zu berichten.', '1 Die Berichte sind bis zum 1. März vorzulegen.']);
  });

  it('separates columns with a tab', () => {
    const item = (str: string, x: number) => ({ str, x, y: 700, width: str.length * 5, height: 10 });
    expect(linesFromItems([item('95. JuMiKo 2024', 10), item('TOP 3', 400)])).toEqual(['95. JuMiKo 2024\tTOP 3']);
  });
});

describe('text set in columns', () => {
  const item = (str: string, x: number, y: number) => ({ str, x, y, width: str.length * 5, height: 10 });
  const column = (x: number, y: number, words: string[]) => words.map((word, index) => item(`${word} steht in einer Zeile der Spalte`, x, y - 12 * index));
  const FIRST = ['Eins', 'Zwei', 'Drei', 'Vier', 'Fünf', 'Sechs', 'Sieben', 'Acht', 'Neun', 'Zehn', 'Elf', 'Zwölf'];
  const SECOND = ['Dreizehn', 'Vierzehn', 'Fünfzehn', 'Sechzehn'];
  const left = column(50, 700, FIRST);
  const right = column(280, 700, SECOND);

  it('reads the first column down before the second', () => {
    expect(pageLines([...left, ...right]).lines.map((line) => line.split(' ')[0])).toEqual([...FIRST, ...SECOND]);
  });

  it('reads a line across the columns (a running header) before them, and a page number in the gutter after the first', () => {
    const { lines } = pageLines([item('Ergebnisprotokoll der 93. Umweltministerkonferenz - öffentlicher Teil', 50, 730), ...left, ...right, item('- 2 -', 250, 540)]);
    expect(lines[0]).toBe('Ergebnisprotokoll der 93. Umweltministerkonferenz - öffentlicher Teil');
    expect(lines.slice(1).map((line) => line.split(' ')[0])).toEqual([...FIRST, '-', ...SECOND]);
  });

  it('reads the last page\'s second column of two lines after the first', () => {
    expect(pageLines([...left, ...right.slice(0, 2)]).lines.slice(-3)).toEqual([
      'Zwölf steht in einer Zeile der Spalte', 'Dreizehn steht in einer Zeile der Spalte', 'Vierzehn steht in einer Zeile der Spalte',
    ]);
  });

  it('reads a last page\'s column of one line after the others where the page before was set in the same columns', () => {
    const { gutters } = pageLines([...left, ...right]);
    const last = [...left, item('Dreizehn steht allein in der letzten Spalte', 280, 700)];
    expect(pageLines(last, gutters).lines).toEqual([...FIRST.map((word) => `${word} steht in einer Zeile der Spalte`), 'Dreizehn steht allein in der letzten Spalte']);
  });

  it('reads a one-page text\'s last line at the top of its last column after the column before, which is filled with running text', () => {
    const lone = item('Dreizehn steht allein', 280, 700);
    expect(findGutters([...left, lone])).toHaveLength(1);
    expect(pageLines([...left, lone]).lines).toEqual([...FIRST.map((word) => `${word} steht in einer Zeile der Spalte`), 'Dreizehn steht allein']);
    // Three columns, the third holding the text's last line.
    const middle = column(280, 700, FIRST.map((word) => `${word}+`));
    const third = item('Schluss steht allein', 510, 700);
    expect(pageLines([...left, ...middle, third]).lines.at(-1)).toBe('Schluss steht allein');
  });

  describe('footnotes under columns', () => {
    /** A footnote mark set superscript after a line's last word: a smaller digit, raised. */
    const mark = (digit: string, line: { x: number; y: number; width: number }) => ({ str: digit, x: line.x + line.width, y: line.y + 4, width: 4, height: 6 });
    const note = (str: string, x: number, y: number) => ({ str, x, y, width: str.length * 4, height: 8 });
    const lines = (list: readonly { str: string }[]): string[] => list.map((line) => line.str);

    it('reads footnotes set across the columns after the columns, each as one line opened by its superscript mark', () => {
      const { lines: read, gutters } = pageLines([
        ...left, mark('1', left[2]!), ...right, mark('2', right[0]!),
        note('1 Die Angaben beruhen auf der Statistik des Bundes aus dem Jahr 2022, die dem', 50, 540), note('Bericht beigefügt ist.', 50, 531),
        note('2 Eine zweite Fußnote der Seite.', 50, 522), item('- 2 -', 250, 500),
      ]);
      expect(gutters).toHaveLength(1);
      expect(read).toEqual([
        ...lines(left).map((line, index) => (index === 2 ? `${line}¹` : line)), ...lines(right).map((line, index) => (index === 0 ? `${line}²` : line)),
        '¹ Die Angaben beruhen auf der Statistik des Bundes aus dem Jahr 2022, die dem Bericht beigefügt ist.', '² Eine zweite Fußnote der Seite.', '- 2 -',
      ]);
    });

    it('reads footnotes set under each column (as Word sets them) column by column', () => {
      const { lines: read } = pageLines([
        ...left, mark('1', left[2]!), ...right, mark('2', right[1]!),
        note('1 Die Angaben beruhen auf', 50, 540), note('der Statistik.', 50, 531), note('2 Der Bericht liegt vor.', 280, 540),
      ]);
      expect(read.slice(-2)).toEqual(['¹ Die Angaben beruhen auf der Statistik.', '² Der Bericht liegt vor.']);
      expect(read.slice(0, FIRST.length + SECOND.length).map((line) => line.split(' ')[0])).toEqual([...FIRST, ...SECOND]);
    });

    it('tells a footnote under the last column by the page\'s text, though the column holds more footnote than text', () => {
      const short = right.slice(0, 2);
      const { lines: read } = pageLines([
        ...left, ...short, mark('1', short[1]!),
        note('1 Die Angaben beruhen auf dem Bericht der', 280, 590), note('länderoffenen Arbeitsgruppe vom Mai, der', 280, 581),
        note('den Ländern vorliegt und hier nicht steht.', 280, 572), item('- 3 -', 50, 540),
      ]);
      expect(read.at(-1)).toBe('¹ Die Angaben beruhen auf dem Bericht der länderoffenen Arbeitsgruppe vom Mai, der den Ländern vorliegt und hier nicht steht.');
    });
  });

  it('keeps a single line to the right of a page\'s first line as part of it where it stands lower or the text fills no column', () => {
    // Beside the column's fourth line, not at its top: a note in the margin, no column.
    expect(findGutters([...left, item('Dreizehn steht allein', 280, 664)])).toEqual([]);
    // Over lines of a list that end anywhere: a header set in columns ("… 2024" / "TOP 3").
    const list = ['Eins', 'Zwei und Drei', 'Vier', 'Fünf sechs sieben acht', 'Neun', 'Zehn elf', 'Zwölf', 'Dreizehn vierzehn fünfzehn sechzehn siebzehn', 'Achtzehn',
      'Neunzehn', 'Zwanzig', 'Einundzwanzig'].map((words, index) => item(words, 50, 700 - 12 * index));
    expect(findGutters([...list, item('TOP 3', 480, 700)])).toEqual([]);
    expect(pageLines([...list, item('TOP 3', 480, 700)]).lines[0]).toBe('Eins\tTOP 3');
  });

  it('keeps the rows of a table whose first column holds only numbers or Länder', () => {
    const rows = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'].flatMap((number, index) => [
      item(`TOP ${number}`, 50, 700 - 12 * index), item(`Ein Titel der Tagesordnung mit einigen Wörtern ${number}`, 120, 700 - 12 * index),
    ]);
    expect(findGutters(rows)).toEqual([]);
    expect(pageLines(rows).lines[0]).toBe('TOP 1\tEin Titel der Tagesordnung mit einigen Wörtern 1');
  });

  it('keeps the rows of a table whose last column names the reporting Länder', () => {
    const rows = FIRST.flatMap((word, index) => [item(`${word} ist ein Titel der Tagesordnung`, 50, 700 - 12 * index), item('Bayern, Hessen', 290, 700 - 12 * index)]);
    expect(findGutters(rows)).toEqual([]);
  });

  it('finds no gutter in a page of running text and a header set in columns', () => {
    const text = ['Eins', 'Zwei', 'Drei', 'Vier', 'Fünf', 'Sechs', 'Sieben', 'Acht', 'Neun', 'Zehn', 'Elf', 'Zwölf']
      .map((word, index) => item(`${word} steht in einer langen Zeile, die über die ganze Breite der Seite läuft und weiter`, 50, 700 - 12 * index));
    expect(findGutters([item('95. JuMiKo Frühjahrskonferenz 2024', 50, 730), item('TOP 3', 480, 730), ...text])).toEqual([]);
  });

  it('reads a letterhead set to the right above the title page\'s short lines as lines, not as a second column', () => {
    const small = (str: string, y: number) => ({ str, x: 540 - str.length * 4, y, width: str.length * 4, height: 8 });
    const letterhead = ['Geschäftsstelle der Konferenz', 'Ministerium für Soziales und Integration', 'Else-Josenhans-Straße 6 · 70173 Stuttgart', 'geschaeftsstelle@konferenz.example']
      .map((line, index) => small(line, 792 - 9 * index));
    const titlePage = ['Verkehrsministerkonferenz', 'Berlin, 15. Oktober 2015', 'BeschlussSammlung', 'der', 'Verkehrsministerkonferenz', 'am 8./9. Oktober 2015',
      'in Worms', 'Briefpostanschrift:', 'c/o Bundesrat', '11055 Berlin', 'Hausanschrift:', 'Leipziger Str. 3-4', '10117 Berlin']
      .map((line, index) => item(line, 57, 743 - 15 * index));
    expect(findGutters([...letterhead, ...titlePage])).toEqual([]);
    expect(pageLines([...letterhead, ...titlePage]).lines.slice(0, 5)).toEqual([
      'Geschäftsstelle der Konferenz', 'Ministerium für Soziales und Integration', 'Else-Josenhans-Straße 6 · 70173 Stuttgart', 'geschaeftsstelle@konferenz.example', 'Verkehrsministerkonferenz',
    ]);
  });

  const REAL = new URL('../../fixtures/import/real/', import.meta.url);
  const failures = JSON.parse(readFileSync(new URL('expected-failures.json', REAL), 'utf8')) as Record<string, string>;
  /** Excerpts whose own furniture no word processor would set in a column: a mirror's page markers and tags, a text block of a whole page. */
  const mirrorChrome = (text: string): boolean => /^Page \d+:|<[a-z/][^<>]*>|^\(\d+\)$/m.test(text) || text.split('\n').some((line) => line.length > 1000);
  const documents = readdirSync(REAL).filter((name) => name.endsWith('.txt') && !failures[name]).sort()
    .filter((name) => !mirrorChrome(readFileSync(new URL(name, REAL), 'utf8')));
  /** What a PDF's standard font cannot hold, taken out of both sides of the comparison. */
  const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_, field: unknown) => (typeof field === 'string' ? winAnsiSafe(field) : field)));

  it.each([
    { columns: 2, width: 45, lines: 45, header: 'Beschlusssammlung', pageNumber: (page: number) => `- ${page} -` },
    { columns: 3, width: 35, lines: 35, landscape: true },
  ])('reads real documents set in $columns columns back in reading order', async ({ width, ...layout }) => {
    expect(documents.length).toBeGreaterThanOrEqual(10);
    for (const name of documents) {
      const text = readFileSync(new URL(name, REAL), 'utf8');
      const pdf = await columnsPdf(rewrap(text, width), layout);
      const expected = JSON.parse(readFileSync(new URL(name.replace(/\.txt$/, '.expected.json'), REAL), 'utf8')) as { resolutions: unknown };
      expect.soft(plain(analyseResolutionText(await extractPdfText(pdf)).document.resolutions), name).toStrictEqual(plain(expected.resolutions));
    }
  });
});

describe('footnotes at the foot of a page', () => {
  const page = {
    body: [
      ['Beschlüsse der 47. Sportministerkonferenz am 5. November 2023 in Bremen'],
      ['TOP 4 Breitensport'],
      ['Beschluss:'],
      ['1. Die Sportministerkonferenz bittet um Förderung des Breitensports', { mark: '1' }, ' und um'],
      ['Berichte der Länder bis zum Jahr 2025.'],
      ['2. Sie bittet die Länder, zu berichten.'],
    ],
    notes: [['1 Die Angaben beruhen auf der Statistik des Deutschen Olympischen Sportbundes aus dem Jahr', '2022, die dem Bericht der Arbeitsgruppe beigefügt ist.']],
    footer: 'Seite 1 von 1',
  };

  it.each([
    ['on the line, as LibreOffice sets it', false],
    ['raised, as Word sets it', true],
  ])('reads a footnote whose mark stands %s as one line opened by its superscript mark; the parser keeps it out of the Ziffer', async (_name, raised) => {
    const text = await extractPdfText(await footnotePdf([page], raised));
    expect(text.split('\n').slice(-2)).toEqual([
      '¹ Die Angaben beruhen auf der Statistik des Deutschen Olympischen Sportbundes aus dem Jahr 2022, die dem Bericht der Arbeitsgruppe beigefügt ist.',
      'Seite 1 von 1',
    ]);
    const result = analyseResolutionText(text);
    expect(result.document.resolutions[0]!.demands.map((demand) => demand.text)).toEqual([
      'Die Sportministerkonferenz bittet um Förderung des Breitensports und um Berichte der Länder bis zum Jahr 2025.',
      'Sie bittet die Länder, zu berichten.',
    ]);
    expect(result.document.warnings.filter((warning) => warning.kind === 'footnote').map((warning) => warning.values)).toEqual([{
      top: '4', number: '1', value: 'Die Angaben beruhen auf der Statistik des Deutschen Olympischen Sportbundes aus dem Jahr 2022, die dem Bericht der Arbeitsgruppe beigefügt ist.',
    }]);
  });

  it('keeps a Ziffer\'s sentence whole where a footnote stands between its lines at a page break', async () => {
    const first = { ...page, body: [...page.body.slice(0, 4)], footer: '- 1 -' };
    const second = { body: [['Berichte der Länder bis zum Jahr 2025.'], ['2. Sie bittet die Länder, zu berichten.']], notes: [], footer: '- 2 -' };
    const result = analyseResolutionText(await extractPdfText(await footnotePdf([first, second], false)));
    expect(result.document.resolutions[0]!.demands.map((demand) => demand.number)).toEqual(['1', '2']);
    expect(result.document.resolutions[0]!.demands[0]!.text).toBe('Die Sportministerkonferenz bittet um Förderung des Breitensports und um Berichte der Länder bis zum Jahr 2025.');
  });

  it('reads a footnote whose mark LibreOffice glued to its first word ("1Die Angaben …")', () => {
    expect(linesFromItems([
      { str: 'Die SMK bittet um Förderung des Breitensports', x: 56, y: 700, width: 240, height: 11 },
      { str: '1', x: 296, y: 704, width: 3.5, height: 6.4 },
      { str: 'und um Berichte der Länder.', x: 302, y: 700, width: 120, height: 11 },
      { str: '1Die Angaben beruhen auf der Statistik.', x: 56, y: 76, width: 190, height: 9 },
      { str: 'Seite 1 von 1', x: 56, y: 45, width: 58, height: 11 },
    ])).toEqual(['Die SMK bittet um Förderung des Breitensports¹ und um Berichte der Länder.', '¹ Die Angaben beruhen auf der Statistik.', 'Seite 1 von 1']);
  });

  it('leaves smaller lines alone where the page\'s text carries no mark they open with, or where text follows them', async () => {
    const unmarked = { ...page, body: page.body.map((runs) => runs.filter((run) => typeof run === 'string')) };
    expect((await extractPdfText(await footnotePdf([unmarked], false))).split('\n').slice(-3)).toEqual([
      '1 Die Angaben beruhen auf der Statistik des Deutschen Olympischen Sportbundes aus dem Jahr',
      '2022, die dem Bericht der Arbeitsgruppe beigefügt ist.',
      'Seite 1 von 1',
    ]);
    const lines = linesFromItems([
      { str: 'Die SMK bittet um Förderung des Breitensports', x: 56, y: 700, width: 240, height: 11 },
      { str: '1', x: 296, y: 704, width: 3.5, height: 6.4 },
      { str: '1 Die Angaben beruhen auf der Statistik.', x: 56, y: 686, width: 190, height: 9 },
      { str: 'Die zweite Zeile des Texts.', x: 56, y: 672, width: 190, height: 11 },
      { str: 'Die dritte Zeile des Texts.', x: 56, y: 658, width: 190, height: 11 },
      { str: 'Die vierte Zeile des Texts.', x: 56, y: 644, width: 190, height: 11 },
    ]);
    expect(lines[1]).toBe('1 Die Angaben beruhen auf der Statistik.');
  });
});

describe('line numbers in the margin', () => {
  const text = (str: string, y: number, x = 57) => ({ str, x, y, width: str.length * 5, height: 11 });
  const number = (value: number, y: number) => ({ str: String(value), x: 46 - 5.5 * String(value).length, y, width: 5.5 * String(value).length, height: 11 });
  const lines = ['TOP I 1 Kinder wirksamer schützen', 'Berichterstattung: Bremen', '1. Die Justizministerinnen und Justizminister', 'beobachten mit Sorge die hohe Zahl', 'von Kindesmisshandlungen in Deutschland.', 'Ein Großteil der Taten findet im Umfeld statt.'];

  it('leaves out the numbers every fifth line, counting up in the left margin', () => {
    const page = [...lines.map((line, index) => text(line, 700 - 14 * index)), number(5, 700 - 14 * 4)];
    expect(withoutMarginLineNumbers(page).place).toBeNull(); // one number alone on a first page is no count
    const counted = withoutMarginLineNumbers([...page, number(10, 700 - 14 * 9), text('Die Dunkelziffer ist hoch.', 700 - 14 * 9)]);
    expect(linesFromItems(counted.items)).toEqual([...lines, 'Die Dunkelziffer ist hoch.']);
    // The next page's single number ("50" where the page before ended its "45" at the same right edge) goes too.
    expect(linesFromItems(withoutMarginLineNumbers([text('Industrie 4.0 im Mittelstand', 700), number(50, 700)], counted.place).items)).toEqual(['Industrie 4.0 im Mittelstand']);
  });

  it('keeps numbers that stand in the text column or do not count up: a table\'s TOP numbers, a list', () => {
    const table = [text('3', 700), text('Digitale Verwaltung', 700, 90), text('5', 686), text('Pflege', 686, 90), text('4', 672), text('Schule', 672, 90)];
    expect(linesFromItems(withoutMarginLineNumbers(table).items)).toEqual(['3\tDigitale Verwaltung', '5\tPflege', '4\tSchule']);
    const down = [text('Die Länder berichten.', 700), number(10, 700), text('Der Bund berichtet.', 686), number(5, 686)];
    expect(withoutMarginLineNumbers(down).items).toHaveLength(4);
  });
});
