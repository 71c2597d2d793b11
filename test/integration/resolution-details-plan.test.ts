/**
 * The resolution page's statements (archive-queries.ts `resolutionDetails`, `resolutionDemands`,
 * `resolutionFollowUps`) read each of their lists in order from an index, the versions included:
 * SQLite's plan is checked, since json_group_array(… order by …) sorts every list in a temporary
 * b-tree, index or not. Only the back-links, whose order (by their meetings) no index gives, are
 * sorted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../db/connection.js';
import { queries } from '../../src/services/archive-queries.js';
import { visibilityParams, type Viewer } from '../../src/services/visibility.js';
import { freshDatabase, queryPlan } from '../helpers.js';

let connection: Connection;

beforeEach(() => {
  connection = freshDatabase();
});
afterEach(() => {
  connection.close();
});

const viewers: Viewer[] = [
  { userId: null, role: null, land: null, conferenceIds: [] },
  { userId: 1, role: 'land', land: 'BY', conferenceIds: [] },
  { userId: 2, role: 'secretariat', land: null, conferenceIds: [1] },
];

describe('resolution page query plan', () => {
  it.each(viewers)('reads the versions by their index and sorts no list but the back-links (%o)', (viewer) => {
    const steps = queryPlan(connection, queries(connection.db).resolutionDetails, { ...visibilityParams(viewer), slug: 'intmk', urlKey: '1', agendaItem: '1' });
    expect(steps).toContain('SEARCH v USING INDEX resolution_versions_number (resolution_id=?)');
    // the one sort, and the back-links' lookup right after it
    const sorts = steps.flatMap((step, index) => (step.includes('TEMP B-TREE') ? [steps[index + 1]] : []));
    expect(sorts).toEqual(['SEARCH rr USING INDEX resolution_references_reference (reference=?)']);
  });

  it.each(viewers)('reads the flags of the rarely filled lists by the resolution (%o)', (viewer) => {
    const steps = queryPlan(connection, queries(connection.db).resolutionDetails, { ...visibilityParams(viewer), slug: 'intmk', urlKey: '1', agendaItem: '1' });
    expect(steps).toContain('SEARCH x USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN');
    // the confirmed repeats are not looked for: the flag says whether there are some
    expect(steps.filter((step) => step.includes('demand_repeats'))).toEqual([]);
  });

  it.each(viewers)('reads the Ziffern and the follow-ups in their order from an index, sorting nothing (%o)', (viewer) => {
    const { level } = visibilityParams(viewer);
    const demandSteps = queryPlan(connection, queries(connection.db).resolutionDemands, { level, resolutionId: 1 });
    expect(demandSteps).toContain('SEARCH d USING INDEX demands_resolution (resolution_id=?)');
    const followUpSteps = queryPlan(connection, queries(connection.db).resolutionFollowUps, { level, resolutionId: 1, documents: 1 });
    expect(followUpSteps).toContain('SEARCH f USING INDEX follow_ups_resolution_date (resolution_id=?)');
    expect([...demandSteps, ...followUpSteps].filter((step) => step.includes('TEMP B-TREE'))).toEqual([]);
  });
});
