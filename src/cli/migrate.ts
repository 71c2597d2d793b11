/** `npm run db:migrate`: applies the committed migrations to the configured database. */
import { loadConfig, ConfigError } from '../config.js';
import { openDatabase, DatabaseStartupError } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../paths.js';
import { answerHelp } from './help.js';

answerHelp(
  process.argv.slice(2),
  'Aufruf: npm run db:migrate\n\n' +
    'Legt die Datenbank an, wenn es sie noch nicht gibt, und wendet die mitgelieferten Migrationen an\n' +
    '(db/migrations). Datenbank aus DATABASE_PATH bzw. DATA_DIR. Der Server tut dasselbe bei jedem Start.',
);

try {
  const config = loadConfig();
  openDatabase(config.databasePath, MIGRATIONS_DIR).close();
  process.stdout.write(`Datenbank ${config.databasePath} ist auf dem neuesten Stand.\n`);
} catch (error) {
  if (error instanceof ConfigError || error instanceof DatabaseStartupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
