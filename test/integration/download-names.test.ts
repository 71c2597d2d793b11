/**
 * The names of a resolution's Word and PDF files and of a meeting's implementation report: a
 * researcher keeping two downloads side by side can tell them apart — conference, meeting, TOP,
 * the version (Fassung) of the text the file holds and the day of its state — and the
 * Content-Disposition header carries the name for every client (RFC 6266, UTF-8 per RFC 8187).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, conferenceIdOf, importSeed, loginAs, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { pdfAvailable } from '../../src/services/pdf-print.js';
import { todayIso } from '../../src/domain/dates.js';
import { formFields, post } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';
const TOP = '/intmk/12/top/2.12';

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
});
afterEach(async () => {
  await app.close();
});

/** The file name a browser takes from the header: the UTF-8 one of filename*. */
function savedAs(header: string | string[] | number | undefined): string {
  const utf8 = /filename\*=UTF-8''([^;]+)/.exec(String(header))?.[1];
  expect(utf8, String(header)).toBeDefined();
  return decodeURIComponent(utf8!);
}

/** Corrects the first Ziffer through the edit form: a second version of the text. */
async function correct(resolutionId: number) {
  await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle IntMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection)], password: PASSWORD });
  const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
  const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${resolutionId}`, cookies })).body);
  const changed = { ...fields, demand_0_text: String(fields.demand_0_text).replace('unterstreicht', 'betont') };
  expect((await post(app, `/verwaltung/beschluesse/${resolutionId}`, cookies, changed)).statusCode).toBe(303);
}

describe('names of downloaded files', () => {
  it('a TOP as Word names conference, meeting, TOP, version and the day of its state', async () => {
    const id = importSeed(connection).items[0]!.id;
    const today = todayIso();
    const first = await app.inject(`${TOP}/beschluss.docx`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-disposition']).toBe(
      `attachment; filename="IntMK-12-TOP-2.12-Fassung-1-Stand-${today}.docx"; filename*=UTF-8''IntMK-12-TOP-2.12-Fassung-1-Stand-${today}.docx`,
    );
    const asOf = await app.inject(`${TOP}/beschluss.docx?stand=01.01.2018`);
    expect(savedAs(asOf.headers['content-disposition'])).toBe('IntMK-12-TOP-2.12-Fassung-1-Stand-2018-01-01.docx');
    // the text corrected: the same day's download holds another version, and says so
    await correct(id);
    expect(savedAs((await app.inject(`${TOP}/beschluss.docx`)).headers['content-disposition'])).toBe(`IntMK-12-TOP-2.12-Fassung-2-Stand-${today}.docx`);
    // as of a day before the correction the file holds the current wording (with a notice): its version is named
    expect(savedAs((await app.inject(`${TOP}/beschluss.docx?stand=2018-01-01`)).headers['content-disposition'])).toBe('IntMK-12-TOP-2.12-Fassung-2-Stand-2018-01-01.docx');
  });

  it("the implementation report names the day of its state, today's too", async () => {
    importSeed(connection);
    expect(savedAs((await app.inject('/intmk/12/umsetzungsbericht.docx')).headers['content-disposition'])).toBe(`Umsetzungsbericht-IntMK-12-Stand-${todayIso()}.docx`);
    expect(savedAs((await app.inject('/intmk/12/umsetzungsbericht.docx?stand=2018-01-01')).headers['content-disposition'])).toBe('Umsetzungsbericht-IntMK-12-Stand-2018-01-01.docx');
  });

  it('the PDF files are named as the Word files (where Chromium prints)', async () => {
    importSeed(connection);
    if (!pdfAvailable()) return;
    const pdf = await app.inject(`${TOP}/beschluss.pdf?stand=2018-01-01`);
    expect(pdf.statusCode).toBe(200);
    expect(savedAs(pdf.headers['content-disposition'])).toBe('IntMK-12-TOP-2.12-Fassung-1-Stand-2018-01-01.pdf');
    const report = await app.inject('/intmk/12/umsetzungsbericht.pdf?stand=2018-01-01');
    expect(savedAs(report.headers['content-disposition'])).toBe('Umsetzungsbericht-IntMK-12-Stand-2018-01-01.pdf');
    expect((await app.inject('/intmk/12/top/9.99/beschluss.pdf')).statusCode).toBe(404);
  });
});
