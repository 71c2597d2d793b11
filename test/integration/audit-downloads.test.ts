/**
 * The audit log as CSV and JSON: streamed, a piece of entries at a time, read from the database
 * as the client takes the file (backpressure), while the server answers other requests (told by
 * the order of the answers, no clock); every entry of the filter is in the file — more than the
 * 50,000 a spreadsheet file holds, none cut off unsaid.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Connection } from '../../db/connection.js';
import { AUDIT_EXPORT_LIMIT } from '../../src/services/audit-query.js';
import { createUser } from '../../src/services/users.js';
import { buildTestApp, loginAs, TEST_ACTOR } from '../helpers.js';
import { writeAuditEntries } from './audit-entries.js';

const PASSWORD = 'ein langes sicheres Passwort';

let app: FastifyInstance;
let connection: Connection;
let admin: Record<string, string>;

function entriesInLog(): number {
  return Number(connection.sqlite.prepare('select count(*) from audit_log').pluck().get());
}

/** The CSV file's records (a changed-fields cell holds line breaks: a record starts with its UTC time). */
function csvRecords(body: string): string[] {
  return body.replace(/^\uFEFF/, '').replace(/\r\n$/, '').split(/\r\n(?=\d{4}-\d{2}-\d{2}T)/);
}

beforeEach(async () => {
  ({ app, connection } = await buildTestApp());
  await createUser(connection.db, TEST_ACTOR, { email: 'admin@bund.example', name: 'Administration', role: 'admin', password: PASSWORD });
  admin = await loginAs(app, 'admin@bund.example', PASSWORD);
});

afterEach(async () => {
  await app.close();
});

describe('the audit log as CSV and JSON', () => {
  it('streams every entry, more than a spreadsheet file holds, while the server answers other requests', { timeout: 180_000 }, async () => {
    writeAuditEntries(connection.sqlite, AUDIT_EXPORT_LIMIT + 1);
    const total = entriesInLog();
    const answered: string[] = [];
    const download = app.inject({ url: '/verwaltung/protokoll.csv', cookies: admin }).then((response) => {
      answered.push('CSV');
      return response;
    });
    // one request after the other, each sent when the one before was answered
    for (const url of ['/healthz', '/verwaltung/protokoll', '/suche?q=Titel', '/verwaltung/protokoll?seite=2', '/']) {
      const response = await app.inject({ url, cookies: admin });
      expect(response.statusCode, url).toBe(200);
      answered.push(url);
    }
    const csv = await download;
    expect(answered).toEqual(['/healthz', '/verwaltung/protokoll', '/suche?q=Titel', '/verwaltung/protokoll?seite=2', '/', 'CSV']);

    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="aenderungsprotokoll-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...records] = csvRecords(csv.body);
    expect(header).toBe('Zeitpunkt (UTC);Zeitpunkt (deutsche Zeit);Wer;E-Mail-Adresse;Aktion;Objekt;Bezeichnung;Nummer;Änderungen;IP-Adresse');
    // every entry once, the newest first, the oldest last: no piece twice, none left out
    expect(records).toHaveLength(total);
    expect(new Set(records).size).toBe(total);
    // (the newest: the account and the login above, written today)
    expect(records[total - AUDIT_EXPORT_LIMIT - 1]).toContain('Titel: Titel 50000 vorher → Titel 50000 nachher');
    expect(records.at(-1)).toContain('Titel: Titel 0 vorher → Titel 0 nachher');

    const json = await app.inject({ url: '/verwaltung/protokoll.json', cookies: admin });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const file = json.json() as { complete: boolean; total: number; columns: { key: string }[]; rows: { changes: string }[]; filter: unknown };
    expect(file.total).toBe(total);
    expect(file.complete).toBe(true);
    expect(file.rows).toHaveLength(total);
    expect(file.columns.map((c) => c.key)).toEqual(['at', 'atLocal', 'who', 'email', 'action', 'entity', 'entityName', 'entityId', 'changes', 'ip']);
    expect(file.rows[total - AUDIT_EXPORT_LIMIT - 1]!.changes).toContain('Titel 50000 vorher');
    expect(file.rows.at(-1)!.changes).toContain('Titel 0 vorher');
  });

  it('writes an empty filter as the header alone, and the JSON with no rows', async () => {
    const csv = await app.inject({ url: '/verwaltung/protokoll.csv?von=01.01.2020&bis=31.12.2020', cookies: admin });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toBe('\uFEFFZeitpunkt (UTC);Zeitpunkt (deutsche Zeit);Wer;E-Mail-Adresse;Aktion;Objekt;Bezeichnung;Nummer;Änderungen;IP-Adresse\r\n');
    const json = (await app.inject({ url: '/verwaltung/protokoll.json?von=01.01.2020&bis=31.12.2020', cookies: admin })).json();
    expect(json).toMatchObject({ total: 0, rows: [], filter: { from: '2020-01-01', to: '2020-12-31' } });
  });

  it('reads the entries as the client takes the file: the last ones after the client read the first', { timeout: 180_000 }, async () => {
    // ~40 MB of CSV in ten pieces: far more than the sockets' buffers hold before the client reads
    writeAuditEntries(connection.sqlite, 10_000, { filler: ` ${'Länderbericht '.repeat(150)}` });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const cookie = Object.entries(admin).map(([name, value]) => `${name}=${value}`).join('; ');
    const body = await new Promise<string>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/verwaltung/protokoll.csv', headers: { cookie } }, (response) => {
          expect(response.statusCode).toBe(200);
          const chunks: Buffer[] = [];
          response.once('data', (chunk: Buffer) => {
            chunks.push(chunk);
            response.pause();
            // the oldest entry (the file's last row) changed after the first bytes arrived
            connection.sqlite.prepare("update audit_log set after = json_set(after, '$.title', 'geändert während des Ladens') where entity_id = '0'").run();
            response.on('data', (more: Buffer) => chunks.push(more));
            response.resume();
          });
          response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
          response.on('error', reject);
        })
        .on('error', reject);
    });
    const records = csvRecords(body);
    expect(records).toHaveLength(entriesInLog() + 1);
    expect(records.at(-1)).toContain('→ geändert während des Ladens');
  });
});
