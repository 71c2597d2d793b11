/**
 * `npm run db:restore -- FILE`: replaces the configured database by a backup.
 *
 * Stop the application first. The file is refused when it is not a SQLite database, not a
 * Beschlussmonitor database, damaged (integrity_check, foreign_key_check) or written by a newer
 * version. The previous database is kept as `<db>.vor-wiederherstellung-<timestamp>`.
 *
 * Exit codes: 0 restored · 1 file refused or restore failed · 2 wrong call · 3 database in use
 * (the application is still running).
 */
import { ConfigError, loadConfig } from '../config.js';
import { MIGRATIONS_DIR } from '../paths.js';
import { BackupError, formatCounts, restoreDatabase } from '../services/backup.js';
import { backupFilesDir, restoreDocumentFiles } from '../services/document-backup.js';
import { answerHelp } from './help.js';

const USAGE = 'Aufruf: npm run db:restore -- SICHERUNGSDATEI\n';

const HELP = `${USAGE}
Ersetzt die Datenbank durch eine Sicherung. Vorher die Anwendung beenden. Abgelehnt wird eine Datei,
die keine SQLite-Datenbank des Beschlussmonitors ist, beschädigt ist oder von einer neueren Version
stammt. Die bisherige Datenbank bleibt als DATEI.vor-wiederherstellung-ZEITSTEMPEL erhalten. Fehlende
Dokumente der Folgemaßnahmen werden aus SICHERUNGSDATEI.dateien/ nach DATA_DIR/files/ zurückgelegt.
Exit-Code 0: wiederhergestellt · 1: abgelehnt oder fehlgeschlagen · 2: falscher Aufruf ·
3: Datenbank in Benutzung (die Anwendung läuft noch).`;

function usage(): never {
  process.stderr.write(USAGE);
  process.exit(2);
}

function main() {
  const args = process.argv.slice(2);
  answerHelp(args, HELP);
  if (args.length !== 1 || args[0]!.startsWith('-')) usage();
  const config = loadConfig();
  const result = restoreDatabase(args[0]!, config.databasePath, MIGRATIONS_DIR);
  const documents = restoreDocumentFiles(args[0]!, config.databasePath, config.dataDir);
  process.stdout.write(
    `Datenbank wiederhergestellt: ${config.databasePath}\n` +
      (result.keptAs ? `Die bisherige Datenbank liegt unter ${result.keptAs}.\n` : '') +
      `Zeilen je Tabelle:\n${formatCounts(result.counts)}\n` +
      (documents.files > 0 ? `Dokumente: ${documents.files} Dateien unter ${config.dataDir}/files\n` : '') +
      'Beschlussmonitor kann jetzt wieder gestartet werden.\n',
  );
  if (documents.missing.length > 0) {
    process.stderr.write(
      `Warnung: ${documents.missing.length} Dokumentdateien fehlen (weder unter ${config.dataDir}/files noch unter ${backupFilesDir(args[0]!)}); ` +
        `diese Dokumente können nicht abgerufen werden: ${documents.missing.join(', ')}\n`,
    );
    process.exit(1);
  }
}

try {
  main();
} catch (error) {
  if (error instanceof BackupError) {
    process.stderr.write(`Wiederherstellung abgelehnt: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Wiederherstellung fehlgeschlagen, unerwarteter Fehler: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
