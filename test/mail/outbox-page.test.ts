/** /verwaltung/postausgang: what administrators see of the outbox, with and without an SMTP server. */
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { mailOutbox } from '../../db/schema.js';
import { renderMail } from '../../src/domain/mail-message.js';
import { enqueueMail } from '../../src/services/outbox.js';
import { createUser } from '../../src/services/users.js';
import { buildTestApp, loginAs, TEST_ACTOR } from '../helpers.js';

const ADMIN = { email: 'admin@bund.example', password: 'Verwaltung ist mein Leben 2026' };
const LAND = { email: 'ref@land.example', password: 'korrekt Pferd Batterie Heftklammer' };

let app: FastifyInstance;
let connection: Connection;

afterEach(async () => {
  await app.close();
  connection.close();
});

function mail(subject: string, body: string) {
  return renderMail({ subject, greeting: 'Guten Tag,', paragraphs: [body], link: { label: 'Öffnen', url: 'http://localhost:3000/' }, closing: 'Gruß', footer: [] });
}

async function setUp(smtpUrl: string | null) {
  ({ app, connection } = await buildTestApp({ smtpUrl }));
  await createUser(connection.db, TEST_ACTOR, { email: ADMIN.email, name: 'Ada Admin', role: 'admin', password: ADMIN.password });
  await createUser(connection.db, TEST_ACTOR, { email: LAND.email, name: 'Referentin', role: 'land', land: 'BY', password: LAND.password });
  return connection.db.transaction((tx) => ({
    reminder: enqueueMail(tx, { kind: 'reminder', recipient: 'gs@intmk.example', userId: null, message: mail('Bericht fällig: TOP <2.12>', 'Der Bericht zu TOP 2.12 ist fällig.') }, 'example.org'),
    reset: enqueueMail(tx, { kind: 'password_reset', recipient: 'ref@land.example', userId: null, message: mail('Passwort zurücksetzen', 'Geheimer Link: http://localhost:3000/passwort-setzen/GEHEIM'), sensitive: true }, 'example.org'),
  }));
}

describe('the outbox page', () => {
  it('lists every message and says plainly that nothing is sent without SMTP_URL', async () => {
    const ids = await setUp(null);
    const cookies = await loginAs(app, ADMIN.email, ADMIN.password);
    const page = await app.inject({ url: '/verwaltung/postausgang', cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Es werden keine E-Mails versendet.');
    expect(page.body).toContain('SMTP_URL');
    expect(page.body).toContain('Bericht fällig: TOP &lt;2.12&gt;');
    expect(page.body).toContain('Erinnerung an Berichtsauftrag');
    expect(page.body).toContain('Passwort zurücksetzen');
    expect(page.body).toContain('<span class="outbox-state outbox-state-pending">wartet</span>');
    expect(page.body).not.toContain('gesendet am');
    expect(page.body).toContain('2 Nachrichten');
    expect(page.body).not.toContain('GEHEIM');

    const reminder = await app.inject({ url: `/verwaltung/postausgang/${ids.reminder}`, cookies });
    expect(reminder.body).toContain('Der Bericht zu TOP 2.12 ist fällig.');
    const reset = await app.inject({ url: `/verwaltung/postausgang/${ids.reset}`, cookies });
    expect(reset.statusCode).toBe(200);
    expect(reset.body).toContain('enthält einen persönlichen Link');
    expect(reset.body).not.toContain('GEHEIM');
    expect((await app.inject({ url: '/verwaltung/postausgang/999', cookies })).statusCode).toBe(404);

    const pending = await app.inject({ url: '/verwaltung/postausgang?status=wartend', cookies });
    expect(pending.body).toContain('2 Nachrichten');
    const sent = await app.inject({ url: '/verwaltung/postausgang?status=gesendet', cookies });
    expect(sent.body).toContain('Keine Nachrichten.');
    const unknown = await app.inject({ url: '/verwaltung/postausgang?status=irgendwas', cookies });
    expect(unknown.statusCode).toBe(200);
    expect(unknown.body).toContain('Unbekannter Zustand „irgendwas“');
  });

  it('is for administrators only', async () => {
    await setUp(null);
    const cookies = await loginAs(app, LAND.email, LAND.password);
    expect((await app.inject({ url: '/verwaltung/postausgang', cookies })).statusCode).toBe(403);
    const anonymous = await app.inject({ url: '/verwaltung/postausgang' });
    expect(anonymous.statusCode).toBe(303);
  });

  it('queues a failed message again; other states cannot be queued again', async () => {
    const ids = await setUp('smtp://127.0.0.1:1');
    connection.db.update(mailOutbox).set({ state: 'failed', attempts: 1, lastError: 'Der SMTP-Server hat die Nachricht abgelehnt: 550 unbekannt' }).where(eq(mailOutbox.id, ids.reminder)).run();
    const cookies = await loginAs(app, ADMIN.email, ADMIN.password);
    const list = await app.inject({ url: '/verwaltung/postausgang', cookies });
    expect(list.body).not.toContain('Es werden keine E-Mails versendet.');
    expect(list.body).toContain('550 unbekannt');
    const detail = await app.inject({ url: `/verwaltung/postausgang/${ids.reminder}`, cookies });
    const token = /name="_csrf" value="([^"]+)"/.exec(detail.body)![1]!;
    const requeued = await app.inject({ method: 'POST', url: `/verwaltung/postausgang/${ids.reminder}/erneut`, cookies, payload: { _csrf: token } });
    expect(requeued.statusCode).toBe(303);
    expect(connection.db.select().from(mailOutbox).where(eq(mailOutbox.id, ids.reminder)).get()).toMatchObject({ state: 'pending', attempts: 0 });
    const refused = await app.inject({ method: 'POST', url: `/verwaltung/postausgang/${ids.reset}/erneut`, cookies, payload: { _csrf: token } });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Nur fehlgeschlagene Nachrichten können erneut gesendet werden.');
  });
});
