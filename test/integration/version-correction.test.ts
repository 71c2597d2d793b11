/**
 * A correction (Berichtigung): the secretariat puts right an error in a released wording (a typo)
 * and marks the change so. The corrected wording counts from the day of the one it corrects — a
 * citation as of an earlier day shows it and does not say the text changed since — and the
 * versions, the citation, the API, BibTeX and RIS name it "berichtigt am …". A tick that is no
 * correction is refused with a German message at the box, and nothing is saved.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { importSeed, loginSecretariat, useTestApp } from '../helpers.js';
import { formatDateLong } from '../../src/domain/dates.js';
import { versionDay } from '../../src/domain/version-diff.js';
import { decodeHtml, formFields, post } from './forms.js';

let app: FastifyInstance;
let connection: Connection;
let cookies: Record<string, string>;
const TOP = '/intmk/12/top/2.12';
const CORRECTION_BOX = 'name="berichtigung"';

useTestApp((built) => ({ app, connection } = built));
beforeEach(async () => {
  cookies = await loginSecretariat({ app, connection });
});

async function editForm(id: number) {
  const page = await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies });
  expect(page.statusCode).toBe(200);
  return { html: page.body, fields: formFields(page.body) };
}

/** Saves the form with the first Ziffer's `from` replaced by `to`, ticking "Berichtigung" when `correction`. */
async function editFirstDemand(id: number, from: string, to: string, correction: boolean) {
  const { fields } = await editForm(id);
  expect(String(fields.demand_0_text)).toContain(from);
  return post(app, `/verwaltung/beschluesse/${id}`, cookies, {
    ...fields,
    demand_0_text: String(fields.demand_0_text).replace(from, to),
    ...(correction ? { berichtigung: '1' } : {}),
  });
}

function versions(id: number) {
  return connection.sqlite.prepare('select number, action, valid_from as validFrom, correction from resolution_versions where resolution_id = ? order by number').all(id);
}

function state(id: number) {
  return {
    resolution: connection.sqlite.prepare('select version, title, updated_at from resolutions where id = ?').get(id),
    demands: connection.sqlite.prepare('select number, text from demands where resolution_id = ? order by position').all(id),
    versions: versions(id),
    audit: connection.sqlite.prepare("select count(*) from audit_log where entity_type = 'resolution'").pluck().get(),
  };
}

const today = () => versionDay(new Date().toISOString());

describe('a correction of a released wording', () => {
  it('is offered on the form with a German label and help, and keeps the day of the wording it corrects', async () => {
    const id = importSeed(connection).items[0]!.id;
    const { html } = await editForm(id);
    expect(html).toContain('<legend>Berichtigung</legend>');
    expect(html).toContain('<input type="checkbox" id="berichtigung" name="berichtigung" value="1" aria-describedby="berichtigung-hinweis">');
    expect(decodeHtml(html)).toContain('Diese Änderung ist eine Berichtigung: Sie korrigiert einen Fehler im freigegebenen Wortlaut');
    expect(decodeHtml(html)).toContain('<p class="hint" id="berichtigung-hinweis">Etwa ein Tipp- oder Übertragungsfehler.');

    expect((await editFirstDemand(id, 'unterstreicht', 'betont', true)).statusCode).toBe(303);
    expect(versions(id)).toEqual([
      { number: 1, action: 'import', validFrom: null, correction: 0 },
      // valid, as the wording it corrects, from the day of the meeting
      { number: 2, action: 'edit', validFrom: null, correction: 1 },
    ]);
    const entry = connection.sqlite.prepare("select action, entity_id as entityId from audit_log where entity_type = 'resolution' order by id desc limit 1").get();
    expect(entry).toEqual({ action: 'resolution.correct', entityId: String(id) });
    const corrected = `Fassung 2, gültig ab 16. März 2017 (berichtigt am ${formatDateLong(today())})`;

    // as of a day before the correction: the corrected wording, no notice of a change since
    const asOf = decodeHtml((await app.inject(`${TOP}?stand=2018-01-01`)).body);
    expect(asOf).toContain('betont');
    expect(asOf).not.toContain('Der Wortlaut dieses Beschlusses wurde nach dem');
    expect(asOf).toContain(`Wortlaut: ${corrected}.`);
    expect(asOf).toContain('<span class="version-mark">(am 1. Januar 2018 gültig, Wortlaut dieser Seite)</span>');
    expect(asOf).toContain(`<td>berichtigt am ${formatDateLong(today())}</td>`);
    // the version's own page and the list of versions
    expect(decodeHtml((await app.inject(`${TOP}/fassungen/2`)).body)).toContain(`berichtigt am ${formatDateLong(today())}`);
    expect(decodeHtml((await app.inject(`${TOP}/fassungen`)).body)).toContain(`<td>berichtigt am ${formatDateLong(today())}</td>`);

    // the API: the list, one version, the resolution as of a day
    const listed = (await app.inject('/api/v1/resolutions/intmk/12/2.12/versions')).json() as { items: { number: number; validFrom: string; correctedOn: string | null }[] };
    expect(listed.items.map(({ number, validFrom, correctedOn }) => ({ number, validFrom, correctedOn }))).toEqual([
      { number: 1, validFrom: '2017-03-16', correctedOn: null },
      { number: 2, validFrom: '2017-03-16', correctedOn: today() },
    ]);
    const version = (await app.inject('/api/v1/resolutions/intmk/12/2.12/versions/2')).json() as { citation: string; correctedOn: string };
    expect(version.citation).toContain(`Wortlaut: ${corrected}`);
    const resolution = (await app.inject('/api/v1/resolutions/intmk/12/2.12?stand=2018-01-01')).json() as { wording: { version: number; validFrom: string; correctedOn: string; asOfVersion: unknown } };
    expect(resolution.wording).toMatchObject({ version: 2, validFrom: '2017-03-16', correctedOn: today(), asOfVersion: null });

    // BibTeX and RIS
    expect(decodeHtml((await app.inject(`${TOP}/zitat.bib?stand=2018-01-01`)).body)).toContain(`Wortlaut: ${corrected}}`);
    expect((await app.inject(`${TOP}/zitat.ris`)).body).toContain(`Wortlaut: ${corrected}\r\n`);
  });

  it('of a wording changed later keeps that change\'s day; a change not marked is valid from its own day', async () => {
    const id = importSeed(connection).items[0]!.id;
    expect((await editFirstDemand(id, 'unterstreicht', 'betont', false)).statusCode).toBe(303);
    expect(versions(id)).toEqual([
      { number: 1, action: 'import', validFrom: null, correction: 0 },
      { number: 2, action: 'edit', validFrom: today(), correction: 0 },
    ]);
    // as if the change had been made on 2 February 2021
    connection.sqlite.prepare("update resolution_versions set valid_from = '2021-02-02' where resolution_id = ? and number = 2").run(id);
    expect((await editFirstDemand(id, 'betont', 'hebt hervor', true)).statusCode).toBe(303);
    expect(versions(id).at(-1)).toEqual({ number: 3, action: 'edit', validFrom: '2021-02-02', correction: 1 });
    const html = decodeHtml((await app.inject(`${TOP}?stand=2021-03-01`)).body);
    expect(html).toContain(`Wortlaut: Fassung 3, gültig ab 2. Februar 2021 (berichtigt am ${formatDateLong(today())}).`);
    expect(html).not.toContain('Der Wortlaut dieses Beschlusses wurde nach dem');
    // before the change of 2021: the wording as adopted, named with the version that holds it
    expect(decodeHtml((await app.inject(`${TOP}?stand=2020-01-01`)).body)).toContain('Der Wortlaut dieses Beschlusses wurde nach dem 1. Januar 2020 geändert.');
  });
});

describe('a tick that is no correction', () => {
  it('is refused for a resolution never released, whose form does not offer it: German message at the box, nothing saved', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    const { html } = await editForm(id);
    expect(html).not.toContain(CORRECTION_BOX);
    const before = state(id);
    const response = await editFirstDemand(id, 'unterstreicht', 'betont', true);
    expect(response.statusCode).toBe(422);
    const page = decodeHtml(response.body);
    expect(page).toContain('Eine Berichtigung gibt es nur bei einem freigegebenen Beschluss');
    expect(page).toContain('href="#berichtigung"');
    // what was typed comes back, the box too, where the message is and where it can be unticked
    expect(page).toContain('betont');
    expect(page).toContain('aria-describedby="berichtigung-hinweis berichtigung-fehler" checked aria-invalid="true">');
    expect(state(id)).toEqual(before);
  });

  it('is refused when the wording stays as it was: the box comes back ticked, marked invalid, with the message; nothing saved', async () => {
    const id = importSeed(connection).items[0]!.id;
    const before = state(id);
    const { fields } = await editForm(id);
    const response = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, berichtigung: '1' });
    expect(response.statusCode).toBe(422);
    const page = decodeHtml(response.body);
    expect(page).toContain('Als Berichtigung gespeichert werden kann nur eine Änderung des Wortlauts');
    expect(page).toContain('<a href="#berichtigung">');
    expect(page).toContain('aria-describedby="berichtigung-hinweis berichtigung-fehler" checked aria-invalid="true">');
    expect(page).toContain('<p class="field-error" id="berichtigung-fehler">');
    expect(state(id)).toEqual(before);
    // with another problem of the form, and with "more rows", the box stays ticked
    const more = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, berichtigung: '1', mehr: '1' });
    expect(more.body).toContain('name="berichtigung" value="1" aria-describedby="berichtigung-hinweis" checked>');
    const bad = await post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, berichtigung: '1', title: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('name="berichtigung" value="1" aria-describedby="berichtigung-hinweis" checked>');
    expect(state(id)).toEqual(before);
  });
});
