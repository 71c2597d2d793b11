/**
 * Word downloads: the implementation report and a single TOP as .docx. The package structure is
 * checked here (content types, well-formed document.xml with headings, table and citation), so
 * that CI without LibreOffice checks it too; the end-to-end suite opens the file in LibreOffice
 * where it is installed.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, importSeed, loginAs as login, TEST_ACTOR, useTestApp } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { pdfAvailable } from '../../src/services/pdf-print.js';
import { extractPdfText } from '../../src/services/pdf-text.js';
import { readDocx } from '../docx.js';
import { strFromU8, unzipSync } from 'fflate';

let app: FastifyInstance;
let connection: Connection;

useTestApp((built) => ({ app, connection } = built));

/** The paragraphs of a heading style, in order. */
function headings(document: string, style: string): string[] {
  return [...document.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="(\w+)"\/>(?:(?!<\/w:p>).)*?<\/w:p>/gs)]
    .filter((m) => m[1] === style)
    .map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
}

describe('Word downloads', () => {
  it('a single TOP: title, headings per Ziffer, a status table and the citation', async () => {
    importSeed(connection, 'public');
    const response = await app.inject('/intmk/12/top/2.12/beschluss.docx');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="IntMK-12-TOP-2\.12-Fassung-1-Stand-\d{4}-\d{2}-\d{2}\.docx"; filename\*=/);
    const { document, text } = readDocx(response.rawPayload);
    expect(headings(document, 'Title')).toEqual(['Ausbau und Öffnung der Migrationsberatung']);
    expect(headings(document, 'Heading2')).toEqual(['Beschlusspunkte', 'Zitiervorschlag']);
    expect(headings(document, 'Heading3')).toEqual(['Ziffer 1', 'Ziffer 2', 'Ziffer 3', 'Ziffer 4', 'Ziffer 5']);
    expect(document).toContain('<w:tbl>');
    expect(document).toContain('<w:tblHeader/>');
    expect(text).toContain('Beschluss der 12. IntMK 2017 (16.–17. März 2017, Friedrichshafen), TOP 2.12: „Ausbau und Öffnung der Migrationsberatung“');
    expect(text).toContain('http://localhost:3000/intmk/12/top/2.12');
    // the page links the download
    expect((await app.inject('/intmk/12/top/2.12')).body).toContain('href="/intmk/12/top/2.12/beschluss.docx"');
  });

  it('a single TOP lists the follow-ups its status table counts, with their text, as the page does', async () => {
    const { items } = importSeed(connection, 'public');
    const resolutionId = items[0]!.id;
    const demandId = (number: string) => (connection.sqlite.prepare('select id from demands where resolution_id = ? and number = ?').get(resolutionId, number) as { id: number }).id;
    const base = { resolutionId, link: null, resultingStatus: null, visibility: 'public' as const };
    recordFollowUp(connection.db, TEST_ACTOR, { ...base, demandId: demandId('2'), date: '2018-02-01', actor: 'BMI', kind: 'response', summary: 'Das BMI prüft die Aufstockung.', resultingStatus: 'in_progress' });
    recordFollowUp(connection.db, TEST_ACTOR, { ...base, demandId: demandId('2'), date: '2018-05-02', actor: 'GS', kind: 'note', summary: 'Nachfrage beim BMI.' });
    recordFollowUp(connection.db, TEST_ACTOR, { ...base, demandId: null, date: '2018-06-03', actor: 'BMI', kind: 'report', summary: 'Bericht zum gesamten Beschluss.' });
    const { document, text } = readDocx((await app.inject('/intmk/12/top/2.12/beschluss.docx')).rawPayload);
    // the table's row of Ziffer 2 counts two, and both are there with their text
    expect(text).toMatch(/Ziffer 2\s*in Bearbeitung\s*2\n/);
    expect(text).toContain('01.02.2018 · Stellungnahme');
    expect(text).toContain('Das BMI prüft die Aufstockung.');
    expect(text).toContain('Nachfrage beim BMI.');
    // the follow-ups on the whole resolution under their own heading, as on the page
    expect(headings(document, 'Heading2')).toEqual(['Beschlusspunkte', 'Folgemaßnahmen zum gesamten Beschluss', 'Zitiervorschlag']);
    expect(text).toContain('Bericht zum gesamten Beschluss.');
    const page = (await app.inject('/intmk/12/top/2.12')).body;
    for (const summary of ['Das BMI prüft die Aufstockung.', 'Nachfrage beim BMI.', 'Bericht zum gesamten Beschluss.']) expect(page).toContain(summary);
    // a Ziffer without any of its own points to those on the whole resolution, as the page does
    expect(text).toContain('Keine Folgemaßnahme zu dieser Ziffer allein – siehe „Folgemaßnahmen zum gesamten Beschluss“.');
    expect(page).toContain('Keine Folgemaßnahme zu dieser Ziffer allein – siehe <a href="#gesamt">Folgemaßnahmen zum gesamten Beschluss</a>.');
    expect(text).not.toContain('Noch keine Folgemaßnahmen erfasst.');
  });

  it('names the site as author and last editor of every Word file, never the library default', async () => {
    importSeed(connection, 'public');
    for (const url of ['/intmk/12/top/2.12/beschluss.docx', '/intmk/12/umsetzungsbericht.docx']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(200);
      const core = strFromU8(unzipSync(new Uint8Array(response.rawPayload))['docProps/core.xml']!);
      expect(core, url).toContain('<dc:creator>Beschlussmonitor</dc:creator>');
      expect(core, url).toContain('<cp:lastModifiedBy>Beschlussmonitor</cp:lastModifiedBy>');
      expect(core, url).not.toContain('Un-named');
    }
  });

  it('the implementation report, with the visibility of the page', async () => {
    importSeed(connection, 'draft');
    expect((await app.inject('/intmk/12/umsetzungsbericht.docx')).statusCode).toBe(404);
    expect((await app.inject('/intmk/12/top/2.12/beschluss.docx')).statusCode).toBe(404);
    await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'GS', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: 'ein langes sicheres Passwort' });
    const cookies = await login(app, 'gs@intmk.example', 'ein langes sicheres Passwort');
    const response = await app.inject({ url: '/intmk/12/umsetzungsbericht.docx?stand=2018-01-01', cookies });
    expect(response.statusCode).toBe(200);
    const { document, text } = readDocx(response.rawPayload);
    expect(headings(document, 'Title')).toEqual(['Umsetzungsbericht 12. IntMK 2017, Stand am 01.01.2018']);
    expect(headings(document, 'Heading2')).toEqual(['TOP 2.12: Ausbau und Öffnung der Migrationsberatung', 'Zitiervorschlag']);
    expect(text).toContain('Entwurf');
    expect(text).toContain('http://localhost:3000/intmk/12/umsetzungsbericht?stand=2018-01-01');
    expect((await app.inject({ url: '/intmk/12/umsetzungsbericht.docx?stand=gestern', cookies })).statusCode).toBe(400);
  });

  it('PDF printed by Chromium where it is installed, and a sentence saying so where it is not', async () => {
    importSeed(connection, 'public');
    const page = await app.inject('/intmk/12/umsetzungsbericht');
    const pdf = await app.inject('/intmk/12/umsetzungsbericht.pdf');
    if (pdfAvailable()) {
      expect(page.body).toContain('href="/intmk/12/umsetzungsbericht.pdf"');
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } else {
      expect(page.body).not.toContain('umsetzungsbericht.pdf');
      expect(page.body).toContain('Chromium ist nicht installiert');
      expect(pdf.statusCode).toBe(404);
    }
  });

  it('the PDF of a TOP writes each address once and leaves out the feed and download links', async () => {
    importSeed(connection, 'public');
    const pdf = await app.inject('/intmk/12/top/2.12/beschluss.pdf');
    if (!pdfAvailable()) {
      expect(pdf.statusCode).toBe(404);
      return;
    }
    expect(pdf.statusCode).toBe(200);
    const text = (await extractPdfText(new Uint8Array(pdf.rawPayload))).replace(/\s+/g, ' ');
    expect(text).toContain('Dauerhafte Adresse: http://localhost:3000/intmk/12/top/2.12');
    expect(text).toContain('http://localhost:3000/intmk/12/top/2.12/ziffer/1');
    // paper has no use for a path without its host, nor for links to the feed and the downloads
    expect(text).not.toContain('</intmk/12/top/2.12');
    expect(text).not.toContain('als Word-Dokument');
    expect(text).not.toContain('als Feed');
  });

  it('a TOP shown as of a date links its Word and PDF files as of that date, and the PDF shows that state', async () => {
    const { items } = importSeed(connection, 'public');
    const resolutionId = items[0]!.id;
    recordFollowUp(connection.db, TEST_ACTOR, { resolutionId, demandId: null, date: '2018-06-03', actor: 'BMI', kind: 'report', summary: 'Bericht nach dem Stichtag.', link: null, resultingStatus: null, visibility: 'public' });
    const page = (await app.inject('/intmk/12/top/2.12?stand=01.01.2018')).body.replaceAll('&#x3D;', '=');
    expect(page).toContain('href="/intmk/12/top/2.12/beschluss.docx?stand=2018-01-01"');
    if (pdfAvailable()) expect(page).toContain('href="/intmk/12/top/2.12/beschluss.pdf?stand=2018-01-01"');
    const word = readDocx((await app.inject('/intmk/12/top/2.12/beschluss.docx?stand=2018-01-01')).rawPayload);
    expect(word.text).not.toContain('Bericht nach dem Stichtag.');
    const badPdf = await app.inject('/intmk/12/top/2.12/beschluss.pdf?stand=gestern');
    expect(badPdf.statusCode).toBe(400);
    expect(badPdf.body).toContain('Es wurde keine Datei erstellt.');
    if (!pdfAvailable()) return;
    const pdf = await app.inject('/intmk/12/top/2.12/beschluss.pdf?stand=2018-01-01');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="IntMK-12-TOP-2\.12-Fassung-1-Stand-2018-01-01\.pdf"; /);
    const text = (await extractPdfText(new Uint8Array(pdf.rawPayload))).replace(/\s+/g, ' ');
    expect(text).toContain('Ausbau und Öffnung der Migrationsberatung');
    expect(text).not.toContain('Bericht nach dem Stichtag.');
  });

  it('no PDF where the operator switched printing off (PDF_PRINTING=false), whatever is installed', async () => {
    const off = await buildTestApp({ pdfPrinting: false });
    try {
      importSeed(off.connection, 'public');
      const page = await off.app.inject('/intmk/12/umsetzungsbericht');
      expect(page.body).not.toContain('umsetzungsbericht.pdf');
      expect(page.body).toContain('PDF-Druck ist abgeschaltet');
      const top = await off.app.inject('/intmk/12/top/2.12');
      expect(top.body).not.toContain('beschluss.pdf');
      for (const url of ['/intmk/12/umsetzungsbericht.pdf', '/intmk/12/top/2.12/beschluss.pdf']) {
        const pdf = await off.app.inject(url);
        expect(pdf.statusCode).toBe(404);
        expect(pdf.headers['content-type']).toContain('text/html');
      }
    } finally {
      await off.app.close();
    }
  });
});
