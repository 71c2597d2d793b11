/** `npm run db:migrate`: applies the committed migrations to the configured database. */
import { loadConfig, ConfigError } from '../config.js';
import { openDatabase, DatabaseStartupError } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../paths.js';
import { translate } from '../i18n.js';
import { answerHelp } from './help.js';

answerHelp(process.argv.slice(2), translate('cli.migrate.help'));

try {
  const config = loadConfig();
  openDatabase(config.databasePath, MIGRATIONS_DIR).close();
  process.stdout.write(`${translate('cli.migrate.upToDate', { path: config.databasePath })}\n`);
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseStartupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
