/**
 * The citation of a TOP names the meeting's days and place, and the state it cites: a page shown
 * as of a day says that day in its citation, its title and its print, and its addresses keep the
 * day; a Word or PDF file names the day of the state it holds (today's for the current one).
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { importSeed, TEST_ACTOR, useTestApp } from '../helpers.js';
import { readDocx } from '../docx.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { pdfAvailable } from '../../src/services/pdf-print.js';
import { extractPdfText } from '../../src/services/pdf-text.js';
import { formatDateLong, formatDateShort, todayIso } from '../../src/domain/dates.js';

let app: FastifyInstance;
let connection: Connection;

useTestApp((built) => ({ app, connection } = built));

const decode = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
const TOP = '/intmk/12/top/2.12';
const CITED = 'Beschluss der 12. IntMK 2017 (16.–17. März 2017, Friedrichshafen), TOP 2.12: „Ausbau und Öffnung der Migrationsberatung“';
/** The version of the text cited: the imported one, made today. */
// imported today, the resolution of 2017 holds the wording adopted at its meeting: valid from that day
const squeezed = (text: string) => text.replace(/\s+/g, '');
const WORDING = () => `Wortlaut: Fassung 1, gültig ab 16. März 2017 (im Archiv seit ${formatDateLong(todayIso())}).`;

/** The citation section of a TOP page. */
function citationOf(html: string): string {
  const start = html.indexOf('<section class="citation"');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('citation of a TOP', () => {
  it('names the days and the place of the meeting, for the TOP and each Ziffer', async () => {
    importSeed(connection);
    const citation = citationOf(decode((await app.inject(TOP)).body));
    expect(citation).toContain(`<p>${CITED}. ${WORDING()} Dauerhafte Adresse: <a class="url" href="${TOP}">http://localhost:3000${TOP}</a></p>`);
    expect(citation).toContain(`Beschluss der 12. IntMK 2017 (16.–17. März 2017, Friedrichshafen), TOP 2.12, Ziffer 3: <a class="url" href="${TOP}/ziffer/3">http://localhost:3000${TOP}/ziffer/3</a>`);
    // the current state: how to cite the state of a day
    expect(citation).toContain('Um den Stand eines bestimmten Tages zu zitieren');
  });

  it('as of a day: names that day and keeps it in every address it offers', async () => {
    importSeed(connection);
    const html = decode((await app.inject(`${TOP}?stand=01.01.2018`)).body);
    const citation = citationOf(html);
    expect(citation).toContain(`<p>${CITED}. Umsetzungsstand am 1. Januar 2018. ${WORDING()} Dauerhafte Adresse: <a class="url" href="${TOP}?stand=2018-01-01">http://localhost:3000${TOP}?stand=2018-01-01</a></p>`);
    expect(citation).toContain(`<a class="url" href="${TOP}/ziffer/3?stand=2018-01-01">http://localhost:3000${TOP}/ziffer/3?stand=2018-01-01</a>`);
    expect(citation).not.toContain('Um den Stand eines bestimmten Tages zu zitieren');
    expect(html).toContain('<title>TOP 2.12: Ausbau und Öffnung der Migrationsberatung – 12. IntMK 2017 (Stand: 01.01.2018) – Beschlussmonitor</title>');
    // the Ziffer's address leads back to that state
    expect((await app.inject(`${TOP}/ziffer/3?stand=2018-01-01`)).headers.location).toBe(`${TOP}?stand=2018-01-01#ziffer-3`);
    const meeting = decode((await app.inject('/intmk/12?stand=2018-01-01')).body);
    expect(meeting).toContain('<title>12. IntMK 2017 – IntMK (Stand: 01.01.2018) – Beschlussmonitor</title>');
    expect(decode((await app.inject('/intmk?stand=2018-01-01')).body)).toMatch(/<title>IntMK – [^<]*\(Stand: 01\.01\.2018\) – Beschlussmonitor<\/title>/);
  });

  it('a bad date cites the current state, as the page shows it', async () => {
    importSeed(connection);
    const citation = citationOf(decode((await app.inject(`${TOP}?stand=gestern`)).body));
    expect(citation).toContain(`<p>${CITED}. ${WORDING()} Dauerhafte Adresse: <a class="url" href="${TOP}">`);
  });

  it('the Word file names the day of its state and cites the address of that state', async () => {
    importSeed(connection);
    const asOf = await app.inject(`${TOP}/beschluss.docx?stand=2018-01-01`);
    expect(asOf.headers['content-disposition']).toMatch(/^attachment; filename="IntMK-12-TOP-2\.12-Fassung-1-Stand-2018-01-01\.docx"; /);
    const dated = readDocx(asOf.rawPayload).text;
    expect(dated).toContain('12. IntMK 2017 · TOP 2.12 · Umsetzungsstand am 1. Januar 2018');
    expect(dated).toContain(`${CITED}. Umsetzungsstand am 1. Januar 2018.`);
    expect(dated).toContain(`http://localhost:3000${TOP}?stand=2018-01-01`);
    const today = todayIso();
    const current = readDocx((await app.inject(`${TOP}/beschluss.docx`)).rawPayload).text;
    expect(current).toContain(`${CITED}. Umsetzungsstand am ${formatDateLong(today)}.`);
    expect(current).toContain(`http://localhost:3000${TOP}?stand=${today}`);
  });

  it('the PDF says which day its state is of, as of a day and for the current state', async () => {
    const { items } = importSeed(connection);
    recordFollowUp(connection.db, TEST_ACTOR, { resolutionId: items[0]!.id, demandId: null, date: '2018-06-03', actor: 'BMI', kind: 'report', summary: 'Bericht nach dem Stichtag.', link: null, resultingStatus: null, visibility: 'public' });
    if (!pdfAvailable()) return;
    const dated = (await extractPdfText(new Uint8Array((await app.inject(`${TOP}/beschluss.pdf?stand=2018-01-01`)).rawPayload))).replace(/\s+/g, ' ');
    // the page's notice is printed, without its link back to the current state
    expect(dated).toContain('Sie sehen den Umsetzungsstand zum 1. Januar 2018.');
    expect(dated).not.toContain('Aktuellen Stand anzeigen');
    // (compared without white space: the printed address may break at a line's end)
    expect(squeezed(dated)).toContain(squeezed(`Umsetzungsstand am 1. Januar 2018. ${WORDING()} Dauerhafte Adresse: http://localhost:3000/intmk/12/top/2.12?stand=2018-01-01`));
    expect(dated).not.toContain('Bericht nach dem Stichtag.');
    const today = todayIso();
    const current = (await extractPdfText(new Uint8Array((await app.inject(`${TOP}/beschluss.pdf`)).rawPayload))).replace(/\s+/g, ' ');
    expect(current).toContain(`Sie sehen den Umsetzungsstand zum ${formatDateLong(today)}.`);
    expect(squeezed(current)).toContain(squeezed(`Umsetzungsstand am ${formatDateLong(today)}. ${WORDING()} Dauerhafte Adresse: http://localhost:3000/intmk/12/top/2.12?stand=${today}`));
    expect(current).toContain('Bericht nach dem Stichtag.');
  });

  it('the PDF of a meeting\'s implementation report names the day of its state, today\'s for the current one', async () => {
    importSeed(connection);
    if (!pdfAvailable()) return;
    const current = (await extractPdfText(new Uint8Array((await app.inject('/intmk/12/umsetzungsbericht.pdf')).rawPayload))).replace(/\s+/g, ' ');
    expect(current).toContain(`Umsetzungsbericht 12. IntMK 2017, Stand am ${formatDateShort(todayIso())}`);
    const dated = (await extractPdfText(new Uint8Array((await app.inject('/intmk/12/umsetzungsbericht.pdf?stand=2018-01-01')).rawPayload))).replace(/\s+/g, ' ');
    expect(dated).toContain('Umsetzungsbericht 12. IntMK 2017, Stand am 01.01.2018');
  });
});
