import { describe, expect, it } from 'vitest';
import { analyseResolutionText, parseResolutionText } from '../../src/domain/parser/index.js';

/** A collection that prints the meeting above every resolution and no page number (Beschluss-Sammlung). */
const MEETING = ['Beschluss', 'der Verkehrsministerkonferenz', 'am 8./9. Oktober 2015', 'in Worms'];

describe('collections that repeat the meeting above every resolution', () => {
  it('gives resolutions of lettered sub-items under one TOP number the letter ("4.1a", "4.1b")', () => {
    const document = parseResolutionText([
      ...MEETING, 'Punkt 4.1 der Tagesordnung:', 'Finanzierung der Verkehrsinfrastruktur', 'a) Fortschreibung des Berichts',
      'Die Verkehrsministerkonferenz nimmt den Bericht zur Kenntnis.',
      ...MEETING, 'Punkt 4.1 der Tagesordnung:', 'Finanzierung der Verkehrsinfrastruktur', 'b) Reformkommission',
      'Die Verkehrsministerkonferenz bittet den Bund, zu berichten.',
      ...MEETING, 'Punkt 4.2 der Tagesordnung:', 'Lärmschutz', 'Die Verkehrsministerkonferenz nimmt den Bericht zur Kenntnis.',
    ].join('\n'));
    expect(document.resolutions.map((r) => [r.agendaItem, r.title])).toEqual([
      ['4.1a', 'Finanzierung der Verkehrsinfrastruktur a) Fortschreibung des Berichts'],
      ['4.1b', 'Finanzierung der Verkehrsinfrastruktur b) Reformkommission'],
      ['4.2', 'Lärmschutz'],
    ]);
  });

  it('leaves a repeated TOP number without sub-item letters alone', () => {
    const document = parseResolutionText([
      ...MEETING, 'Punkt 4.1 der Tagesordnung:', 'Finanzierung', 'Die Verkehrsministerkonferenz bittet den Bund, zu handeln.',
      ...MEETING, 'Punkt 4.1 der Tagesordnung:', 'Finanzierung', 'Die Verkehrsministerkonferenz bittet die Länder, zu handeln.',
    ].join('\n'));
    expect(document.resolutions.map((r) => r.agendaItem)).toEqual(['4.1', '4.1']);
  });

  it('does not join the cut-off beginning of the repeated meeting lines to the last Ziffer', () => {
    const result = analyseResolutionText([
      ...MEETING, 'Punkt 4.3 der Tagesordnung:', 'Schutz vor Lärm', '1.', 'Die Verkehrsministerkonferenz nimmt den Bericht zur Kenntnis.',
      '2.', 'Sie bittet den Bund, eine Rechtsgrundlage zu schaffen.', 'Beschluss', 'der Verkehrsministerkonferenz', 'am 8./9. Okt',
    ].join('\n'));
    expect(result.document.resolutions[0]!.demands).toEqual([
      { number: '1', text: 'Die Verkehrsministerkonferenz nimmt den Bericht zur Kenntnis.' },
      { number: '2', text: 'Sie bittet den Bund, eine Rechtsgrundlage zu schaffen.' },
    ]);
    expect(result.lines.at(-1)).toMatchObject({ text: 'am 8./9. Okt', ignored: 'furniture' });
  });

  it('keeps a last line that only begins like a title line when no repeated header precedes it', () => {
    const document = parseResolutionText([
      ...MEETING, 'Punkt 4.3 der Tagesordnung:', 'Schutz vor Lärm', 'Die Verkehrsministerkonferenz bittet den Bund,', 'in Wor',
    ].join('\n'));
    expect(document.resolutions[0]!.demands).toEqual([{ number: null, text: 'Die Verkehrsministerkonferenz bittet den Bund, in Wor' }]);
  });
});

describe('agendas set as a table', () => {
  const COVER = ['77. Konferenz der für das Gesundheitswesen zuständigen', 'Ministerinnen und Minister, Senatorinnen und Senatoren der Länder',
    'am 17. und 18. Juni 2004 in Berlin'];

  it('refuses an agenda under the column heads "TOP" / "Thema" as a contents page', () => {
    const result = analyseResolutionText([...COVER, 'TOP', 'Thema', '5 Beschluss der „Gelben Liste“', '7 Aktuelle Fragen',
      '7.1 Beschlüsse des Gemeinsamen Bundesausschusses', '- Antrag Bremen -', '7.2 Versorgungsstrukturen'].join('\n'));
    expect(result.failure?.kind).toBe('contents-only');
  });

  it('refuses an agenda under "TOP Thema Berichterstatter" on one line, without a heading, as a contents page', () => {
    const result = analyseResolutionText([...COVER, 'TOP Thema Berichterstatter', '1 Genehmigung der Tagesordnung',
      '1.1 Genehmigung der Tagesordnung Berlin', '7.1 Versorgungsforschung Bremen'].join('\n'));
    expect(result.failure?.kind).toBe('contents-only');
  });

  it('still reads the resolutions that follow such an agenda on the next page', () => {
    const result = analyseResolutionText([...COVER, 'TOP', 'Thema', '7.1 Versorgungsforschung', '7.2 Pflege', '\fTOP 7.1',
      'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:', 'Die GMK bittet den Bund, die Versorgungsforschung zu fördern.'].join('\n'));
    expect(result.document.resolutions.map((r) => [r.agendaItem, r.decision.voting])).toEqual([['7.1', 'unanimous']]);
  });
});
