/**
 * The audit log as a spreadsheet file: 50,000 entries take seconds to write as .xlsx, on a worker
 * thread, while the server goes on answering other requests (told by the order in which the
 * answers arrive, no clock); a filter wider than a file holds is refused with a German message.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { strFromU8, unzipSync } from 'fflate';
import type { Connection } from '../../db/connection.js';
import { AUDIT_EXPORT_LIMIT } from '../../src/services/audit-query.js';
import { createUser } from '../../src/services/users.js';
import { buildTestApp, loginAs, TEST_ACTOR } from '../helpers.js';
import { writeAuditEntries } from './audit-entries.js';

const PASSWORD = 'ein langes sicheres Passwort';

let app: FastifyInstance;
let connection: Connection;
let admin: Record<string, string>;

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, TEST_ACTOR, { email: 'admin@bund.example', name: 'Administration', role: 'admin', password: PASSWORD });
  admin = await loginAs(app, 'admin@bund.example', PASSWORD);
});

afterEach(async () => {
  await app.close();
});

describe('the audit log as a spreadsheet file', () => {
  it('is written while the server answers other requests', { timeout: 180_000 }, async () => {
    // what the log holds besides: the account and the login above
    const before = Number(connection.sqlite.prepare('select count(*) from audit_log').pluck().get());
    writeAuditEntries(connection.sqlite, AUDIT_EXPORT_LIMIT - before);
    const answered: string[] = [];
    const download = app.inject({ url: '/verwaltung/protokoll.xlsx', cookies: admin }).then((response) => {
      answered.push('Tabellendatei');
      return response;
    });
    // one request after the other, each sent when the one before was answered
    for (const url of ['/healthz', '/verwaltung/protokoll', '/suche?q=Titel', '/verwaltung/protokoll?seite=2', '/']) {
      const response = await app.inject({ url, cookies: admin });
      expect(response.statusCode, url).toBe(200);
      answered.push(url);
    }
    const file = await download;
    answered.push('Ende');
    expect(answered).toEqual(['/healthz', '/verwaltung/protokoll', '/suche?q=Titel', '/verwaltung/protokoll?seite=2', '/', 'Tabellendatei', 'Ende']);

    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="aenderungsprotokoll-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const parts = unzipSync(new Uint8Array(file.rawPayload));
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']!);
    // the header row and every entry, the newest first
    expect(sheet.split('<row ').length - 1).toBe(AUDIT_EXPORT_LIMIT + 1);
    const text = sheet + strFromU8(parts['xl/sharedStrings.xml'] ?? new Uint8Array());
    const newest = AUDIT_EXPORT_LIMIT - before - 1;
    const [first, oldest] = [text.indexOf(`Titel: Titel ${newest} vorher → Titel ${newest} nachher`), text.indexOf('Titel: Titel 0 vorher → Titel 0 nachher')];
    expect(first).toBeGreaterThan(-1);
    expect(oldest).toBeGreaterThan(first);
  });

  it('refuses a filter with more entries than a file holds, in German, and writes nothing', { timeout: 60_000 }, async () => {
    const before = Number(connection.sqlite.prepare('select count(*) from audit_log').pluck().get());
    writeAuditEntries(connection.sqlite, AUDIT_EXPORT_LIMIT - before + 1);
    const refused = await app.inject({ url: '/verwaltung/protokoll.xlsx', cookies: admin });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(refused.body).toBe(
      'Diese Filter treffen auf 50.001 Einträge zu; eine Tabellendatei enthält höchstens 50.000. Bitte grenzen Sie den Zeitraum (von, bis) oder die Objektart ein. Es wurde keine Datei erstellt.',
    );
    // a period within the limit is written
    const january = await app.inject({ url: '/verwaltung/protokoll.xlsx?von=01.01.2025&bis=02.01.2025', cookies: admin });
    expect(january.statusCode).toBe(200);
    const sheet = strFromU8(unzipSync(new Uint8Array(january.rawPayload))['xl/worksheets/sheet1.xml']!);
    expect(sheet.split('<row ').length - 1).toBe(2 * 24 * 60 - 60 + 1);
  });
});
