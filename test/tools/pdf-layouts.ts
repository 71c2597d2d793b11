/**
 * Sets the real documents of fixtures/import/real in several page layouts with LibreOffice, reads
 * the PDFs back through the app's own PDF path (`extractPdfText`, as an upload does) and compares
 * the parse with each document's expected resolutions. A tool for looking, not a test: it needs
 * `soffice` and takes a minute.
 *
 *   npx tsx test/tools/pdf-layouts.ts [OUTPUT_DIRECTORY]
 *
 * Layouts: A4 ragged, A4 justified with running header and "Seite N von M" footer, two columns
 * with "- N -", A5 with page numbers, A4 landscape, three columns in a sans serif. Long words carry
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
];

const REAL = new URL('../../fixtures/import/real/', import.meta.url);

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function paragraph(line: string, softHyphens: boolean): string {
  if (line.trim() === '') return '<text:p text:style-name="P"/>';
  const [, indent = '', body = ''] = /^([ \t]*)(.*)$/.exec(line) ?? [];
  let text = escapeXml(body).replace(/\t/g, '<text:tab/>').replace(/ {2,}/g, (spaces) => ` <text:s text:c="${spaces.length - 1}"/>`);
  if (softHyphens) text = text.replace(/(?<=\p{Ll}{3})(?=\p{Ll}{3})/gu, '\u00AD');
  const spaces = indent.replace(/\t/g, '    ').length;
  return `<text:p text:style-name="P">${spaces > 0 ? `<text:s text:c="${spaces}"/>` : ''}${text}</text:p>`;
}

function flatOdt(text: string, layout: Layout): string {
  const body = rewrap(text.replace(/\r/g, '').replace(/\f/g, '\n'), 100_000).split('\n').map((line) => paragraph(line, layout.softHyphens === true));
  const columns = layout.columns > 1 ? `<style:columns fo:column-count="${layout.columns}" fo:column-gap="0.8cm"/>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="F" svg:font-family="'${layout.font ?? 'Liberation Serif'}'"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="F" fo:font-size="${layout.size ?? '11pt'}" fo:language="de" fo:country="DE"/></style:default-style>
<style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:text-align="${layout.justify ? 'justify' : 'start'}" fo:margin-bottom="0.1cm"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="page"><style:page-layout-properties fo:page-width="${layout.width}" fo:page-height="${layout.height}" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm">${columns}</style:page-layout-properties><style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.3cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.3cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="page">${layout.header ? `<style:header><text:p>${escapeXml(layout.header)}</text:p></style:header>` : ''}${layout.footer ? `<style:footer><text:p>${layout.footer}</text:p></style:footer>` : ''}</style:master-page></office:master-styles>
<office:body><office:text>
${body.join('\n')}
</office:text></office:body></office:document>`;
}

async function main(): Promise<void> {
  const output = process.argv[2] ?? join(tmpdir(), 'beschlussmonitor-pdf-layouts');
  const failures = JSON.parse(readFileSync(new URL('expected-failures.json', REAL), 'utf8')) as Record<string, string>;
  const names = readdirSync(REAL).filter((name) => name.endsWith('.txt') && !failures[name]).sort();
  let differing = 0;
  for (const layout of LAYOUTS) {
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
  console.log(`${differing} of ${LAYOUTS.length * names.length} differ; files in ${output}`);
}

await main();
