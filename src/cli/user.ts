/**
 * `npm run user -- add --email E --name N --role admin|secretariat|land [--land XX] [--conference a,b] [--one-time-password | --password-stdin]`
 * `npm run user -- conferences --email E --conference a,b` (a secretariat's conferences)
 * `npm run user -- add-conference --short IntMK --name "Integrationsministerkonferenz"`
 * `npm run user -- deactivate --email E` · `npm run user -- list`
 *
 * Creates users from the command line. By default the person is invited by e-mail (a link to set
 * their own password, through the outbox; needs SMTP_URL). For machines without mail,
 * `--one-time-password` prints a one-time password instead, and `--password-stdin` reads the
 * password from standard input. A secretariat works for the conferences given with `--conference`
 * (short names or URL names, separated by commas, or the option repeated); without one it is refused.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { ConfigError, loadConfig } from '../config.js';
import { DatabaseStartupError, openDatabase } from '../../db/connection.js';
import { users } from '../../db/schema.js';
import { MIGRATIONS_DIR } from '../paths.js';
import { createUser, getUser, setUserActive, setUserConferences } from '../services/users.js';
import { conferenceIdsBySlug, createConference, listAllConferences } from '../services/conferences.js';
import { parseConferenceForm } from '../domain/meeting-form.js';
import { inviteUser } from '../services/account-links.js';
import { mailContextOf } from '../services/outbox.js';
import { RefusedError, ValidationError } from '../services/types.js';
import { translate, uiTextOf } from '../i18n.js';
import type { UserRole } from '../domain/vocabulary.js';
import { answerHelp } from './help.js';

const CLI_ACTOR = { userId: null, name: 'cli' };

const USAGE = translate('cli.user.usage');

const HELP = translate('cli.user.help', { usage: USAGE });

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
      conference: { type: 'string', multiple: true },
      short: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      'one-time-password': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const config = loadConfig();
  const connection = openDatabase(config.databasePath, MIGRATIONS_DIR);
  const conferenceNames = (values.conference ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const findUser = (email: string) => {
    const row = connection.db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
    if (!row) throw new ValidationError(translate('cli.user.noAccount', { email }));
    return row;
  };
  try {
    if (command === 'add') {
      if (!values.email || !values.name || !values.role) usage();
      if (values['password-stdin'] && values['one-time-password']) usage();
      const conferenceIds = conferenceIdsBySlug(connection.db, conferenceNames);
      const input = { email: values.email, name: values.name, role: values.role as UserRole, land: values.land ?? null, conferenceIds };
      const scope = conferenceNames.length > 0 ? `, ${conferenceNames.join(', ')}` : '';
      const describe = (user: { email: string; role: string; land: string | null }) =>
        `${translate('cli.user.created', { email: user.email, role: user.role, land: user.land ? `, ${user.land}` : '', scope })}\n`;
      if (values['password-stdin'] || values['one-time-password']) {
        const password = values['password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : undefined;
        const { user, password: oneTime } = await createUser(connection.db, CLI_ACTOR, { ...input, ...(password !== undefined ? { password } : {}) });
        process.stdout.write(describe(user));
        if (password === undefined) process.stdout.write(`${translate('cli.user.oneTimePassword', { password: oneTime })}\n`);
      } else {
        if (!config.smtpUrl) {
          throw new ValidationError(translate('cli.user.noSmtp'));
        }
        const { user } = await inviteUser(connection.db, CLI_ACTOR, input, mailContextOf(config));
        process.stdout.write(describe(user));
        process.stdout.write(`${translate('cli.user.invited', { email: user.email })}\n`);
      }
    } else if (command === 'conferences') {
      if (!values.email || conferenceNames.length === 0) usage();
      const row = findUser(values.email);
      setUserConferences(connection.db, CLI_ACTOR, row.id, conferenceIdsBySlug(connection.db, conferenceNames));
      const names = new Map(listAllConferences(connection.db).map((c) => [c.id, c.shortName]));
      const scope = getUser(connection.db, row.id)!.conferenceIds.map((id) => names.get(id)).join(', ');
      process.stdout.write(`${translate('cli.user.conferencesSet', { email: row.email, conferences: scope })}\n`);
    } else if (command === 'add-conference') {
      if (!values.short || !values.name) usage();
      const { input, errors } = parseConferenceForm({ shortName: values.short, name: values.name });
      const problems = Object.values(errors).map(uiTextOf);
      if (problems.length > 0) throw new ValidationError(problems.join(' '));
      createConference(connection.db, CLI_ACTOR, input);
      process.stdout.write(`${translate('cli.user.conferenceCreated', { shortName: input.shortName, name: input.name })}\n`);
    } else if (command === 'deactivate') {
      if (!values.email) usage();
      const row = findUser(values.email);
      setUserActive(connection.db, CLI_ACTOR, row.id, false);
      process.stdout.write(`${translate('cli.user.deactivated', { email: row.email })}\n`);
    } else if (command === 'list') {
      const names = new Map(listAllConferences(connection.db).map((c) => [c.id, c.shortName]));
      for (const row of connection.db.select().from(users).all()) {
        const scope = getUser(connection.db, row.id)!.conferenceIds.map((id) => names.get(id)).join(',');
        process.stdout.write(`${row.email}\t${row.name}\t${row.role}${row.land ? `\t${row.land}` : ''}${scope ? `\t${scope}` : ''}${row.active ? '' : `\t${translate('cli.user.inactive')}`}\n`);
      }
    } else {
      usage();
    }
  } finally {
    connection.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof RefusedError) {
    process.stderr.write(`${error.problems.map(uiTextOf).join('\n')}\n`);
    process.exit(1);
  }
  if (error instanceof ValidationError || error instanceof ConfigError || error instanceof DatabaseStartupError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`${error.message}\n`);
    usage();
  }
  process.stderr.write(`${translate('cli.unexpectedError', { message: error instanceof Error ? error.message : String(error) })}\n`);
  process.exit(1);
});
