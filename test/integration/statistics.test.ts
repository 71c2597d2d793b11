/** Every number of the statistics page against a direct SQL count; internal data never changes a public figure. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Connection } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { buildTestApp, loginAs, TEST_ACTOR } from '../helpers.js';
import { createUser } from '../../src/services/users.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { DEMAND_STATUSES } from '../../src/domain/status.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bm-stats-'));
let app: FastifyInstance;
let connection: Connection;

beforeAll(async () => {
  ({ app, connection } = await buildTestApp({ loadDemo: true }, openDatabase(path.join(dir, 'demo.db'), MIGRATIONS_DIR)));
  await createUser(connection.db, TEST_ACTOR, { email: 'ref@be.example', name: 'Berlin', role: 'land', land: 'BE', password: 'ein langes sicheres Passwort' });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Counts per status from SQL, for the public (public statuses of public resolutions) or logged in. */
function sqlCounts(loggedIn: boolean): Record<string, number> {
  const column = loggedIn ? 'd.status' : 'd.public_status';
  const releases = loggedIn ? "('public','internal')" : "('public')";
  const rows = connection.sqlite
    .prepare(
      `select ${column} as status, count(*) as n from demands d join resolutions r on r.id = d.resolution_id
        join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
       where c.slug = 'intmk' and r.outcome = 'adopted' and r.release in ${releases} group by 1`,
    )
    .all() as { status: string; n: number }[];
  return Object.fromEntries(DEMAND_STATUSES.map((s) => [s, rows.find((r) => r.status === s)?.n ?? 0]));
}

function tableTotals(html: string): Record<string, number> {
  const footer = /<tfoot>([\s\S]*?)<\/tfoot>/.exec(html)![1]!;
  const cells = [...footer.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]!);
  return Object.fromEntries(DEMAND_STATUSES.map((s, i) => [s, Number(cells[i])]));
}

describe('statistics page', () => {
  it('shows chart and table whose numbers match SQL, for the public and for logged-in users', async () => {
    const page = await app.inject('/intmk/statistik');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg');
    expect(page.body).toContain('role="img"');
    expect(tableTotals(page.body)).toEqual(sqlCounts(false));

    const cookies = await loginAs(app, 'ref@be.example', 'ein langes sicheres Passwort');
    const internal = await app.inject({ url: '/intmk/statistik', cookies });
    expect(tableTotals(internal.body)).toEqual(sqlCounts(true));
  });

  it('does not let an internal follow-up change a public figure', async () => {
    const before = tableTotals((await app.inject('/intmk/statistik')).body);
    const target = connection.sqlite
      .prepare(`select r.id as resolutionId from resolutions r join meetings m on m.id = r.meeting_id where m.url_key = '12' and r.agenda_item = '2.12'`)
      .get() as { resolutionId: number };
    recordFollowUp(connection.db, TEST_ACTOR, {
      resolutionId: target.resolutionId, demandId: null, date: '2020-01-15', actor: 'GS', kind: 'note',
      summary: 'Interne Einschätzung', link: null, resultingStatus: 'rejected', visibility: 'internal',
    });
    expect(tableTotals((await app.inject('/intmk/statistik')).body)).toEqual(before);
    expect(tableTotals((await app.inject('/intmk/statistik')).body)).toEqual(sqlCounts(false));
  });

  it('answers an unknown conference with the 404 page', async () => {
    expect((await app.inject('/gibtsnicht/statistik')).statusCode).toBe(404);
  });
});

describe('implementation report (Umsetzungsbericht)', () => {
  it('lists every visible resolution with its demands, status and latest follow-up; internal ones only logged in', async () => {
    const page = await app.inject('/intmk/12/umsetzungsbericht');
    expect(page.statusCode).toBe(200);
    const sqlDemands = connection.sqlite
      .prepare(`select count(*) from demands d join resolutions r on r.id = d.resolution_id join meetings m on m.id = r.meeting_id join conferences c on c.id = m.conference_id
        where c.slug = 'intmk' and m.url_key = '12' and r.release = 'public'`)
      .pluck()
      .get() as number;
    expect((page.body.match(/<tr>\s*<th scope="row">/g) ?? []).length).toBe(sqlDemands);
    expect(page.body).toContain('TOP 2.12: Ausbau und Öffnung der Migrationsberatung');
    expect(page.body).not.toContain('Interne Einschätzung');

    const cookies = await loginAs(app, 'ref@be.example', 'ein langes sicheres Passwort');
    const internal = await app.inject({ url: '/intmk/12/umsetzungsbericht', cookies });
    expect(internal.body).toContain('Dieser Bericht enthält interne Folgemaßnahmen');
    expect(internal.body).toContain('Interne Einschätzung');
  });

  it('downloads as CSV with BOM and a header, and answers unknown meetings with 404', async () => {
    const csv = await app.inject('/intmk/12/umsetzungsbericht.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.startsWith('\uFEFFTOP;Titel;Ziffer;Umsetzungsstand')).toBe(true);
    expect(csv.body).not.toContain('Interne Einschätzung');
    expect((await app.inject('/intmk/99/umsetzungsbericht')).statusCode).toBe(404);
  });
});
