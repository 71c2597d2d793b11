/**
 * One rule for the counts of a counted vote (src/domain/vote-counts.ts), in the import's preview,
 * the resolution form and the import of a document alike: the yes votes are needed, no votes and
 * abstentions may stay empty, together at most 16. The same input gets the same German message in
 * both forms, and a refused form changes nothing.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { resolutions } from '../../db/schema.js';
import { importSeed, loginSecretariat, readFixture, seedDocument, TEST_ACTOR, useTestApp } from '../helpers.js';
import { decodeHtml, formFields, multipart, post } from './forms.js';
import { importDocument } from '../../src/services/import.js';
import { RefusedError } from '../../src/services/types.js';
import { uiTextOf } from '../../src/i18n.js';

let app: FastifyInstance;
let connection: Connection;
useTestApp((built) => ({ app, connection } = built));

const YES_MISSING = 'Bei ausgezählter Abstimmung bitte die Ja-Stimmen angeben.';
const TOO_MANY = 'Ja, Nein und Enthaltungen ergeben zusammen 17 Stimmen; es sind höchstens 16 (eine je Land).';

function secretariat(): Promise<Record<string, string>> {
  return loginSecretariat({ app, connection });
}

/** The preview's fields of the seed text (12. IntMK 2017, TOP 2.12) as a browser sends them back. */
async function previewFields(cookies: Record<string, string>) {
  const token = decodeHtml(/name="_csrf" value="([^"]*)"/.exec((await app.inject({ url: '/verwaltung/import', cookies })).body)![1]!);
  const upload = multipart({ _csrf: token }, { name: 'intmk.txt', content: readFixture('import/intmk-2017-top-2.12.txt'), type: 'text/plain' });
  const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
  return formFields(preview.body, 'class="import-files"');
}

/** The message the page shows at a field. */
function fieldError(html: string, id: string): string | undefined {
  const match = new RegExp(`<p class="field-error" id="${id}-fehler">([^<]*)</p>`).exec(html);
  return match ? decodeHtml(match[1]!) : undefined;
}

describe('the counts of a counted vote', () => {
  it('need the yes votes and at most 16 together in the import preview; empty no votes and abstentions are none', async () => {
    const cookies = await secretariat();
    const fields = { ...(await previewFields(cookies)), f0_r0_voting: 'counted' };
    const confirm = (counts: Record<string, string>) => post(app, '/verwaltung/import/speichern', cookies, { ...fields, ...counts });

    const missing = await confirm({ f0_r0_yes: '', f0_r0_no: '2', f0_r0_abstain: '' });
    expect(missing.statusCode).toBe(422);
    expect(fieldError(missing.body, 'f0_r0_yes')).toBe(`TOP 2.12 der 12. IntMK 2017: ${YES_MISSING}`);
    expect(missing.body).toContain('<a href="#f0_r0_yes">');
    const tooMany = await confirm({ f0_r0_yes: '12', f0_r0_no: '3', f0_r0_abstain: '2' });
    expect(tooMany.statusCode).toBe(422);
    expect(fieldError(tooMany.body, 'f0_r0_yes')).toBe(`TOP 2.12 der 12. IntMK 2017: ${TOO_MANY}`);
    // the refused values stay in their fields
    expect(tooMany.body).toMatch(/name="f0_r0_abstain" inputmode="numeric" value="2"/);
    expect(connection.db.select().from(resolutions).all()).toEqual([]);

    expect((await confirm({ f0_r0_yes: '13', f0_r0_no: '', f0_r0_abstain: '' })).statusCode).toBe(303);
    expect(connection.db.select().from(resolutions).get()).toMatchObject({ voting: 'counted', votesYes: 13, votesNo: null, votesAbstain: null });
  });

  it('follow the same rule, with the same message, in the resolution form', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    const cookies = await secretariat();
    const fields = formFields((await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body);
    const stored = () => connection.db.select({ version: resolutions.version, yes: resolutions.votesYes }).from(resolutions).where(eq(resolutions.id, id)).get();
    const before = stored();
    const save = (counts: Record<string, string>) => post(app, `/verwaltung/beschluesse/${id}`, cookies, { ...fields, voting: 'counted', ...counts });

    const missing = await save({ votesYes: '', votesNo: '2', votesAbstain: '' });
    expect(missing.statusCode).toBe(422);
    expect(fieldError(missing.body, 'votesYes')).toBe(YES_MISSING);
    const tooMany = await save({ votesYes: '12', votesNo: '3', votesAbstain: '2' });
    expect(tooMany.statusCode).toBe(422);
    expect(fieldError(tooMany.body, 'votesYes')).toBe(TOO_MANY);
    expect(stored()).toEqual(before);
    // the rule is said beside the counts, before anything is refused
    expect(decodeHtml(tooMany.body)).toContain('<p class="hint" id="votes-hint">Stimmenzahlen gelten nur bei ausgezählter Abstimmung');

    expect((await save({ votesYes: '13', votesNo: '', votesAbstain: '' })).statusCode).toBe(303);
    expect(connection.db.select().from(resolutions).where(eq(resolutions.id, id)).get()).toMatchObject({ voting: 'counted', votesYes: 13, votesNo: null, votesAbstain: null });
  });

  it('are checked by the same rule when a document is imported (command line, interchange JSON)', () => {
    const document = seedDocument();
    const resolution = document.resolutions[0]!;
    const refusal = (decision: object): string[] => {
      try {
        importDocument(connection.db, TEST_ACTOR, { resolutions: [{ ...resolution, decision: { ...resolution.decision, ...decision } }] }, { source: 'Test' });
        return [];
      } catch (error) {
        if (!(error instanceof RefusedError)) throw error;
        return error.problems.map(uiTextOf);
      }
    };
    expect(refusal({ voting: 'counted', no: 2 })).toEqual([`TOP 2.12 der 12. IntMK 2017: ${YES_MISSING}`]);
    expect(refusal({ voting: 'counted', yes: 12, no: 3, abstain: 2 })).toEqual([`TOP 2.12 der 12. IntMK 2017: ${TOO_MANY}`]);
    expect(connection.db.select().from(resolutions).all()).toEqual([]);
    expect(refusal({ voting: 'counted', yes: 13 })).toEqual([]);
    expect(connection.db.select().from(resolutions).get()).toMatchObject({ votesYes: 13, votesNo: null });
  });

  it('are named by one term, "ausgezählt", in the preview as in the resolution form (until 07.12.2026 the preview said "mit Stimmenzahlen")', async () => {
    const id = importSeed(connection, 'draft').items[0]!.id;
    const cookies = await secretariat();
    const token = decodeHtml(/name="_csrf" value="([^"]*)"/.exec((await app.inject({ url: '/verwaltung/import', cookies })).body)![1]!);
    const upload = multipart({ _csrf: token }, { name: 'intmk.txt', content: readFixture('import/intmk-2017-top-2.12.txt'), type: 'text/plain' });
    const preview = (await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload })).body;
    const form = (await app.inject({ url: `/verwaltung/beschluesse/${id}`, cookies })).body;
    const options = (html: string, select: string) => [...new RegExp(`<select id="${select}"[^>]*>([\\s\\S]*?)</select>`).exec(html)![1]!.matchAll(/<option value="(\w+)"[^>]*>([^<]*)</g)].map((m) => [m[1], decodeHtml(m[2]!)]);
    expect(options(preview, 'f0_r0_voting')).toEqual(options(form, 'voting'));
    expect(options(form, 'voting')).toContainEqual(['counted', 'ausgezählt (Ja:Nein:Enthaltung)']);
    expect(decodeHtml(preview)).not.toContain('mit Stimmenzahlen');
  });
});
