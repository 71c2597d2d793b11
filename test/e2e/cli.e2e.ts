/**
 * The command-line tools as an operator runs them: compiled, from dist/, with node, and without
 * any development dependency (test/e2e/production-only.mjs refuses to load one). Each answers
 * --help with its German usage on stdout and exit code 0, before touching configuration or data.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };

/** The npm scripts that run a command-line tool, and the file each runs. */
const TOOLS = Object.entries(manifest.scripts).flatMap(([name, command]) => {
  const match = /^node (dist\/src\/cli\/[\w-]+\.js)$/.exec(command);
  return match ? [[name, match[1]!] as const] : [];
});

describe('command-line tools from dist/', () => {
  it('are all run by node from dist/', () => {
    expect(TOOLS.map(([name]) => name).sort()).toEqual(['db:backup', 'db:migrate', 'db:restore', 'import', 'maintenance', 'parse', 'user']);
  });

  it.each(TOOLS)('npm run %s -- --help', (name, file) => {
    const result = spawnSync(process.execPath, ['--import', './test/e2e/production-only.mjs', file, '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
      // A setting that would fail the tool's start must not matter: --help comes first.
      env: { ...process.env, PORT: 'kein Port', DATABASE_PATH: '/nonexistent/dir/x.db' },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Aufruf:[\\s\\S]*npm run (--silent )?${name.replace(':', '\\:')}`));
  });

  it('refuses a development dependency under the production-only check (so the check can fail)', () => {
    const result = spawnSync(process.execPath, ['--import', './test/e2e/production-only.mjs', '--input-type=module', '-e', "await import('vitest')"], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('vitest is a development dependency');
  });
});
