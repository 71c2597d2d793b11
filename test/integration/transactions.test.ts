/** Writes are all-or-nothing: a failure in the middle of a service's transaction leaves no row. */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { freshDatabase, seedDocument, TEST_ACTOR } from '../helpers.js';
import { storeDocument } from '../../src/services/import.js';
import { recordFollowUpIn } from '../../src/services/followups.js';

function counts(sqlite: ReturnType<typeof freshDatabase>['sqlite']) {
  return sqlite
    .prepare('select (select count(*) from resolutions) r, (select count(*) from demands) d, (select count(*) from follow_ups) f, (select count(*) from audit_log where action != \'actors.load\') a')
    .get();
}

describe('transactions', () => {
  it('roll back everything written before a failure, audit entries included', () => {
    const { db, sqlite } = freshDatabase();
    const before = counts(sqlite);
    expect(() =>
      db.transaction((tx) => {
        const { items } = storeDocument(tx, TEST_ACTOR, seedDocument(), { source: 'Test', release: 'public' });
        expect(items).toHaveLength(1);
        // a later step of the same use case fails: the follow-up is dated before the meeting
        recordFollowUpIn(tx, TEST_ACTOR, {
          resolutionId: items[0]!.id, demandId: null, date: '2001-01-01', actor: 'BMI', kind: 'response',
          summary: 'zu früh', link: null, resultingStatus: 'open', visibility: 'public',
        });
      }),
    ).toThrow(/vor der Sitzung/);
    expect(counts(sqlite)).toEqual(before);
  });

  it('roll back when the database itself refuses a row mid-way', () => {
    const { db, sqlite } = freshDatabase();
    const before = counts(sqlite);
    expect(() =>
      db.transaction((tx) => {
        storeDocument(tx, TEST_ACTOR, seedDocument(), { source: 'Test' });
        // a follow-up of a resolution that does not exist violates the foreign key
        tx.run(sql`insert into follow_ups (resolution_id, date, kind, summary, visibility) values (999999, '2020-01-01', 'note', 'x', 'public')`);
      }),
    ).toThrow();
    expect(counts(sqlite)).toEqual(before);
  });
});
