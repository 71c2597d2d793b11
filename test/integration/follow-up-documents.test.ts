/**
 * Documents on follow-ups: uploaded by who may change the follow-up, checked by content (not by
 * name) and size, stored once under DATA_DIR/files by SHA-256 (written to a temporary name, then
 * renamed), served as a download with nosniff and the follow-up's visibility, listed on the TOP
 * page; a PDF's text is extracted. Bad files get a German message and change nothing.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openDatabase, type Connection } from '../../db/connection.js';
import { auditLog, followUpDocuments, followUps } from '../../db/schema.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { detectDocumentType, documentFileName } from '../../src/domain/document-type.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { backupDatabase, restoreDatabase } from '../../src/services/backup.js';
import { ensureActors } from '../../src/services/demo.js';
import { backupDocumentFiles, backupFilesDir, restoreDocumentFiles } from '../../src/services/document-backup.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { attachDocument, documentsDir, fillMissingDocumentTexts, MAX_PDF_PAGES, PRUNE_GRACE_MS, pruneDocumentFiles } from '../../src/services/follow-up-documents.js';
import { importDocument } from '../../src/services/import.js';
import { createUser } from '../../src/services/users.js';
import { resolutionPage } from '../../src/services/archive.js';
import { PUBLIC_VIEWER, type Viewer } from '../../src/services/visibility.js';
import { conferenceIdOf, cookiesOf, freshDatabase, importSeed, loginAs, seedDocument, TEST_ACTOR, withoutOwnAddress } from '../helpers.js';
import { formFields, multipart } from './forms.js';

const PASSWORD = 'ein langes sicheres Passwort';
const MAX_BYTES = 1024 * 1024;
const TOP_PAGE = '/intmk/12/top/2.12';

let app: FastifyInstance;
let connection: Connection;
let dataDir: string;
let resolutionId: number;

async function pdf(lines: string[], pages = 1): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < pages; p++) {
    const page = document.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 16, size: 11, font }));
  }
  return Buffer.from(await document.save());
}

/** A ZIP with stored (uncompressed) entries, in this order. */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.from(content);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const ODT = () =>
  zip([
    ['mimetype', 'application/vnd.oasis.opendocument.text'],
    ['content.xml', '<office:document-content/>'],
    ['META-INF/manifest.xml', '<manifest/>'],
  ]);
const XLSX = () => zip([['[Content_Types].xml', '<Types/>'], ['xl/workbook.xml', '<workbook/>'], ['xl/worksheets/sheet1.xml', '<worksheet/>']]);

async function docx(): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Stellungnahme der Bundesregierung')] }] }));
}

function followUp(visibility: 'public' | 'internal', summary: string): number {
  return recordFollowUp(connection.db, TEST_ACTOR, {
    resolutionId,
    demandId: null,
    date: '2018-02-01',
    actor: 'BMI',
    kind: 'response',
    summary,
    link: 'https://www.bmi.bund.de/antwort',
    resultingStatus: null,
    visibility,
  });
}

/** The follow-up's edit form as the browser sends it, with `fields` changed and the file chosen (none: the file field left empty). */
async function submitForm(cookies: Record<string, string>, followUpId: number, file: { name: string; content: Buffer; type?: string } | null, fields: Record<string, string | string[]> = {}) {
  const page = await app.inject({ url: `/folgemassnahmen/${followUpId}`, cookies });
  const jar = { ...cookies, ...cookiesOf(page) };
  const { datei: _file, ...sent } = formFields(page.body, 'class="form wide edit-form"');
  const chosen = file ?? { name: '', content: Buffer.alloc(0) };
  const body = multipart({ ...sent, ...fields }, { name: chosen.name, content: chosen.content, type: file?.type ?? 'application/octet-stream' });
  return app.inject({ method: 'POST', url: `/folgemassnahmen/${followUpId}`, cookies: jar, ...body });
}

async function upload(cookies: Record<string, string>, followUpId: number, file: { name: string; content: Buffer; type?: string }, fields: Record<string, string | string[]> = {}) {
  return submitForm(cookies, followUpId, file, fields);
}

const SAVED = `${TOP_PAGE}?gespeichert=gesamt#gesamt`;

function storedFiles(): string[] {
  const root = documentsDir(dataDir);
  try {
    return readdirSync(root).flatMap((prefix) => readdirSync(path.join(root, prefix)));
  } catch {
    return [];
  }
}

let secretariat: Record<string, string>;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'bm-documents-'));
  connection = freshDatabase();
  app = await buildApp({ config: testConfig({ dataDir, documentMaxBytes: MAX_BYTES }), connection });
  await app.ready();
  resolutionId = importSeed(connection).items[0]!.id;
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  await createUser(connection.db, TEST_ACTOR, { email: 'ref@by.example', name: 'Rita Referentin', role: 'land', land: 'BY', password: PASSWORD });
  secretariat = await loginAs(app, 'gs@intmk.example', PASSWORD);
});

afterEach(async () => {
  await app.close();
  connection.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the type of a document is read from its content', () => {
  it('recognises PDF, DOCX, ODT, XLSX and CSV, and nothing else', async () => {
    expect(detectDocumentType(await pdf(['Antwort']))).toBe('pdf');
    expect(detectDocumentType(await docx())).toBe('docx');
    expect(detectDocumentType(ODT())).toBe('odt');
    expect(detectDocumentType(XLSX())).toBe('xlsx');
    expect(detectDocumentType(Buffer.from('Land;Mittel\nBY;12\n'))).toBe('csv');
    for (const refused of [
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), // a program
      Buffer.from('Nur ein Satz ohne Trennzeichen'),
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), // JPEG
      zip([['hello.txt', 'hi']]), // a ZIP that is no office document
      Buffer.from('PK\x03\x04 broken zip without a directory'),
      Buffer.from([0x4c, 0x61, 0x6e, 0x64, 0x3b, 0xc3, 0x28]), // invalid UTF-8
    ]) {
      expect(detectDocumentType(refused)).toBeNull();
    }
  });

  it('names the file after its content, without paths or control characters', () => {
    expect(documentFileName('C:\\Briefe\\Antwort BMI.pdf', 'pdf')).toBe('Antwort BMI.pdf');
    expect(documentFileName('../../etc/passwd', 'csv')).toBe('passwd.csv');
    expect(documentFileName('bericht.exe', 'pdf')).toBe('bericht.pdf');
    expect(documentFileName('a"b\u0007c.docx', 'docx')).toBe('abc.docx');
    expect(documentFileName('', 'odt')).toBe('Dokument.odt');
    // as a browser sends 'Antwort "BMI".pdf' and a name with a line break
    expect(documentFileName('Antwort %22BMI%22.pdf', 'pdf')).toBe('Antwort BMI.pdf');
    expect(documentFileName('Bericht%0D%0A2024.csv', 'csv')).toBe('Bericht 2024.csv');
  });
});

describe('documents on follow-ups', () => {
  it('stores a PDF answer with a public follow-up, lists it on the TOP page and serves it as a download', async () => {
    const id = followUp('public', 'Antwortschreiben des BMI');
    const content = await pdf(['Die Bundesregierung stockt die Migrationsberatung auf.', 'Mittelansatz 2018: 48 Mio. Euro']);
    const response = await upload(secretariat, id, { name: 'Antwort BMI.pdf', content, type: 'application/pdf' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(SAVED);

    const [row] = connection.db.select().from(followUpDocuments).all();
    expect(row).toMatchObject({ followUpId: id, fileName: 'Antwort BMI.pdf', type: 'pdf', size: content.length });
    expect(row!.text).toContain('Migrationsberatung auf');
    expect(storedFiles()).toEqual([row!.sha256]); // by its hash, no temporary file left
    expect(connection.db.select().from(auditLog).where(eq(auditLog.action, 'followup.document')).all()).toHaveLength(1);

    const page = await app.inject(TOP_PAGE);
    expect(page.body).toContain(`<a href="/dokumente/${row!.id}/Antwort%20BMI.pdf">Antwort BMI.pdf</a>`);
    const download = await app.inject(`/dokumente/${row!.id}/Antwort%20BMI.pdf`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="Antwort BMI.pdf"; filename*=UTF-8''Antwort%20BMI.pdf`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.equals(content)).toBe(true);

    // a name with quotes, as Chromium sends it (HTML's multipart encoding escapes them as %22)
    const quoted = followUp('public', 'Schreiben mit Anführungszeichen im Dateinamen');
    expect((await upload(secretariat, quoted, { name: 'Antwort %22BMI%22 vom 3. Mai.pdf', content, type: 'application/pdf' })).statusCode).toBe(303);
    expect(connection.db.select().from(followUpDocuments).where(eq(followUpDocuments.followUpId, quoted)).get()!.fileName).toBe('Antwort BMI vom 3. Mai.pdf');

    // the same content again (another follow-up): one file, two rows
    const other = followUp('public', 'Zweites Schreiben');
    expect((await upload(secretariat, other, { name: 'Kopie.pdf', content })).statusCode).toBe(303);
    expect(connection.db.select().from(followUpDocuments).all()).toHaveLength(3);
    expect(storedFiles()).toHaveLength(1);
  });

  it('names the follow-up\'s web link by the site it leads to, apart from the stored files beside it', async () => {
    const id = followUp('public', 'Antwortschreiben des BMI');
    await upload(secretariat, id, { name: 'Antwort BMI.pdf', content: await pdf(['Antwort']) });
    const row = connection.db.select().from(followUpDocuments).get()!;
    const page = (await app.inject(TOP_PAGE)).body;
    const summary = /<p class="follow-up-summary">Antwortschreiben des BMI([^]*?)<\/p>\s*<ul class="follow-up-files" aria-label="([^"]+)">([^]*?)<\/ul>/.exec(page);
    expect(summary).not.toBeNull();
    expect(summary![1]).toBe(' <a href="https://www.bmi.bund.de/antwort" rel="noopener" class="web-link">Webseite (www.bmi.bund.de)</a>');
    expect(summary![2]).toBe('Gespeicherte Dateien zum Herunterladen');
    expect(summary![3]).toContain(`<a href="/dokumente/${row.id}/Antwort%20BMI.pdf">Antwort BMI.pdf</a>`);
    expect(page).not.toMatch(/rel="noopener"[^>]*>Dokument</);
  });

  it('hides the document of an internal follow-up from the public (404, as an unknown one)', async () => {
    const id = followUp('internal', 'Vertrauliche Vorabinformation');
    expect((await upload(secretariat, id, { name: 'intern.docx', content: await docx() })).statusCode).toBe(303);
    const row = connection.db.select().from(followUpDocuments).get()!;
    const url = `/dokumente/${row.id}/intern.docx`;
    const anonymous = await app.inject(url);
    expect(anonymous.statusCode).toBe(404);
    expect((await app.inject('/dokumente/99999/intern.docx')).statusCode).toBe(404);
    expect((await app.inject(TOP_PAGE)).body).not.toContain('intern.docx');
    const land = await loginAs(app, 'ref@by.example', PASSWORD);
    const seen = await app.inject({ url, cookies: land });
    expect(seen.statusCode).toBe(200);
    expect(seen.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(seen.headers['cache-control']).toMatch(/no-store/);
  });

  it('finds a resolution by a word from inside a PDF answer, saying "im Dokument" — for internal ones only logged in', async () => {
    const open = followUp('public', 'Antwort des BMI');
    const closed = followUp('internal', 'Vorabinformation');
    await upload(secretariat, open, { name: 'antwort.pdf', content: await pdf(['Der Zuwendungsbescheid für 2018 ist ergangen.']) });
    await upload(secretariat, closed, { name: 'vorab.pdf', content: await pdf(['Der Haushaltsvermerk bleibt vertraulich.']) });
    const found = await app.inject('/suche?q=Zuwendungsbescheid');
    expect(found.body).toContain(`<a href="${TOP_PAGE}">TOP 2.12`);
    expect(found.body).toMatch(/<span class="snippet-source">im Dokument:<\/span>[^<]*<mark>Zuwendungsbescheid<\/mark>/);
    const hidden = (await app.inject('/suche?q=Haushaltsvermerk')).body;
    expect(hidden).toContain('0 Treffer für „Haushaltsvermerk“');
    expect(hidden).not.toContain(`<a href="${TOP_PAGE}">`);
    const land = await loginAs(app, 'ref@by.example', PASSWORD);
    expect((await app.inject({ url: '/suche?q=Haushaltsvermerk', cookies: land })).body).toContain(`<a href="${TOP_PAGE}">TOP 2.12`);
  });

  it('finds a resolution by a word from inside a Word answer (.docx) as from a PDF; an internal one only logged in', async () => {
    const word = (lines: string[]) => Packer.toBuffer(new Document({ sections: [{ children: lines.map((line) => new Paragraph(line)) }] }));
    const open = followUp('public', 'Antwort des BMI');
    const closed = followUp('internal', 'Vorabinformation');
    expect((await upload(secretariat, open, { name: 'antwort.docx', content: await word(['Sehr geehrte Damen und Herren,', 'der Zuwendungsbescheid für 2018 ist ergangen.']) })).statusCode).toBe(303);
    expect((await upload(secretariat, closed, { name: 'vorab.docx', content: await word(['Der Haushaltsvermerk bleibt vertraulich.']) })).statusCode).toBe(303);
    expect(connection.db.select({ text: followUpDocuments.text }).from(followUpDocuments).where(eq(followUpDocuments.followUpId, open)).get()!.text)
      .toBe('Sehr geehrte Damen und Herren,\nder Zuwendungsbescheid für 2018 ist ergangen.');
    const found = await app.inject('/suche?q=Zuwendungsbescheid');
    expect(found.body).toContain(`<a href="${TOP_PAGE}">TOP 2.12`);
    expect(found.body).toMatch(/<span class="snippet-source">im Dokument:<\/span>[^<]*<mark>Zuwendungsbescheid<\/mark>/);
    expect((await app.inject('/suche?q=Haushaltsvermerk')).body).toContain('0 Treffer für „Haushaltsvermerk“');
    const land = await loginAs(app, 'ref@by.example', PASSWORD);
    expect((await app.inject({ url: '/suche?q=Haushaltsvermerk', cookies: land })).body).toContain(`<a href="${TOP_PAGE}">TOP 2.12`);
    // a Word document without text is stored all the same; a damaged one is refused in German
    expect((await upload(secretariat, open, { name: 'leer.docx', content: await word([]) })).statusCode).toBe(303);
    const damaged = zip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<w:document><w:body><w:p>']]);
    const refused = await upload(secretariat, open, { name: 'kaputt.docx', content: damaged });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('„kaputt.docx“ ist kein lesbares Word-Dokument (.docx).');
    expect(connection.db.select().from(followUpDocuments).all()).toHaveLength(3);
  });

  it('reads the text of Word documents stored before they were searchable, once, and the search finds them', async () => {
    const id = followUp('public', 'Antwort des BMI');
    const word = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Der Zuwendungsbescheid ist ergangen.')] }] }));
    await upload(secretariat, id, { name: 'alt.docx', content: word });
    await upload(secretariat, id, { name: 'leer.docx', content: await Packer.toBuffer(new Document({ sections: [{ children: [] }] })) });
    // as stored before: no text, and the index without it
    connection.sqlite.exec("update follow_up_documents set text = null; insert or ignore into search_pending (resolution_id) select resolution_id from follow_ups");
    expect((await app.inject('/suche?q=Zuwendungsbescheid')).body).toContain('0 Treffer für „Zuwendungsbescheid“');
    const audited = connection.db.select().from(auditLog).all().length;
    expect(await fillMissingDocumentTexts(connection.db, dataDir)).toBe(1);
    expect(connection.db.select({ name: followUpDocuments.fileName, text: followUpDocuments.text }).from(followUpDocuments).orderBy(followUpDocuments.id).all())
      .toEqual([{ name: 'alt.docx', text: 'Der Zuwendungsbescheid ist ergangen.' }, { name: 'leer.docx', text: null }]);
    const found = await app.inject('/suche?q=Zuwendungsbescheid');
    expect(found.body).toMatch(/<span class="snippet-source">im Dokument:<\/span>[^<]*<mark>Zuwendungsbescheid<\/mark>/);
    expect(await fillMissingDocumentTexts(connection.db, dataDir)).toBe(0); // once
    expect(connection.db.select().from(auditLog).all()).toHaveLength(audited); // no change by a person
  });

  it('withholds a document marked internal from the public: "Dokument (nicht öffentlich)" beside the public follow-up, 404 as an unknown one, not in the search', async () => {
    const id = followUp('public', 'Antwort des BMI mit Anlagen');
    await upload(secretariat, id, { name: 'Antwort.pdf', content: await pdf(['Der Zuwendungsbescheid ist ergangen.']) });
    // marked when uploaded, with the form's checkbox
    expect((await upload(secretariat, id, { name: 'Vermerk.pdf', content: await pdf(['Der Haushaltsvermerk bleibt vertraulich.']) }, { intern: '1' })).statusCode).toBe(303);
    const [open, closed] = connection.db.select().from(followUpDocuments).orderBy(followUpDocuments.id).all();
    expect([open!.internal, closed!.internal]).toEqual([false, true]);
    expect(connection.db.select().from(auditLog).where(eq(auditLog.action, 'followup.document')).all().map((a) => (a.after as { internal: boolean }).internal)).toEqual([false, true]);

    const page = (await app.inject(TOP_PAGE)).body;
    expect(page).toContain('Antwort des BMI mit Anlagen');
    expect(page).toContain(`<a href="/dokumente/${open!.id}/Antwort.pdf">Antwort.pdf</a>`);
    expect(page).toContain('<li>Dokument (nicht öffentlich)</li>');
    expect(page).not.toContain('Vermerk');
    // what the page reads for the public holds nothing of it but the mark (no id, no name, no type)
    const documentsRead = (viewer: Viewer) => {
      const data = resolutionPage(connection.db, viewer, 'intmk', '12', '2.12', null)!;
      return [...data.demands.flatMap((d) => d.followUps), ...data.resolutionFollowUps].flatMap((f) => f.documents);
    };
    const openRead = { id: open!.id, followUpId: id, fileName: 'Antwort.pdf', type: 'pdf', size: open!.size, internal: false, withheld: false };
    expect(documentsRead(PUBLIC_VIEWER)).toEqual([openRead, { withheld: true }]);
    expect(documentsRead({ userId: 1, role: 'land', land: 'BY', conferenceIds: [] })).toEqual([openRead, { ...openRead, id: closed!.id, fileName: 'Vermerk.pdf', size: closed!.size, internal: true }]);
    const unknown = await app.inject('/dokumente/99999/Vermerk.pdf');
    const withheld = await app.inject(`/dokumente/${closed!.id}/Vermerk.pdf`);
    expect(withheld.statusCode).toBe(404);
    expect(withoutOwnAddress(withheld.body)).toBe(withoutOwnAddress(unknown.body));
    expect((await app.inject('/suche?q=Haushaltsvermerk')).body).toContain('0 Treffer für „Haushaltsvermerk“');
    expect((await app.inject('/suche?q=Zuwendungsbescheid')).body).toContain(`<a href="${TOP_PAGE}">TOP 2.12`);

    // logged-in users see it, marked "intern", download it (privately cached) and find it
    const land = await loginAs(app, 'ref@by.example', PASSWORD);
    const seen = (await app.inject({ url: TOP_PAGE, cookies: land })).body;
    expect(seen).toContain(`<a href="/dokumente/${closed!.id}/Vermerk.pdf">Vermerk.pdf</a>`);
    expect(seen).not.toContain('Dokument (nicht öffentlich)');
    const download = await app.inject({ url: `/dokumente/${closed!.id}/Vermerk.pdf`, cookies: land });
    expect(download.statusCode).toBe(200);
    expect(download.headers['cache-control']).toMatch(/no-store/);
    expect((await app.inject({ url: '/suche?q=Haushaltsvermerk', cookies: land })).body).toMatch(/<span class="snippet-source">im Dokument:<\/span>[^<]*<mark>Haushaltsvermerk<\/mark>/);
  });

  it('marks a stored document internal and public again in the edit form (a labelled checkbox per document); bad input changes nothing', async () => {
    const id = followUp('public', 'Antwort des BMI');
    await upload(secretariat, id, { name: 'Antwort.pdf', content: await pdf(['Der Zuwendungsbescheid ist ergangen.']) });
    const row = connection.db.select().from(followUpDocuments).get()!;
    const form = await app.inject({ url: `/folgemassnahmen/${id}`, cookies: secretariat });
    expect(form.body).toContain(`<label class="checkbox"><input type="checkbox" id="dokument_${row.id}_intern" name="dokumente_intern" value="${row.id}"> Antwort.pdf nur intern</label>`);
    expect(form.body).toContain('<label class="checkbox"><input type="checkbox" id="datei-intern" name="intern" value="1"> Dokument nur intern');
    expect(form.body).toContain(`<label class="checkbox"><input type="checkbox" id="dokument_${row.id}_entfernen" name="dokumente_entfernen" value="${row.id}"> Antwort.pdf beim Speichern entfernen</label>`);
    // one form on the page: nothing typed is lost by marking or removing a document
    const main = form.body.slice(form.body.indexOf('<main'), form.body.indexOf('</main>'));
    expect(main.match(/<form /g)).toHaveLength(1);
    const mark = (fields: Record<string, string | string[]>) => submitForm(secretariat, id, null, fields);

    expect((await mark({ dokumente_intern: String(row.id) })).statusCode).toBe(303);
    expect(connection.db.select().from(followUpDocuments).get()!.internal).toBe(true);
    expect((await app.inject(TOP_PAGE)).body).toContain('Dokument (nicht öffentlich)');
    expect((await app.inject('/suche?q=Zuwendungsbescheid')).body).toContain('0 Treffer');
    expect((await app.inject({ url: `/folgemassnahmen/${id}`, cookies: secretariat })).body).toContain(`id="dokument_${row.id}_intern" name="dokumente_intern" value="${row.id}" checked>`);
    // saving the marks alone changes nothing of the follow-up itself
    expect(connection.db.select().from(auditLog).where(eq(auditLog.action, 'followup.update')).all()).toHaveLength(0);

    const bad = await mark({ dokumente_intern: 'ja' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Die Anfrage enthält ungültige Angaben.');
    expect(connection.db.select().from(followUpDocuments).get()!.internal).toBe(true);
    // another follow-up's document is not this one's to mark or remove, whatever the form names
    const other = followUp('public', 'Andere');
    const foreign = await submitForm(secretariat, other, null, { dokumente: String(row.id), dokumente_entfernen: String(row.id) });
    expect(foreign.statusCode).toBe(303);
    expect(connection.db.select().from(followUpDocuments).get()!.internal).toBe(true);

    // unchecked: public again
    expect((await mark({ dokumente_intern: [] })).statusCode).toBe(303);
    expect(connection.db.select().from(followUpDocuments).get()!.internal).toBe(false);
    expect((await app.inject(TOP_PAGE)).body).toContain(`<a href="/dokumente/${row.id}/Antwort.pdf">Antwort.pdf</a>`);
    expect((await app.inject('/suche?q=Zuwendungsbescheid')).body).toContain(`<a href="${TOP_PAGE}">TOP 2.12`);
    expect(connection.db.select().from(auditLog).where(eq(auditLog.action, 'followup.documentInternal')).all()).toHaveLength(2);
  });

  it('saves the typed changes and the chosen document with one "Speichern"; a refused file keeps every typed value and changes nothing', async () => {
    const id = followUp('public', 'Antwort des BMI');
    const typed = { summary: 'Das BMI sagt Mittel für 2019 zu.', date: '03.03.2018', link: 'www.bmi.bund.de/zusage', status: 'in_progress', visibility: 'internal', kind: 'report' };
    const before = connection.db.select().from(followUps).where(eq(followUps.id, id)).get()!;
    for (const [file, message] of [
      [{ name: 'gross.csv', content: Buffer.from(`a;b\n${'1;2\n'.repeat(MAX_BYTES / 4 + 10)}`) }, '„gross.csv“ ist größer als 1 MB und wurde nicht übernommen.'],
      [{ name: 'bild.pdf', content: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]) }, '„bild.pdf“ ist keine PDF-, DOCX-, ODT-, XLSX- oder CSV-Datei'],
    ] as const) {
      const refused = await upload(secretariat, id, file, { ...typed, intern: '1' });
      expect(refused.statusCode, file.name).toBe(422);
      const body = refused.body;
      // said in the summary (where the focus lands), linked to the file field, with what to do
      expect(body, file.name).toMatch(new RegExp(`<a href="#datei">${message.replace(/[.()]/g, '\\$&')}[^<]*Ihre übrigen Angaben sind erhalten; bitte wählen Sie eine passende Datei und speichern Sie erneut\\.</a>`));
      expect(body).toContain('aria-describedby="datei-hint datei-fehler" aria-invalid="true"');
      // every typed value is back
      expect(body).toContain('>Das BMI sagt Mittel für 2019 zu.</textarea>');
      expect(body).toContain('value="03.03.2018"');
      expect(body).toContain('value="https://www.bmi.bund.de/zusage"');
      expect(body).toContain('<option value="in_progress" selected>');
      expect(body).toContain('<option value="report" selected>');
      expect(body).toContain('id="visibility-internal" name="visibility" value="internal" checked>');
      expect(body).toContain('<input type="checkbox" id="datei-intern" name="intern" value="1" checked>');
    }
    // nothing changed: the follow-up as it was, no document, no file
    expect(connection.db.select().from(followUps).where(eq(followUps.id, id)).get()).toEqual(before);
    expect(connection.db.select().from(followUpDocuments).all()).toEqual([]);
    expect(storedFiles()).toEqual([]);

    // a good file: the changes and the document are saved together
    const saved = await upload(secretariat, id, { name: 'Zusage.pdf', content: await pdf(['Zusage des BMI']) }, { ...typed, intern: '1' });
    expect(saved.statusCode).toBe(303);
    expect(connection.db.select().from(followUps).where(eq(followUps.id, id)).get()).toMatchObject({ summary: typed.summary, date: '2018-03-03', link: 'https://www.bmi.bund.de/zusage', resultingStatus: 'in_progress', visibility: 'internal', kind: 'report', version: before.version + 1 });
    expect(connection.db.select().from(followUpDocuments).all()).toMatchObject([{ followUpId: id, fileName: 'Zusage.pdf', internal: true }]);
  });

  it('records a new follow-up with its document in one go; a field in error stores neither and asks for the file again', async () => {
    const url = `/beschluesse/${resolutionId}/folgemassnahme`;
    const page = await app.inject({ url, cookies: secretariat });
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('<input id="datei" name="datei" type="file"');
    const { datei: _file, ...fields } = formFields(page.body, 'class="form wide edit-form"');
    const jar = { ...secretariat, ...cookiesOf(page) };
    const send = (changed: Record<string, string>) =>
      app.inject({ method: 'POST', url, cookies: jar, ...multipart({ ...fields, actor: 'BMI', ...changed }, { name: 'Antwort.pdf', content: Buffer.from('Land;Mittel\nBY;12\n'), type: 'text/csv' }) });
    const refused = await send({ summary: 'Antwort des BMI', date: '31.02.2018' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('>Antwort des BMI</textarea>');
    expect(refused.body).toContain('<a href="#datei">„Antwort.csv“ ist noch nicht gespeichert: Bitte wählen Sie die Datei erneut aus, sobald die übrigen Angaben korrigiert sind, und speichern Sie dann.</a>');
    expect(connection.db.select().from(followUps).all()).toEqual([]);
    expect(connection.db.select().from(followUpDocuments).all()).toEqual([]);

    const saved = await send({ summary: 'Antwort des BMI', date: '01.02.2018' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(SAVED);
    const [row] = connection.db.select().from(followUps).all();
    expect(connection.db.select().from(followUpDocuments).all()).toMatchObject([{ followUpId: row!.id, fileName: 'Antwort.csv', type: 'csv' }]);
    expect(connection.db.select({ action: auditLog.action }).from(auditLog).all().map((a) => a.action).filter((a) => a.startsWith('followup.'))).toEqual(['followup.create', 'followup.document']);
  });

  it('a stale form with a file stores neither the changes nor the file (409), and keeps what was typed', async () => {
    const id = followUp('public', 'Antwort des BMI');
    const page = await app.inject({ url: `/folgemassnahmen/${id}`, cookies: secretariat });
    const { datei: _file, ...fields } = formFields(page.body, 'class="form wide edit-form"');
    // someone else saves in between
    expect((await submitForm(secretariat, id, null, { summary: 'Zwischendurch geändert' })).statusCode).toBe(303);
    const stale = await app.inject({
      method: 'POST', url: `/folgemassnahmen/${id}`, cookies: { ...secretariat, ...cookiesOf(page) },
      ...multipart({ ...fields, summary: 'Meine Fassung' }, { name: 'a.csv', content: Buffer.from('Land;Mittel\nBY;12\n'), type: 'text/csv' }),
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('>Meine Fassung</textarea>');
    expect(stale.body).toContain('<a href="#datei">„a.csv“ ist noch nicht gespeichert');
    expect(connection.db.select().from(followUps).where(eq(followUps.id, id)).get()!.summary).toBe('Zwischendurch geändert');
    expect(connection.db.select().from(followUpDocuments).all()).toEqual([]);
  });

  it('takes ODT, XLSX and CSV, each served with its own type', async () => {
    const id = followUp('public', 'Tabellen');
    for (const [name, content, type] of [
      ['bericht.odt', ODT(), 'application/vnd.oasis.opendocument.text'],
      ['mittel.xlsx', XLSX(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['mittel.csv', Buffer.from('Land;Mittel\nBY;12\n'), 'text/csv; charset=utf-8'],
    ] as const) {
      expect((await upload(secretariat, id, { name, content })).statusCode, name).toBe(303);
      const row = connection.db.select().from(followUpDocuments).all().at(-1)!;
      const served = await app.inject(`/dokumente/${row.id}/${name}`);
      expect(served.headers['content-type'], name).toBe(type);
    }
  });

  it('refuses a refused type, a file over the limit, a broken PDF and a PDF of too many pages with a German message, storing nothing', async () => {
    const id = followUp('public', 'Antwort');
    const cases: [{ name: string; content: Buffer }, number, string][] = [
      [{ name: 'antwort.pdf', content: Buffer.from('MZ\x90\x00 kein PDF') }, 422, '„antwort.pdf“ ist keine PDF-, DOCX-, ODT-, XLSX- oder CSV-Datei (geprüft wird der Inhalt, nicht der Name).'],
      [{ name: 'gross.csv', content: Buffer.from(`a;b\n${'1;2\n'.repeat(MAX_BYTES / 4 + 10)}`) }, 422, '„gross.csv“ ist größer als 1 MB und wurde nicht übernommen.'],
      [{ name: 'kaputt.pdf', content: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> kaputt') }, 422, '„kaputt.pdf“ ist keine lesbare PDF-Datei.'],
      [{ name: 'leer.pdf', content: Buffer.alloc(0) }, 422, '„leer.pdf“ ist leer.'],
      // an overlong name is named by its start and extension
      [{ name: `Antwort ${'sehr lang '.repeat(30)}.pdf`, content: Buffer.alloc(0) }, 422, `„Antwort ${'sehr lang '.repeat(4)}sehr la….pdf“ ist leer.`],
    ];
    for (const [file, status, message] of cases) {
      const response = await upload(secretariat, id, file);
      expect(response.statusCode, file.name).toBe(status);
      expect(response.body, file.name).toContain(message);
      expect(response.body, file.name).toContain('role="alert"');
    }
    expect(connection.db.select().from(followUpDocuments).all()).toEqual([]);
    expect(storedFiles()).toEqual([]);
  });

  it('keeps the "nur intern" tick when an upload is refused, and asks for the file again', async () => {
    const id = followUp('public', 'Antwort');
    for (const file of [{ name: 'gross.csv', content: Buffer.from(`a;b\n${'1;2\n'.repeat(MAX_BYTES / 4 + 10)}`) }, { name: 'leer.pdf', content: Buffer.alloc(0) }]) {
      const refused = await upload(secretariat, id, file, { intern: '1' });
      expect(refused.statusCode, file.name).toBe(422);
      expect(refused.body, file.name).toContain('<input type="checkbox" id="datei-intern" name="intern" value="1" checked>');
      expect(refused.body, file.name).toMatch(/id="datei-fehler">„[^“]+“ [^<]*bitte wählen Sie eine passende Datei und speichern Sie erneut\.<\/p>/);
    }
    const unticked = await upload(secretariat, id, { name: 'leer.pdf', content: Buffer.alloc(0) });
    expect(unticked.body).toContain('<input type="checkbox" id="datei-intern" name="intern" value="1">');
    // no file chosen at all: the form is saved without one
    expect((await submitForm(secretariat, id, null, { intern: '1' })).statusCode).toBe(303);
    expect(connection.db.select().from(followUpDocuments).all()).toEqual([]);
  });

  it('refuses a PDF of more pages than the limit (a "PDF bomb")', async () => {
    const id = followUp('public', 'Antwort');
    const bomb = await pdf(['x'], MAX_PDF_PAGES + 1);
    expect(bomb.length).toBeLessThan(MAX_BYTES);
    const response = await upload(secretariat, id, { name: 'bombe.pdf', content: bomb });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('ist zu umfangreich');
    expect(connection.db.select().from(followUpDocuments).all()).toEqual([]);
  });

  it('lets a Land official add documents only to their own follow-ups', async () => {
    const id = followUp('public', 'Von der Geschäftsstelle erfasst');
    const land = await loginAs(app, 'ref@by.example', PASSWORD);
    const page = await app.inject({ url: `/folgemassnahmen/${id}`, cookies: land });
    expect(page.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'POST', url: `/folgemassnahmen/${id}`, ...multipart({}, { name: 'a.csv', content: Buffer.from('a;b\n') , type: 'text/csv' }) });
    expect([401, 403, 303]).toContain(anonymous.statusCode);
    expect(connection.db.select().from(followUpDocuments).all()).toEqual([]);
  });

  it('keeps a file while any row refers to it, and removes it with the last one', async () => {
    const first = followUp('public', 'Erste');
    const second = followUp('public', 'Zweite');
    const content = Buffer.from('Land;Mittel\nBY;12\n');
    await upload(secretariat, first, { name: 'a.csv', content });
    await upload(secretariat, second, { name: 'b.csv', content });
    const [a, b] = connection.db.select().from(followUpDocuments).all();
    const remove = (followUpId: number, documentId: number) => submitForm(secretariat, followUpId, null, { dokumente: String(documentId), dokumente_entfernen: String(documentId) });
    expect((await remove(first, b!.id)).statusCode).toBe(303); // not this follow-up's document: left alone
    expect(connection.db.select().from(followUpDocuments).all()).toHaveLength(2);
    expect((await remove(first, a!.id)).statusCode).toBe(303);
    expect(storedFiles()).toHaveLength(1);
    expect((await remove(second, b!.id)).statusCode).toBe(303);
    expect(storedFiles()).toEqual([]);
    expect(connection.db.select().from(auditLog).where(eq(auditLog.action, 'followup.documentRemove')).all()).toHaveLength(2);

    // a file without a row (a crash between file and row) and a stale temporary file are pruned
    await upload(secretariat, first, { name: 'c.csv', content });
    const kept = storedFiles();
    const stray = path.join(documentsDir(dataDir), 'ab');
    mkdirSync(stray, { recursive: true });
    writeFileSync(path.join(stray, 'ab'.padEnd(64, '0')), 'verwaist');
    writeFileSync(path.join(stray, `${'ab'.padEnd(64, '0')}.123.tmp`), 'halb');
    // younger than a day: perhaps an upload whose row is being written — left alone
    expect(pruneDocumentFiles(connection.db, dataDir)).toBe(0);
    expect(pruneDocumentFiles(connection.db, dataDir, Date.now() + PRUNE_GRACE_MS + 60_000)).toBe(2);
    expect(storedFiles()).toEqual(kept);
  });

  it('keeps the file of a deleted follow-up while another follow-up refers to it; the daily pruning removes it after the last', async () => {
    const first = followUp('public', 'Erste');
    const second = followUp('internal', 'Zweite');
    const content = await pdf(['Antwortschreiben des Bundesministeriums']);
    await upload(secretariat, first, { name: 'antwort.pdf', content });
    await upload(secretariat, second, { name: 'kopie.pdf', content });
    expect(storedFiles()).toHaveLength(1);
    const later = Date.now() + PRUNE_GRACE_MS + 60_000;
    // a follow-up goes (its rows with it, as when a re-import drops its Ziffer)
    connection.db.delete(followUps).where(eq(followUps.id, first)).run();
    expect(connection.db.select().from(followUpDocuments).all()).toHaveLength(1);
    expect(pruneDocumentFiles(connection.db, dataDir, later)).toBe(0);
    expect(storedFiles()).toHaveLength(1);
    const [kept] = connection.db.select().from(followUpDocuments).all();
    const logged = await loginAs(app, 'gs@intmk.example', PASSWORD);
    expect((await app.inject({ url: `/dokumente/${kept!.id}/kopie.pdf`, cookies: logged })).statusCode).toBe(200);
    connection.db.delete(followUps).where(eq(followUps.id, second)).run();
    expect(pruneDocumentFiles(connection.db, dataDir, later)).toBe(1);
    expect(storedFiles()).toEqual([]);
  });
});

describe('documents in backups', () => {
  it('backs up the files the backup refers to and puts missing ones back on restore', async () => {
    // a database in a file, as in operation
    const live = path.join(dataDir, 'beschlussmonitor.db');
    const fileConnection = openDatabase(live, MIGRATIONS_DIR);
    ensureActors(fileConnection.db);
    const fileApp = await buildApp({ config: testConfig({ dataDir, databasePath: live }), connection: fileConnection });
    await fileApp.ready();
    try {
      const id = importDocument(fileConnection.db, TEST_ACTOR, seedDocument(), { source: 'Test', release: 'public', releasedOn: '2017-04-01' }).items[0]!.id;
      const followUpId = recordFollowUp(fileConnection.db, TEST_ACTOR, { resolutionId: id, demandId: null, date: '2018-02-01', actor: 'BMI', kind: 'response', summary: 'Antwort', link: null, resultingStatus: null, visibility: 'public' });
      const content = await pdf(['Der Zuwendungsbescheid ist ergangen.']);
      const stored = await attachDocument(fileConnection.db, dataDir, TEST_ACTOR, followUpId, { name: 'antwort.pdf', bytes: content }, MAX_BYTES);

      const target = path.join(dataDir, 'sicherungen', 'sicherung.db');
      mkdirSync(path.dirname(target), { recursive: true });
      await backupDatabase(live, target);
      expect(backupDocumentFiles(target, dataDir)).toEqual({ files: 1, bytes: content.length, missing: [] });
      expect(readdirSync(backupFilesDir(target))).toHaveLength(1);

      // the files are lost; the backup brings them back
      rmSync(documentsDir(dataDir), { recursive: true, force: true });
      const restoredPath = path.join(dataDir, 'wiederhergestellt.db');
      restoreDatabase(target, restoredPath, MIGRATIONS_DIR);
      expect(restoreDocumentFiles(target, restoredPath, dataDir)).toEqual({ files: 1, bytes: content.length, missing: [] });
      const served = await fileApp.inject(`/dokumente/${stored.id}/antwort.pdf`);
      expect(served.statusCode).toBe(200);
      expect(served.rawPayload.equals(content)).toBe(true);
      // a backup without its files says which are missing
      rmSync(documentsDir(dataDir), { recursive: true, force: true });
      rmSync(backupFilesDir(target), { recursive: true, force: true });
      expect(restoreDocumentFiles(target, restoredPath, dataDir).missing).toHaveLength(1);
    } finally {
      await fileApp.close();
      fileConnection.close();
    }
  });
});
