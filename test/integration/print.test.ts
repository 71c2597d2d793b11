/**
 * Printing a resolution's page as its users see it: the PDF of a TOP is printed with the viewer's
 * own view (their cookies), so the page's controls for logged-in users — watch buttons, the links
 * to record a follow-up, the secretariat's edit button — must stay off the paper.
 */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { conferenceIdOf, importSeed, loginAs, TEST_ACTOR, useTestApp } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { pdfAvailable } from '../../src/services/pdf-print.js';
import { extractPdfText } from '../../src/services/pdf-text.js';

let app: FastifyInstance;
let connection: Connection;

useTestApp((built) => ({ app, connection } = built));

const PASSWORD = 'ein langes sicheres Passwort';

describe('the PDF of a TOP for a logged-in viewer', () => {
  it('leaves out the watch buttons, the links to record a follow-up and the edit button', async () => {
    importSeed(connection, 'public');
    await createUser(connection.db, TEST_ACTOR, { email: 'be@land.example', name: 'Referent Berlin', role: 'land', land: 'BE', password: PASSWORD });
    await createUser(connection.db, TEST_ACTOR, { email: 'gs@intmk.example', name: 'Geschäftsstelle', role: 'secretariat', conferenceIds: [conferenceIdOf(connection, 'IntMK')], password: PASSWORD });
    for (const email of ['be@land.example', 'gs@intmk.example']) {
      const cookies = await loginAs(app, email, PASSWORD);
      const page = await app.inject({ url: '/intmk/12/top/2.12', cookies });
      // the page itself offers them
      expect(page.body).toContain('Beschluss beobachten');
      expect(page.body).toContain('Folgemaßnahme zu Ziffer 2 erfassen');
      const pdf = await app.inject({ url: '/intmk/12/top/2.12/beschluss.pdf', cookies });
      if (!pdfAvailable()) {
        expect(pdf.statusCode).toBe(404);
        continue;
      }
      expect(pdf.statusCode).toBe(200);
      const text = (await extractPdfText(new Uint8Array(pdf.rawPayload))).replace(/\s+/g, ' ');
      expect(text).toContain('Ausbau und Öffnung der Migrationsberatung');
      expect(text).toContain('Ziffer 2');
      for (const control of ['beobachten', 'erfassen', 'Bearbeiten']) expect(text).not.toContain(control);
    }
  });
});
