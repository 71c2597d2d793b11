/** Starting the server as a newcomer or an operator would: one clear message, never a stack. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/paths.js';
import { runScript, type ScriptResult } from '../helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bm-start-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
});

function startServer(env: Record<string, string>): Promise<ScriptResult> {
  return runScript('src/server.ts', [], { LOAD_DEMO: 'false', ...env }, 15_000);
}

function expectOneClearMessage(result: { code: number | null; stderr: string }, fragment: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^Beschlussmonitor kann nicht starten: /);
  expect(result.stderr).toMatch(fragment);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('server start-up errors', () => {
  it('reports an unwritable data directory', async () => {
    const dir = tempDir();
    chmodSync(dir, 0o500);
    // root may write to a read-only directory; a path below a regular file fails for everybody
    const env: Record<string, string> =
      process.getuid?.() === 0
        ? { DATABASE_PATH: path.join(ROOT_DIR, 'package.json', 'x.db') }
        : { DATA_DIR: path.join(dir, 'data') };
    expectOneClearMessage(await startServer(env), /Datenverzeichnis .* kann nicht angelegt/);
  });

  it('reports a port in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await startServer({ DATA_DIR: tempDir(), PORT: String(port) });
      expectOneClearMessage(result, new RegExp(`Port ${port} .* belegt`));
    } finally {
      blocker.close();
    }
  });

  it('refuses a database written by a newer version', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'newer.db');
    const db = new Database(file);
    db.exec('create table __drizzle_migrations (id integer primary key, hash text not null, created_at numeric)');
    db.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('future', Date.now() + 10 ** 12);
    db.close();
    const result = await startServer({ DATABASE_PATH: file });
    expectOneClearMessage(result, /neueren Version/);
  });

  it('reports invalid configuration', async () => {
    const result = await startServer({ PORT: 'abc', DATA_DIR: tempDir() });
    expectOneClearMessage(result, /Ungültige Konfiguration/);
  });
});
