/** The stored classification of declaratory Ziffern: kept by the import, redone when the rule changes. */
import { describe, expect, it } from 'vitest';
import { freshDatabase, importSeed, seedDocument, TEST_ACTOR } from '../helpers.js';
import { importDocument } from '../../src/services/import.js';
import { classifyStoredDemands } from '../../src/services/tracking.js';

function declaratoryNumbers(sqlite: ReturnType<typeof freshDatabase>['sqlite']): string[] {
  return sqlite.prepare('select number from demands where declaratory = 1 order by position').pluck().all() as string[];
}

describe('declaratory Ziffern in the database', () => {
  it('are classified on import and again when a new text comes in', () => {
    const connection = freshDatabase();
    importSeed(connection);
    // 1 "unterstreicht … begrüßt", 5 "bekennen sich … betonen"; 2–4 ask for something
    expect(declaratoryNumbers(connection.sqlite)).toEqual(['1', '5']);
    const seed = seedDocument().resolutions[0]!;
    const changed = {
      ...seed,
      demands: seed.demands.map((d) => (d.number === '5' ? { ...d, text: `${d.text} Sie bitten den Bund, die Angebote abzustimmen.` } : d)),
    };
    importDocument(connection.db, TEST_ACTOR, { resolutions: [changed], warnings: [] }, { source: 'Test', release: 'public' });
    expect(declaratoryNumbers(connection.sqlite)).toEqual(['1']);
    connection.close();
  });

  it('are classified again once after the rule changed (or rows came in without it)', () => {
    const connection = freshDatabase();
    importSeed(connection);
    expect(classifyStoredDemands(connection.db)).toBe(0); // first run on this database: nothing to change
    expect(classifyStoredDemands(connection.db)).toBe(0);
    // rows written by a bulk load or an older version, and the rule's version forgotten
    connection.sqlite.prepare('update demands set declaratory = 1 - declaratory').run();
    connection.sqlite.prepare("delete from app_meta where key = 'declaratory_rule'").run();
    expect(classifyStoredDemands(connection.db)).toBe(5);
    expect(declaratoryNumbers(connection.sqlite)).toEqual(['1', '5']);
    // the rule's version is recorded: no second pass
    connection.sqlite.prepare('update demands set declaratory = 0').run();
    expect(classifyStoredDemands(connection.db)).toBe(0);
    connection.close();
  });
});
