/** A demand's own citable address: /{conference}/{meeting}/top/{TOP}/ziffer/{n}. */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { importSeed, useTestApp, withoutOwnAddress } from '../helpers.js';
import { readDocx } from '../docx.js';
import { formatDateLong, todayIso } from '../../src/domain/dates.js';

let app: FastifyInstance;
let connection: Connection;

useTestApp((built) => ({ app, connection } = built));

const decode = (html: string) => html.replace(/&#x3D;/g, '=').replace(/&quot;/g, '"');

describe('demand address', () => {
  it('leads to the demand on the TOP page, keeping ?stand=', async () => {
    importSeed(connection);
    const response = await app.inject('/intmk/12/top/2.12/ziffer/3');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/intmk/12/top/2.12#ziffer-3');
    const asOf = await app.inject('/intmk/12/top/2.12/ziffer/3?stand=2018-01-01');
    expect(asOf.headers.location).toBe('/intmk/12/top/2.12?stand=2018-01-01#ziffer-3');
    const page = await app.inject('/intmk/12/top/2.12');
    expect(page.body).toContain('id="ziffer-3"');
  });

  it('is offered in the citation suggestion with its text', async () => {
    importSeed(connection);
    const html = decode((await app.inject('/intmk/12/top/2.12')).body);
    expect(html).toContain('Beschluss der 12. IntMK 2017 (16.–17. März 2017, Friedrichshafen), TOP 2.12, Ziffer 3: <a class="url" href="/intmk/12/top/2.12/ziffer/3">');
    expect(html).toMatch(/<a class="url" href="\/intmk\/12\/top\/2\.12\/ziffer\/3">http[^<]*\/intmk\/12\/top\/2\.12\/ziffer\/3<\/a>/);
  });

  it('names the TOP in the same words as its Ziffern, on the page and in the Word file', async () => {
    importSeed(connection);
    const html = decode((await app.inject('/intmk/12/top/2.12')).body);
    const wording = 'Beschluss der 12. IntMK 2017 (16.–17. März 2017, Friedrichshafen), TOP 2.12: „Ausbau und Öffnung der Migrationsberatung“';
    expect(html).toContain(`<p>${wording}. Wortlaut: Fassung 1, gültig ab 16. März 2017 (im Archiv seit ${formatDateLong(todayIso())}). Dauerhafte Adresse:`);
    expect(readDocx((await app.inject('/intmk/12/top/2.12/beschluss.docx')).rawPayload).text).toContain(wording);
    // the conference is named once, by the meeting
    expect(html).not.toContain('IntMK, 12. IntMK 2017');
  });

  it('answers an unknown number, an unreleased TOP and a malformed number with the 404 of an unknown TOP', async () => {
    importSeed(connection, 'draft');
    const unknownTop = await app.inject('/intmk/12/top/9.99');
    expect(unknownTop.statusCode).toBe(404);
    for (const url of ['/intmk/12/top/2.12/ziffer/3', '/intmk/12/top/9.99/ziffer/1', '/intmk/12/top/2.12/ziffer/%3Cx%3E']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(withoutOwnAddress(response.body), url).toBe(withoutOwnAddress(unknownTop.body));
    }
  });

  it('answers a number the TOP does not have with the same 404', async () => {
    importSeed(connection);
    const unknownTop = await app.inject('/intmk/12/top/9.99');
    const response = await app.inject('/intmk/12/top/2.12/ziffer/99');
    expect(response.statusCode).toBe(404);
    expect(withoutOwnAddress(response.body)).toBe(withoutOwnAddress(unknownTop.body));
  });
});
