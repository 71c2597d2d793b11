/**
 * The database connection: opens the SQLite file, sets the pragmas, applies the committed
 * drizzle-kit migrations and refuses a database written by a newer version of the application.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

/** The drizzle database; `$client` is the better-sqlite3 connection underneath. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface Connection {
  sqlite: Database.Database;
  db: Db;
  close(): void;
}

/** A startup problem the operator can fix; the message is German and shown without a stack. */
export class DatabaseStartupError extends Error {}

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

function latestMigration(migrationsDir: string): number {
  const journal = JSON.parse(
    readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  return Math.max(...journal.entries.map((entry) => entry.when));
}

export function assertNotNewer(sqlite: Database.Database, migrationsDir: string): void {
  const table = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  if (!table) return;
  const row = sqlite.prepare('select max(created_at) as latest from __drizzle_migrations').get() as {
    latest: number | null;
  };
  if (row.latest !== null && row.latest > latestMigration(migrationsDir)) {
    throw new DatabaseStartupError(
      'Die Datenbank wurde von einer neueren Version von Beschlussmonitor angelegt. ' +
        'Bitte die passende Version starten oder eine Sicherung zurückspielen.',
    );
  }
}

/** How many migrations the database has run (-1 before the first). */
function appliedMigrations(sqlite: Database.Database): number {
  const table = sqlite.prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  return table ? (sqlite.prepare('select count(*) from __drizzle_migrations').pluck().get() as number) : -1;
}

function ensureDirectory(file: string): void {
  if (file === ':memory:') return;
  const dir = path.dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    throw new DatabaseStartupError(
      `Das Datenverzeichnis ${dir} kann nicht angelegt oder beschrieben werden. ` +
        'Bitte Rechte prüfen oder DATA_DIR / DATABASE_PATH auf ein beschreibbares Verzeichnis setzen.',
    );
  }
}

/** The code of an error or of the error it wraps (drizzle wraps SQLite's in `cause`). */
export function errorCode(error: unknown): string {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return '';
}

/**
 * What a failure of the database means for the operator, in German, from SQLite's error code (or
 * the file system's): never SQLite's English message.
 */
export function describeDatabaseError(error: unknown, file: string): string {
  const code = errorCode(error);
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'EACCES' || code === 'EROFS') {
    return `Die Datenbankdatei ${file} ist schreibgeschützt (Dateirechte oder ein nur lesbares Dateisystem). Bitte dem Dienstbenutzer Schreibrechte auf die Datei und ihr Verzeichnis geben.`;
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'ENOENT' || code === 'EISDIR') {
    return `Die Datenbankdatei ${file} kann nicht geöffnet werden (fehlende Rechte auf das Verzeichnis, oder der Pfad ist ein Verzeichnis). Bitte DATA_DIR / DATABASE_PATH prüfen.`;
  }
  if (code === 'SQLITE_NOTADB') return `Die Datei ${file} ist keine SQLite-Datenbank. Bitte DATABASE_PATH prüfen oder eine Sicherung zurückspielen.`;
  if (code.startsWith('SQLITE_CORRUPT')) return `Die Datenbank ${file} ist beschädigt. Bitte eine Sicherung zurückspielen (npm run db:restore).`;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `Die Datenbank ${file} ist von einem anderen Prozess gesperrt (läuft schon ein Server, ein Import oder eine Wiederherstellung?). Bitte später erneut starten.`;
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return `Auf dem Datenträger der Datenbank ${file} ist kein Platz mehr frei.`;
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return `Beim Lesen oder Schreiben der Datenbank ${file} trat ein Ein-/Ausgabefehler auf. Bitte den Datenträger prüfen.`;
  return `Die Datenbank ${file} kann nicht verwendet werden (Fehlercode ${code || 'unbekannt'}).`;
}

/** The file exists but may not be written: refused at start, not at the first write. */
function assertWritable(file: string): void {
  if (file === ':memory:' || !existsSync(file)) return;
  try {
    accessSync(file, constants.W_OK);
  } catch (error) {
    throw new DatabaseStartupError(describeDatabaseError(error, file));
  }
}

/** SQLite before 3.51.3 can corrupt a WAL database when the WAL is reset under concurrent writes. */
export const MIN_SQLITE_VERSION = '3.51.3';

function versionAtLeast(actual: string, minimum: string): boolean {
  const a = actual.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

export function assertSqliteVersion(actual: string): void {
  if (!versionAtLeast(actual, MIN_SQLITE_VERSION)) {
    throw new DatabaseStartupError(
      `SQLite ${actual} ist zu alt (mindestens ${MIN_SQLITE_VERSION} wegen eines Fehlers beim Zurücksetzen des WAL). Bitte better-sqlite3 aktualisieren.`,
    );
  }
}

/**
 * Applies the migrations with foreign-key enforcement off, as SQLite's procedure for changing a
 * table's definition asks: drizzle-kit rebuilds such a table (new table, copy, drop, rename), and
 * with enforcement on, dropping the old table would delete or null every row that refers to it
 * (sessions, watches, authors of follow-ups, …) through the ON DELETE actions. The pragma has no
 * effect inside a transaction, so it is switched here, around the migrator's own transaction;
 * afterwards every reference must still hold.
 */
function migrateWithoutCascades(sqlite: Database.Database, db: Db, migrationsDir: string): void {
  sqlite.pragma('foreign_keys = OFF');
  try {
    const before = appliedMigrations(sqlite);
    migrate(db, { migrationsFolder: migrationsDir });
    // Only a migration can have broken a reference here; the check reads every row (seconds on a
    // large archive), so a start without one skips it.
    if (appliedMigrations(sqlite) === before) return;
    const broken = sqlite.pragma('foreign_key_check') as { table: string }[];
    if (broken.length > 0) {
      throw new DatabaseStartupError(
        `Nach der Migration verweisen ${broken.length} Zeilen (Tabelle ${broken[0]!.table}) ins Leere. Bitte eine Sicherung zurückspielen.`,
      );
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

/** The settings of every connection the application opens. */
export function setPragmas(sqlite: Database.Database): void {
  // WAL: readers never block the writer. synchronous=FULL: a committed transaction survives
  // power loss, at a small cost per commit that a write-light archive does not notice.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // No memory-mapped I/O: on a large archive the mapped pages count as resident memory (measured
  // 367 MB vs 260 MB peak RSS on 100,000 resolutions) for a few per cent of read speed.
  sqlite.pragma('mmap_size = 0');
  // 8 MB page cache: the operating system caches the file as well. 32 MB held a large
  // archive's statistics scan in the process (measured +26 MB peak RSS, no gain in req/s).
  sqlite.pragma('cache_size = -8000');
  sqlite.pragma('temp_store = MEMORY');
}

export function openDatabase(file: string, migrationsDir: string): Connection {
  ensureDirectory(file);
  assertWritable(file);
  if (!existsSync(path.join(migrationsDir, 'meta', '_journal.json'))) {
    throw new DatabaseStartupError(`Die Migrationen der Anwendung fehlen (${migrationsDir}); die Installation ist unvollständig. Bitte neu installieren (npm ci, npm run build).`);
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file);
    setPragmas(sqlite);
  } catch (error) {
    throw new DatabaseStartupError(describeDatabaseError(error, file));
  }
  try {
    assertSqliteVersion((sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v);
    assertNotNewer(sqlite, migrationsDir);
    const db = drizzle({ client: sqlite, schema });
    migrateWithoutCascades(sqlite, db, migrationsDir);
    return {
      sqlite,
      db,
      close: () => {
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    if (error instanceof DatabaseStartupError) throw error;
    const code = errorCode(error);
    if (code.startsWith('SQLITE_') && code !== 'SQLITE_ERROR') throw new DatabaseStartupError(describeDatabaseError(error, file));
    throw new DatabaseStartupError(
      `Die Datenbank ${file} kann nicht auf den Stand dieser Version gebracht werden (Migration gescheitert, Fehlercode ${code || 'unbekannt'}). Bitte eine Sicherung zurückspielen oder die passende Version starten.`,
    );
  }
}
