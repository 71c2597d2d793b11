/**
 * Words broken by a hyphen inside a line (a re-flowed extraction keeps the line-break hyphen where the
 * line no longer breaks): made whole only where the document itself writes the word unbroken.
 */
import { describe, expect, it } from 'vitest';
import { analyseResolutionText, parseResolutionText } from '../../src/domain/parser/index.js';
import { repairInlineHyphens } from '../../src/domain/parser/inline-hyphens.js';
import { splitIntoLines } from '../../src/domain/parser/lines.js';
import { lostWords } from './parser-words.js';

const repaired = (...lines: string[]): string[] => repairInlineHyphens(splitIntoLines(lines.join('\n'))).map((line) => line.text);

describe('a word broken by a hyphen inside a line', () => {
  it('is made whole where the document writes the word unbroken elsewhere ("Ge-setzgebung", "Bundes- regierung")', () => {
    expect(repaired('Die Ge-setzgebung des Bundes.', 'Die Gesetzgebung ist Sache des Bundes.')[0]).toBe('Die Gesetzgebung des Bundes.');
    expect(repaired('Sie bitten die Bundes- regierung.', 'Die Bundesregierung wird gebeten.')[0]).toBe('Sie bitten die Bundesregierung.');
  });

  it('counts a word the document breaks at a line\'s end, inflects or writes inside a compound as known', () => {
    expect(repaired('Die Bundes-', 'regierung soll handeln.', 'Sie bitten die Bundes- regierung.')[2]).toBe('Sie bitten die Bundesregierung.');
    expect(repaired('Die Bundesregierungen der Länder.', 'Sie bitten die Bundes- regierung.')[1]).toBe('Sie bitten die Bundesregierung.');
    expect(repaired('Das Gesetzgebungsverfahren läuft.', 'Die Ge-setzgebung des Bundes.')[1]).toBe('Die Gesetzgebung des Bundes.');
    expect(repaired('Die Bundesgesetzgebung reicht nicht.', 'Die Ge-setzgebung des Bundes.')[1]).toBe('Die Gesetzgebung des Bundes.');
  });

  it('stays where the document never writes the word unbroken', () => {
    expect(repaired('Die Ge-setzgebung des Bundes.', 'Die Länder handeln.')[0]).toBe('Die Ge-setzgebung des Bundes.');
    expect(repaired('Die freiheitlich-demokratische Grundordnung.')[0]).toBe('Die freiheitlich-demokratische Grundordnung.');
  });

  it('stays in a suspended compound, before a capital and in an address, even where the joined word is known', () => {
    expect(repaired('Bundes- und Landesrecht gelten.', 'Bundesundlandesrecht')[0]).toBe('Bundes- und Landesrecht gelten.');
    expect(repaired('Kinder- bzw. Jugendhilfe.', 'Kinderbzw')[0]).toBe('Kinder- bzw. Jugendhilfe.');
    expect(repaired('Die Bundes- Regierung.', 'Die Bundesregierung.')[0]).toBe('Die Bundes- Regierung.');
    expect(repaired('Siehe www.gmk-online.de und info@gmk-online.de.', 'Die gmkonline Seite.')[0]).toBe('Siehe www.gmk-online.de und info@gmk-online.de.');
  });

  it('is read whole in the resolution, and no word is lost', () => {
    const text = ['12. Integrationsministerkonferenz 2017', 'am 16. und 17. März 2017 in Friedrichshafen', '',
      'TOP 2.1 Ge-setzgebung im Aufenthaltsrecht', 'Die IntMK hat einstimmig beschlossen:',
      '1. Die IntMK bittet die Bundes- regierung, die Gesetzgebung zu ändern.', '2. Bundes- und Landesrecht sind anzugleichen. Die Bundesregierung berichtet.'].join('\n');
    const result = analyseResolutionText(text);
    expect(result.document.resolutions[0]!.title).toBe('Gesetzgebung im Aufenthaltsrecht');
    expect(result.document.resolutions[0]!.demands.map((demand) => demand.text)).toEqual([
      'Die IntMK bittet die Bundesregierung, die Gesetzgebung zu ändern.', 'Bundes- und Landesrecht sind anzugleichen. Die Bundesregierung berichtet.',
    ]);
    expect(lostWords(result)).toEqual([]);
    expect(parseResolutionText(text.replace('die Gesetzgebung zu', 'das Recht zu')).resolutions[0]!.title).toBe('Ge-setzgebung im Aufenthaltsrecht');
  });
});
