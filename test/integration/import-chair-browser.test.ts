/**
 * The chair a text names ("Vorsitz: … Saarland") in the browser's import: the preview proposes it in
 * a field of its own beside the parsed document (the interchange format has no chair), and the
 * confirmation stores it with the meeting the import creates.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Connection } from '../../db/connection.js';
import { meetings } from '../../db/schema.js';
import { buildTestApp, conferenceIdOf, loginAs } from '../helpers.js';
import { decodeHtml, formFields, multipart, post } from './forms.js';
import { createUser } from '../../src/services/users.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, { userId: null, name: 'test' }, {
    email: 'gs@intmk.example', name: 'GS IntMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection, 'IntMK')], password: PASSWORD,
  });
});
afterEach(async () => {
  await app.close();
});

const TEXT = ['27. Konferenz der für Integration zuständigen Ministerinnen und Minister', 'am 21. und 22. März 2031 in Überherrn',
  'Vorsitz: Ministerin für Arbeit, Familie, Prävention, Soziales und Sport, Saarland', '',
  'TOP 2.1 Einbürgerung', 'Die IntMK hat einstimmig beschlossen:', '1. Die IntMK bittet den Bund, zu handeln.'].join('\n');

function hidden(html: string, name: string): string {
  return decodeHtml(new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!);
}

describe('the chair in the browser\'s import', () => {
  it('is proposed beside the parsed document and stored with the new meeting', async () => {
    const cookies = await loginAs(app, 'gs@intmk.example', PASSWORD);
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...multipart({ _csrf: token }, { name: 'intmk.txt', content: TEXT, type: 'text/plain' }) });
    expect(preview.statusCode).toBe(200);
    const fields = formFields(preview.body, 'class="import-files"');
    expect(fields.f0_chair).toBe('SL');
    expect(JSON.parse(hidden(preview.body, 'f0_document')).resolutions[0].meeting).not.toHaveProperty('chairLand');
    const saved = await post(app, '/verwaltung/import/speichern', cookies, fields);
    expect(saved.statusCode).toBe(303);
    const meeting = connection.db.select().from(meetings).where(eq(meetings.number, 27)).all();
    expect(meeting.map((m) => m.chairLand)).toEqual(['SL']);
  });
});
