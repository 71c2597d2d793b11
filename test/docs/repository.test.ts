/**
 * The repository stands on its own: every relative link in the README and docs/ points at a file
 * (and heading) that exists, no file refers to places outside the repository or to numbered
 * tickets that a clone does not have, and the top level holds only what it may.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/paths.js';

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data', '.git', 'test-results']);
const TEXT_FILE = /\.(ts|mjs|js|json|md|hbs|css|sql|yml|yaml)$|^\.ci$|^run$/;

function walk(dir: string, into: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(path.join(dir, entry.name), into);
    } else if (TEXT_FILE.test(entry.name) && entry.name !== 'package-lock.json') {
      into.push(path.join(dir, entry.name));
    }
  }
  return into;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let inCode = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const match = /^#{1,6} (.+)$/.exec(line);
    if (match && !inCode) anchors.add(anchorOf(match[1]!));
  }
  return anchors;
}

const MARKDOWN = [path.join(ROOT_DIR, 'README.md'), ...readdirSync(path.join(ROOT_DIR, 'docs')).filter((n) => n.endsWith('.md')).map((n) => path.join(ROOT_DIR, 'docs', n))];

/**
 * The repository's top level is fixed; development-only code (benchmark, build and demo tools,
 * test configuration) lives under test/. Dotfiles are free.
 */
const TOP_LEVEL = ['src', 'views', 'db', 'fixtures', 'test', 'docs', 'package.json', 'package-lock.json', 'tsconfig.json', 'drizzle.config.ts', 'README.md'];

describe('the repository stands on its own', () => {
  it('keeps its top level to the fixed set of entries', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT_DIR, encoding: 'utf8' }).split('\0').filter((file) => file !== '');
    const top = new Set(tracked.map((file) => file.split('/')[0]!));
    expect(top.has('package.json')).toBe(true);
    expect([...top].filter((name) => !name.startsWith('.') && !TOP_LEVEL.includes(name)).sort()).toEqual([]);
  });

  it.each(MARKDOWN.map((file) => [path.relative(ROOT_DIR, file), file]))('%s links only to what exists', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue; // http:, https:, mailto:
      const [relative, anchor] = target!.split('#') as [string, string | undefined];
      const resolved = relative === '' ? file : path.resolve(path.dirname(file), relative);
      if (!existsSync(resolved)) {
        broken.push(target!);
        continue;
      }
      if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) broken.push(target!);
    }
    expect(broken).toEqual([]);
  });

  it('refers to no place outside the repository and to no ticket numbers', () => {
    const outside = /\.\.\/shared\/|\/work\/|\bissues? #?\d+|\bticket #?\d+/i;
    // A released migration never changes, not even a comment: databases have run it as written.
    const released = path.join(ROOT_DIR, 'db', 'migrations') + path.sep;
    const found = walk(ROOT_DIR)
      .filter((file) => !file.endsWith(path.join('test', 'docs', 'repository.test.ts')) && !file.startsWith(released))
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (outside.test(line) ? [`${path.relative(ROOT_DIR, file)}:${i + 1}: ${line.trim()}`] : [])));
    expect(found).toEqual([]);
  });
});
