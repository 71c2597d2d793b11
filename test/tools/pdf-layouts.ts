/**
 * Sets the real documents of fixtures/import/real in several page layouts with LibreOffice, reads
 * the PDFs back through the app's own PDF path (`extractPdfText`, as an upload does) and compares
 * the parse with each document's expected resolutions. A tool for looking, not a test: it needs
 * `soffice` and takes a minute.
 *
 *   npx tsx test/tools/pdf-layouts.ts [OUTPUT_DIRECTORY [LAYOUT,…]]
 *
 * Layouts: A4 ragged, A4 justified with running header and "Seite N von M" footer, two columns
 * with "- N -", A5 with page numbers, A4 landscape, three columns in a sans serif, two columns with footnotes. Long words carry
 * soft hyphens, so that justified and narrow layouts hyphenate. Each document's paragraphs are its
 * lines joined as a reader joins them (`rewrap` with an unbounded width); a web mirror's chrome
 * ("Page 2: …", tags) is set like text, so those excerpts show differences no word processor makes.
 * For each differing document the extracted text and both JSON files are written next to its PDF.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyseResolutionText } from '../../src/domain/parser/index.js';
import { extractPdfText } from '../../src/services/pdf-text.js';
import { rewrap } from '../domain/parser-variants.js';

interface Layout {
  readonly name: string;
  readonly width: string;
  readonly height: string;
  readonly columns: number;
  readonly justify: boolean;
  readonly header?: string;
  readonly footer?: string;
  readonly softHyphens?: boolean;
  readonly font?: string;
  readonly size?: string;
  /** Line numbers in the left margin, every `lineNumbers`-th line (as protocols and drafts print them). */
  readonly lineNumbers?: number;
  /** A letterhead on page 1 before the text: the secretariat's name, address and contact, set right-aligned in a smaller font. */
  readonly letterhead?: boolean;
  /** A footnote after the first sentence of every long paragraph (LibreOffice's footnote style: 10 pt, number on the line). */
  readonly footnotes?: boolean;
  /** The second half of the document on landscape pages (an annex or table set across). */
  readonly landscapeHalf?: boolean;
}

const PAGE = '<text:page-number text:select-page="current">1</text:page-number>';
const LAYOUTS: readonly Layout[] = [
  { name: 'a4', width: '21cm', height: '29.7cm', columns: 1, justify: false },
  {
    name: 'a4-justified-header-footer', width: '21cm', height: '29.7cm', columns: 1, justify: true, softHyphens: true,
    header: 'Ergebnisprotokoll – öffentlicher Teil', footer: `Seite ${PAGE} von <text:page-count>1</text:page-count>`,
  },
  { name: 'two-columns', width: '21cm', height: '29.7cm', columns: 2, justify: true, softHyphens: true, footer: `- ${PAGE} -` },
  { name: 'a5', width: '14.8cm', height: '21cm', columns: 1, justify: true, softHyphens: true, footer: PAGE },
  { name: 'landscape', width: '29.7cm', height: '21cm', columns: 1, justify: false, header: 'Beschlusssammlung', footer: `Seite ${PAGE}` },
  { name: 'three-columns-sans', width: '29.7cm', height: '21cm', columns: 3, justify: true, softHyphens: true, font: 'Liberation Sans', size: '9pt' },
  { name: 'a4-line-numbers', width: '21cm', height: '29.7cm', columns: 1, justify: true, lineNumbers: 5, footer: `Seite ${PAGE} von <text:page-count>1</text:page-count>` },
  {
    name: 'a4-letterhead-footnotes', width: '21cm', height: '29.7cm', columns: 1, justify: true, softHyphens: true, letterhead: true, footnotes: true,
    footer: `Seite ${PAGE} von <text:page-count>1</text:page-count>`,
  },
  { name: 'portrait-then-landscape', width: '21cm', height: '29.7cm', columns: 1, justify: false, landscapeHalf: true, footer: `- ${PAGE} -` },
  { name: 'two-columns-footnotes', width: '21cm', height: '29.7cm', columns: 2, justify: true, softHyphens: true, footnotes: true, footer: `- ${PAGE} -` },
];

/** A secretariat's letterhead: the conference's name as its logo sets it, the office's address and contacts. */
const LETTERHEAD = [
  'Geschäftsstelle der Konferenz',
  'Ministerium für Soziales, Gesundheit und Integration',
  'Else-Josenhans-Straße 6 · 70173 Stuttgart',
  'Telefon 0711 123-0 · Telefax 0711 123-3999',
  'geschaeftsstelle@konferenz.example',
];

/** The footnote set after the first sentence of a long paragraph. */
const FOOTNOTE = 'Die Angaben beruhen auf dem Bericht der länderoffenen Arbeitsgruppe vom Mai, der den Ländern vorliegt.';

const REAL = new URL('../../fixtures/import/real/', import.meta.url);

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function paragraph(line: string, softHyphens: boolean, footnote = false, style = 'P'): string {
  if (line.trim() === '') return `<text:p text:style-name="${style}"/>`;
  const [, indent = '', body = ''] = /^([ \t]*)(.*)$/.exec(line) ?? [];
  let text = escapeXml(body).replace(/\t/g, '<text:tab/>').replace(/ {2,}/g, (spaces) => ` <text:s text:c="${spaces.length - 1}"/>`);
  if (softHyphens) text = text.replace(/(?<=\p{Ll}{3})(?=\p{Ll}{3})/gu, '\u00AD');
  // The note's mark after the first sentence's full stop, where a long paragraph goes on after it.
  if (footnote && body.length > 200) {
    text = text.replace(/(?<=\p{Ll}{3}\.)(?= \p{Lu})/u, `<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote">${escapeXml(FOOTNOTE)}</text:p></text:note-body></text:note>`);
  }
  const spaces = indent.replace(/\t/g, '    ').length;
  return `<text:p text:style-name="${style}">${spaces > 0 ? `<text:s text:c="${spaces}"/>` : ''}${text}</text:p>`;
}

function flatOdt(text: string, layout: Layout): string {
  const lines = rewrap(text.replace(/\r/g, '').replace(/\f/g, '\n'), 100_000).split('\n');
  const half = layout.landscapeHalf ? Math.floor(lines.length / 2) : -1;
  const body = [
    ...(layout.letterhead ? LETTERHEAD.map((line) => paragraph(line, false, false, 'Letterhead')) : []),
    // A paragraph of the second half starts the landscape pages ("Landscape" breaks the page before it).
    ...lines.map((line, index) => paragraph(line, layout.softHyphens === true, layout.footnotes === true, index === half ? 'Landscape' : 'P')),
  ];
  const lineNumbering = layout.lineNumbers
    ? `<text:linenumbering-configuration text:number-lines="true" text:increment="${layout.lineNumbers}" text:offset="0.4cm" style:num-format="1" text:number-position="left" text:count-empty-lines="false"/>`
    : '';
  const landscapeMaster = layout.landscapeHalf
    ? `<style:master-page style:name="Landscape" style:page-layout-name="landscape">${layout.footer ? `<style:footer><text:p>${layout.footer}</text:p></style:footer>` : ''}</style:master-page>` : '';
  const landscapeLayout = layout.landscapeHalf
    ? `<style:page-layout style:name="landscape"><style:page-layout-properties fo:page-width="${layout.height}" fo:page-height="${layout.width}" style:print-orientation="landscape" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/><style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/></style:footer-style></style:page-layout>` : '';
  const columns = layout.columns > 1 ? `<style:columns fo:column-count="${layout.columns}" fo:column-gap="0.8cm"/>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="F" svg:font-family="'${layout.font ?? 'Liberation Serif'}'"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="F" fo:font-size="${layout.size ?? '11pt'}" fo:language="de" fo:country="DE"/></style:default-style>
<style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:text-align="${layout.justify ? 'justify' : 'start'}" fo:margin-bottom="0.1cm"/></style:style>
<style:style style:name="Landscape" style:family="paragraph" style:parent-style-name="P" style:master-page-name="Landscape"/>
<style:style style:name="Letterhead" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/><style:text-properties fo:font-size="8pt"/></style:style>
<style:style style:name="Footnote" style:family="paragraph"><style:text-properties fo:font-size="9pt"/></style:style>
${lineNumbering}
</office:styles>
<office:automatic-styles>
${landscapeLayout}<style:page-layout style:name="page"><style:page-layout-properties fo:page-width="${layout.width}" fo:page-height="${layout.height}" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm">${columns}</style:page-layout-properties><style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.3cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="page">${layout.header ? `<style:header><text:p>${escapeXml(layout.header)}</text:p></style:header>` : ''}${layout.footer ? `<style:footer><text:p>${layout.footer}</text:p></style:footer>` : ''}</style:master-page>${landscapeMaster}</office:master-styles>
<office:body><office:text>
${body.join('\n')}
</office:text></office:body></office:document>`;
}

async function main(): Promise<void> {
  const output = process.argv[2] ?? join(tmpdir(), 'beschlussmonitor-pdf-layouts');
  const failures = JSON.parse(readFileSync(new URL('expected-failures.json', REAL), 'utf8')) as Record<string, string>;
  const names = readdirSync(REAL).filter((name) => name.endsWith('.txt') && !failures[name]).sort();
  let differing = 0;
  const only = process.argv[3]?.split(',');
  const layouts = only ? LAYOUTS.filter((layout) => only.includes(layout.name)) : LAYOUTS;
  for (const layout of layouts) {
    const directory = join(output, layout.name);
    mkdirSync(directory, { recursive: true });
    for (const name of names) writeFileSync(join(directory, name.replace(/\.txt$/, '.fodt')), flatOdt(readFileSync(new URL(name, REAL), 'utf8'), layout));
    const sources = names.map((name) => name.replace(/\.txt$/, '.fodt'));
    execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${join(output, 'profile')}`, '--convert-to', 'pdf', '--outdir', directory, ...sources],
      { cwd: directory, stdio: 'ignore' });
    for (const name of names) {
      const base = join(directory, name.replace(/\.txt$/, ''));
      const text = await extractPdfText(new Uint8Array(readFileSync(`${base}.pdf`)));
      const got = JSON.stringify(analyseResolutionText(text).document.resolutions, null, 1);
      const expected = JSON.stringify((JSON.parse(readFileSync(new URL(name.replace(/\.txt$/, '.expected.json'), REAL), 'utf8')) as { resolutions: unknown }).resolutions, null, 1);
      if (got === expected) continue;
      differing += 1;
      writeFileSync(`${base}.extracted.txt`, text);
      writeFileSync(`${base}.got.json`, got);
      writeFileSync(`${base}.expected.json`, expected);
      console.log(`${layout.name}\t${name}`);
    }
  }
  console.log(`${differing} of ${layouts.length * names.length} differ; files in ${output}`);
}

await main();
