/**
 * The chair of a meeting as a cover page or header names it, in the wordings the conferences use:
 * read from the document's text (`analyseResolutionText(…).chairLand`, the analysis the command-line import and
 * the preview pass to the import), never from a
 * resolution's text, and never written into the interchange format, which has no chair.
 */
import { describe, expect, it } from 'vitest';
import { validateImportDocument } from '../../src/domain/import-format.js';
import { findChairLand } from '../../src/domain/parser/chair.js';
import { analyseResolutionText, interchangeDocument, parseResolutionText } from '../../src/domain/parser/index.js';

const TOP = ['TOP 2.1 Einbürgerung', 'Die IntMK hat einstimmig beschlossen:', '1. Die IntMK bittet den Bund, zu handeln.'];
const cover = (...lines: string[]): string[] => ['7. Konferenz der für Integration zuständigen Ministerinnen und Minister', 'am 21. und 22. März 2012 in Überherrn', ...lines, ''];

describe('the chair of a meeting', () => {
  it.each([
    [['Vorsitz: Ministerin Monika Bachmann Ministerin für Arbeit, Familie, Prävention, Soziales und Sport, Saarland Franz-Josef-Röder-Straße 23 66119 Saarbrücken'], 'SL'],
    [['Vorsitz: Ministerin für Arbeit und Soziales des Landes Sachsen-Anhalt'], 'ST'],
    [['Vorsitz: Freie und Hansestadt Hamburg'], 'HH'],
    [['Vorsitzland: Saarland'], 'SL'],
    [['Vorsitzland Saarland'], 'SL'],
    [['Vorsitz 2012: Saarland'], 'SL'],
    [['V o r s i t z:', 'Ministerin Monika Bachmann', 'Saarland'], 'SL'],
    [['Vorsitz:', 'Jens Kerstan', 'Senator', 'Behörde für Umwelt und Energie', 'der Freien und Hansestadt Hamburg'], 'HH'],
    [['Vorsitz', 'Herr Staatsminister Stefan Grüttner', 'Hessisches Ministerium für Soziales und Integration'], 'HE'],
    [['Vorsitzende: Staatsministerin Carolina Trautner, MdL Bayerische Staatsministerin für Familie'], 'BY'],
    [['Ergebnisprotokoll Vorsitz: Staatsministerin Lucia Puttrich Hessisches Ministerium für Umwelt'], 'HE'],
    [['Die Konferenz tagte unter dem Vorsitz des Saarlandes in Überherrn.'], 'SL'],
    // a narrow column: the chair over more, shorter lines
    [['Vorsitz:', 'Jens Kerstan', 'Senator', 'Behörde für Umwelt', 'und Energie', 'der Freien und', 'Hansestadt Hamburg'], 'HH'],
    [['Vorsitz: Ministerin', 'Monika Bachmann Minis-', 'terin für Arbeit, Fam-', 'ilie, Prävention, Soz-', 'iales und Sport, Saar-', 'land'], 'SL'],
    [['Vorsitz:', 'Jens Kerstan', 'der Freien und Hansestadt Ham\u00AD', 'burg'], 'HH'],
    [['Die Konferenz tagte', 'unter dem Vorsitz', 'des Ministeriums für', 'Soziales des', 'Saarlandes in', 'Überherrn.'], 'SL'],
  ])('reads %j', (lines, land) => {
    expect(findChairLand(lines)).toBe(land);
    const text = [...cover(...lines), ...TOP].join('\n');
    expect(analyseResolutionText(text).chairLand).toBe(land);
    // the interchange format's meeting has no chair
    const meeting = parseResolutionText(text).resolutions[0]!.meeting;
    expect(meeting).toEqual({ number: 7, year: 2012, startDate: '2012-03-21', endDate: '2012-03-22', place: 'Überherrn' });
  });

  it('is not guessed where the chair names no Land, nor from an address, another label or a later sentence', () => {
    expect(findChairLand(['Vorsitz: Staatsministerin Karin Wolff', 'Teilnehmer: Bayern, Hessen'])).toBeNull();
    expect(findChairLand(['Vorsitz: Minister Dr. Volker Wissing', 'Stiftsstraße 9', '55116 Mainz'])).toBeNull();
    expect(findChairLand(['… fand unter dem Vorsitz ihrer Präsidentin, Staatsministerin Karin Wolff, in Darmstadt statt. Mit dem Bund aus Bayern …'])).toBeNull();
    expect(findChairLand(['TOP 2 Bericht der Vorsitzenden', 'Bayern berichtet.'])).toBeNull();
    // the meeting's place after the chair's name, as the next page's running header repeats it
    expect(findChairLand(['Vorsitz:', 'Jens Kerstan', 'Senator', { text: '93. Umweltministerkonferenz am', pageBreakBefore: true }, '15. November 2019', 'in Hamburg'])).toBeNull();
    expect(findChairLand(['Vorsitz:', 'Jens Kerstan', 'Senator', '15. November 2019', 'in Hamburg'])).toBeNull();
  });

  it('is null where the text names none, and never read from a resolution\'s text', () => {
    expect(analyseResolutionText([...cover(), ...TOP].join('\n')).chairLand).toBeNull();
    expect(analyseResolutionText([...cover(), 'TOP 2.1 Vorsitz', 'Die IntMK hat einstimmig beschlossen:', '1. Vorsitzland: Bayern wird gebeten, zu berichten.'].join('\n')).chairLand).toBeNull();
    expect(analyseResolutionText('').chairLand).toBeNull();
  });

  it('stays out of the interchange format, whose meeting allows no field besides its own', () => {
    const document = interchangeDocument(parseResolutionText([...cover('Vorsitz: Saarland'), ...TOP].join('\n')));
    expect(document.resolutions[0]!.meeting).not.toHaveProperty('chairLand');
    expect(validateImportDocument(document)).toEqual({ ok: true, value: document });
    const extra = structuredClone(document) as unknown as { resolutions: { meeting: Record<string, unknown> }[] };
    extra.resolutions[0]!.meeting.chairLand = 'SL';
    expect(validateImportDocument(extra).ok).toBe(false);
  });
});
