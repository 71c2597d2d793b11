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

describe('a collection run together into one line', () => {
  const COVER = 'Berlin, 15. Oktober 2015 Verkehrsministerkonferenz - Geschäftsstelle BeschlussSammlung der Verkehrsministerkonferenz '
    + 'am 8./9. Oktober 2015 in Worms Briefpostanschrift: c/o Bundesrat 11055 Berlin Telefon: 030 189100-0';
  const HEADER = 'Beschluss der Verkehrsministerkonferenz am 8./9. Oktober 2015 in Worms';

  it('reads each "Punkt N der Tagesordnung:" as a resolution: title, Ziffern, the repeated header and a page number left out', () => {
    const result = analyseResolutionText([
      COVER, HEADER, 'Punkt 4.2 der Tagesordnung: Sachstand Bundesverkehrswegeplanung 2015',
      'Die Verkehrsministerkonferenz nimmt den Bericht des Bundes zur Kenntnis.', HEADER,
      'Punkt 4.3 der Tagesordnung: Schutz vor Lärm a) Grundlagen 1. Die Verkehrsministerkonferenz nimmt den Bericht zur Kenntnis.',
      '2. Sie bittet den Bund, eine Grundlage zu schaffen, die -2- alle Verkehrsträger umfasst.',
    ].join(' '));
    expect(result.failure).toBeNull();
    expect(result.document.resolutions.map((r) => [r.agendaItem, r.title, r.decision.outcome, r.decision.formula, r.demands])).toEqual([
      ['4.2', 'Sachstand Bundesverkehrswegeplanung 2015', 'noted', 'Die Verkehrsministerkonferenz nimmt den Bericht des Bundes zur Kenntnis.', []],
      ['4.3', 'Schutz vor Lärm a) Grundlagen', 'adopted', '', [
        { number: '1', text: 'Die Verkehrsministerkonferenz nimmt den Bericht zur Kenntnis.' },
        { number: '2', text: 'Sie bittet den Bund, eine Grundlage zu schaffen, die alle Verkehrsträger umfasst.' },
      ]],
    ]);
    // The cover's address block does not run into the place.
    expect(result.document.resolutions[0]!.meeting).toEqual({ number: null, year: 2015, startDate: '2015-10-08', endDate: '2015-10-09', place: 'Worms' });
    expect(result.lines.filter((line) => line.text === '-2-').map((line) => line.ignored)).toEqual(['furniture']);
  });

  it('leaves running text that cites an agenda item without a colon, and short lines, in one piece', () => {
    const citing = 'Die Verkehrsministerkonferenz verweist auf ihren Beschluss zu Punkt 5 der Tagesordnung der Sitzung in Kiel '
      + 'und bittet den Bund, die dort genannten Maßnahmen umzusetzen. '.repeat(4);
    const document = parseResolutionText(['TOP 3 Lärmschutz', citing, 'Siehe Punkt 2.1 der Tagesordnung: Lärm'].join('\n'));
    expect(document.resolutions.map((r) => r.agendaItem)).toEqual(['3']);
    expect(document.resolutions[0]!.demands[0]!.text).toBe(`${citing.trim()} Siehe Punkt 2.1 der Tagesordnung: Lärm`);
  });
});

describe('a single resolution headed "TOP N" run together into one line', () => {
  const MEETING = 'Sitzung der 81. Europaministerkonferenz am 25./26. September 2019 in Trier';
  const TEXT = 'Mit Beschluss der Konferenz der Regierungschefinnen und -chefs der Länder vom 21. März 2019 wurde die Europaministerkonferenz '
    + 'um die Koordinierung gebeten. 1. Die Mitglieder der Europaministerkonferenz beschließen die beigefügten Anliegen. '
    + '2. Sie bitten das Vorsitzland, diesen Beschluss der Ministerpräsidentenkonferenz vorzulegen.';

  it('cuts it before the TOP, its labels and around "Beschluss", and reads title, reporting Land and Ziffern', () => {
    const result = analyseResolutionText(`${MEETING} TOP 3 Deutsche EU-Ratspräsidentschaft Berichterstatter: Hamburg, Saarland Beschluss ${TEXT}`);
    expect(result.failure).toBeNull();
    expect(result.document.resolutions.map((r) => [r.agendaItem, r.title, r.reportingLand, r.demands.map((d) => d.number)])).toEqual([
      ['3', 'Deutsche EU-Ratspräsidentschaft', 'HH', [null, '1', '2']],
    ]);
    expect(result.document.resolutions[0]!.meeting).toEqual({ number: 81, year: 2019, startDate: '2019-09-25', endDate: '2019-09-26', place: 'Trier' });
  });

  it('reads "Antragsteller:" and "Beschluss:" with a colon the same way', () => {
    const result = analyseResolutionText(`${MEETING} TOP 4: Kohäsionspolitik Antragsteller: Sachsen, Thüringen Beschluss: ${TEXT}`);
    expect(result.document.resolutions.map((r) => [r.agendaItem, r.title, r.sponsors])).toEqual([['4', 'Kohäsionspolitik', ['SN', 'TH']]]);
  });

  it('leaves an agenda run together into one line, which has no "Beschluss" text, a contents page', () => {
    const agenda = `- 1 - Beschlussprotokoll ${MEETING} Tagesordnung TOP 1: Eröffnung der Sitzung und Annahme der Tagesordnung `
      + 'TOP 2: Migrations- und Flüchtlingspolitik in der EU TOP 3: Beschluss Zukunft der EU-Strukturpolitik TOP 4: Beteiligung deutscher Schulen '
      + 'am Programm Erasmus+ TOP 5: Länderbeobachter: Nachbesetzung Büroleitung TOP 6: Fortentwicklung der Wirtschafts- und Währungsunion';
    expect(analyseResolutionText(agenda).failure?.kind).toBe('contents-only');
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

describe('agendas that run on to the next page', () => {
  const COVER = ['9. Verbraucherschutzministerkonferenz', 'am 17. Mai 2013 in Bad Nauheim', 'Tagesordnung'];

  it.each<[string, string[]]>([
    ['entries that go on after a page break', ['TOP 1 Genehmigung der Tagesordnung', 'TOP 2 Bericht der Vorsitzenden', '\fTOP 3 Bericht des Bundes',
      'TOP 4 Grüne Liste']],
    ['entries with a section heading run into them ("Allgemeines TOP 2 …")', ['Tagesordnung / Niederschrift TOP 1 Genehmigung der Tagesordnung',
      'Allgemeines TOP 2 Bericht der Vorsitzenden', '\fTOP 3 Bericht des Bundes', 'TOP 4 Grüne Liste']],
    ['an entry\'s title that a page break cuts in two', ['TOP 4.1', 'Vereinbarkeit von Pflege und Beruf – Pflegende Arbeitnehmerinnen und',
      'Seite 2 von 5', 'Arbeitnehmer durch Flexibilisierung der Pflegezeit stärken', 'TOP 4.2', 'Teilbericht der Arbeitsgruppe „Bioethik und Recht“',
      '\fzur Lebendspende von Organen', 'TOP 4.3', 'Entgeltgleichheit']],
    ['a number that goes on with an entry\'s title ("… der" / "9. VSMK"), no listed TOP', ['TOP 1 Genehmigung der Tagesordnung',
      'TOP 2 Vorbereitung des Kamingesprächs der', '9. VSMK (nur ACK)', 'TOP 9 Export von Lebensmitteln']],
    ['the wrapped rest of an entry\'s "Vorgang:" ("LAV TOP 1 / 18. LAV"), no listed TOP', ['TOP 1 Genehmigung der Tagesordnung',
      'TOP 2 Bericht der Vorsitzenden Vorgang: TOP 9 / 8. VSMK', 'LAV TOP 1 / 18. LAV', '\fTOP 3 Bericht des Bundes', 'TOP 4 Grüne Liste']],
    ['its heading left at the foot of the page, a section heading and the entries on the next', ['\fTagesordnung/Niederschrift/Berichtswesen',
      'TOP 1 Genehmigung der Tagesordnung', 'TOP 2 Vorbereitung des Kamingesprächs', 'TOP 3 Berichte des Bundes']],
  ])('refuses an agenda without page numbers as a contents page: %s', (_name, entries) => {
    expect(analyseResolutionText([...COVER, ...entries].join('\n')).failure?.kind).toBe('contents-only');
  });

  it('still reads the resolutions after it, which start again at a listed TOP', () => {
    const result = analyseResolutionText([...COVER, 'TOP 1 Genehmigung der Tagesordnung', 'TOP 2 Bericht der Vorsitzenden',
      '\fTOP 3 Bericht des Bundes', '\fTOP 1 Genehmigung der Tagesordnung', 'Die VSMK nimmt die Tagesordnung zur Kenntnis.',
      'TOP 3 Bericht des Bundes', 'Die VSMK nimmt den Bericht des Bundes zur Kenntnis.'].join('\n'));
    expect(result.document.resolutions.map((r) => [r.agendaItem, r.decision.outcome])).toEqual([['1', 'noted'], ['3', 'noted']]);
  });
});

describe('titles and places that end in a small word', () => {
  it('does not continue a title that ends in a verb with the resolution\'s first sentence', () => {
    const inline = parseResolutionText(['Beschluss der 372. Kultusministerkonferenz am 12. März 2021', '',
      'TOP 3: Lernrückstände aufholen', 'Die Kultusministerkonferenz bittet die Länder,', 'Programme aufzulegen.'].join('\n'));
    expect(inline.resolutions.map((r) => [r.title, r.demands])).toEqual([
      ['Lernrückstände aufholen', [{ number: null, text: 'Die Kultusministerkonferenz bittet die Länder, Programme aufzulegen.' }]],
    ]);
    const ownLine = parseResolutionText(['Beschluss der 372. Kultusministerkonferenz am 12. März 2021', '', 'TOP 4',
      'Ganztag ausbauen', 'Die Länder bitten den Bund, sich zu beteiligen.'].join('\n'));
    expect(ownLine.resolutions.map((r) => r.title)).toEqual(['Ganztag ausbauen']);
  });

  it('still joins a title wrapped after a verb-final line when the next line continues it', () => {
    const document = parseResolutionText(['Beschluss der 372. Kultusministerkonferenz am 12. März 2021', '',
      'TOP 5: Rahmenbedingungen für eine effektive Versorgungsforschung in Deutschland', 'weiterentwickeln',
      'Die Kultusministerkonferenz bittet den Bund, zu berichten.'].join('\n'));
    expect(document.resolutions[0]!.title).toBe('Rahmenbedingungen für eine effektive Versorgungsforschung in Deutschland weiterentwickeln');
  });

  it('reads place names joined by "an der", "in der" and "am"', () => {
    const place = (line: string): string | null => parseResolutionText([line, '', 'TOP 1 Titel',
      'Die Bauministerkonferenz bittet den Bund, zu handeln.'].join('\n')).resolutions[0]!.meeting.place;
    const headers = {
      'Sitzung der Bauministerkonferenz am 23./24. September 2010 in Neustadt an der Weinstraße': 'Neustadt an der Weinstraße',
      'Agrarministerkonferenz am 12. April 2019 in Landau in der Pfalz': 'Landau in der Pfalz',
      'Verkehrsministerkonferenz am 8. Oktober 2015 in Frankfurt am Main': 'Frankfurt am Main',
      'Europaministerkonferenz am 5. Mai 2015 in Berlin in der Vertretung des Landes Hessen': 'Berlin',
      'Europaministerkonferenz am 5. Mai 2015 in Berlin in der Landesvertretung Bayern': 'Berlin',
    };
    expect(Object.fromEntries(Object.keys(headers).map((header) => [header, place(header)]))).toEqual(headers);
  });
});

describe('references in protocols with a Grüne Liste', () => {
  const COVER = ['95. Konferenz der Minister und Ministerinnen, Senatoren und Senatorinnen für Arbeit und Soziales der Länder',
    'am 5. und 6. Dezember 2018 in Münster', ''];

  it('reads the bare TOP numbers a Grüne Liste TOP adopts after its formula as references', () => {
    const document = parseResolutionText([...COVER,
      'TOP 3 Zur gemeinsamen Beschlussfassung zusammengefasste Beschlussvorschläge der ACK (Grüne Liste)', 'Beschluss:',
      'Die ASMK fasst zu den folgenden Tagesordnungspunkten die Beschlüsse gemäß den Beschlussvorschlägen der ACK:',
      '5.1, 5.2, 6.3 und 8.4'].join('\n'));
    expect(document.resolutions.map((r) => [r.agendaItem, r.references])).toEqual([['3', ['TOP 5.1', 'TOP 5.2', 'TOP 6.3', 'TOP 8.4']]]);
  });

  it('keeps a number list after a colon as text where the TOP is no en-bloc list', () => {
    const document = parseResolutionText([...COVER, 'TOP 1 Genehmigung der Tagesordnung', 'Beschluss:',
      'Die ASMK genehmigt die Tagesordnung. Zurückgezogen wurden die Tagesordnungspunkte:', '5.3 und 6.1'].join('\n'));
    expect(document.resolutions[0]!.references).toBeUndefined();
    expect(document.resolutions[0]!.decision.outcome).toBe('adopted');
  });

  it('reads the line naming the preparing body\'s TOP ("TOP 5.1 der ACK | Grüne Liste") as a reference, not as part of the title', () => {
    const document = parseResolutionText([...COVER, 'TOP 5.1 Verlängerung der Antragsfrist der Stiftung Anerkennung und Hilfe',
      'Antragsteller: alle Länder', 'TOP 5.1 der ACK | Grüne Liste', 'Beschluss:',
      'Die ASMK bittet den Bund, die Antragsfrist zu verlängern.', '', 'TOP 5.2 Kurzzeitpflege', 'TOP 5.2 der ACK', 'Beschluss:',
      'Die ASMK bittet den Bund, die Kurzzeitpflege zu stärken.'].join('\n'));
    expect(document.resolutions.map((r) => [r.agendaItem, r.title, r.references])).toEqual([
      ['5.1', 'Verlängerung der Antragsfrist der Stiftung Anerkennung und Hilfe', ['TOP 5.1 der ACK | Grüne Liste']],
      ['5.2', 'Kurzzeitpflege', ['TOP 5.2 der ACK']],
    ]);
  });
});

describe('outcome lines under a TOP', () => {
  const COVER = ['Jugend- und Familienministerkonferenz', 'am 22./23. Mai 2014 in Mainz', ''];
  const decisionAfter = (line: string, body = ['Die JFMK bittet den Bund, zu handeln.']): unknown => {
    const resolution = parseResolutionText([...COVER, 'TOP 5.3 Kinderschutz', line, ...body].join('\n')).resolutions[0]!;
    const { outcome, voting, yes, no, abstain } = resolution.decision;
    return [resolution.title, outcome, voting, ...(voting === 'counted' ? [yes, no, abstain] : []), resolution.decision.formula === '' ? '' : 'formula'];
  };

  it.each([
    ['Beschluss: (einstimmig)', 'adopted', 'unanimous'],
    ['Ergebnis: Annahme', 'adopted', 'unknown'],
    ['Beschluss: mehrheitlich bei Enthaltung von BY', 'adopted', 'majority'],
    ['einstimmig bei Enthaltung von Bayern und Sachsen-Anhalt', 'adopted', 'unanimous'],
    ['Beschluss: einstimmig, bei Enthaltung von BY und SN', 'adopted', 'unanimous'],
    ['Beschluss: ohne Gegenstimme', 'adopted', 'unanimous'],
    ['Ergebnis: Vertagung', 'deferred', 'unknown'],
    ['Ergebnis: Rücknahme', 'withdrawn', 'unknown'],
  ])('reads "%s" as the decision, not as text', (line, outcome, voting) => {
    expect(decisionAfter(line)).toEqual(['Kinderschutz', outcome, voting, 'formula']);
  });

  it.each([
    ['mehrheitlich angenommen (13:2:1)', [13, 2, 1]],
    ['Annahme mit 14 Ja-Stimmen, 1 Nein-Stimme, 1 Enthaltung', [14, 1, 1]],
    ['Beschluss mit 15:0:1 Stimmen', [15, 0, 1]],
  ])('reads the votes of "%s"', (line, counts) => {
    expect(decisionAfter(line)).toEqual(['Kinderschutz', 'adopted', 'counted', ...counts, 'formula']);
  });

  it.each([
    ['Kenntnisnahme', 'noted'], ['vertagt', 'deferred'], ['erledigt', 'noted'], ['Der TOP hat sich erledigt.', 'noted'],
  ])('reads "%s" alone under the title as the outcome, not as part of the title', (line, outcome) => {
    expect(decisionAfter(line, [])).toEqual(['Kinderschutz', outcome, 'unknown', 'formula']);
  });
});

describe('the MPK', () => {
  it('is named by its members and keeps nested numbers ("1.1", "(1.1.1)") inside their Ziffer', () => {
    const document = parseResolutionText(['Besprechung des Bundeskanzlers mit den Regierungschefinnen und Regierungschefs der Länder',
      'am 18. November 2021', '', 'TOP 1 Pandemie',
      'Die Regierungschefinnen und Regierungschefs der Länder fassen folgenden Beschluss:', '1. Die Lage ist ernst.',
      '(1.1) Die Länder verstärken die Kontrollen.', '(1.1.1) Sie betreffen 2G-Regeln.', '2. Bund und Länder prüfen weitere Maßnahmen.',
      '2.1 Impfkampagne ausweiten.', '2.1.1 Auffrischungsimpfungen anbieten.', '', 'TOP 2 Rundfunk',
      'Die Regierungschefinnen und Regierungschefs der Länder nehmen den Bericht zur Kenntnis.'].join('\n'));
    expect(document.resolutions.map((r) => [r.conference, r.agendaItem, r.decision.outcome, r.demands])).toEqual([
      ['MPK', '1', 'adopted', [
        { number: '1', text: 'Die Lage ist ernst. (1.1) Die Länder verstärken die Kontrollen. (1.1.1) Sie betreffen 2G-Regeln.' },
        { number: '2', text: 'Bund und Länder prüfen weitere Maßnahmen. 2.1 Impfkampagne ausweiten. 2.1.1 Auffrischungsimpfungen anbieten.' },
      ]],
      ['MPK', '2', 'noted', []],
    ]);
  });
});

describe('running headers without page breaks or page numbers', () => {
  it('drops a header and footer that recur word for word, also inside a Ziffer\'s sentence', () => {
    const PAGE_END = ['GMK 2021 – Beschlüsse', 'Stand: 17.06.2021'];
    const result = analyseResolutionText(['94. Gesundheitsministerkonferenz', 'am 16. Juni 2021', '', 'TOP 7.1 ÖGD', 'Beschluss: einstimmig',
      '1. Die GMK bittet den Bund, den ÖGD zu sichern.', ...PAGE_END, '2. Die GMK bittet die Länder, zu berichten.', '',
      'TOP 7.2 Pflege', 'Beschluss: einstimmig', 'Die GMK bittet die Länder, die Pflege zu fördern, und', ...PAGE_END,
      'die Kommunen einzubeziehen.', ...PAGE_END].join('\n'));
    expect(result.document.resolutions.map((r) => r.demands.map((d) => d.text))).toEqual([
      ['Die GMK bittet den Bund, den ÖGD zu sichern.', 'Die GMK bittet die Länder, zu berichten.'],
      ['Die GMK bittet die Länder, die Pflege zu fördern, und die Kommunen einzubeziehen.'],
    ]);
  });

  it('keeps a recurring stem sentence ("Die Verkehrsministerkonferenz") as text', () => {
    const top = (n: number): string[] => [`TOP ${n} Thema ${n}`, 'Die Verkehrsministerkonferenz', '1. begrüßt den Bericht,', '2. bittet den Bund, zu handeln.'];
    const document = parseResolutionText(['Verkehrsministerkonferenz am 8./9. Oktober 2015 in Worms', '', ...top(1), ...top(2), ...top(3)].join('\n'));
    expect(document.resolutions.map((r) => r.demands[1]!.text)).toEqual(Array(3).fill('Die Verkehrsministerkonferenz bittet den Bund, zu handeln.'));
  });
});

describe('running headers of more lines than the zone next to a page break', () => {
  it('drops the whole header ("Beschluss" / "der Verkehrsministerkonferenz" / date / place) on every page', () => {
    const header = ['Beschluss', 'der Verkehrsministerkonferenz', 'am 8./9. Oktober 2015', 'in Worms'];
    const item = (n: number, title: string): string[] => [`Punkt 4.${n} der Tagesordnung:`, title, 'Die Verkehrsministerkonferenz nimmt den Bericht zur Kenntnis.'];
    const result = analyseResolutionText([...header, ...item(1, 'Lärmschutz'), '\f', ...header, ...item(2, 'Radverkehr'), '\f', ...header,
      ...item(3, 'Finanzierung')].join('\n'));
    expect(result.document.resolutions.map((r) => [r.agendaItem, r.title, r.decision.outcome, r.demands])).toEqual([
      ['4.1', 'Lärmschutz', 'noted', []], ['4.2', 'Radverkehr', 'noted', []], ['4.3', 'Finanzierung', 'noted', []],
    ]);
    expect(result.lines.filter((line) => line.text === 'in Worms').map((line) => line.ignored)).toEqual(['title-page', 'furniture', 'furniture']);
  });
});

describe('lines that recur next to page breaks because resolutions repeat a sentence', () => {
  it('keeps a recurring line that ends in a broken word as text', () => {
    const item = (n: number, title: string): string[] => [`Punkt 4.${n} der Tagesordnung:`, title,
      'Die Verkehrsministerkonferenz nimmt den Bericht des Bundesm-', 'inisteriums für Verkehr und digitale Infrastruktur zur Kenn-', 'tnis.'];
    const document = parseResolutionText(['Verkehrsministerkonferenz am 8./9. Oktober 2015 in Worms', ...item(1, 'Lärmschutz'), '- 2 -',
      `\f${item(2, 'Radverkehr').join('\n')}`, '- 3 -', `\f${item(3, 'Finanzierung').join('\n')}`].join('\n'));
    expect(document.resolutions.map((r) => r.decision.formula)).toEqual(Array(3)
      .fill('Die Verkehrsministerkonferenz nimmt den Bericht des Bundesministeriums für Verkehr und digitale Infrastruktur zur Kenntnis.'));
  });
});

describe('collections whose running header carries the page number in front (GFMK Beschlüsse)', () => {
  const header = (page: number): string[] => [`${page} 24. Konferenz der Gleichstellungs- und Frauenministerinnen und -minister,`,
    '-senatorinnen und -senatoren der Länder', 'am 1./2. Oktober 2014 in Wiesbaden'];

  it('drops the header whose first line ends in a comma, so that the next TOP is not read as that sentence\'s end', () => {
    const result = analyseResolutionText(['Beschlüsse', ...header(1), '', 'TOP 1.1', 'Beschlussfassung zur endgültigen Tagesordnung', 'Beschluss:',
      'Die GFMK beschließt die Tagesordnung.', ...header(2), 'TOP 1.2', 'Durchführung der GFMK 2015', 'Beschluss:',
      '1. Die 25. GFMK findet in Berlin statt.', '2. Die 26. GFMK findet in Schwerin statt.', ...header(3), 'TOP 4.1', 'Pflegezeit',
      'Beschluss:', 'Die GFMK bittet den Bund, die Pflegezeit zu flexibilisieren.'].join('\n'));
    expect(result.document.resolutions.map((r) => [r.agendaItem, r.title, r.demands.map((d) => d.text)])).toEqual([
      ['1.1', 'Beschlussfassung zur endgültigen Tagesordnung', ['Die GFMK beschließt die Tagesordnung.']],
      ['1.2', 'Durchführung der GFMK 2015', ['Die 25. GFMK findet in Berlin statt.', 'Die 26. GFMK findet in Schwerin statt.']],
      ['4.1', 'Pflegezeit', ['Die GFMK bittet den Bund, die Pflegezeit zu flexibilisieren.']],
    ]);
    expect(result.lines.filter((line) => line.text.startsWith('3 24. Konferenz'))).toMatchObject([{ ignored: 'furniture' }]);
  });

  it('takes the lines between a bare TOP line and "Beschluss:" for the title, also where it is printed as sentences', () => {
    const document = parseResolutionText(['24. GFMK 2014', 'TOP 3.1', 'Leitantrag der 24. GFMK - Zeitverwendung gerecht gestalten,',
      'Partnerschaftlichkeit stärken. Auf dem Weg zu einer wirksamen', 'Gleichstellungspolitik.', 'Beschluss:',
      'Die GFMK bittet die Bundesregierung, zu berichten.'].join('\n'));
    expect(document.resolutions.map((r) => [r.title, r.demands.map((d) => d.text)])).toEqual([[
      'Leitantrag der 24. GFMK - Zeitverwendung gerecht gestalten, Partnerschaftlichkeit stärken. Auf dem Weg zu einer wirksamen Gleichstellungspolitik.',
      ['Die GFMK bittet die Bundesregierung, zu berichten.'],
    ]]);
  });

  it('does not take a resolution sentence before "Beschluss:" for the title', () => {
    const document = parseResolutionText(['24. GFMK 2014', 'TOP 5.1', 'Die GFMK bittet die Bundesregierung, zu berichten.', 'Beschluss:',
      'Die GFMK nimmt den Bericht zur Kenntnis.'].join('\n'));
    expect(document.resolutions.map((r) => r.title)).toEqual(['TOP 5.1']);
  });
});

describe('page numbers and file-name footers inside a Ziffer\'s sentence', () => {
  const inSentence = (...footers: string[]): string[] => parseResolutionText(['94. Gesundheitsministerkonferenz', 'am 16. Juni 2021 in Berlin', '',
    'TOP 7 Versorgung', 'Beschluss: einstimmig', ...footers.flatMap((footer, index) => [
      `${index + 1}. Die GMK bittet den Bund, die Versorgung zu sichern und`, footer, 'die Kommunen einzubeziehen.',
    ])].join('\n')).resolutions[0]!.demands.map((demand) => demand.text);

  it.each([
    'S. 3 von 12', 'Seite - 3 -', '- Seite 3 von 12 -', '– Seite 3 –', '3 | 12', 'Page 3 of 12', 'Beschlüsse GMK 2021 | Seite 3', 'P:\\GMK\\2021\\Beschluesse.docx',
    '\\\\fs01\\GMK\\Beschlüsse 2021\\TOP 5.docx', 'file:///C:/GMK/top5.pdf',
  ])('drops "%s"', (footer) => {
    expect(inSentence(footer)).toEqual(['Die GMK bittet den Bund, die Versorgung zu sichern und die Kommunen einzubeziehen.']);
  });

  it.each([
    ['2018/2', 'a reference: the page would exceed the page count'],
    ['16/2415', 'a file number: more pages than a document has'],
    ['2017/2018', 'two years'],
    ['3 von 2', 'page 3 of 2'],
    ['0 | 12', 'page 0'],
    ['- 2017 -', 'a year set off by dashes'],
    ['Seite 2 von 1', 'page 2 of 1'],
    ['- Seite 2 von 1 -', 'page 2 of 1'],
    ['– Seite 2018 –', 'a year'],
    ['S. 2018', 'a year'],
    ['Page 7 of 3', 'page 7 of 3'],
    ['2024 | Seite', 'a year'],
    ['Beschlüsse GMK | Seite 2021', 'a year'],
    ['Beschlussniederschrift IntMK – Seite 12 von 3', 'page 12 of 3'],
  ])('keeps "%s", which cannot be a page number (%s)', (line) => {
    expect(inSentence(line)).toEqual([`Die GMK bittet den Bund, die Versorgung zu sichern und ${line} die Kommunen einzubeziehen.`]);
  });

  it.each(['1/1', '2/12', '12 von 12', 'Seite 999 von 999', '- 999 -'])('still drops the page number "%s"', (footer) => {
    expect(inSentence(footer)).toEqual(['Die GMK bittet den Bund, die Versorgung zu sichern und die Kommunen einzubeziehen.']);
  });

  it('keeps a year alone on a line at a page boundary, and drops a page\'s bare number there', () => {
    const demands = (line: string): string[] => parseResolutionText(['94. Gesundheitsministerkonferenz', 'am 16. Juni 2021 in Berlin', '',
      'TOP 7 Versorgung', 'Beschluss: einstimmig', 'Die GMK bittet die Länder, bis zum Ende des Jahres', line, '\fzu berichten.',
    ].join('\n')).resolutions[0]!.demands.map((demand) => demand.text);
    expect(demands('2025')).toEqual(['Die GMK bittet die Länder, bis zum Ende des Jahres 2025 zu berichten.']);
    expect(demands('2')).toEqual(['Die GMK bittet die Länder, bis zum Ende des Jahres zu berichten.']);
  });

  it('keeps a year in brackets in a web mirror that numbers its pages "(1)", "(2)"', () => {
    const document = parseResolutionText(['(1)', '12. Integrationsministerkonferenz 2017', 'TOP 1 Titel',
      '• Die IntMK bittet den Bund, die Beratung nach dem Beschluss', '(2018)', 'auszubauen.', '(2)', 'Die Länder berichten.'].join('\n'));
    expect(document.resolutions[0]!.demands).toEqual([
      { number: null, text: 'Die IntMK bittet den Bund, die Beratung nach dem Beschluss (2018) auszubauen. Die Länder berichten.' },
    ]);
  });

  it('drops bare numbers that count pages a page apart, but keeps a lone one', () => {
    const filler = Array.from({ length: 10 }, (_, index) => `Die GMK bittet den Bund, Bereich ${index} zu sichern.`);
    const texts = (numbers: string[]): string[] => parseResolutionText(['94. Gesundheitsministerkonferenz', 'am 16. Juni 2021 in Berlin', '',
      'TOP 7 Versorgung', 'Beschluss: einstimmig', ...numbers.flatMap((number) => [...filler, 'Die GMK bittet die Länder, bis zum', number,
        'zu berichten.'])].join('\n')).resolutions[0]!.demands[0]!.text.match(/bis zum \S+ ?\S*/g)!;
    expect(texts(['2', '3'])).toEqual(['bis zum zu berichten.', 'bis zum zu berichten.']);
    expect(texts(['3'])).toEqual(['bis zum 3 zu']);
  });
});

describe('lettered sub-points', () => {
  it('stay inside their Ziffer, and a line-end hyphen before "a)" joins no word', () => {
    const document = parseResolutionText(['Jugend- und Familienministerkonferenz', 'am 22./23. Mai 2014 in Mainz', '', 'TOP 5.3 Kinderschutz',
      'Beschluss: einstimmig', '1. Die JFMK bittet den Bund, die Opfer-', 'a) besser zu schützen,', 'b) verbindliche Standards für die Kranken-',
      'häuser zu setzen,', 'c) die Kinder- und', 'Jugendhilfe zu stärken.', '2. Sie bittet die Länder, zu berichten.'].join('\n'));
    expect(document.resolutions[0]!.demands).toEqual([
      { number: '1', text: 'Die JFMK bittet den Bund, die Opfer- a) besser zu schützen, b) verbindliche Standards für die Krankenhäuser zu setzen, '
        + 'c) die Kinder- und Jugendhilfe zu stärken.' },
      { number: '2', text: 'Sie bittet die Länder, zu berichten.' },
    ]);
  });
});

describe('PDF text', () => {
  it('joins words broken by soft, Unicode and "¬" hyphens, resolves ligatures and collapses doubled and non-breaking spaces', () => {
    const document = parseResolutionText(['Jugend- und Familienministerkonferenz', 'am 22./23. Mai 2014 in Mainz', '', 'TOP\u00a05.3  Kinderschutz',
      'Beschluss: einstimmig', '1.  Die  JFMK  bittet  den\u00a0Bund, die Kranken\u2011', 'häuser, die Kinder\u2010', 'gärten, die Jugend¬', 'hilfe und',
      'die Gesundheits\u00ad', 'dienste ﬂächendeckend zu ﬁnanzieren, die Kinder-', 'und Jugendärzte eingeschlossen.'].join('\n'));
    expect(document.resolutions.map((r) => [r.agendaItem, r.title, r.demands])).toEqual([['5.3', 'Kinderschutz', [{ number: '1',
      text: 'Die JFMK bittet den Bund, die Krankenhäuser, die Kindergärten, die Jugendhilfe und die Gesundheitsdienste flächendeckend zu '
        + 'finanzieren, die Kinder- und Jugendärzte eingeschlossen.' }]]]);
  });
});

describe('conferences named in their headers', () => {
  it.each([
    ['28. Frauen- und Gleichstellungsministerinnenkonferenz', 'GFMK'],
    ['35. Konferenz der Gleichstellungs- und Frauenminister:innen und -senator:innen der Länder', 'GFMK'],
    ['43. Konferenz der Sportministerinnen und Sportminister', 'SMK'],
    ['ARGEBAU', 'BMK'],
    ['Arbeitsgemeinschaft der für Städtebau, Bau- und Wohnungswesen zuständigen Minister und Senatoren der Länder', 'BMK'],
    ['3. Digitalministerkonferenz', 'DMK'],
    ['Jahrestagung der Finanzministerinnen und Finanzminister der Länder', 'FMK'],
    ['Bildungsministerkonferenz', 'KMK'],
    ['Konferenz der Regierungschefinnen und Regierungschefs der Länder', 'MPK'],
  ])('knows "%s" as the %s', (header, conference) => {
    const document = parseResolutionText([header, 'am 5. Mai 2023 in Berlin', '', 'TOP 1 Titel', 'Die Konferenz bittet den Bund, zu handeln.'].join('\n'));
    expect(document.resolutions[0]!.conference).toBe(conference);
  });
});

describe('TOP heads', () => {
  it.each([
    ['Zu Punkt 5 der Tagesordnung: Kinderschutz', '5'], ['TOP-Nummer 5: Kinderschutz', '5'], ['T O P 5 Kinderschutz', '5'],
    ['TOP 5.3 | Kinderschutz', '5.3'],
  ])('reads "%s"', (head, agendaItem) => {
    const document = parseResolutionText(['Jugend- und Familienministerkonferenz', 'am 22./23. Mai 2014 in Mainz', '', head, 'Beschluss: einstimmig',
      'Die JFMK bittet den Bund, zu handeln.'].join('\n'));
    expect(document.resolutions.map((r) => [r.agendaItem, r.title])).toEqual([[agendaItem, 'Kinderschutz']]);
  });
});

describe('meeting numbers', () => {
  it('reads the ordinal of "… der 218. Sitzung" under the conference\'s name on a line of its own', () => {
    const document = parseResolutionText(['Innenministerkonferenz', 'Sammlung der zur Veröffentlichung freigegebenen Beschlüsse der 218. Sitzung',
      'vom 14. bis 16. Juni 2023 in Berlin', '', 'TOP 5 Cybersicherheit', 'Beschluss:', 'Die IMK bittet den Bund, zu berichten.'].join('\n'));
    expect(document.resolutions[0]!.meeting).toEqual({ number: 218, year: 2023, startDate: '2023-06-14', endDate: '2023-06-16', place: 'Berlin' });
  });
});

describe('a KMK resolution with its TOP line put in front', () => {
  it('reads "Beschluss der Kultusministerkonferenz vom …" under the title as the formula', () => {
    const document = parseResolutionText(['TOP 1 Empfehlungen zur Demokratiebildung',
      'Beschluss der Kultusministerkonferenz vom 06.03.2009 i. d. F. vom 11.10.2018', '1. Ausgangslage', 'Demokratie ist die Grundlage.',
      '2. Ziele', 'Die Kultusministerkonferenz empfiehlt den Ländern, Schülervertretungen zu stärken.'].join('\n'));
    expect(document.resolutions.map((r) => [r.conference, r.title, r.decision, r.demands.map((d) => d.number)])).toEqual([
      ['KMK', 'Empfehlungen zur Demokratiebildung',
        { outcome: 'adopted', voting: 'unknown', formula: 'Beschluss der Kultusministerkonferenz vom 06.03.2009 i. d. F. vom 11.10.2018' }, ['1', '2']],
    ]);
  });

  it('refuses the resolution without a TOP line, asking for one', () => {
    const result = analyseResolutionText(['Empfehlungen zur Demokratiebildung', 'Beschluss der Kultusministerkonferenz vom 06.03.2009',
      '1. Ausgangslage', 'Demokratie ist die Grundlage.'].join('\n'));
    expect(result.failure).toMatchObject({ kind: 'no-agenda-item', message: expect.stringContaining('TOP-Zeile') });
  });
});

describe('a third party\'s web copy of resolutions', () => {
  const page = (after: string[]): string => ['direkt zum Hauptinhalt springen', '', 'Beschluss der Gesundheitsministerkonferenz (GMK) 2009', '',
    'TOP 5.2 - Kinderschutz', '', 'Die Gesundheitsministerkonferenz beschließt einstimmig:', '',
    '  1. Die GMK nimmt den Bericht zur Kenntnis.', '  2. Die GMK bittet die Bundesregierung, Vorschläge zu entwickeln.', '', ...after].join('\n');

  it.each([
    ['Hier finden Sie den als Anlage 1 bezeichneten Bericht der gemeinsamen Arbeitsgruppe.'],
    ['Hier finden Sie den Beschluss der GMK 2008'],
    ['Hier können Sie den Bericht herunterladen'],
    ['Links zum Thema'],
  ])('leaves the page\'s link "%s" out of the last Ziffer', (link) => {
    const result = analyseResolutionText(page([link]));
    expect(result.document.resolutions[0]!.demands.at(-1)).toEqual({ number: '2', text: 'Die GMK bittet die Bundesregierung, Vorschläge zu entwickeln.' });
    expect(result.lines.find((line) => line.text === link)?.ignored).toBe('furniture');
  });

  it('leaves out a link wrapped over two lines ("… der gemeinsamen" / "Arbeitsgruppe.")', () => {
    const result = analyseResolutionText(page(['Hier finden Sie den als Anlage 1 bezeichneten Bericht der gemeinsamen', 'Arbeitsgruppe.']));
    expect(result.document.resolutions[0]!.demands.at(-1)).toEqual({ number: '2', text: 'Die GMK bittet die Bundesregierung, Vorschläge zu entwickeln.' });
    expect(result.lines.find((line) => line.text === 'Arbeitsgruppe.')?.ignored).toBe('furniture');
  });

  it('keeps a sentence of the resolution that opens with "Hier"', () => {
    const result = analyseResolutionText(page(['Hier sehen die Länder weiteren Handlungsbedarf.']));
    expect(result.document.resolutions[0]!.demands.at(-1)!.text).toBe(
      'Die GMK bittet die Bundesregierung, Vorschläge zu entwickeln. Hier sehen die Länder weiteren Handlungsbedarf.');
  });
});

describe('paragraphs set to a narrower column', () => {
  const AMK = 'Agrarministerkonferenz am 22. September 2000 in Regensburg';

  it('takes a Ziffer number at the end of a wrapped line ("… verhindern. 4." / "Sie fordern …") for the next Ziffer', () => {
    const document = parseResolutionText([AMK, 'TOP 2.1: Titel', 'Beschluss: 1. Die Länder nehmen den Bericht zur Kenntnis. 2.',
      'Sie bekräftigen ihren Beschluss vom 24. März 2000. 3.', 'Sie bitten den Bund, zu berichten.'].join('\n'));
    expect(document.resolutions[0]!.demands).toEqual([
      { number: '1', text: 'Die Länder nehmen den Bericht zur Kenntnis.' },
      { number: '2', text: 'Sie bekräftigen ihren Beschluss vom 24. März 2000.' },
      { number: '3', text: 'Sie bitten den Bund, zu berichten.' },
    ]);
  });

  it('warns about a formula before the first TOP also where its sentence is wrapped', () => {
    const document = parseResolutionText(['Beschluss der Jugend- und Familienministerkonferenz (JFMK) 2013', '',
      'Die Jugend- und Familienministerkonferenz (JFMK) hat am 06./07.06.2013', 'in Fulda die nachfolgend dokumentierten Beschlüsse gefasst:', '',
      'TOP 4.1 Elternarbeit', 'Beschluss:', '1. Die JFMK begrüßt die Expertise.'].join('\n'));
    expect(document.warnings).toContainEqual({ line: 3, kind: 'beforeFirstTop', values: {
      value: expect.stringMatching(/^Die Jugend- und Familienministerkonferenz \(JFMK\) hat am 06\.\/07\.06\.2013 in Fulda die /),
    } });
  });

  it('keeps the title\'s last words wrapped after a noun in the title, up to the first label', () => {
    const document = parseResolutionText(['7. Konferenz der für Integration zuständigen Ministerinnen und Minister am 21./ 22. März 2012 in Überherrn',
      'TOP 2.1 Benennung eines ständigen Ausschusses beim Bundesrat', 'mit der ausdrücklichen Zuständigkeit für den Aufgabenbereich', '„Integration“',
      'Antragsteller: Alle Länder', 'Abstimmungsergebnis: einstimmig', 'Beschluss:', 'Die Länder bitten den Bundesrat, einen Ausschuss zu benennen.'].join('\n'));
    expect(document.resolutions[0]!.title).toBe('Benennung eines ständigen Ausschusses beim Bundesrat mit der ausdrücklichen Zuständigkeit für den Aufgabenbereich „Integration“');
    expect(document.resolutions[0]!.demands).toEqual([{ number: null, text: 'Die Länder bitten den Bundesrat, einen Ausschuss zu benennen.' }]);
  });

  it('reads a formula and a note set in a narrow column over more lines than a full page takes', () => {
    const document = parseResolutionText(['Beschlüsse der GMK 2005', 'TOP: 11.1 Gremienstruktur der GMK', 'Die Konferenz der für das',
      'Gesundheitswesen zuständigen', 'Ministerinnen und Minister,', 'Senatorinnen und Senatoren der', 'Länder nimmt den Bericht', 'zur Kenntnis.',
      'Hinweis:', 'Im Kamin wurde bereits beschlossen:', '"Der zunehmenden Bedeutung der', 'europäischen Themen Rechnung', 'tragend wird die bisherige',
      'EU-Arbeitsgruppe der AOLG als Arbeitsgruppe', 'eingerichtet, die der', 'Amtschefkonferenz zuarbeitet."'].join('\n'));
    const resolution = document.resolutions[0]!;
    expect(resolution.decision).toMatchObject({ outcome: 'noted', formula: expect.stringMatching(/^Die Konferenz der für das .* zur Kenntnis\.$/) });
    expect(resolution.demands).toEqual([]);
    expect(document.warnings).toContainEqual(expect.objectContaining({ kind: 'fieldNotImported', values: {
      name: 'Hinweis', value: expect.stringMatching(/^Im Kamin .* Amtschefkonferenz zuarbeitet\."$/),
    } }));
  });

  it('reads a place broken at a line end in the meeting header ("in Bre-" / "men")', () => {
    const document = parseResolutionText(['Im Rahmen der Jugend- und Familienministerkonferenz (JFMK) vom 04./05. Juni 2009 in Bre-',
      'men wurde folgender Beschluss gefasst:', 'TOP 3.3 Kinderschutz', 'Die JFMK bittet den Bund, zu berichten.'].join('\n'));
    expect(document.resolutions[0]!.meeting).toMatchObject({ startDate: '2009-06-04', place: 'Bremen' });
  });

  it('keeps a subtitle over more lines than a full page takes in the title', () => {
    const document = parseResolutionText(['Sammlung der Beschlüsse der 203. Sitzung der Innenministerkonferenz am 03. bis 04. Dezember 2015 in Koblenz',
      '1. Verhinderung der Ausreise von gewaltberei-', 'ten Salafisten', 'Lösungsvorschläge für die Wirksamkeit ausrei-',
      'severhindernder Maßnahmen bei Doppelstaatern', 'bezüglich der Entziehung von Reisedokumenten', 'der weiteren Staatsangehörigkeit', 'Beschluss:',
      'Die IMK nimmt den Bericht des BMI zur Kenntnis.'].join('\n'));
    expect(document.resolutions[0]!.title).toBe('Verhinderung der Ausreise von gewaltbereiten Salafisten Lösungsvorschläge für die Wirksamkeit '
      + 'ausreiseverhindernder Maßnahmen bei Doppelstaatern bezüglich der Entziehung von Reisedokumenten der weiteren Staatsangehörigkeit');
    expect(document.resolutions[0]!.decision.outcome).toBe('noted');
  });

  it('goes on with a title wrapped before its quoted name, and with a wrapped sentence before the first TOP that goes on in brackets', () => {
    const document = parseResolutionText(['Beschlüsse der GMK 11.06.2025 - 12.06.2025', 'Die Gesundheitsministerkonferenz',
      '(GMK) hat folgenden Beschluss gefasst:', 'TOP: 13.1 Länderübergreifender Arbeitsprozess', '„Zivile Verteidigung und Krisenmanagement im',
      'Gesundheitswesen“', 'Die Ministerinnen und Minister, Senatorinnen', 'und Senatoren für Gesundheit der Länder fas-', 'sen folgenden Beschluss:',
      '- Die Länder stellen eine Beteiligung sicher.'].join('\n'));
    const resolution = document.resolutions[0]!;
    expect(resolution.title).toBe('Länderübergreifender Arbeitsprozess „Zivile Verteidigung und Krisenmanagement im Gesundheitswesen“');
    expect(resolution.decision.formula).toBe('Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder fassen folgenden Beschluss:');
    expect(document.warnings).toContainEqual({ line: 2, kind: 'beforeFirstTop', values: {
      value: 'Die Gesundheitsministerkonferenz (GMK) hat folgenden Beschluss gefasst:',
    } });
  });

  it('still ends a title at "(nicht freigegeben)" on the next line, which marks the TOP as not released', () => {
    const document = parseResolutionText(['Beschlüsse der GMK 11.06.2025 - 12.06.2025', 'TOP 7: Cybersicherheit', '(nicht freigegeben)', 'TOP 8 Titel',
      'Die GMK bittet den Bund, zu berichten.'].join('\n'));
    expect(document.resolutions.map((r) => r.agendaItem)).toEqual(['8']);
  });

  it('reads a place that starts the line after "in", and a sentence before the first TOP wrapped after a date\'s day', () => {
    const document = parseResolutionText(['Beschluss der Gesundheitsministerkonferenz (GMK) 2009', 'Die 82. Gesundheitsministerkonferenz hat am 24.',
      'Juni 2009 in', 'Erfurt den nachfolgenden Beschluss gefasst:', 'TOP 5.2 Kinderschutz', 'Die GMK bittet den Bund, zu berichten.'].join('\n'));
    expect(document.resolutions[0]!.meeting).toMatchObject({ number: 82, startDate: '2009-06-24', place: 'Erfurt' });
    expect(document.warnings).toContainEqual({ line: 2, kind: 'beforeFirstTop', values: {
      value: 'Die 82. Gesundheitsministerkonferenz hat am 24. Juni 2009 in Erfurt den nachfolgenden Beschluss gefasst:',
    } });
  });

  it('goes on with a sentence before the first TOP wrapped after the second day of a range ("… am 31. Mai/1." / "Juni 2012")', () => {
    const document = parseResolutionText(['Beschluss der Jugend- und Familien-', 'ministerkonferenz (JFMK) 2012', 'Die Jugend- und Familienministerko-',
      'nferenz (JFMK) hat am 31. Mai/1.', 'Juni 2012 in Hannover den nachfolg-', 'end dokumentierten Beschluss gefasst:', 'TOP 5.7 Frühe Hilfen',
      'Die JFMK bittet den Bund, zu berichten.'].join('\n'));
    expect(document.warnings).toContainEqual({ line: 3, kind: 'beforeFirstTop', values: {
      value: 'Die Jugend- und Familienministerkonferenz (JFMK) hat am 31. Mai/1. Juni 2012 in Hannover den nachfolgend dokumentierten ',
    } });
  });

  it('leaves a number at a line end that the next line does not continue with a sentence', () => {
    const document = parseResolutionText([AMK, 'TOP 2.1: Titel', 'Beschluss: 1. Die Länder verweisen auf Nr. 2.', 'und bitten den Bund, zu berichten.'].join('\n'));
    expect(document.resolutions[0]!.demands).toEqual([{ number: '1', text: 'Die Länder verweisen auf Nr. 2. und bitten den Bund, zu berichten.' }]);
  });
});

describe('a Ziffer\'s sentence wrapped before its last words', () => {
  const IMK = ['Sammlung der Beschlüsse der 203. Sitzung der Innenministerkonferenz', 'am 03. bis 04. Dezember 2015 in Koblenz'];

  it('keeps "zur Kenntnis." in the sentence that a line without a full stop leaves open', () => {
    const document = parseResolutionText([...IMK, 'TOP 2 Extremismus', 'Beschluss:', '1.', 'Die IMK nimmt den Bericht der Arbeitsgruppe',
      '(Stand: 28.09.15) (nicht freigegeben)', 'zur Kenntnis.', '2.', 'Sie bittet den Bund, zu berichten.'].join('\n'));
    expect(document.resolutions[0]!.decision.formula).toBe('');
    expect(document.resolutions[0]!.demands).toEqual([
      { number: '1', text: 'Die IMK nimmt den Bericht der Arbeitsgruppe (Stand: 28.09.15) (nicht freigegeben) zur Kenntnis.' },
      { number: '2', text: 'Sie bittet den Bund, zu berichten.' },
    ]);
  });

  it('still reads a marker after a finished sentence as the decision', () => {
    const document = parseResolutionText([...IMK, 'TOP 2 Extremismus', 'Beschluss:', 'Die IMK bittet den Bund, zu berichten.', 'einstimmig'].join('\n'));
    expect(document.resolutions[0]!.decision).toMatchObject({ voting: 'unanimous', formula: 'einstimmig' });
  });
});

describe('an en-bloc announcement wrapped over two lines', () => {
  const GMK = ['76. Konferenz der für das Gesundheitswesen zuständigen Ministerinnen und Minister', 'am 02. und 03. Juli 2003 in Chemnitz'];

  it('still keeps the TOPs it lists as references ("… Tagesordnung en" / "bloc abgestimmt:")', () => {
    const document = parseResolutionText([...GMK, 'TOP 5 Beschlussvorschläge', 'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:',
      'Über folgende Beschlussvorlagen wird zur Entlastung der Tagesordnung en', 'bloc abgestimmt:', 'TOP 7.1 (Kindgerechte Krankenhausversorgung)',
      'TOP 7.2 (Erweitertes Neugeborenenscreening)', 'TOP 6.1 Infektionsschutz', 'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:',
      'Die GMK bittet den Bund, zu berichten.'].join('\n'));
    expect(document.resolutions.map((r) => [r.agendaItem, r.references])).toEqual([
      ['5', ['TOP 7.1 (Kindgerechte Krankenhausversorgung)', 'TOP 7.2 (Erweitertes Neugeborenenscreening)']], ['6.1', undefined],
    ]);
  });

  it('reads the numbers after a wrapped "BLOCK-" / "Tagesordnungspunkte:" as references', () => {
    const document = parseResolutionText(['93. Umweltministerkonferenz am 15. November 2019 in Hamburg', 'TOP 1 Genehmigung der Tagesordnung',
      'Die Umweltministerkonferenz genehmigt die Tagesordnung.', 'BLOCK-', 'Tagesordnungspunkte:', '5, 6 und 12'].join('\n'));
    expect(document.resolutions[0]!.references).toEqual(['TOP 5', 'TOP 6', 'TOP 12']);
  });
});

describe('a list of TOP numbers wrapped over several lines', () => {
  it('reads every number after the label as a reference', () => {
    const document = parseResolutionText(['93. Umweltministerkonferenz am 15. November 2019 in Hamburg', 'TOP 1 Genehmigung der Tagesordnung',
      'Die Umweltministerkonferenz genehmigt die Tagesordnung.', 'A-PUNKTE:', '4, 7, 8, 9, 10,', '11, 13 und', '14', 'Gemeinsam behandelt wurden',
      '7, 8'].join('\n'));
    expect(document.resolutions[0]!.references).toEqual(['TOP 4', 'TOP 7', 'TOP 8', 'TOP 9', 'TOP 10', 'TOP 11', 'TOP 13', 'TOP 14']);
  });
});

describe('TOPs numbered by a bare Roman numeral', () => {
  const meeting = 'Ergebnisprotokoll der Agrarministerkonferenz am 22. September 2000 in Regensburg';

  it('reads "TOP XII Verschiedenes" as TOP 12, the numeral as printed in a warning (the format has no bare Roman numbers)', () => {
    const result = analyseResolutionText([
      meeting, 'TOP XI: Tierschutz', 'Beschluss:', 'Die Agrarminister bitten den Bund um einen Bericht.',
      'TOP XII Verschiedenes', 'Beschluss:', 'Die Agrarminister nehmen den Bericht zur Kenntnis.',
    ].join('\n'));
    expect(result.document.resolutions.map((r) => [r.agendaItem, r.title])).toEqual([['11', 'Tierschutz'], ['12', 'Verschiedenes']]);
    expect(result.document.warnings.filter((w) => w.kind === 'romanAgendaItem')).toEqual([
      { line: 2, kind: 'romanAgendaItem', values: { top: '11', value: 'XI' } },
      { line: 5, kind: 'romanAgendaItem', values: { top: '12', value: 'XII' } },
    ]);
  });

  it('reads a protocol that numbers its agenda items "I. Begrüßung" … "III. Tierschutz", each with its "Beschluss:"', () => {
    const result = analyseResolutionText([
      meeting, 'Tagesordnung', 'I. Begrüßung', 'II. Agrarpolitik', 'III. Tierschutz',
      'I. Begrüßung', 'Beschluss:', 'Die Agrarministerkonferenz genehmigt die Tagesordnung.',
      'II. Agrarpolitik', 'Beschluss:', '1. Die Agrarminister nehmen den Bericht zur Kenntnis.', '2. Sie bitten den Bund, weiter zu berichten.',
      'III. Tierschutz', 'Beschluss:', 'Die Agrarminister bitten den Bund um einen Bericht.',
    ].join('\n'));
    expect(result.failure).toBeNull();
    expect(result.document.resolutions.map((r) => [r.agendaItem, r.title, r.demands.map((d) => d.number)])).toEqual([
      ['1', 'Begrüßung', [null]], ['2', 'Agrarpolitik', ['1', '2']], ['3', 'Tierschutz', [null]],
    ]);
    expect(result.document.warnings.filter((w) => w.kind === 'romanAgendaItem').map((w) => w.values)).toEqual([
      { top: '1', value: 'I' }, { top: '2', value: 'II' }, { top: '3', value: 'III' },
    ]);
  });

  it('leaves Roman sections over TOPs of their own alone ("I. Allgemeines" / "TOP I.1 …")', () => {
    const result = analyseResolutionText([
      '91. Konferenz der Justizministerinnen und Justizminister am 17. und 18. Juni 2020',
      'I. Allgemeines', 'TOP I.1 Kinder schützen', 'Beschluss:', 'Die Justizministerinnen und Justizminister bitten den Bund, zu handeln.',
    ].join('\n'));
    expect(result.document.resolutions.map((r) => r.agendaItem)).toEqual(['I.1']);
    expect(result.document.warnings.map((w) => w.kind)).not.toContain('romanAgendaItem');
  });
});

describe('footnotes as the PDF import writes them ("¹ Die Angaben …" at a page\'s foot)', () => {
  it('keeps the footnote out of the title, the formula and the Ziffer it interrupts, and reports its words', () => {
    const result = analyseResolutionText([
      'Beschlüsse der 47. Sportministerkonferenz am 5. November 2023 in Bremen',
      'TOP 4 Breitensport', 'Beschluss:', '1. Die Sportministerkonferenz bittet um Förderung des Breitensports¹ und um',
      '¹ Die Angaben beruhen auf der Statistik des Deutschen Olympischen Sportbundes.', '- 1 -', '\f',
      'Berichte der Länder bis zum Jahr 2025.', '2. Sie bittet die Länder, zu berichten.',
      'TOP 5 Schwimmen²', '² Nach dem Bericht der Arbeitsgruppe.', '\f', 'Die Sportministerkonferenz nimmt den Bericht zur Kenntnis.',
    ].join('\n'));
    const [first, second] = result.document.resolutions;
    expect(first!.demands.map((demand) => demand.text)).toEqual([
      'Die Sportministerkonferenz bittet um Förderung des Breitensports und um Berichte der Länder bis zum Jahr 2025.', 'Sie bittet die Länder, zu berichten.',
    ]);
    expect([second!.title, second!.decision.outcome, second!.demands]).toEqual(['Schwimmen', 'noted', []]);
    expect(result.document.warnings.filter((warning) => warning.kind === 'footnote')).toEqual([
      { line: 5, kind: 'footnote', values: { top: '4', number: '1', value: 'Die Angaben beruhen auf der Statistik des Deutschen Olympischen Sportbundes.' } },
      { line: 11, kind: 'footnote', values: { top: '5', number: '2', value: 'Nach dem Bericht der Arbeitsgruppe.' } },
    ]);
  });

  it('opens no footnote with a superscript after a letter ("m²", NFKC makes it "m2")', () => {
    const { resolutions, warnings } = parseResolutionText(['TOP 1 Flächen', 'Die Länder melden Flächen über', '500 m² und Wälder.'].join('\n'));
    expect(resolutions[0]!.demands[0]!.text).toBe('Die Länder melden Flächen über 500 m2 und Wälder.');
    expect(warnings.map((warning) => warning.kind)).not.toContain('footnote');
  });
});

describe('footnotes as a text extraction writes them ("…Breitensports1 …" and "1 Die Angaben …" at a page\'s foot)', () => {
  const page = (...foot: string[]): string => [
    'Beschlüsse der 47. Sportministerkonferenz am 5. November 2023 in Bremen',
    'TOP 4 Breitensport', 'Beschluss:', '1. Die Sportministerkonferenz bittet um Förderung des Breitensports1 und um',
    'Berichte der Länder bis zum Jahr 2025.', '2. Sie bittet die Länder, die Hallen zu',
    ...foot, '\fsanieren und zu berichten.',
  ].join('\n');

  it('keeps a footnote over two lines out of the Ziffer it interrupts, drops its mark in the text and reports it as one', () => {
    const result = analyseResolutionText(page('1 Die Angaben beruhen auf der Statistik des Deutschen Olympischen', 'Sportbundes aus dem Jahr 2022.', '- 1 -'));
    expect(result.document.resolutions[0]!.demands.map((demand) => demand.text)).toEqual([
      'Die Sportministerkonferenz bittet um Förderung des Breitensports und um Berichte der Länder bis zum Jahr 2025.',
      'Sie bittet die Länder, die Hallen zu sanieren und zu berichten.',
    ]);
    expect(result.document.warnings.filter((warning) => warning.kind === 'footnote')).toEqual([{
      line: 7, kind: 'footnote', values: { top: '4', number: '1', value: 'Die Angaben beruhen auf der Statistik des Deutschen Olympischen Sportbundes aus dem Jahr 2022.' },
    }]);
  });

  it('takes a line "1 Die …" at a page\'s foot for text where no word above carries its number, or only an abbreviation does ("Abs.1")', () => {
    const text = page('1 Die Angaben beruhen auf der Statistik.', '- 1 -').replace('Breitensports1', 'Breitensports nach Abs.1');
    const result = analyseResolutionText(text);
    expect(result.document.warnings.map((warning) => warning.kind)).not.toContain('footnote');
    expect(result.document.resolutions[0]!.demands[1]!.text).toContain('1 Die Angaben beruhen auf der Statistik.');
  });
});

describe('a secretariat\'s letterhead above the title page', () => {
  it('reads the ordinal from the conference\'s description after the letterhead, which describes an office without one', () => {
    const { resolutions } = parseResolutionText([
      'Geschäftsstelle der Konferenz', 'Ministerium für Soziales, Gesundheit und Integration', 'Else-Josenhans-Straße 6 · 70173 Stuttgart',
      'Telefon 0711 123-0 · Telefax 0711 123-3999',
      '76. Konferenz der für das Gesundheitswesen zuständigen', 'Ministerinnen und Minister, Senatorinnen und Senatoren der Länder am 02. und 03. Juli 2003 in Chemnitz',
      'TOP 5 Pflege', 'Beschluss:', 'Die Gesundheitsministerkonferenz bittet den Bund, zu handeln.',
    ].join('\n'));
    expect(resolutions[0]!.conference).toBe('GMK');
    expect(resolutions[0]!.meeting).toEqual({ number: 76, year: 2003, startDate: '2003-07-02', endDate: '2003-07-03', place: 'Chemnitz' });
  });
});

describe('an excerpt that ends inside a repeated meeting header, the page\'s footer after it', () => {
  it('drops the cut-off copy of the header ("am 8./9. Okt") before "Seite 2 von 2" as it does at the text\'s end', () => {
    const { resolutions } = parseResolutionText([
      ...MEETING, 'Punkt 4.2 der Tagesordnung:', 'Lärmschutz', 'Die Verkehrsministerkonferenz bittet den Bund, zu handeln.', 'Seite 1 von 2', '\f',
      ...MEETING, 'Punkt 4.3 der Tagesordnung:', 'Schallberechnung', 'Die Verkehrsministerkonferenz bittet den Bund, eine Grundlage zu schaffen.',
      'Beschluss', 'der Verkehrsministerkonferenz', 'am 8./9. Okt', 'Seite 2 von 2',
    ].join('\n'));
    expect(resolutions.map((r) => r.demands.map((d) => d.text))).toEqual([
      ['Die Verkehrsministerkonferenz bittet den Bund, zu handeln.'], ['Die Verkehrsministerkonferenz bittet den Bund, eine Grundlage zu schaffen.'],
    ]);
  });
});

describe('a file-name footer broken after a path separator by a narrow column', () => {
  it('drops "M:\\…\\Regensburg\\" / "21BM.DOC" as the footer, so that the next Ziffer starts', () => {
    const { resolutions } = parseResolutionText([
      'Agrarministerkonferenz am 22. September 2000 in Regensburg', 'TOP 2.1: Osterweiterung',
      'Beschluss: 1. Die Agrarminister nehmen den Bericht zur Kenntnis.', '2. Sie bitten den Bund, zu verhandeln.',
      'M:\\Eigene Dateien\\AMK 2000\\Regensburg\\', '21BM.DOC', '-2-', '3. Sie bitten den Bund, zu berichten.',
    ].join('\n'));
    expect(resolutions[0]!.demands.map((demand) => [demand.number, demand.text])).toEqual([
      ['1', 'Die Agrarminister nehmen den Bericht zur Kenntnis.'], ['2', 'Sie bitten den Bund, zu verhandeln.'], ['3', 'Sie bitten den Bund, zu berichten.'],
    ]);
  });
});
