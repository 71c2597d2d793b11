/**
 * A process that takes part in the rebuild of repeated demands and is killed by
 * repeat-rebuild.test.ts: begins the rebuild of the database given, takes the number of smallest
 * steps given, says "rest" and does all the rest in one step (it should not live to say "done").
 */
import { openDatabase } from '../../db/connection.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { beginRepeatsRebuild, stepRepeatsRebuild } from '../../src/services/repeats.js';

const [file, count] = process.argv.slice(2) as [string, string];
const connection = openDatabase(file, MIGRATIONS_DIR);
beginRepeatsRebuild(connection.db);
for (let i = 0; i < Number(count); i++) stepRepeatsRebuild(connection.db, 0);
process.stdout.write('rest\n', () => {
  stepRepeatsRebuild(connection.db, Number.POSITIVE_INFINITY);
  process.stdout.write('done\n');
});
