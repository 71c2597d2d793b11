/**
 * The import's problems are named by key (importError.* in views/i18n/de.json) and made German
 * where they are shown: every key the checks can produce exists, with its values (also the labels
 * inside a message) filled, and reads as the users know it.
 */
import { describe, expect, it } from 'vitest';
import { validateImportDocument, type ImportResolution } from '../../src/domain/import-format.js';
import { applyPreviewEdits, meetingFromFields, parsedMeeting } from '../../src/domain/import-edit.js';
import type { UiText } from '../../src/domain/ui-text.js';
import { translate, uiTextOf } from '../../src/i18n.js';
import { conferenceIdsBySlug } from '../../src/services/conferences.js';
import { recordFollowUp } from '../../src/services/followups.js';
import { importDocument } from '../../src/services/import.js';
import { checkDocument, checkResolution } from '../../src/services/import-checks.js';
import { RefusedError } from '../../src/services/types.js';
import { freshDatabase, importSeed, seedDocument, TEST_ACTOR } from '../helpers.js';

/** Each text in German; translate throws on a missing key, and no placeholder may stay. */
function german(texts: readonly UiText[]): string[] {
  const out = texts.map(uiTextOf);
  for (const text of out) expect(text).not.toMatch(/\{\w+\}|\[object Object\]/);
  return out;
}

/** The seed's TOP 2.12 of the 12. IntMK 2017, valid. */
const valid: ImportResolution = seedDocument().resolutions[0]!;

describe('the import checks\' texts', () => {
  it('names every problem of a resolution after its TOP, in German', () => {
    const broken = {
      ...valid,
      conference: ' ',
      agendaItem: 'eins',
      title: '',
      meeting: { number: null, year: null, startDate: '2017-02-30', endDate: '2017-01-01', place: null },
      sponsors: ['BE', 'BE', 'XX'],
      reportingLand: 'YY',
      decision: { outcome: 'passed', voting: 'loud', formula: '' },
      demands: [{ number: '1', text: 'a', addressees: ['mars'], dueDate: 'bald' }, { number: '1', text: ' ' }, { number: null, text: '' }],
      protocolStatements: [{ laender: ['ZZ'], text: 'Erklärung' }],
    } as unknown as ImportResolution;
    const top = 'TOP eins der  ';
    expect(german(checkResolution(broken))).toEqual([
      `${top}: Die Konferenz fehlt.`,
      `${top}: „eins“ ist keine gültige TOP-Nummer.`,
      `${top}: Der Titel fehlt.`,
      `${top}: Das Jahr der Sitzung fehlt.`,
      `${top}: „2017-02-30“ ist kein gültiges Datum (JJJJ-MM-TT).`,
      `${top}: Das Ende der Sitzung liegt vor ihrem Beginn.`,
      `${top}: „XX“ ist kein Land.`,
      `${top}: Berichterstattung: „YY“ ist kein Land.`,
      `${top}: Ein Land steht mehrfach unter den Antragstellern.`,
      `${top}: Unbekanntes Ergebnis „passed“.`,
      `${top}: Unbekannte Abstimmungsart „loud“.`,
      `${top}: Ziffer 1: unbekannter Adressat „mars“.`,
      `${top}: Ziffer 1: „bald“ ist kein gültiges Datum.`,
      `${top}: Ziffer 1 kommt mehrfach vor.`,
      `${top}: Ziffer 1 hat keinen Text.`,
      `${top}: Der Beschlusstext hat keinen Text.`,
      `${top}: Protokollerklärung: „ZZ“ ist kein Land.`,
    ]);
    // an emptied TOP number is missing (not the invalid number „“), and the TOP is named by its meeting
    expect(german(checkResolution({ ...valid, agendaItem: '' }))).toEqual(['Ein TOP der 12. IntMK 2017: Die TOP-Nummer fehlt.']);
    const unnamed = { ...valid, meeting: { number: null, year: 2017, startDate: null, endDate: null, place: null } };
    expect(german(checkResolution(unnamed))).toEqual(['TOP 2.12 der IntMK 2017: Die Sitzung braucht eine Nummer oder ein Anfangsdatum.']);
  });

  it('refuses a document with a TOP twice, or with none, naming the meeting as the archive does', () => {
    const refused = (resolutions: ImportResolution[]): string[] => {
      try {
        checkDocument({ resolutions });
      } catch (error) {
        expect(error).toBeInstanceOf(RefusedError);
        return german((error as RefusedError).problems);
      }
      return [];
    };
    expect(refused([valid])).toEqual([]);
    expect(refused([valid, valid])).toEqual(['TOP 2.12 der 12. IntMK 2017: kommt im Dokument mehrfach vor.']);
    expect(refused([])).toEqual(['Das Dokument enthält keinen Beschluss.']);
    const problem = uiTextOf({ key: 'importError.atTop', values: { top: 'TOP 2.12 der 12. IntMK 2017', problem: 'kommt im Dokument mehrfach vor.' } });
    expect(translate('importError.refused', { problem })).toBe('Import abgebrochen, nichts gespeichert: TOP 2.12 der 12. IntMK 2017: kommt im Dokument mehrfach vor.');
  });

  it('names every problem of an interchange file by its JSON pointer', () => {
    const result = validateImportDocument({
      resolutions: [{
        ...valid,
        extra: 1,
        meeting: { number: 0, year: 1800, startDate: 'gestern', endDate: null, place: 3 },
        agendaItem: 'TOP 2',
        sponsors: ['XX', 'XX'],
        decision: { outcome: 'passed', voting: 'majority', formula: 'f', yes: -1 },
        demands: [{ number: '1', text: '' }],
        protocolStatements: {},
      }],
      warnings: [1, {}],
    });
    expect(result.ok).toBe(false);
    expect(german(result.ok ? [] : result.errors)).toEqual([
      '/resolutions/0/extra: ist kein erlaubtes Feld',
      '/resolutions/0/meeting/number: muss eine ganze Zahl ab 1 sein oder null',
      '/resolutions/0/meeting/year: muss eine ganze Zahl zwischen 1949 und 2100 sein oder null',
      '/resolutions/0/meeting/startDate: muss ein Datum JJJJ-MM-TT oder null sein',
      '/resolutions/0/meeting/place: muss ein Text sein',
      '/resolutions/0/agendaItem: muss eine TOP-Nummer wie „2.12“, „2.9b“, „A3“ oder „I.1“ sein',
      '/resolutions/0/sponsors/0: „XX“ ist kein gültiger Wert',
      '/resolutions/0/sponsors/1: „XX“ ist kein gültiger Wert',
      '/resolutions/0/sponsors/1: „XX“ ist doppelt',
      '/resolutions/0/decision/outcome: muss einer der Werte adopted, rejected, noted, deferred, withdrawn sein',
      '/resolutions/0/decision/yes: muss eine ganze Zahl ab 0 sein',
      '/resolutions/0/demands/0/text: darf nicht leer sein',
      '/resolutions/0/protocolStatements: muss eine Liste sein',
      '/warnings/0: muss ein Objekt sein',
      '/warnings/1/line: fehlt',
      '/warnings/1/message: fehlt',
    ]);
  });

  it('names the values the preview cannot read', () => {
    const parsed = { resolutions: [valid] };
    const problems: UiText[] = [];
    meetingFromFields({ f0_number: 'x', f0_year: '1900', f0_startDate: 'morgen', f0_endDate: '32.01.2017' }, 'f0_', parsedMeeting(parsed), problems);
    const edited = applyPreviewEdits(parsed, {
      f0_r0_include: '1', f0_r0_title: 'T', f0_r0_sponsors: 'Atlantis', f0_r0_reportingLand: 'Mond', f0_r0_outcome: 'passed',
      f0_r0_voting: 'counted', f0_r0_yes: 'viele', f0_r0_no: '-1', f0_r0_abstain: 'ein',
    }, 0, parsedMeeting(parsed));
    expect(german([...problems, ...edited.problems])).toEqual([
      'Ordnungszahl: „x“ ist keine ganze Zahl ab 1.',
      'Jahr: „1900“ ist keine ganze Zahl ab 1949.',
      'Beginn: „morgen“ ist kein Datum (TT.MM.JJJJ).',
      'Ende: „32.01.2017“ ist kein Datum (TT.MM.JJJJ).',
      'TOP 2.12: „Atlantis“ ist kein Land.',
      'TOP 2.12: Berichterstattung „Mond“ ist kein Land.',
      'TOP 2.12: Unbekanntes Ergebnis „passed“.',
      'TOP 2.12: Ja-Stimmen: „viele“ ist keine ganze Zahl ab 0.',
      'TOP 2.12: Nein-Stimmen: „-1“ ist keine ganze Zahl ab 0.',
      'TOP 2.12: Enthaltungen: „ein“ ist keine ganze Zahl ab 0.',
    ]);
  });

  it('notes a Ziffer the new text lacks but its follow-ups keep, and names unknown conferences', () => {
    const connection = freshDatabase();
    try {
      const resolutionId = importSeed(connection).items[0]!.id;
      const demandId = (connection.sqlite.prepare("select id from demands where resolution_id = ? and number = '2'").get(resolutionId) as { id: number }).id;
      recordFollowUp(connection.db, TEST_ACTOR, {
        resolutionId, demandId, date: '2019-07-01', actor: 'BMI', kind: 'response',
        summary: 'Antwort', link: null, resultingStatus: 'partial', visibility: 'public',
      });
      const seed = seedDocument();
      const shorter = { ...seed, resolutions: [{ ...seed.resolutions[0]!, demands: seed.resolutions[0]!.demands.filter((d) => d.number !== '2') }] };
      expect(importDocument(connection.db, TEST_ACTOR, shorter, { source: 'Test' }).notes).toEqual([
        'TOP 2.12 der 12. IntMK 2017: Ziffer 2 fehlt im neuen Text, bleibt aber wegen ihrer Folgemaßnahmen erhalten.',
      ]);
      const unknown = (() => {
        try {
          conferenceIdsBySlug(connection.db, ['intmk', 'XYZ']);
        } catch (error) {
          return german((error as RefusedError).problems);
        }
        return [];
      })();
      expect(unknown).toEqual(['Unbekannte Konferenz: XYZ. Vorhanden: intmk.']);
    } finally {
      connection.close();
    }
  });
});
