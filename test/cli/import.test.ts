/**
 * The command-line importer on database files: its `main` in this process with captured output
 * (what `node dist/src/cli/import.js` runs), and twice as a user runs it, a child process whose
 * exit code and German messages are checked (a success and a refusal).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.js';
import { FIXTURES_DIR, MIGRATIONS_DIR, ROOT_DIR } from '../../src/paths.js';
import { buildSyntheticCollection } from '../../src/domain/parser/synthetic-collection.js';
import { enrichDemand } from '../../src/domain/parser/enrich.js';
import type { ImportDocument } from '../../src/domain/import-format.js';
import { main as importCommand, type Output } from '../../src/cli/import.js';
import { pdfWithoutText, textPdf } from '../services/pdf-test-documents.js';
import { saveMeeting } from '../../src/services/conferences.js';

const run = promisify(execFile);
/** A child process through tsx takes several seconds on two shared cores under load. */
const SPAWNING = { timeout: 180_000 };
let dir: string;
let dbFile: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bm-import-'));
  dbFile = path.join(dir, 'test.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The command as a user runs it: a child process (node with tsx) on the file's database. */
async function spawnedImporter(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/import.ts', ...args], {
      cwd: ROOT_DIR,
      env: { ...process.env, DATABASE_PATH: dbFile },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The command in this process on the file's database: the same `main` the binary runs, without starting node and tsx again. */
function importer(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return inProcess(path.basename(dbFile), ...args);
}

/** Row counts of every table that an import could touch. */
function state(file = dbFile): Record<string, number> {
  const db = new Database(file, { readonly: true });
  const tables = ['conferences', 'meetings', 'resolutions', 'demands', 'resolution_sponsors', 'protocol_statements', 'follow_ups', 'audit_log'];
  const counts = Object.fromEntries(tables.map((t) => [t, (db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n]));
  db.close();
  return counts;
}

function fixture(name: string): string {
  return path.join(FIXTURES_DIR, 'import', name);
}

function tempFile(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

describe('npm run import', SPAWNING, () => {
  it('stores a text as drafts, and a re-import updates instead of duplicating, keeping follow-ups', async () => {
    const first = await spawnedImporter(fixture('intmk-2017-top-2.12.txt'));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('angelegt: TOP 2.12 der 12. IntMK 2017');
    const db = new Database(dbFile);
    expect(db.prepare('select release from resolutions').pluck().get()).toBe('draft');
    const resolutionId = db.prepare('select id from resolutions').pluck().get();
    const demandId = db.prepare("select id from demands where number = '2'").pluck().get();
    db.prepare("insert into follow_ups (resolution_id, demand_id, date, kind, summary, resulting_status, visibility) values (?, ?, '2018-01-01', 'response', 'Antwort', 'in_progress', 'public')").run(resolutionId, demandId);
    db.close();
    const before = state();

    const again = await importer('--release', fixture('intmk-2017-top-2.12.expected.json'));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('TOP 2.12 der 12. IntMK 2017');
    const after = state();
    expect(after.resolutions).toBe(before.resolutions);
    expect(after.demands).toBe(before.demands);
    expect(after.follow_ups).toBe(1);
    const check = new Database(dbFile, { readonly: true });
    expect(check.prepare('select release from resolutions').pluck().get()).toBe('public');
    expect(check.prepare("select id from demands where number = '2'").pluck().get()).toBe(demandId);
    check.close();
  });

  it('imports a collection of 300 TOPs in one go', async () => {
    const file = tempFile('sammlung-300.txt', buildSyntheticCollection(300));
    const result = await importer(file);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('300 Beschlüsse verarbeitet');
    const db = new Database(dbFile, { readonly: true });
    const meeting = db.prepare("select id from meetings where url_key = '99'").pluck().get();
    expect(db.prepare('select count(*) from resolutions where meeting_id = ?').pluck().get(meeting)).toBe(300);
    db.close();
  });

  it('imports a PDF of the seed resolution', async () => {
    const file = tempFile('top-2.12.pdf', await textPdf(readFileSync(fixture('intmk-2017-top-2.12.txt'), 'utf8')));
    const result = await importer(file);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/(angelegt|aktualisiert|unverändert): TOP 2\.12 der 12\. IntMK 2017/);
  });

  it('refuses bad input with one clear message naming the file, and stores nothing', async () => {
    const before = state();
    const broken = JSON.parse(readFileSync(fixture('intmk-2017-top-2.12.expected.json'), 'utf8'));
    const second = structuredClone(broken.resolutions[0]);
    second.agendaItem = '2.13';
    second.meeting.endDate = '2017-03-01';
    const collection = { resolutions: [{ ...broken.resolutions[0], agendaItem: '2.11' }, second], warnings: [] };
    const cases: [string, RegExp][] = [
      [tempFile('leer.txt', ''), /leer\.txt.*ist leer/],
      [tempFile('binaer.txt', new Uint8Array([0, 1, 2, 3, 255, 254])), /binaer\.txt.*keine Textdatei/],
      [tempFile('kein-top.txt', 'Sehr geehrte Damen und Herren,\nanbei das Protokoll.\n'), /kein-top\.txt.*keinen Tagesordnungspunkt/],
      [tempFile('ohne-text.pdf', await pdfWithoutText()), /ohne-text\.pdf.*keinen Text/],
      [tempFile('kaputt.pdf', '%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage'), /kaputt\.pdf/],
      [tempFile('schema.json', JSON.stringify({ resolutions: [{ conference: 'IntMK' }], warnings: [] })), /schema\.json“ entspricht nicht dem Austauschformat: \/resolutions\/0\/meeting: fehlt \(und \d+ weitere Fehler\)/],
      [tempFile('sammlung.json', JSON.stringify(collection)), /sammlung\.json: Import abgebrochen, nichts gespeichert: TOP 2\.13 der 12\. IntMK 2017: Das Ende der Sitzung liegt vor ihrem Beginn\.\n/],
      [path.join(dir, 'fehlt.txt'), /fehlt\.txt.*nicht gefunden/],
    ];
    // one of them as a user runs it: exit code 1, the German message alone on stderr
    const spawned = await spawnedImporter(cases[0]![0]);
    expect(spawned.code).toBe(1);
    expect(spawned.stdout).toBe('');
    expect(spawned.stderr).toBe(`Fehler: Die Datei „${cases[0]![0]}“ ist leer.\n`);
    for (const [file, message] of cases) {
      const result = await importer(file);
      expect(result.code, file).toBe(1);
      expect(result.stdout, file).toBe('');
      expect(result.stderr.trim().split('\n'), file).toHaveLength(1);
      expect(result.stderr, file).toMatch(message);
      expect(result.stderr, file).not.toMatch(/\n\s+at /);
    }
    expect(state().resolutions).toBe(before.resolutions);
  });

  it('shows every warning in German, also those an interchange file carries in English; a sponsor that is no Land is one of them', async () => {
    // a sponsor cut off or misspelt is a warning as in the browser, not a refusal: the rest of the TOP is stored
    const unknownLand = tempFile('land.txt', readFileSync(fixture('intmk-2017-top-2.12.txt'), 'utf8').replace('Sachsen-Anhalt', 'Atlantis'));
    const json = JSON.parse(readFileSync(fixture('intmk-2017-top-2.12.expected.json'), 'utf8'));
    json.warnings = [
      { line: 3, message: "a.txt: sponsor 'Atlantis' is not a Land" },
      { line: 4, message: 'TOP 2.12: demand 3 has no text' },
      { line: 1, message: 'meeting date not found (Sitzungsdatum nicht erkannt)' },
      { line: 9, message: 'von Hand notiert' },
    ];
    const carried = tempFile('hinweise.json', JSON.stringify(json));
    const result = await importer(unknownLand, carried);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/(angelegt|aktualisiert|unverändert): TOP 2\.12 der 12\. IntMK 2017/);
    expect(result.stderr).toMatch(/land\.txt:\d+: Antragsteller „Atlantis“ ist kein Land\n/);
    expect(result.stderr).toContain('hinweise.json:3: a.txt: Antragsteller „Atlantis“ ist kein Land\n');
    expect(result.stderr).toContain('hinweise.json:4: TOP 2.12: Ziffer 3 ohne Text\n');
    expect(result.stderr).toContain('hinweise.json:1: Sitzungsdatum nicht erkannt\n');
    expect(result.stderr).toContain('hinweise.json:9: von Hand notiert\n'); // not the parser's: as written
    expect(result.stderr).not.toMatch(/not a Land|has no text|not found/);
  });

  it('imports a folder: every file in a transaction of its own, a broken file among good ones stores nothing of itself, a table ends the run', async () => {
    const folder = path.join(dir, 'archiv');
    mkdirSync(path.join(folder, 'unterordner'), { recursive: true });
    cpSync(path.join(FIXTURES_DIR, 'import', 'real', 'imk-203-2015.txt'), path.join(folder, 'imk-203-2015.txt'));
    cpSync(path.join(FIXTURES_DIR, 'import', 'real', 'wmk-2007-eisenach-beschluss-sammlung.txt'), path.join(folder, 'unterordner', 'wmk-2007.txt'));
    cpSync(fixture('synthetic-asmk-2022-beschlusssammlung.expected.json'), path.join(folder, 'unterordner', 'asmk.json'));
    writeFileSync(path.join(folder, 'kaputt.json'), '{"resolutions": [');
    // names neither the meeting's ordinal nor its date: refused, its warnings still counted
    cpSync(path.join(FIXTURES_DIR, 'import', 'real', 'jumiko-2020.txt'), path.join(folder, 'jumiko-2020.txt'));
    writeFileSync(path.join(folder, 'notizen.md'), 'keine Beschlüsse'); // not imported: neither .txt, .pdf nor .json
    const before = state();
    const result = await importer(folder);
    expect(result.code).toBe(1); // one file failed
    expect(result.stderr).toMatch(/kaputt\.json.*kein gültiges JSON/);
    const table = result.stdout.slice(result.stdout.indexOf('Datei '));
    expect(table).toMatch(/^Datei\s+angelegt\s+aktualisiert\s+unverändert\s+Hinweise\s+Fehler$/m);
    expect(table).toMatch(/imk-203-2015\.txt\s+2\s+0\s+0\s+\d+\s+–/);
    expect(table).toMatch(/kaputt\.json\s+0\s+0\s+0\s+0\s+ja/);
    expect(table).toMatch(/jumiko-2020\.txt\s+0\s+0\s+0\s+[1-9]\d*\s+ja/);
    expect(result.stderr).toMatch(/jumiko-2020\.txt.*nichts gespeichert: Die Sitzung ist im Text nicht vollständig genannt.*--meeting N oder --date TT\.MM\.JJJJ.*--year JJJJ/);
    expect(table).toMatch(/wmk-2007\.txt\s+2\s+0\s+0\s+\d+\s+–/);
    expect(table).toMatch(/^Summe\s+\d+\s+0\s+0\s+\d+\s+2$/m);
    expect(result.stdout).not.toContain('notizen.md');
    expect(result.stdout).toMatch(/Beschlüsse verarbeitet \(neue Beschlüsse als Entwurf\); 2 von 5 Dateien nicht importiert\./);
    const db = new Database(dbFile, { readonly: true });
    expect(db.prepare("select count(*) from resolutions where source in ('imk-203-2015.txt', 'wmk-2007.txt', 'asmk.json')").pluck().get()).toBe(4 + JSON.parse(readFileSync(fixture('synthetic-asmk-2022-beschlusssammlung.expected.json'), 'utf8')).resolutions.length);
    db.close();
    expect(state().resolutions).toBeGreaterThan(before.resolutions!);
    // the parser's warnings are German on the command line too
    expect(result.stderr).toMatch(/Hinweis .*imk-203-2015\.txt:36: TOP 2: keine Beschlussformel gefunden/);

    const again = await importer(folder);
    expect(again.stdout).toMatch(/imk-203-2015\.txt\s+0\s+0\s+2\s+/);
  });
});

describe('import progress on a terminal', SPAWNING, () => {
  it('shows "Datei n von N" and the TOPs so far on one line, and clears it before other output', async () => {
    const folder = path.join(dir, 'fortschritt');
    mkdirSync(folder);
    cpSync(path.join(FIXTURES_DIR, 'import', 'real', 'amk-2000-regensburg.txt'), path.join(folder, 'a.txt'));
    cpSync(path.join(FIXTURES_DIR, 'import', 'real', 'gmk-78-2005-online-top-11.1.txt'), path.join(folder, 'b.txt'));
    cpSync(path.join(FIXTURES_DIR, 'import', 'real', 'jfmk-2009-bremen-top-3.3-copy.txt'), path.join(folder, 'c.txt'));
    const written: string[] = [];
    const terminal: Output = { isTTY: true, columns: 100, write: (text: string) => written.push(text) };
    const out: string[] = [];
    const code = await importCommand([folder], { env: { ...process.env, DATABASE_PATH: path.join(dir, 'fortschritt.db') }, stdout: { write: (t: string) => out.push(t) }, stderr: terminal });
    const screen = written.join('');
    expect(screen).toContain('Datei 1 von 3 · 0 TOPs bisher · a.txt');
    expect(screen).toContain('Datei 2 von 3 · 2 TOPs bisher · b.txt');
    expect(screen).toMatch(/Datei 3 von 3 · \d+ TOPs? bisher · c\.txt/);
    // every progress line is cleared before anything else is written
    const CLEAR = '\r\x1b[2K';
    written.forEach((text, i) => {
      if (!text.startsWith(`${CLEAR}Datei`)) return;
      const next = written[i + 1] ?? CLEAR;
      expect(next === CLEAR || next.startsWith(`${CLEAR}Datei`), JSON.stringify(next)).toBe(true);
    });
    // b.txt names no ordinal or date: the importer refuses it, the others are stored
    expect(code).toBe(1);
    expect(screen).toMatch(/Fehler: .*b\.txt.*Sitzung ist im Text nicht vollständig genannt\. Bitte angeben: die Nummer der Sitzung oder ihr Beginn \(--meeting N oder --date TT\.MM\.JJJJ\)\./);
    expect(out.join('')).toMatch(/a\.txt\s+2\s+0\s+0/);

    const pipe: string[] = [];
    await importCommand([folder], { env: { ...process.env, DATABASE_PATH: path.join(dir, 'fortschritt.db') }, stdout: { write: () => 0 }, stderr: { write: (t: string) => pipe.push(t) } });
    expect(pipe.join('')).not.toContain('Datei 1 von 3'); // no progress line when stderr is not a terminal
  });
});

/** The command in this process, on a database of its own. */
async function inProcess(database: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await importCommand(args, {
    env: { ...process.env, DATABASE_PATH: path.join(dir, database) }, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) },
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}
const real = (name: string) => path.join(FIXTURES_DIR, 'import', 'real', name);

let template: string | undefined;
/** An empty database file with every migration applied, made once. */
function migratedTemplate(): string {
  if (template === undefined) {
    template = path.join(dir, 'vorlage.db');
    openDatabase(template, MIGRATIONS_DIR).close();
  }
  return template;
}

function count(database: string, sql: string): unknown {
  const db = new Database(path.join(dir, database), { readonly: true });
  try {
    return db.prepare(sql).pluck().get();
  } finally {
    db.close();
  }
}

describe('a meeting given on the command line', () => {
  it('completes a text that names no meeting; without the options the message names them', async () => {
    const refused = await inProcess('sitzung.db', real('jumiko-2020.txt'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Bitte angeben: die Nummer der Sitzung oder ihr Beginn (--meeting N oder --date TT.MM.JJJJ), das Jahr (--year JJJJ).');
    expect(count('sitzung.db', 'select count(*) from resolutions')).toBe(0);
    expect(count('sitzung.db', 'select count(*) from meetings')).toBe(0);

    const stored = await inProcess('sitzung.db', '--meeting', '91', '--year', '2020', '--date', '17.06.2020', '--end-date', '2020-06-18', real('jumiko-2020.txt'));
    expect(stored.code, stored.stderr).toBe(0);
    expect(stored.stdout).toContain('angelegt: TOP I.1 der 91. JuMiKo 2020');
    expect(count('sitzung.db', "select start_date || ' ' || end_date || ' ' || year from meetings where number = 91")).toBe('2020-06-17 2020-06-18 2020');
    // the text's own meeting parts stay; the options fill only the gaps (here the GMK text names its year)
    const gmk = await inProcess('sitzung.db', '--meeting', '78', '--place', 'Dresden', real('gmk-78-2005-online-top-11.1.txt'));
    expect(gmk.code, gmk.stderr).toBe(0);
    expect(gmk.stdout).toContain('angelegt: TOP 11.1 der 78. GMK 2005');
    expect(count('sitzung.db', "select place from meetings where number = 78")).toBe('Dresden');
  });

  it('stores the chair the text names with the meeting it creates, read with the resolutions', async () => {
    const text = tempFile('vorsitz.txt', ['7. Konferenz der für Integration zuständigen Ministerinnen und Minister', 'am 21. und 22. März 2012 in Überherrn',
      'Vorsitz: Ministerin für Arbeit, Familie, Prävention, Soziales und Sport, Saarland', '',
      'TOP 2.1 Einbürgerung', 'Die IntMK hat einstimmig beschlossen:', '1. Die IntMK bittet den Bund, zu handeln.'].join('\n'));
    const stored = await inProcess('vorsitz.db', text);
    expect(stored.code, stored.stderr).toBe(0);
    expect(count('vorsitz.db', 'select chair_land from meetings where number = 7')).toBe('SL');
  });

  it('never stores a conference "unbekannt": a text without header needs --conference too', async () => {
    const pasted = tempFile('ohne-kopf.txt', ['TOP 7 Migrationsberatung ausbauen', 'Die Ministerinnen und Minister haben einstimmig beschlossen:',
      '1. Der Bund wird gebeten, die Migrationsberatung auszubauen.'].join('\n'));
    const refused = await inProcess('kopf.db', pasted);
    expect(refused.stderr).toContain('Bitte angeben: die Konferenz (--conference KÜRZEL), die Nummer der Sitzung oder ihr Beginn (--meeting N oder --date TT.MM.JJJJ), das Jahr (--year JJJJ).');
    expect(count('kopf.db', 'select count(*) from conferences where slug = \'unbekannt\'')).toBe(0);
    const stored = await inProcess('kopf.db', '--conference', 'IntMK', '--date', '2017-03-16', pasted);
    expect(stored.code, stored.stderr).toBe(0);
    expect(stored.stdout).toContain('angelegt: TOP 7 der IntMK 16.03.2017');
    expect(count('kopf.db', 'select count(*) from conferences where slug = \'unbekannt\'')).toBe(0);
  });

  it('refuses an option that contradicts the text, or a value that is none, and stores nothing', async () => {
    const contradiction = await inProcess('widerspruch.db', '--meeting', '204', '--year', '2015', real('imk-203-2015.txt'));
    expect(contradiction.code).toBe(1);
    expect(contradiction.stderr).toMatch(/imk-203-2015\.txt: Import abgebrochen, nichts gespeichert: Der Text nennt die Sitzungsnummer 203, --meeting sagt 204\. Bitte die Angabe weglassen oder die Datei berichtigen\./);
    expect(count('widerspruch.db', 'select count(*) from resolutions')).toBe(0);
    const conference = await inProcess('widerspruch.db', '--conference', 'UMK', real('imk-203-2015.txt'));
    expect(conference.stderr).toContain('Der Text nennt die Konferenz IMK, --conference sagt UMK.');
    for (const [args, message] of [
      [['--meeting', 'abc'], '--meeting: „abc“ ist keine ganze Zahl von 1 bis 9999.'],
      [['--date', '31.02.2020'], '--date: „31.02.2020“ ist kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT).'],
      [['--date', '17.06.2020', '--year', '2021'], '--date 17.06.2020 liegt nicht im Jahr --year 2021.'],
      [['--end-date', '18.06.2020'], '--end-date braucht auch --date (den Beginn der Sitzung).'],
      [['--conference', ''], '--conference: Der Wert fehlt.'],
    ] as const) {
      const result = await inProcess('widerspruch.db', ...args, real('jumiko-2020.txt'));
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toBe(`Fehler: ${message}\n`);
    }
    expect(count('widerspruch.db', 'select count(*) from resolutions')).toBe(0);
  });
});

describe('a text, then its interchange file', () => {
  it('reports every TOP unchanged for each corpus document that imports (its expected JSON with the addressees and due dates the importer reads), and leaves source and time', async () => {
    const texts = readdirSync(path.join(FIXTURES_DIR, 'import', 'real')).filter((name) => name.endsWith('.txt')).sort();
    let compared = 0;
    for (const text of texts) {
      const json = text.replace(/\.txt$/, '.expected.json');
      if (!existsSync(real(json))) continue;
      const database = `paar-${text}.db`;
      // a migrated database of its own for each document, copied (migrating a file takes a second
      // on a loaded machine, seventy times over)
      copyFileSync(migratedTemplate(), path.join(dir, database));
      const first = await inProcess(database, real(text));
      if (first.code !== 0) continue; // the corpus keeps texts that need options or fail on purpose
      const created = (first.stdout.match(/^angelegt: /gm) ?? []).length;
      if (created === 0) continue;
      const rowsNow = "select group_concat(source || ' ' || updated_at || ' ' || version, '|') from (select * from resolutions order by id)";
      const rows = count(database, rowsNow);
      // as if the search index had caught up: an unchanged re-import queues nothing again
      const db = new Database(path.join(dir, database));
      db.prepare('delete from search_pending').run();
      db.close();
      const tags = "select group_concat(meeting_id || ':' || tag, '|') from (select * from statistics_changes order by meeting_id)";
      const tagsBefore = count(database, tags);
      const written = { ...state(path.join(dir, database)), versions: count(database, 'select count(*) from resolution_versions') };
      // the importer reads addressees and due dates from a text; the reference JSON leaves them out
      const expected = JSON.parse(readFileSync(real(json), 'utf8')) as ImportDocument;
      mkdirSync(path.join(dir, 'paare'), { recursive: true });
      const enriched = path.join(dir, 'paare', json);
      writeFileSync(enriched, JSON.stringify({ ...expected, resolutions: expected.resolutions.map((r) => ({ ...r, demands: r.demands.map(enrichDemand) })) }));
      const again = await inProcess(database, enriched);
      expect(again.code, `${json}: ${again.stderr}`).toBe(0);
      expect(again.stdout, json).not.toMatch(/^(aktualisiert|angelegt): /m);
      expect((again.stdout.match(/^unverändert: /gm) ?? []).length, json).toBe(created);
      expect(count(database, rowsNow), json).toBe(rows);
      expect(count(database, 'select count(*) from search_pending'), json).toBe(0);
      expect(count(database, tags), json).toBe(tagsBefore);
      expect({ ...state(path.join(dir, database)), versions: count(database, 'select count(*) from resolution_versions') }, json).toEqual(written);
      compared += 1;
    }
    expect(compared).toBeGreaterThanOrEqual(8); // the others need meeting options or hold no resolution
  });
});

describe('a text that names a meeting by the number it had before a correction', () => {
  it('is refused with the meeting\'s number today and the option for either answer; --renumbered use stores into it, --renumbered new makes another', async () => {
    const database = 'umnummeriert.db';
    copyFileSync(migratedTemplate(), path.join(dir, database));
    const text = fixture('intmk-2017-top-2.12.txt');
    expect((await inProcess(database, text)).code).toBe(0);
    // the secretariat corrects the meeting's number: 12 → 13 (the change dated 02.11.2026 for the message)
    const connection = openDatabase(path.join(dir, database), MIGRATIONS_DIR);
    try {
      const meeting = connection.sqlite.prepare('select * from meetings').get() as { id: number; conference_id: number; version: number; year: number; start_date: string; end_date: string; place: string; chair_land: string | null; kind: 'presence' };
      const secretariat = { userId: null, role: 'secretariat' as const, land: null, conferenceIds: [meeting.conference_id] };
      saveMeeting(connection.db, { userId: null, name: 'test' }, secretariat, meeting.conference_id, meeting.id, meeting.version, {
        number: 13, year: meeting.year, startDate: meeting.start_date, endDate: meeting.end_date, place: meeting.place, chairLand: meeting.chair_land, kind: meeting.kind,
      });
      connection.sqlite.prepare("update meeting_former_keys set replaced_at = '2026-11-02T10:00:00.000Z'").run();
    } finally {
      connection.close();
    }
    const said = 'Der Text nennt die 12. IntMK 2017. So hieß bis zum 02.11.2026 die Sitzung, die jetzt 13. IntMK 2017 heißt (berichtigt).';
    const rows = () => count(database, "select group_concat(number || ':' || (select count(*) from resolutions r where r.meeting_id = m.id), ' ') from meetings m");
    const audit = () => count(database, 'select count(*) from audit_log');
    const before = audit();

    const refused = await inProcess(database, text);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(`Fehler: ${text}: Import abgebrochen, nichts gespeichert: ${said} In die 13. IntMK 2017 importieren: --renumbered use; eine weitere Sitzung „12. IntMK 2017“ anlegen: --renumbered new.\n`);
    expect(rows()).toBe('13:1');
    expect(audit()).toBe(before);

    const wrong = await inProcess(database, '--renumbered', 'ja', text);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe('Fehler: --renumbered: „ja“ ist weder use (in die Sitzung unter ihrer Nummer heute) noch new (eine weitere Sitzung, wie der Text sie nennt).\n');

    const used = await inProcess(database, '--renumbered', 'use', text);
    expect(used.code, used.stderr).toBe(0);
    expect(used.stdout).toMatch(/^unverändert: TOP 2\.12 der 13\. IntMK 2017$/m);
    expect(used.stdout).toContain(`Hinweis: ${said} Gespeichert in der 13. IntMK 2017.\n`);
    expect(rows()).toBe('13:1');

    const made = await inProcess(database, '--renumbered', 'new', text);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('angelegt: TOP 2.12 der 12. IntMK 2017\n');
    expect(rows()).toBe('13:1 12:1');
  });
});
