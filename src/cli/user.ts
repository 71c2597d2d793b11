/**
 * `npm run user -- add --email E --name N --role admin|secretariat|land [--land XX] [--password-stdin]`
 * `npm run user -- deactivate --email E` · `npm run user -- list`
 *
 * Creates users from the command line; prints a one-time password unless one is read from stdin.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../config.js';
import { DatabaseStartupError, openDatabase } from '../../db/connection.js';
import { users } from '../../db/schema.js';
import { MIGRATIONS_DIR } from '../paths.js';
import { createUser, setUserActive } from '../services/users.js';
import { ValidationError } from '../services/types.js';
import type { UserRole } from '../domain/vocabulary.js';
import { answerHelp } from './help.js';

const CLI_ACTOR = { userId: null, name: 'cli' };

const USAGE =
  'Aufruf:\n' +
  '  npm run user -- add --email E --name N --role admin|secretariat|land [--land XX] [--password-stdin]\n' +
  '  npm run user -- deactivate --email E\n' +
  '  npm run user -- list\n';

const HELP = `${USAGE}
add legt ein Konto an und zeigt ein Einmalpasswort an, das bei der ersten Anmeldung zu ändern ist
(mit --password-stdin wird stattdessen das Passwort von der Standardeingabe gelesen). --land gibt
bei der Rolle land das Land an (Kürzel wie BY). deactivate sperrt ein Konto und beendet seine
Sitzungen; list zeigt alle Konten. Datenbank aus DATABASE_PATH bzw. DATA_DIR.`;

function usage(): never {
  process.stderr.write(USAGE);
  process.exit(2);
}

async function main() {
  answerHelp(process.argv.slice(2), HELP);
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      land: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const config = loadConfig();
  const connection = openDatabase(config.databasePath, MIGRATIONS_DIR);
  try {
    if (command === 'add') {
      if (!values.email || !values.name || !values.role) usage();
      const password = values['password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : undefined;
      const { user, password: oneTime } = await createUser(connection.db, CLI_ACTOR, {
        email: values.email,
        name: values.name,
        role: values.role as UserRole,
        land: values.land ?? null,
        ...(password !== undefined ? { password } : {}),
      });
      process.stdout.write(`Konto angelegt: ${user.email} (${user.role}${user.land ? `, ${user.land}` : ''})\n`);
      if (password === undefined) process.stdout.write(`Einmalpasswort (bei der ersten Anmeldung zu ändern): ${oneTime}\n`);
    } else if (command === 'deactivate') {
      if (!values.email) usage();
      const row = connection.db.select().from(users).where(eq(users.email, values.email.trim().toLowerCase())).get();
      if (!row) throw new ValidationError(`Kein Konto mit der E-Mail-Adresse ${values.email}.`);
      setUserActive(connection.db, CLI_ACTOR, row.id, false);
      process.stdout.write(`Konto ${row.email} deaktiviert; alle Sitzungen beendet.\n`);
    } else if (command === 'list') {
      for (const row of connection.db.select().from(users).all()) {
        process.stdout.write(`${row.email}\t${row.name}\t${row.role}${row.land ? `\t${row.land}` : ''}${row.active ? '' : '\t(deaktiviert)'}\n`);
      }
    } else {
      usage();
    }
  } finally {
    connection.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ValidationError || error instanceof ConfigError || error instanceof DatabaseStartupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${error.message}\n`);
    usage();
  }
  process.stderr.write(`Unerwarteter Fehler: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
