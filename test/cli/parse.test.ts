import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildSyntheticCollection } from '../../src/domain/parser/synthetic-collection.js';
import { pdfWithoutText, textPdf } from '../services/pdf-test-documents.js';
import { main as parseCommand } from '../../src/cli/parse.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIXTURES = join(ROOT, 'fixtures/import');
const work = mkdtempSync(join(tmpdir(), 'parse-cli-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command as a user runs it: a child process (node with tsx), several seconds on a loaded machine. */
async function spawnedParse(...files: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/parse.ts', ...files], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The command's `main` in this process with its output captured: what the binary runs, without starting node and tsx again. */
async function parse(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await parseCommand(args, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

const expectedOf = (name: string) => JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8'));

describe('npm run parse', () => {
  it('runs as a command: the JSON on stdout and exit code 0; a refusal alone on stderr, in German, and exit code 1', { timeout: 180_000 }, async () => {
    const seed = join(FIXTURES, 'intmk-2017-top-2.12.txt');
    const printed = await spawnedParse(seed);
    expect(printed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(printed.stdout).resolutions).toStrictEqual(expectedOf('intmk-2017-top-2.12').resolutions);
    const missing = join(work, 'fehlt-auch.txt');
    expect(await spawnedParse(seed, missing)).toEqual({ code: 1, stdout: '', stderr: `Fehler: Die Datei „${missing}“ wurde nicht gefunden.\n` });
  });

  it.each(['intmk-2017-top-2.12', 'synthetic-gmk-2011-ergebnisniederschrift', 'synthetic-intmk-2014-beschlussniederschrift'])(
    'prints the expected JSON for %s', async (name) => {
      const run = await parse(join(FIXTURES, `${name}.txt`));
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const printed = JSON.parse(run.stdout);
      const expected = expectedOf(name);
      expect(printed.resolutions).toStrictEqual(expected.resolutions);
      expect(printed.warnings).toEqual(expect.arrayContaining(expected.warnings));
      expect(run.stdout).toBe(`${JSON.stringify(printed, null, 2)}\n`);
    });

  it('strips a byte order mark and reads CRLF', async () => {
    const text = readFileSync(join(FIXTURES, 'intmk-2017-top-2.12.txt'), 'utf8').replace(/\n/g, '\r\n');
    const run = await parse(file('bom.txt', `\uFEFF${text}`));
    expect(JSON.parse(run.stdout).resolutions).toStrictEqual(expectedOf('intmk-2017-top-2.12').resolutions);
  });

  it('merges several files and names the file in warnings', async () => {
    const run = await parse(join(FIXTURES, 'intmk-2017-top-2.12.txt'), join(FIXTURES, 'synthetic-gmk-2011-ergebnisniederschrift.txt'));
    const printed = JSON.parse(run.stdout);
    expect(printed.resolutions.map((r: { agendaItem: string }) => r.agendaItem)).toEqual(['2.12', '5.1', '5.2', '5.3']);
    expect(printed.warnings).toContainEqual({ line: 23, message: "synthetic-gmk-2011-ergebnisniederschrift.txt: sponsor 'Vorsitzland' is not a Land" });
  });

  it('adds addressees and due dates with --enrich', async () => {
    const run = await parse('--enrich', join(FIXTURES, 'intmk-2017-top-2.12.txt'));
    expect(JSON.parse(run.stdout).resolutions[0].demands[1].addressees).toEqual(['bund']);
  });

  it('reads a PDF of the seed', async () => {
    const run = await parse(file('seed.pdf', await textPdf(readFileSync(join(FIXTURES, 'intmk-2017-top-2.12.txt'), 'utf8'))));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).resolutions).toStrictEqual(expectedOf('intmk-2017-top-2.12').resolutions);
  });

  it('parses a generated 300-TOP collection', async () => {
    const run = await parse(file('sammlung.txt', buildSyntheticCollection(300)));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).resolutions).toHaveLength(300);
  });

  it.each([
    ['a missing file', () => join(work, 'fehlt.txt'), 'Die Datei „{file}“ wurde nicht gefunden.'],
    ['an empty file', () => file('leer.txt', ''), 'Die Datei „{file}“ ist leer.'],
    ['a file of white space', () => file('leer2.txt', ' \n\n\f'), 'Die Datei „{file}“ ist leer.'],
    ['a binary file', () => file('binär.txt', Uint8Array.from([0x89, 0x50, 0x00, 0x01, 0xff])), 'Die Datei „{file}“ ist keine Textdatei (Binärdaten).'],
    ['a file in another encoding', () => file('latin1.txt', Uint8Array.from([0x54, 0x4f, 0x50, 0x20, 0x31, 0x0a, 0xe4])), 'Die Datei „{file}“ ist keine UTF-8-Textdatei.'],
    ['a text without TOP', () => file('ohne-top.txt', 'Sehr geehrte Damen und Herren,\nanbei der Bericht.'), 'Die Datei „{file}“ enthält keinen Tagesordnungspunkt (TOP). Steht die TOP-Zeile nicht im Text, bitte sie direkt über den Beschlusstext setzen (z. B. „TOP 7.1 Titel“).'],
    ['a cover page only', () => file('deckblatt.txt', 'Ergebnisprotokoll\nder 94. Arbeits- und Sozialministerkonferenz\nam 6. und 7. Dezember 2017 in Potsdam'),
      'Die Datei „{file}“ enthält nur ein Deckblatt (Konferenz, Sitzung, Datum), aber keinen Beschlusstext. Bitte die Seiten mit den Beschlüssen einfügen.'],
    ['a broken PDF', () => file('kaputt.pdf', '%PDF-1.4\nkein PDF'), '„{file}“ ist keine lesbare PDF-Datei.'],
  ])('refuses %s with one German message', async (_name, make, message) => {
    const path = make();
    const run = await parse(join(FIXTURES, 'intmk-2017-top-2.12.txt'), path);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`Fehler: ${message.replace('{file}', path)}\n`);
  });

  it('refuses a PDF without text layer', async () => {
    const path = file('scan.pdf', await pdfWithoutText());
    const run = await parse(path);
    expect(run).toEqual({ code: 1, stdout: '', stderr: `Fehler: „${path}“ enthält keinen Text (gescannte PDF ohne Texterkennung?).\n` });
  });

  it('explains its usage without arguments', async () => {
    const run = await parse();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Aufruf: npm run --silent parse -- /);
  });
});
