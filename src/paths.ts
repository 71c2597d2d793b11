/** Locations of the files the application ships with, independent of the working directory. */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const ROOT_DIR = findRoot();
export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'db', 'migrations');
export const VIEWS_DIR = path.join(ROOT_DIR, 'views');
export const FIXTURES_DIR = path.join(ROOT_DIR, 'fixtures');
/** The server as one file (built by test/tools/build-server.ts): what `npm start` runs. */
export const SERVER_BUNDLE = path.join(ROOT_DIR, 'dist', 'server.js');
