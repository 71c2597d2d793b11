/**
 * `npm run db:backup -- [FILE]`: an online backup of the configured database (the application may
 * keep running and writing), verified afterwards (integrity_check, foreign_key_check, row counts).
 * Without FILE the backup goes to `<DATA_DIR>/sicherungen/beschlussmonitor-<timestamp>.db`.
 *
 * Exit codes: 0 backup written and verified · 1 failed or unusable · 2 wrong call.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { BackupError, backupDatabase, fileTimestamp, formatCounts } from '../services/backup.js';
import { backupDocumentFiles, backupFilesDir } from '../services/document-backup.js';
import { answerHelp } from './help.js';

const USAGE = 'Aufruf: npm run db:backup -- [ZIELDATEI]\n';

const HELP = `${USAGE}
Sichert die Datenbank im laufenden Betrieb (die Anwendung darf weiterlaufen und schreiben) und prüft
die Sicherung (integrity_check, foreign_key_check, Zeilen je Tabelle). Ohne ZIELDATEI landet sie unter
DATA_DIR/sicherungen/beschlussmonitor-ZEITSTEMPEL.db. Die Dokumente der Folgemaßnahmen, auf die die
Sicherung verweist, werden nach ZIELDATEI.dateien/ kopiert und geprüft.
Exit-Code 0: geschrieben und geprüft · 1: fehlgeschlagen · 2: falscher Aufruf.`;

function usage(): never {
  process.stderr.write(USAGE);
  process.exit(2);
}

async function main() {
  const args = process.argv.slice(2);
  answerHelp(args, HELP);
  if (args.length > 1 || args.some((arg) => arg.startsWith('-'))) usage();
  const config = loadConfig();
  const target = args[0]
    ? path.resolve(args[0])
    : path.join(config.dataDir, 'sicherungen', `beschlussmonitor-${fileTimestamp()}.db`);
  mkdirSync(path.dirname(target), { recursive: true });
  const result = await backupDatabase(config.databasePath, target);
  const documents = backupDocumentFiles(result.file, config.dataDir);
  process.stdout.write(
    `Sicherung geschrieben: ${result.file} (${result.bytes} Bytes)\n` +
      'Prüfung: integrity_check ok, foreign_key_check ohne Befund.\n' +
      `Zeilen je Tabelle:\n${formatCounts(result.counts)}\n` +
      (documents.files > 0 ? `Dokumente: ${documents.files} Dateien (${documents.bytes} Bytes) unter ${backupFilesDir(result.file)}\n` : ''),
  );
  if (documents.missing.length > 0) {
    process.stderr.write(`Warnung: ${documents.missing.length} Dokumentdateien fehlen unter ${config.dataDir}/files und sind nicht gesichert: ${documents.missing.join(', ')}\n`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  if (error instanceof BackupError || error instanceof ConfigError) {
    process.stderr.write(`Sicherung fehlgeschlagen: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Sicherung fehlgeschlagen, unerwarteter Fehler: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
