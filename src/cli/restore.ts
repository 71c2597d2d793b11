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
import { translate } from '../i18n.js';
import { answerHelp } from './help.js';

const USAGE = translate('cli.restore.usage');

const HELP = translate('cli.restore.help', { usage: USAGE });

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
    `${translate('cli.restore.restored', { path: config.databasePath })}\n` +
      (result.keptAs ? `${translate('cli.restore.keptAs', { path: result.keptAs })}\n` : '') +
      `${translate('cli.rowsPerTable')}\n${formatCounts(result.counts)}\n` +
      (documents.files > 0 ? `${translate('cli.restore.documents', { files: documents.files, dataDir: config.dataDir })}\n` : '') +
      `${translate('cli.restore.canStart')}\n`,
  );
  if (documents.missing.length > 0) {
    const names = documents.missing.join(', ');
    const backupDir = backupFilesDir(args[0]!);
    process.stderr.write(`${translate('cli.restore.missingDocuments', { count: documents.missing.length, dataDir: config.dataDir, backupDir, names })}\n`);
    process.exit(1);
  }
}

try {
  main();
} catch (error) {
  if (error instanceof BackupError) {
    process.stderr.write(`${translate('cli.restore.refused', { message: error.message })}\n`);
    process.exit(error.exitCode);
  }
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`${translate('cli.restore.failedUnexpected', { message: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
}
