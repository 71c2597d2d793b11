/**
 * Word documents (.docx, Office Open XML through the `docx` package): a single resolution and a
 * meeting's implementation report, with real headings (navigable in Word and LibreOffice), tables
 * with header rows and the citation with its stable address. The callers pass what the viewer
 * may see, already in German; this module only lays it out.
 */
import type { Paragraph, Table, TableCell } from 'docx';

export interface WordTable {
  caption: string;
  header: string[];
  rows: string[][];
}

export type WordBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; muted?: boolean }
  | { kind: 'facts'; facts: { label: string; value: string }[] }
  | { kind: 'table'; table: WordTable };

export interface WordDocument {
  title: string;
  /** Shown under the title and stored as the document's subject. */
  subtitle: string;
  blocks: WordBlock[];
  /** "Zitiervorschlag" text and the stable address. */
  citation: { heading: string; text: string; url: string };
  /** e.g. "Beschlussmonitor" */
  creator: string;
}

type Docx = typeof import('docx');
let docxModule: Promise<Docx> | undefined;

/**
 * The `docx` package is loaded on the first Word download, not at start: it is a large module
 * (about 2 MB of source) that most processes never use.
 */
function loadDocx(): Promise<Docx> {
  docxModule ??= import('docx');
  return docxModule;
}

function cell({ Paragraph, TableCell, TextRun }: Docx, text: string, header = false): TableCell {
  return new TableCell({
    children: text.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold: header })] })),
  });
}

function table(docx: Docx, t: WordTable): (Paragraph | Table)[] {
  const { Paragraph, Table, TableRow, TextRun, WidthType } = docx;
  return [
    new Paragraph({ children: [new TextRun({ text: t.caption, italics: true })] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: t.header.map((h) => cell(docx, h, true)) }),
        ...t.rows.map((row) => new TableRow({ children: row.map((value) => cell(docx, value)) })),
      ],
    }),
    new Paragraph({ text: '' }),
  ];
}

function block(docx: Docx, b: WordBlock): (Paragraph | Table)[] {
  const { HeadingLevel, Paragraph, TextRun } = docx;
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ text: b.text, heading: { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 }[b.level] })];
    case 'paragraph':
      return [new Paragraph({ children: [new TextRun({ text: b.text, ...(b.muted ? { color: '4A5360' } : {}) })] })];
    case 'facts':
      return b.facts.map(
        (fact) => new Paragraph({ children: [new TextRun({ text: `${fact.label}: `, bold: true }), new TextRun({ text: fact.value })] }),
      );
    case 'table':
      return table(docx, b.table);
  }
}

/** The document as the bytes of a .docx file. */
export async function wordFile(doc: WordDocument): Promise<Buffer> {
  const docx = await loadDocx();
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } = docx;
  const document = new Document({
    // both, or the docx library writes "Un-named" as the last to change it
    creator: doc.creator,
    lastModifiedBy: doc.creator,
    title: doc.title,
    subject: doc.subtitle,
    styles: { default: { document: { run: { font: 'Liberation Sans', size: 22, language: { value: 'de-DE' } } } } },
    sections: [
      {
        children: [
          new Paragraph({ text: doc.title, heading: HeadingLevel.TITLE }),
          new Paragraph({ children: [new TextRun({ text: doc.subtitle, italics: true })] }),
          ...doc.blocks.flatMap((b) => block(docx, b)),
          new Paragraph({ text: doc.citation.heading, heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: doc.citation.text }),
          new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text: doc.citation.url })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
