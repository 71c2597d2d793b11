/**
 * A process that takes part in the rebuild of repeated demands and is killed by
 * repeat-rebuild.test.ts: begins the rebuild of the database given, takes the number of smallest
 * steps given, says "rest" with the progress it stored, and does all the rest in one step (it
 * should not live to say "done").
 */
import { eq } from 'drizzle-orm';
import { openDatabase } from '../../db/connection.js';
import { appMeta } from '../../db/schema.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { beginRepeatsRebuild, stepRepeatsRebuild } from '../../src/services/repeats.js';

const [file, count] = process.argv.slice(2) as [string, string];
const connection = openDatabase(file, MIGRATIONS_DIR);
beginRepeatsRebuild(connection.db);
for (let i = 0; i < Number(count); i++) stepRepeatsRebuild(connection.db, 0);
const progress = connection.db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, 'repeat_rebuild')).get()!.value;
process.stdout.write(`rest ${progress}\n`, () => {
  stepRepeatsRebuild(connection.db, Number.POSITIVE_INFINITY);
  process.stdout.write('done\n');
});
