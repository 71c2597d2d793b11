/**
 * The chair a resolution text names ("Vorsitz: … Saarland", the interchange format's
 * `meeting.chairLand`) is stored with the meeting the import creates, through the browser's
 * preview as on the command line; a meeting that has its chair keeps it.
 */
import { describe, expect, it } from 'vitest';
import { meetingFromFields, parsedMeeting } from '../../src/domain/import-edit.js';
import { parseResolutionText } from '../../src/domain/parser/index.js';
import { importDocument } from '../../src/services/import.js';
import { freshDatabase, TEST_ACTOR } from '../helpers.js';

const TEXT = ['7. Konferenz der für Integration zuständigen Ministerinnen und Minister', 'am 21. und 22. März 2012 in Überherrn',
  'Vorsitz: Ministerin für Arbeit, Familie, Prävention, Soziales und Sport, Saarland', '',
  'TOP 2.1 Einbürgerung', 'Die IntMK hat einstimmig beschlossen:', '1. Die IntMK bittet den Bund, zu handeln.'].join('\n');

describe('the chair named by a resolution text', () => {
  it('is stored with the meeting the import creates, and does not replace a chair the meeting has', () => {
    const connection = freshDatabase();
    try {
      const document = parseResolutionText(TEXT);
      expect(document.resolutions[0]!.meeting.chairLand).toBe('SL');
      importDocument(connection.db, TEST_ACTOR, { resolutions: document.resolutions, warnings: [] }, { source: 'Test' });
      const chair = (): unknown => connection.sqlite.prepare('select chair_land as chairLand from meetings where number = 7').get();
      expect(chair()).toEqual({ chairLand: 'SL' });
      const other = document.resolutions.map((r) => ({ ...r, meeting: { ...r.meeting, chairLand: 'BY' as const } }));
      importDocument(connection.db, TEST_ACTOR, { resolutions: other, warnings: [] }, { source: 'Test' });
      expect(chair()).toEqual({ chairLand: 'SL' });
    } finally {
      connection.sqlite.close();
    }
  });

  it('goes with the meeting the preview\'s fields make', () => {
    const parsed = parsedMeeting(parseResolutionText(TEXT));
    expect(meetingFromFields({ f0_place: 'Saarbrücken' }, 'f0_', parsed, []).meeting).toMatchObject({ place: 'Saarbrücken', chairLand: 'SL' });
  });
});
