/**
 * docs/operations.md against the code: the configuration table names every environment variable
 * the application reads with its default, the update section the one long first start, the
 * backup timer removes a backup with its documents, and the request log's redactions are those of
 * the code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/paths.js';
import { ENVIRONMENT_DEFAULTS } from '../../src/config.js';
import { loggedUrl } from '../../src/app.js';

const text = readFileSync(path.join(ROOT_DIR, 'docs', 'operations.md'), 'utf8');

describe('docs/operations.md', () => {
  it('lists every environment variable with its default, and no other', () => {
    const section = text.slice(text.indexOf('## Konfiguration'), text.indexOf('## Installation'));
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| ([^|]*) \|/gm)].map((m) => [m[1]!, m[2]!.trim()] as const);
    expect(rows.map(([name]) => name).sort()).toEqual(Object.keys(ENVIRONMENT_DEFAULTS).sort());
    for (const [name, documented] of rows) {
      const value = ENVIRONMENT_DEFAULTS[name];
      // a literal default is written as the code has it; a derived one (PUBLIC_URL, DATABASE_PATH, MAIL_FROM) is described
      if (value !== undefined && value !== '') expect(documented, name).toBe(`\`${String(value)}\``);
    }
  });

  it('says that the first start after migration 0035 fills the search word lists once, before it listens', () => {
    const update = text.slice(text.indexOf('### Update'), text.indexOf('## TLS'));
    expect(update).toContain('Migration 0035');
    expect(update).toContain('19 s Wandzeit und 11 s CPU');
    expect(update).toMatch(/\*\*bevor\*\* er Verbindungen annimmt/);
  });

  it('removes old backups with their documents', () => {
    expect(text).toContain("-name 'beschlussmonitor-*.db.dateien' -type d -mtime +30 -exec rm -r {} +");
  });

  it('names every secret the request log redacts', () => {
    for (const [url, named] of [
      ['/merkliste/feed/abc', 'Merklisten-Feeds'],
      ['/passwort-setzen/abc', 'Einmal-Links zum Setzen eines Passworts'],
      ['/abbestellen/abc', 'Links zum\nAbbestellen der E-Mails'],
    ] as const) {
      expect(loggedUrl(url)).toMatch(/\[redacted\]$/);
      expect(text).toContain(named);
    }
  });
});
