/**
 * The chair a resolution text names ("Vorsitz: … Saarland") is stored with the meeting the import
 * creates: the parser reads it with the resolutions, outside the interchange format, and the import
 * takes it as its caller passes it (the command line from the same parse, the browser's preview as
 * the secretariat confirmed it). A meeting that has its chair keeps it.
 */
import { describe, expect, it } from 'vitest';
import { analyseResolutionText, parseResolutionText } from '../../src/domain/parser/index.js';
import { importDocument } from '../../src/services/import.js';
import { freshDatabase, TEST_ACTOR } from '../helpers.js';

const TEXT = ['7. Konferenz der für Integration zuständigen Ministerinnen und Minister', 'am 21. und 22. März 2012 in Überherrn',
  'Vorsitz: Ministerin für Arbeit, Familie, Prävention, Soziales und Sport, Saarland', '',
  'TOP 2.1 Einbürgerung', 'Die IntMK hat einstimmig beschlossen:', '1. Die IntMK bittet den Bund, zu handeln.'].join('\n');

describe('the chair named by a resolution text', () => {
  it('is read with the resolutions and stored with the meeting the import creates; a chair the meeting has stays', () => {
    const connection = freshDatabase();
    try {
      const { document, chairLand } = analyseResolutionText(TEXT);
      expect(chairLand).toBe('SL');
      expect(document.resolutions[0]!.meeting).not.toHaveProperty('chairLand');
      importDocument(connection.db, TEST_ACTOR, { resolutions: document.resolutions, warnings: [] }, { source: 'Test', chairLand });
      const chair = (): unknown => connection.sqlite.prepare('select chair_land as chairLand from meetings where number = 7').get();
      expect(chair()).toEqual({ chairLand: 'SL' });
      const other = analyseResolutionText(TEXT.replace('Saarland', 'Bayern')).chairLand;
      expect(other).toBe('BY');
      importDocument(connection.db, TEST_ACTOR, { resolutions: document.resolutions, warnings: [] }, { source: 'Test', chairLand: other });
      expect(chair()).toEqual({ chairLand: 'SL' });
    } finally {
      connection.sqlite.close();
    }
  });

  it('is taken as the preview carries it, beside the parsed document', () => {
    const connection = freshDatabase();
    try {
      const { resolutions } = parseResolutionText(TEXT.replace(/^Vorsitz: .*$/m, ''));
      importDocument(connection.db, TEST_ACTOR, { resolutions, warnings: [] }, { source: 'Test', chairLand: 'SL' });
      expect(connection.sqlite.prepare('select chair_land as chairLand from meetings where number = 7').get()).toEqual({ chairLand: 'SL' });
    } finally {
      connection.sqlite.close();
    }
  });

  it('is not guessed where the caller passes none', () => {
    const connection = freshDatabase();
    try {
      importDocument(connection.db, TEST_ACTOR, { resolutions: parseResolutionText(TEXT).resolutions, warnings: [] }, { source: 'Test' });
      expect(connection.sqlite.prepare('select chair_land as chairLand from meetings where number = 7').get()).toEqual({ chairLand: null });
    } finally {
      connection.sqlite.close();
    }
  });
});
