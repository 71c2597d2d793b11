/**
 * Child process of durability.test.ts: writes into a fresh database until it is killed.
 *
 * Single TOPs of IntMK meeting 12 (2017), one transaction each; after each commit the TOP number
 * is printed as `ack <agendaItem>`. Every few iterations a 200-TOP collection of its own meeting
 * (number 1000 + k) is imported in one transaction (one batch), announced as `begin <meeting>` and, once
 * committed, `collection <meeting>`. The parent kills this process with SIGKILL at a random time.
 *
 *   node --import tsx test/ops/durability-writer.ts FILE
 */
import { writeSync } from 'node:fs';
import { openDatabase } from '../../db/connection.js';
import { buildSyntheticCollection } from '../../src/domain/parser/synthetic-collection.js';
import { parseResolutionText } from '../../src/domain/parser/index.js';
import { MIGRATIONS_DIR } from '../../src/paths.js';
import { importDocument, type StorableDocument } from '../../src/services/import.js';
import type { ImportDocument } from '../../src/domain/import-format.js';
import { seedDocument, TEST_ACTOR } from '../helpers.js';

const COLLECTION_TOPS = 200;
const COLLECTION_MEETING_BASE = 1000;

const file = process.argv[2];
if (!file) throw new Error('usage: durability-writer.ts FILE');

// Synchronous writes to the pipe: a line is out before the next transaction starts, so a line
// the parent has read is a commit that returned.
const say = (line: string) => writeSync(1, `${line}\n`);

const connection = openDatabase(file, MIGRATIONS_DIR);
const seed = seedDocument();
const collectionTemplate = parseResolutionText(buildSyntheticCollection(COLLECTION_TOPS));
if (collectionTemplate.resolutions.length !== COLLECTION_TOPS) throw new Error('synthetic collection parsed wrongly');

function collection(meetingNumber: number): StorableDocument {
  return {
    ...collectionTemplate,
    resolutions: collectionTemplate.resolutions.map((r) => ({ ...r, meeting: { ...r.meeting, number: meetingNumber } })),
  };
}

say('ready');
for (let i = 1; ; i++) {
  const agendaItem = `7.${i}`;
  const document: ImportDocument = { ...seed, resolutions: seed.resolutions.map((r) => ({ ...r, agendaItem })) };
  importDocument(connection.db, TEST_ACTOR, document, { source: 'Haltbarkeitstest', release: 'draft' });
  say(`ack ${agendaItem}`);
  if (i % 5 === 0) {
    const meeting = COLLECTION_MEETING_BASE + i / 5;
    say(`begin ${meeting}`);
    // the whole collection in one transaction (importDocument's batches made as large as it)
    importDocument(connection.db, TEST_ACTOR, collection(meeting), { source: 'Haltbarkeitstest', release: 'draft' }, { batchSize: COLLECTION_TOPS });
    say(`collection ${meeting}`);
  }
}
