/** `npm run db:migrate`: applies the committed migrations to the configured database. */
import { loadConfig, ConfigError } from '../config.js';
import { openDatabase, DatabaseStartupError } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../paths.js';

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
