/**
 * The chair a resolution text names ("Vorsitz: … Saarland") is stored with the meeting the import
 * creates: the import service reads it from the document's text, outside the interchange format,
 * or takes it as the browser's preview carries it beside the parsed document. A meeting that has
 * its chair keeps it.
 */
import { describe, expect, it } from 'vitest';
import { parseResolutionText } from '../../src/domain/parser/index.js';
import { importDocument } from '../../src/services/import.js';
import { freshDatabase, TEST_ACTOR } from '../helpers.js';

const TEXT = ['7. Konferenz der für Integration zuständigen Ministerinnen und Minister', 'am 21. und 22. März 2012 in Überherrn',
  'Vorsitz: Ministerin für Arbeit, Familie, Prävention, Soziales und Sport, Saarland', '',
  'TOP 2.1 Einbürgerung', 'Die IntMK hat einstimmig beschlossen:', '1. Die IntMK bittet den Bund, zu handeln.'].join('\n');

describe('the chair named by a resolution text', () => {
  it('is read from the text by the import and stored with the meeting it creates; a chair the meeting has stays', () => {
    const connection = freshDatabase();
    try {
      const document = parseResolutionText(TEXT);
      expect(document.resolutions[0]!.meeting).not.toHaveProperty('chairLand');
      importDocument(connection.db, TEST_ACTOR, { resolutions: document.resolutions, warnings: [] }, { source: 'Test', text: TEXT });
      const chair = (): unknown => connection.sqlite.prepare('select chair_land as chairLand from meetings where number = 7').get();
      expect(chair()).toEqual({ chairLand: 'SL' });
      importDocument(connection.db, TEST_ACTOR, { resolutions: document.resolutions, warnings: [] }, { source: 'Test', text: TEXT.replace('Saarland', 'Bayern') });
      expect(chair()).toEqual({ chairLand: 'SL' });
      importDocument(connection.db, TEST_ACTOR, { resolutions: document.resolutions, warnings: [] }, { source: 'Test', chairLand: 'BY' });
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

  it('is not guessed without the text', () => {
    const connection = freshDatabase();
    try {
      importDocument(connection.db, TEST_ACTOR, { resolutions: parseResolutionText(TEXT).resolutions, warnings: [] }, { source: 'Test' });
      expect(connection.sqlite.prepare('select chair_land as chairLand from meetings where number = 7').get()).toEqual({ chairLand: null });
    } finally {
      connection.sqlite.close();
    }
  });
});
