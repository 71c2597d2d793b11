/**
 * Text that reached us through a PDF typeset from the document (a word processor's export, A5 or
 * landscape, one or more columns, justified, with running headers and page numbers) and read back by
 * the app's own PDF path: lines broken where the new page's column ends, blank lines gone.
 */
import { describe, expect, it } from 'vitest';
import { analyseResolutionText, parseResolutionText } from '../../src/domain/parser/index.js';

const parse = (...lines: string[]) => parseResolutionText(lines.join('\n'));

describe('a formula broken before its last word "Beschluss:"', () => {
  it('reads "… fassen folgenden" / "Beschluss:" under a title as the formula, not as the title\'s last line', () => {
    const { resolutions } = parse(
      'Beschlüsse der GMK 11.06.2025 - 12.06.2025',
      'TOP: 13.1 Länderübergreifender Arbeitsprozess „Zivile Verteidigung und Krisenmanagement im',
      'Gesundheitswesen“',
      'Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder fassen folgenden',
      'Beschluss:',
      '- Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder begrüßen den Arbeitsprozess.',
    );
    expect(resolutions[0]!.title).toBe('Länderübergreifender Arbeitsprozess „Zivile Verteidigung und Krisenmanagement im Gesundheitswesen“');
    expect(resolutions[0]!.decision.formula).toBe('Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder fassen folgenden Beschluss:');
    expect(resolutions[0]!.demands).toEqual([{ number: null, text: 'Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder begrüßen den Arbeitsprozess.' }]);
  });

  it('reads it under a title wrapped over two lines, with the formula itself over two lines', () => {
    const { resolutions } = parse(
      'Besprechung des Bundeskanzlers mit den Regierungschefinnen und Regierungschefs der Länder am 9. Dezember 2021',
      'TOP 8b Bekämpfung von Verschwörungstheorien sowie Anfeindungen',
      'und Bedrohungen in Kommunikationsdiensten',
      'Der Bundeskanzler und die Regierungschefinnen und Regierungschefs',
      'der Länder fassen folgenden',
      'Beschluss:',
      '1. Die Regierungschefinnen und Regierungschefs von Bund und Ländern sind bestürzt über Hass und Hetze.',
    );
    expect(resolutions[0]!.title).toBe('Bekämpfung von Verschwörungstheorien sowie Anfeindungen und Bedrohungen in Kommunikationsdiensten');
    expect(resolutions[0]!.decision.formula).toBe('Der Bundeskanzler und die Regierungschefinnen und Regierungschefs der Länder fassen folgenden Beschluss:');
    expect(resolutions[0]!.demands.map((demand) => demand.number)).toEqual(['1']);
  });

  it('keeps a subtitle before a bare "Beschluss:" that is no formula', () => {
    const { resolutions } = parse(
      'Beschlüsse der GMK 11.06.2025 - 12.06.2025',
      'TOP: 13.1 Länderübergreifender Arbeitsprozess',
      'Zivile Verteidigung und Krisenmanagement im Gesundheitswesen',
      'Beschluss:',
      'Die Gesundheitsministerkonferenz begrüßt den Arbeitsprozess.',
    );
    expect(resolutions[0]!.title).toBe('Länderübergreifender Arbeitsprozess Zivile Verteidigung und Krisenmanagement im Gesundheitswesen');
  });
});

describe('the page number of a document of one page', () => {
  const lines = [
    'Beschlüsse der GMK 11.06.2025 - 12.06.2025',
    'TOP: 13.1 Krisenmanagement im Gesundheitswesen',
    'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:',
    'Die GMK bittet die Bundesregierung, bis 2026 einen Bericht vorzulegen.',
  ];

  it('drops a bare "1" that a footer printed under the last paragraph', () => {
    const result = analyseResolutionText([...lines, '1'].join('\n'));
    expect(result.document.resolutions[0]!.demands).toEqual([{ number: null, text: 'Die GMK bittet die Bundesregierung, bis 2026 einen Bericht vorzulegen.' }]);
    expect(result.lines.find((line) => line.text === '1')?.ignored).toBe('furniture');
  });

  it('keeps a bare number other than 1 at the end of the text', () => {
    const { resolutions } = parseResolutionText([...lines, '2'].join('\n'));
    expect(resolutions[0]!.demands[0]!.text).toBe('Die GMK bittet die Bundesregierung, bis 2026 einen Bericht vorzulegen. 2');
  });
});
