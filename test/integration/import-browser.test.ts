import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { buildTestApp, loginAs as login, readFixture, conferenceIdOf } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { resolutions } from '../../db/schema.js';

let app: FastifyInstance;
let connection: Connection;
const PASSWORD = 'ein langes sicheres Passwort';

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, { userId: null, name: 'test' }, { email: 'gs@example.org', name: 'GS', role: 'secretariat', conferenceIds: [conferenceIdOf(connection, 'GMK')], password: PASSWORD });
  await createUser(connection.db, { userId: null, name: 'test' }, { email: 'gs@intmk.example', name: 'GS IntMK', role: 'secretariat', conferenceIds: [conferenceIdOf(connection, 'IntMK')], password: PASSWORD });
});
afterEach(async () => {
  await app.close();
});


const loginSecretariat = () => login(app, 'gs@example.org', PASSWORD);

function multipart(fields: Record<string, string>, file?: { name: string; content: string | Buffer; type: string }) {
  const boundary = '----bm-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="datei"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function decode(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&amp;/g, '&');
}

function hidden(html: string, name: string): string {
  return decode(new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!);
}

describe('import in the browser', () => {
  it('shows a preview with warnings beside the source, stores nothing before the confirmation, then stores corrected drafts', async () => {
    const cookies = await loginSecretariat();
    const page = await app.inject({ url: '/verwaltung/import', cookies });
    expect(page.statusCode).toBe(200);
    const token = hidden(page.body, '_csrf');
    const upload = multipart({ _csrf: token }, { name: 'gmk.txt', content: readFixture('import/synthetic-gmk-2011-ergebnisniederschrift.txt'), type: 'text/plain' });
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('TOP 5.1 der 84. GMK 2011');
    expect(preview.body).toContain('Antragsteller „Vorsitzland“ ist kein Land'); // the parser's warning, in German
    expect(preview.body).toContain('id="zeile-23"');
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);

    const form = new URLSearchParams({
      _csrf: hidden(preview.body, '_csrf'),
      source: hidden(preview.body, 'source'),
      document: hidden(preview.body, 'document'),
      lines: hidden(preview.body, 'lines'),
      r_0_include: '1', r_0_title: 'Hausärztliche Versorgung im ländlichen Raum sichern', r_0_agendaItem: '5.1',
      r_1_include: '1', r_1_title: '', r_1_agendaItem: '5.2',
    });
    const broken = new URLSearchParams(form);
    broken.set('warnings', hidden(preview.body, 'warnings'));
    broken.set('r_0_agendaItem', 'kein TOP!');
    const refused = await app.inject({ method: 'POST', url: '/verwaltung/import/speichern', cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: broken.toString() });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Antragsteller „Vorsitzland“ ist kein Land'); // the warnings come back with the corrections
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);

    const saved = await app.inject({ method: 'POST', url: '/verwaltung/import/speichern', cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('angelegt');
    const rows = connection.db.select().from(resolutions).all();
    expect(rows.map((r) => r.agendaItem).sort()).toEqual(['5.1', '5.2']);
    expect(rows.find((r) => r.agendaItem === '5.1')!.title).toBe('Hausärztliche Versorgung im ländlichen Raum sichern');
    expect(rows.every((r) => r.release === 'draft' && r.source === 'gmk.txt')).toBe(true);
  });

  it('refuses a document of another conference with a German message and stores nothing', async () => {
    const cookies = await login(app, 'gs@intmk.example', PASSWORD);
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const upload = multipart({ _csrf: token }, { name: 'gmk.txt', content: readFixture('import/synthetic-gmk-2011-ergebnisniederschrift.txt'), type: 'text/plain' });
    const preview = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
    expect(preview.statusCode).toBe(200);
    const form = new URLSearchParams({
      _csrf: hidden(preview.body, '_csrf'),
      source: hidden(preview.body, 'source'),
      document: hidden(preview.body, 'document'),
      lines: hidden(preview.body, 'lines'),
      r_0_include: '1',
    });
    const before = connection.sqlite.prepare('select (select count(*) from resolutions) || \'/\' || (select count(*) from meetings) || \'/\' || (select count(*) from audit_log)').pluck().get();
    const saved = await app.inject({ method: 'POST', url: '/verwaltung/import/speichern', cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(saved.statusCode).toBe(422);
    expect(saved.body).toContain('Konferenz „GMK“, für die Ihr Konto nicht arbeitet');
    expect(connection.sqlite.prepare('select (select count(*) from resolutions) || \'/\' || (select count(*) from meetings) || \'/\' || (select count(*) from audit_log)').pluck().get()).toBe(before);
  });

  it('checks the role before it reads an upload: nobody else\'s 9 MB are received', async () => {
    await createUser(connection.db, { userId: null, name: 'test' }, { email: 'land@by.example', name: 'L', role: 'land', land: 'BY', password: PASSWORD });
    const land = await login(app, 'land@by.example', PASSWORD);
    for (const [who, cookies, status] of [['anonymous', {}, 401], ['land', land, 403]] as const) {
      let pulled = 0;
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const body = new Readable({
        read() {
          if (pulled >= 9 * 1024 * 1024) return this.push(null);
          pulled += chunk.length;
          this.push(chunk);
        },
      });
      const response = await app.inject({
        method: 'POST', url: '/verwaltung/import/vorschau', cookies,
        headers: { 'content-type': 'multipart/form-data; boundary=----x', 'content-length': String(9 * 1024 * 1024) },
        payload: body,
      });
      expect(response.statusCode, who).toBe(status);
      expect(pulled, `${who}: bytes read from the upload`).toBeLessThan(1024 * 1024);
    }
  });

  it('answers a malformed or unprotected multipart body with a German 400/403, never 500', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const broken = [
      Buffer.from('--nicht-die-grenze\r\nContent-Disposition: form-data; name="text"\r\n\r\nabc'),
      Buffer.from(`------bm-test-boundary\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n------bm-test-boundary\r\nContent-Dispo`),
      Buffer.from('------bm-test-boundary\r\nKaputt ohne Kopf\r\n\r\n'),
    ];
    for (const payload of broken) {
      const response = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, headers: { 'content-type': 'multipart/form-data; boundary=----bm-test-boundary' }, payload });
      expect([400, 403], payload.toString().slice(0, 40)).toContain(response.statusCode);
      expect(response.headers['content-security-policy']).toBeDefined();
      expect(response.body).toMatch(/beschädigt|abgelaufen/);
    }
    const withoutToken = multipart({ text: 'TOP 1 Irgendwas' });
    const refused = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...withoutToken });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Formular abgelaufen');
  });

  it('answers bad uploads and tampered confirmations with a German message and stores nothing', async () => {
    const cookies = await loginSecretariat();
    const token = hidden((await app.inject({ url: '/verwaltung/import', cookies })).body, '_csrf');
    const cases: [ReturnType<typeof multipart>, RegExp][] = [
      [multipart({ _csrf: token, text: '' }), /Bitte eine Datei auswählen oder einen Text einfügen/],
      [multipart({ _csrf: token }, { name: 'leer.txt', content: '', type: 'text/plain' }), /ist leer/],
      [multipart({ _csrf: token }, { name: 'x.pdf', content: Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2]), type: 'application/pdf' }), /keine lesbare PDF-Datei/],
      [multipart({ _csrf: token, text: 'Nur ein Brief ohne Tagesordnung.' }), /keinen Tagesordnungspunkt/],
    ];
    for (const [upload, message] of cases) {
      const response = await app.inject({ method: 'POST', url: '/verwaltung/import/vorschau', cookies, ...upload });
      expect(response.statusCode).toBe(422);
      expect(response.body).toMatch(message);
    }
    const tampered = new URLSearchParams({ _csrf: token, source: 'x', document: '{"resolutions":[{"conference":"IntMK"}],"warnings":[]}' });
    const refused = await app.inject({ method: 'POST', url: '/verwaltung/import/speichern', cookies, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: tampered.toString() });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('unvollständig oder wurde verändert');
    expect(connection.db.select().from(resolutions).all()).toHaveLength(0);
  });
});
