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
import { translate } from '../i18n.js';
import { answerHelp } from './help.js';

const USAGE = translate('cli.backup.usage');

const HELP = translate('cli.backup.help', { usage: USAGE });

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
    `${translate('cli.backup.written', { file: result.file, bytes: result.bytes })}\n` +
      `${translate('cli.backup.verified')}\n` +
      `${translate('cli.rowsPerTable')}\n${formatCounts(result.counts)}\n` +
      (documents.files > 0
        ? `${translate('cli.backup.documents', { files: documents.files, bytes: documents.bytes, dir: backupFilesDir(result.file) })}\n`
        : ''),
  );
  if (documents.missing.length > 0) {
    const names = documents.missing.join(', ');
    process.stderr.write(`${translate('cli.backup.missingDocuments', { count: documents.missing.length, dataDir: config.dataDir, names })}\n`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  if (error instanceof BackupError || error instanceof ConfigError) {
    process.stderr.write(`${translate('cli.backup.failed', { message: error.message })}\n`);
    process.exit(1);
  }
  process.stderr.write(`${translate('cli.backup.failedUnexpected', { message: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
});
