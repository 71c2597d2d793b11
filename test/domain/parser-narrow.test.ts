/**
 * Text set in a narrow column (a web page printed in two or three columns, a viewer's re-wrap) and
 * the furniture a browser prints over it: headings, TOP lines and sentences wrapped at 40 or 50
 * characters, running headers wrapped over more lines, page breaks inside an agenda's entries.
 */
import { describe, expect, it } from 'vitest';
import { parseResolutionText } from '../../src/domain/parser/index.js';

const parse = (...lines: string[]) => parseResolutionText(lines.join('\n'));

describe('titles in a narrow column', () => {
  it('goes on with a title\'s last words under a TOP line the column broke ("… Tagesordnung: Aktionsplan" / "Güterverkehr und Logistik")', () => {
    const { resolutions } = parse(
      'Beschluss der Verkehrsministerkonferenz',
      'am 1./2. Oktober 2014 in Kiel',
      'Punkt 4.2 der Tagesordnung: Aktionsplan',
      'Güterverkehr und Logistik',
      '1.',
      'Die Verkehrsministerkonferenz nimmt den',
      'Bericht des Bundesministeriums für Verk-',
      'ehr und digitale Infrastruktur (BMVI)',
      'zur Kenntnis. Sie bedauert, dass das',
      'BMVI die Länder bei der Weiterentwickl-',
      'ung des Aktionsplans nicht beteiligt.',
    );
    expect(resolutions[0]!.title).toBe('Aktionsplan Güterverkehr und Logistik');
    expect(resolutions[0]!.demands.map((demand) => demand.number)).toEqual(['1']);
  });

  it('keeps a short TOP line\'s title where the column did not break it ("TOP 3 Digitale Verwaltung" / "Bund und Länder")', () => {
    const { resolutions } = parse(
      'Beschluss der Verkehrsministerkonferenz',
      'am 1./2. Oktober 2014 in Kiel',
      'TOP 3 Digitale Verwaltung',
      'Bund und Länder',
      'Die Verkehrsministerkonferenz nimmt den',
      'Bericht des Bundesministeriums für Verk-',
      'ehr und digitale Infrastruktur (BMVI)',
      'zur Kenntnis. Sie bedauert, dass das',
      'BMVI die Länder bei der Weiterentwickl-',
      'ung des Aktionsplans nicht beteiligt.',
    );
    expect(resolutions[0]!.title).toBe('Digitale Verwaltung');
  });
});
