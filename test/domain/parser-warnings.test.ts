import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseResolutionText, interchangeDocument, parserWarning, readParserWarnings } from '../../src/domain/parser/index.js';
import { WARNING_KINDS, readWarningMessage, warningMessage } from '../../src/domain/parser/warning-kinds.js';
import { interchangeWarningText, parserWarningText } from '../../src/i18n.js';

const FIXTURES = [new URL('../../fixtures/import/', import.meta.url), new URL('../../fixtures/import/real/', import.meta.url)];

/** Texts that make the parser give every kind of warning. */
const TEXTS = [
  ...FIXTURES.flatMap((folder) => readdirSync(folder).filter((name) => name.endsWith('.txt')).map((name) => readFileSync(new URL(name, folder), 'utf8'))),
  ['Sitzung ohne Angaben', 'TOP 1', 'Text.'].join('\n'),
  ['Antragsteller: Berlin', 'TOP 1 Erster', 'Titel: Noch einer', 'Antragsteller: Berlin, Atlantis', 'Beschluss: einstimmig',
    'Abstimmungsergebnis: mehrheitlich', '1. Text.', 'Protokollerklärung Atlantis:', 'Text.', 'TOP 2: Zwei', '(nicht freigegeben)',
    'TOP 3', 'Beschluss: einstimmig', 'Die IMK nimmt den Bericht zur Kenntnis.', 'TOP 4 Vier', 'Beschluss:', '1.', '2. Text.',
    'Berichterstattung: Bayern, Hessen und Vorsitzland', '§§§ ###', 'Veröffentlichung: frei', 'IMK 2024', 'TOP XII Verschiedenes', 'Text.', '¹ Eine Fußnote.'].join('\n'),
];

describe('parser warnings', () => {
  const warnings = TEXTS.flatMap((text) => analyseResolutionText(text).document.warnings);

  it('carry their kind and values; the test texts cover these kinds (a demand without text is checked below)', () => {
    expect([...new Set(warnings.map((w) => w.kind))].sort()).toEqual([
      'beforeFirstTop', 'conferenceUnknown', 'fieldNotImported', 'furtherDecision', 'noFormula', 'noTitle', 'notReleased',
      'protocolNotLand', 'secondTitle', 'sponsorNotLand', 'voteFromFurther', 'yearUnknown', 'meetingNumberUnknown',
      'meetingDateUnknown', 'strayLine', 'reportingNotLand', 'reportingSecond', 'romanAgendaItem', 'footnote', 'cutOff',
    ].sort());
    expect(warnings).toContainEqual(parserWarning(4, 'sponsorNotLand', { value: 'Atlantis' }));
  });

  it('have a German text for every kind, with every value filled in', () => {
    for (const warning of warnings) expect(parserWarningText(warning), warning.kind).not.toMatch(/[{}]/);
    for (const kind of WARNING_KINDS) expect(() => parserWarningText({ kind, values: {} }), kind).not.toThrow();
    expect(parserWarningText({ kind: 'fieldNotImported', values: { name: 'Berichterstattung', value: 'Bayern' } })).toBe('Feld „Berichterstattung“ nicht übernommen: Bayern');
    expect(parserWarningText({ kind: 'noFormula', values: { top: '2.12' } })).toBe('TOP 2.12: keine Beschlussformel gefunden');
    expect(parserWarningText({ kind: 'demandWithoutText', values: { top: '5', number: '3' } })).toBe('TOP 5: Ziffer 3 ohne Text');
  });

  it('are written into the interchange format as English messages, with a prefix where one is given', () => {
    expect(warningMessage('fieldNotImported', { name: 'Berichterstattung', value: 'Bayern' })).toBe("field 'Berichterstattung' not imported: Bayern");
    const document = { resolutions: [], warnings: [parserWarning(7, 'noFormula', { top: '2.12' })] };
    expect(interchangeDocument(document, 'a.txt: ')).toEqual({ resolutions: [], warnings: [{ line: 7, message: 'a.txt: TOP 2.12: no decision formula found' }] });
    for (const warning of warnings) expect(warningMessage(warning.kind, warning.values)).not.toMatch(/[{}]/);
  });

  it('are read back from their English messages, behind a file name too, and shown in German; other messages stay as written', () => {
    for (const warning of warnings) {
      const { line, message } = interchangeDocument({ resolutions: [], warnings: [warning] }).warnings[0]!;
      expect(readWarningMessage({ line, message }), message).toEqual({ ...warning, prefix: '' });
      expect(readWarningMessage({ line, message: `b.txt: ${message}` }), message).toEqual({ ...warning, prefix: 'b.txt: ' });
    }
    const odd = parserWarning(2, 'fieldNotImported', { name: 'Vorgang', value: "sponsor 'X' is not a Land: TOP 1: no title found" });
    expect(readWarningMessage({ line: 2, message: warningMessage(odd.kind, odd.values) })).toEqual({ ...odd, prefix: '' });
    expect(interchangeWarningText({ line: 5, message: 'a.txt: TOP 2.12: no decision formula found' })).toBe('a.txt: TOP 2.12: keine Beschlussformel gefunden');
    expect(interchangeWarningText({ line: 5, message: 'von Hand notiert: TOP 3 fehlt' })).toBe('von Hand notiert: TOP 3 fehlt');
    expect(readWarningMessage({ line: 1, message: '' })).toBeNull();
  });

  it('come back from JSON as they were; malformed entries and unknown kinds are dropped', () => {
    expect(readParserWarnings(JSON.parse(JSON.stringify(warnings)))).toEqual(warnings);
    expect(readParserWarnings([
      { line: 1, kind: 'noTitle', values: { top: '1' } },
      { line: 'x', kind: 'noTitle', values: {} },
      { line: 2, kind: 'madeUp', values: {} },
      { line: 3, kind: 'noTitle', values: { top: 4 } },
      { line: 4, message: 'von Hand notiert' },
      null,
    ])).toEqual([parserWarning(1, 'noTitle', { top: '1' })]);
    expect(readParserWarnings('nothing')).toEqual([]);
  });
});
