/**
 * A TOP's citation for citation managers: BibTeX and RIS files with what the page's citation says
 * (the conference as institutional author, title, meeting, address, state and version), linked
 * from the citation; as of a day with that day's address.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { importSeed, useTestApp } from '../helpers.js';
import { todayIso } from '../../src/domain/dates.js';
import { bibtex, ris } from '../../src/domain/citation-formats.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built));

const TOP = '/intmk/12/top/2.12';

describe('citation formats', () => {
  it('gives the TOP as BibTeX, the conference as its institutional author', async () => {
    importSeed(connection);
    const response = await app.inject(`${TOP}/zitat.bib`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-bibtex; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="IntMK-12-TOP-2\.12-Fassung-1-Stand-\d{4}-\d{2}-\d{2}\.bib"/);
    const name = (connection.sqlite.prepare("select name from conferences where slug = 'intmk'").pluck().get() as string);
    const today = todayIso();
    expect(response.body).toBe(
      '@misc{intmk-12-top-2.12,\n' +
        `  author = {{${name}}},\n` +
        '  title = {Ausbau und Öffnung der Migrationsberatung},\n' +
        '  howpublished = {Beschluss der 12. IntMK 2017 (16.–17. März 2017, Friedrichshafen), TOP 2.12},\n' +
        '  date = {2017-03-16},\n' +
        '  year = {2017},\n' +
        '  location = {Friedrichshafen},\n' +
        '  publisher = {Beschlussmonitor},\n' +
        `  url = {http://localhost:3000${TOP}},\n` +
        `  urldate = {${today}},\n` +
        `  note = {${response.body.match(/note = \{(Umsetzungsstand am [^}]*)\}/)![1]}},\n` +
        '  langid = {ngerman}\n' +
        '}\n',
    );
    expect(response.body).toMatch(/note = \{Umsetzungsstand am \d+\. \S+ \d{4}\. Wortlaut: Fassung 1, gültig ab 16\. März 2017 \(im Archiv seit \d+\. \S+ \d{4}\)\}/);
  });

  it('gives the TOP as RIS, as of a day with that day\'s address and state', async () => {
    importSeed(connection);
    const response = await app.inject(`${TOP}/zitat.ris?stand=01.01.2018`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-research-info-systems; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/filename="IntMK-12-TOP-2\.12-Fassung-1-Stand-2018-01-01\.ris"/);
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe('TY  - GEN');
    expect(lines).toContain('TI  - Ausbau und Öffnung der Migrationsberatung');
    expect(lines).toContain('T2  - Beschluss der 12. IntMK 2017 (16.–17. März 2017, Friedrichshafen), TOP 2.12');
    expect(lines).toContain('DA  - 2017/03/16/');
    expect(lines).toContain('CY  - Friedrichshafen');
    expect(lines).toContain(`UR  - http://localhost:3000${TOP}?stand=2018-01-01`);
    expect(lines.find((l) => l.startsWith('N1  - '))).toMatch(/^N1 {2}- Umsetzungsstand am 1\. Januar 2018\. Wortlaut: Fassung 1, gültig ab 16\. März 2017 \(im Archiv seit /);
    // the full name has a comma, at which citation managers would split it into family and given name: the short name
    expect(lines).toContain('AU  - IntMK');
    // its own key: the state of that day is another reference than today's
    expect(lines).toContain('ID  - intmk-12-top-2.12-stand-2018-01-01');
    expect(lines.at(-2)).toBe('ER  - ');
    expect(lines.at(-1)).toBe('');
  });

  it('gives each state cited as of a day its own key, the same on every download of that address', async () => {
    importSeed(connection);
    const keyOf = async (url: string) => /^@misc\{([^,]+),/.exec((await app.inject(url)).body)![1];
    const keys = [await keyOf(`${TOP}/zitat.bib`), await keyOf(`${TOP}/zitat.bib?stand=2018-01-01`), await keyOf(`${TOP}/zitat.bib?stand=2020-06-30`)];
    expect(keys).toEqual(['intmk-12-top-2.12', 'intmk-12-top-2.12-stand-2018-01-01', 'intmk-12-top-2.12-stand-2020-06-30']);
    // the date as typed (01.01.2018) is the same state, so the same key
    expect(await keyOf(`${TOP}/zitat.bib?stand=01.01.2018`)).toBe(keys[1]);
  });

  it('is linked from the citation, with the state the page shows; refuses a bad date and knows no unreleased TOP', async () => {
    importSeed(connection);
    const page = (await app.inject(TOP)).body;
    expect(page).toContain(`<a href="${TOP}/zitat.bib" download>als BibTeX</a>`);
    expect(page).toContain(`<a href="${TOP}/zitat.ris" download>als RIS</a>`);
    expect((await app.inject(`${TOP}?stand=2018-01-01`)).body.replaceAll('&#x3D;', '=')).toContain(`<a href="${TOP}/zitat.bib?stand=2018-01-01" download>`);
    const bad = await app.inject(`${TOP}/zitat.bib?stand=gestern`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('„gestern“');
    const unknown = await app.inject(`${TOP}/zitat.ris?format=x`);
    expect(unknown.statusCode).toBe(400);
    expect((await app.inject('/intmk/12/top/9.99/zitat.bib')).statusCode).toBe(404);
    expect((await app.inject('/robots.txt')).body).toContain('Disallow: /*.bib$\n');
  });

  it('escapes what BibTeX reads as commands, and keeps RIS values on one line', () => {
    const record = {
      key: 'x-1-top-1',
      author: 'A & B',
      authorShort: 'AB',
      title: 'Kosten {100 %} für $ und #1_neu\\alt ~ ^',
      howPublished: 'Beschluss',
      date: '2020',
      place: null,
      url: 'https://example.org/a%20b?x={y}',
      accessed: '2026-12-07',
      note: 'Zeile eins\nZeile zwei',
      publisher: 'Beschlussmonitor',
    };
    const bib = bibtex(record);
    expect(bib).toContain('  author = {{A \\& B}},');
    expect(bib).toContain('  title = {Kosten \\{100 \\%\\} für \\$ und \\#1\\_neu\\textbackslash{}alt \\textasciitilde{} \\textasciicircum{}},');
    expect(bib).toContain('  url = {https://example.org/a\\%20b?x=%7By%7D},');
    expect(bib).not.toContain('location');
    const text = ris(record);
    expect(text).toContain('N1  - Zeile eins Zeile zwei\r\n');
    expect(text).toContain('DA  - 2020///\r\n');
    expect(text).not.toContain('CY  -');
    expect(text).toContain('AU  - A & B\r\n');
    expect(ris({ ...record, author: 'A, B' })).toContain('AU  - AB\r\n');
  });
});
