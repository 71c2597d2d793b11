import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { buildTestApp } from '../helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bm-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function counts(file: string) {
  const { sqlite, close } = openDatabase(file, MIGRATIONS_DIR);
  const row = sqlite
    .prepare(
      `select (select count(*) from conferences) conferences, (select count(*) from meetings) meetings,
              (select count(*) from resolutions) resolutions, (select count(*) from demands) demands,
              (select count(*) from follow_ups) followUps,
              (select count(*) from resolutions where release = 'draft') drafts,
              (select count(*) from resolutions where release = 'internal') internal,
              (select count(distinct resulting_status) from follow_ups where resulting_status is not null) statuses`,
    )
    .get() as Record<string, number>;
  close();
  return row;
}

describe('demo data', { timeout: 120_000 }, () => {
  it('loads on the first start only, through the services, and shows TOP 2.12 exactly once after a restart', async () => {
    const file = path.join(dir, 'demo.db');
    const first = await buildTestApp({ loadDemo: true }, openDatabase(file, MIGRATIONS_DIR));
    await first.app.close();
    const after1 = counts(file);
    expect(after1.conferences).toBeGreaterThanOrEqual(4);
    expect(after1.meetings).toBeGreaterThanOrEqual(10);
    expect(after1.resolutions).toBeGreaterThanOrEqual(150);
    expect(after1.demands).toBeGreaterThanOrEqual(500);
    expect(after1.statuses).toBe(6);
    expect(after1.drafts).toBeGreaterThan(0);
    expect(after1.internal).toBeGreaterThan(0);

    const second = await buildTestApp({ loadDemo: true }, openDatabase(file, MIGRATIONS_DIR));
    expect(counts(file)).toEqual(after1);
    const page = await second.app.inject('/intmk/12/top/2.12');
    expect(page.statusCode).toBe(200);
    expect(page.body.split('unerlässliches Angebot der Erstintegration').length - 1).toBe(1);
    expect(page.body).toContain('mehrheitlich');
    for (const name of ['Berlin', 'Brandenburg', 'Bremen', 'Hamburg', 'Mecklenburg-Vorpommern', 'Niedersachsen', 'Nordrhein-Westfalen', 'Rheinland-Pfalz', 'Sachsen', 'Sachsen-Anhalt', 'Schleswig-Holstein', 'Thüringen']) {
      expect(page.body).toContain(name);
    }
    const home = await second.app.inject('/');
    expect(home.statusCode).toBe(200);
    await second.app.close();
  });
});
