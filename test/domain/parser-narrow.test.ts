/**
 * Text set in a narrow column (a web page printed in two or three columns, a viewer's re-wrap) and
 * the furniture a browser prints over it: headings, TOP lines and sentences wrapped at 40 or 50
 * characters, running headers wrapped over more lines, page breaks inside an agenda's entries.
 */
import { describe, expect, it } from 'vitest';
import { analyseResolutionText, parseResolutionText } from '../../src/domain/parser/index.js';

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

describe('titles wrapped inside a quoted name', () => {
  it.each([
    ['German quotes', 'TOP: 13.1 Länderübergreifender Arbeitsprozess „Zivile', 'Verteidigung und Krisenmanagement im Gesundheitswesen“'],
    ['typewriter quotes', 'TOP: 13.1 Länderübergreifender Arbeitsprozess "Zivile', 'Verteidigung und Krisenmanagement im Gesundheitswesen"'],
  ])('goes on with the rest of the quoted name (%s)', (_name, topLine, rest) => {
    const { resolutions } = parse(
      'Beschlüsse der GMK 11.06.2025 - 12.06.2025', topLine, rest,
      'Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder fassen folgenden Beschluss:',
      '- Die Länder stellen eine Beteiligung sicher.',
    );
    expect(resolutions[0]!.title).toBe(`${topLine.replace('TOP: 13.1 ', '')} ${rest}`);
  });

  it('goes on with the rest of the quoted name under a TOP line without title', () => {
    const { resolutions } = parse(
      'Beschlüsse der GMK 11.06.2025 - 12.06.2025', 'TOP 13.1', 'Länderübergreifender Arbeitsprozess „Zivile',
      'Verteidigung und Krisenmanagement im Gesundheitswesen“', 'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:',
      'Die Länder stellen eine Beteiligung sicher.',
    );
    expect(resolutions[0]!.title).toBe('Länderübergreifender Arbeitsprozess „Zivile Verteidigung und Krisenmanagement im Gesundheitswesen“');
  });
});

describe('a TOP line broken before its title\'s last word', () => {
  it('takes the word for the title, not for the formula after it ("TOP: 11.1 Gremienstruktur der" / "GMK" / "Die … hat einstimmig beschlossen:")', () => {
    const { resolutions } = parse(
      'Beschlüsse der 78. GMK 2005', 'TOP: 11.1 Gremienstruktur der', 'GMK', 'Die Gesundheitsministerkonfer-', 'enz hat einstimmig beschlossen:',
      'Die Konferenz strebt eine einvernehmliche Beschlussfassung an.',
    );
    expect(resolutions[0]!.title).toBe('Gremienstruktur der GMK');
    expect(resolutions[0]!.decision).toEqual({ outcome: 'adopted', voting: 'unanimous', formula: 'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:' });
  });
});

describe('a field\'s value broken inside a word', () => {
  it('reads the vote broken over two lines ("Abstimmungsergebnis: einstim-" / "mig")', () => {
    const { resolutions } = parse(
      '7. Integrationsministerkonferenz 2012', 'TOP 2.1 Einbürgerung', 'Abstimmungsergebnis: einstim-', 'mig',
      'Beschluss:', 'Die IntMK bittet den Bund, zu handeln.',
    );
    expect(resolutions[0]!.decision).toEqual({ outcome: 'adopted', voting: 'unanimous', formula: 'Abstimmungsergebnis: einstimmig' });
    expect(resolutions[0]!.demands).toEqual([{ number: null, text: 'Die IntMK bittet den Bund, zu handeln.' }]);
  });
});

describe('an en-bloc list in a narrow column', () => {
  it('keeps a listed TOP wrapped before its title in brackets ("TOP 12.1" / "(Gesundheitspolitische Aspekte …)") as a reference', () => {
    const { resolutions } = parse(
      '76. Gesundheitsministerkonferenz am 2. Juli 2003 in Chemnitz', 'TOP 5 Grüne Liste', 'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:',
      'Über folgende Beschlussvorlagen wird en bloc abgestimmt:', 'TOP 7.1 (Kindgerechte Krankenhausversorgung)', 'TOP 12.1',
      '(Gesundheitspolitische Aspekte', 'der EU-Erweiterung)', 'TOP 13.2 (Einheitlicher Internetauftritt)',
    );
    expect(resolutions.map((resolution) => resolution.agendaItem)).toEqual(['5']);
    expect(resolutions[0]!.references).toEqual([
      'TOP 7.1 (Kindgerechte Krankenhausversorgung)', 'TOP 12.1 (Gesundheitspolitische Aspekte der EU-Erweiterung)', 'TOP 13.2 (Einheitlicher Internetauftritt)',
    ]);
  });
});

describe('a field\'s value broken by a soft hyphen', () => {
  it('goes on with the rest of the word ("Hamburg, Hes\u00AD" / "sen, Niedersachsen")', () => {
    const { resolutions, warnings } = parse(
      '76. Gesundheitsministerkonferenz am 2. Juli 2003 in Chemnitz', 'TOP 6.1 Infektionsschutz', 'Antragsteller: Bayern, Hamburg, Hes\u00AD',
      'sen, Niedersachsen', 'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:', 'Der Bund soll vorsorgen.',
    );
    expect(resolutions[0]!.sponsors).toEqual(['BY', 'HH', 'HE', 'NI']);
    expect(warnings).toEqual([]);
  });
});

describe('numbered items of a collection in a narrow column', () => {
  it('finds the "Beschluss:" of an item whose wrapped title has a line starting with a date\'s day ("… vom" / "11. September 2001 …")', () => {
    const { resolutions } = parse(
      'Sammlung der zur Veröffentlichung freigegebenen',
      'Beschlüsse der 169. Sitzung der Ständigen',
      'Konferenz der Innenminister und -senatoren',
      'der Länder am 7./8. November 2001 in Meisdorf',
      '1. Terrorismusbekämpfung nach den Anschlägen vom',
      '11. September 2001 in den USA; Konsequenzen für',
      'die öffentliche Sicherheit in Bund und Ländern',
      'Beschluss:',
      'Die IMK nimmt den Bericht zur Kenntnis.',
    );
    expect(resolutions.map((resolution) => resolution.agendaItem)).toEqual(['1']);
    expect(resolutions[0]!.title).toBe('Terrorismusbekämpfung nach den Anschlägen vom 11. September 2001 in den USA; Konsequenzen für die öffentliche Sicherheit in Bund und Ländern');
  });
});

describe('running headers wrapped in a narrow column', () => {
  /** An IMK collection: the header of the title page printed again above each item. */
  const collection = (header: readonly string[]): string[] => [
    ...header, '1. Verhinderung der Ausreise', 'Beschluss:', 'Die IMK nimmt den Bericht zur Kenntnis.',
    ...header, '2. Bekämpfung des Extremismus', 'Beschluss:', 'Die IMK nimmt den Bericht zur Kenntnis.',
  ];

  it('drops a header whose lines name the meeting only joined ("… Konferenz der Inne-" / "nminister und -senatoren …")', () => {
    const { resolutions } = parse(...collection([
      'Sammlung der zur Veröffentlichung', 'freigegebenen Beschlüsse der 203. Sitzung', 'der Ständigen Konferenz der Inne-', 'nminister und -senatoren der Länder',
    ]));
    expect(resolutions.map((resolution) => [resolution.agendaItem, resolution.decision.outcome, resolution.demands])).toEqual([['1', 'noted', []], ['2', 'noted', []]]);
  });

  it('drops a header with a heading\'s word on a line of its own ("… freigegebenen" / "Beschlüsse" / "der 203. Sitzung …")', () => {
    const { resolutions } = parse(...collection([
      'Sammlung', 'der zur Veröffentlichung freigegebenen', 'Beschlüsse', 'der 203. Sitzung der Innenministerkonferenz',
    ]));
    expect(resolutions.map((resolution) => [resolution.agendaItem, resolution.decision.outcome, resolution.demands])).toEqual([['1', 'noted', []], ['2', 'noted', []]]);
  });
});

describe('a copying web page\'s furniture in a narrow column', () => {
  it('drops its link wrapped before the year it names ("Hier finden Sie den Beschluss der GMK" / "2009")', () => {
    const { resolutions } = parse(
      '83. Gesundheitsministerkonferenz 2010',
      'TOP 10.2 Kinderschutz',
      'Die GMK fordert die Bundesregierung auf,',
      'die Länder zu beteiligen.',
      'Hier finden Sie den Beschluss der GMK',
      '2009',
      'TOP 10.3 Gesund aufwachsen',
      'Die GMK nimmt das Zielkonzept zur Kenntnis.',
    );
    expect(resolutions[0]!.demands).toEqual([{ number: null, text: 'Die GMK fordert die Bundesregierung auf, die Länder zu beteiligen.' }]);
  });

  it('drops its link broken over a browser\'s page break ("… den als Anlage 1 bezeichneten Ber-" / footer and header / "icht …")', () => {
    const { resolutions } = parse(
      '06.12.26, 21:14 Beschlüsse - Gesundheitsministerkonferenz',
      'Beschluss der Gesundheitsministerkonferenz (GMK) 2009',
      'TOP 5.2 Kinderschutz',
      'Die GMK bittet die Bundesregierung, die Lücken zu schließen.',
      'Hier finden Sie den als Anlage 1 bezeichneten Ber-',
      'https://www.gmkonline.de/Beschluesse.html?id=1714&jahr=2025 1/2',
      '\f06.12.26, 21:14 Beschlüsse - Gesundheitsministerkonferenz',
      'icht der gemeinsamen Arbeitsgruppe.',
    );
    expect(resolutions[0]!.demands).toEqual([{ number: null, text: 'Die GMK bittet die Bundesregierung, die Lücken zu schließen.' }]);
  });
});

describe('a column of 28 characters', () => {
  it('drops a copying page\'s link over five lines ("Hier finden Sie den als Anl-" / … / "ppe.")', () => {
    const { resolutions } = parse(
      '82. Gesundheitsministerkonferenz 2009', 'TOP 5.2 Kinderschutz', 'Die GMK bittet die Bundes-', 'regierung, die Lücken bis',
      'spätestens 2011 zu schlie-', 'ßen.', '', 'Hier finden Sie den als Anl-', 'age 1 bezeichneten Bericht', 'der gemeinsamen Arbeitsgru-', 'ppe.',
    );
    expect(resolutions[0]!.demands).toEqual([{ number: null, text: 'Die GMK bittet die Bundesregierung, die Lücken bis spätestens 2011 zu schließen.' }]);
  });

  it('keeps the conference\'s name that a collection\'s header repeats where it stands alone inside a sentence', () => {
    const header = ['Beschluss', 'der', 'Wirtschaftsministerkonferenz', 'am 17./18. Juni 2015', 'in Hamburg'];
    const { resolutions } = parse(
      'BeschlussSammlung', 'der', 'Wirtschaftsministerkonferenz', 'am 17./18. Juni 2015', 'in Hamburg',
      ...header, 'Punkt 2.1 der Tagesordnung:', 'Industrie 4.0', '1.', 'Es bedarf einer engen Verza-', 'hnung des Bundes und der', 'Länder. Deshalb begrüßt die',
      'Wirtschaftsministerkonferenz', 'die Einbeziehung von zwei', 'Ländervertretern.',
      ...header, 'Punkt 2.2 der Tagesordnung:', 'Mittelstand', 'Die Wirtschaftsministerkonferenz', 'nimmt den Bericht zur Kenntnis.',
    );
    expect(resolutions[0]!.demands).toEqual([{ number: '1', text: 'Es bedarf einer engen Verzahnung des Bundes und der Länder. '
      + 'Deshalb begrüßt die Wirtschaftsministerkonferenz die Einbeziehung von zwei Ländervertretern.' }]);
    expect(resolutions.map((resolution) => resolution.agendaItem)).toEqual(['2.1', '2.2']);
  });

  it('keeps a formula\'s line that repeats the meeting\'s header after a line of two words ("Regierungschefinnen und" / "Regierungschefs der Länder")', () => {
    const header = ['Besprechung des Bundeskanzlers', 'mit den Regierungschefinnen und', 'Regierungschefs der Länder', 'am 9. Dezember 2021'];
    const { resolutions } = parse(
      ...header, 'TOP 8a Impfkampagne', 'Der Bundeskanzler und die', 'Regierungschefinnen und', 'Regierungschefs der Länder', 'fassen folgenden Beschluss:',
      '1. Sie bitten den Bund, zu handeln.',
      ...header, 'TOP 8b Verschwörungstheorien', 'Der Bundeskanzler und die', 'Regierungschefinnen und', 'Regierungschefs der Länder', 'fassen folgenden Beschluss:',
      '1. Sie bitten die Länder, zu berichten.',
    );
    expect(resolutions.map((resolution) => resolution.decision.formula)).toEqual(Array(2).fill(
      'Der Bundeskanzler und die Regierungschefinnen und Regierungschefs der Länder fassen folgenden Beschluss:'));
  });

  it('takes a letter to a Landtag for a cover page though its sentences run over four lines', () => {
    const letter = ['Ministerium für Arbeit, Integration und Soziales', 'Bericht an den Integrationsausschuss', 'Am 25. und 26. März 2015 fand in',
      'Kiel die', '10. Integrationsministerkon-', 'ferenz statt.', 'Die Minister und Senatoren', 'der Länder fassen über ihren', 'Meinungsaustausch keine',
      'Beschlüsse.'];
    expect(analyseResolutionText(letter.join('\n')).failure?.kind).toBe('cover-only');
  });

  it('starts no sentence before the first TOP at the second part of a suspended compound ("… der Jugend- und" / "Familienministerkonferenz …")', () => {
    const { warnings } = parse(
      'Beschluss der Jugend- und', 'Familienministerkonferenz', '(JFMK) 2009', 'Im Rahmen der Jugend- und', 'Familienministerkonferenz',
      '(JFMK) vom 04./05. Juni 2009', 'in Bremen wurde folgender', 'Beschluss gefasst:', 'TOP 3.3 Kinderschutz', 'Beschluss:',
      'Die JFMK bittet die AGJF, zu berichten.',
    );
    expect(warnings.map((warning) => warning.kind)).not.toContain('beforeFirstTop');
  });
});

describe('sentences in a narrow column', () => {
  it('goes on with a sentence whose date the column broke before its year ("… vom 19. Dezember" / "2007 zur Kenntnis.")', () => {
    const { resolutions } = parse(
      'Besprechung der Bundeskanzlerin mit den Regierungschefs der Länder',
      'TOP 3 Kinderschutz',
      'I. Die Regierungschefs der Länder nehmen den',
      'Bericht zu ihrem Beschluss vom 19. Dezember',
      '2007 zur Kenntnis.',
      'II. Sie bitten den Bund, weiter zu berichten.',
    );
    expect(resolutions[0]!.demands).toEqual([
      { number: 'I', text: 'Die Regierungschefs der Länder nehmen den Bericht zu ihrem Beschluss vom 19. Dezember 2007 zur Kenntnis.' },
      { number: 'II', text: 'Sie bitten den Bund, weiter zu berichten.' },
    ]);
  });
});

describe('agendas whose entries a page break cuts in two', () => {
  const COVER = ['78. Gesundheitsministerkonferenz', 'am 30. Juni und 1. Juli 2005 in Erlangen', 'Inhaltsverzeichnis'];

  it('goes on with an entry\'s quoted name after the page break ("… der länderoffenen Arbeitsgruppe" / "„Bioethik und Recht“")', () => {
    const text = [...COVER, 'TOP 7.4', 'Teilbericht der länderoffenen Arbeitsgruppe', '\f„Bioethik und Recht“', 'zur Lebendspende von Organen',
      'TOP 7.6', 'Schutz Jugendlicher vor Schönheitsoperationen'].join('\n');
    expect(analyseResolutionText(text).failure?.kind).toBe('contents-only');
  });

  it('goes on with an entry that has not reached its page number where the entries end in one ("… der ACK" / "(Grüne Liste)" / "9")', () => {
    const text = [...COVER, 'TOP 1 Genehmigung der Tagesordnung 7', 'TOP 2 Genehmigung des Protokolls', '8',
      'TOP 3 Zur gemeinsamen Beschlussfassung zusam-', 'mengefasste Beschlussvorschläge der ACK', '\f(Grüne Liste)', '9',
      'TOP 5 Sozialrecht und Rehabilitation', '12'].join('\n');
    expect(analyseResolutionText(text).failure?.kind).toBe('contents-only');
  });

  it('goes on with an entry wrapped before its number in brackets after the page break ("Flüchtlingsfinanzierung ab 2020" / "(1.3.2)")', () => {
    const text = ['Konferenz der Regierungschefinnen und Regierungschefs der Länder am 6. Juni 2019 in Berlin', 'Tagesordnung',
      'TOP 1.3 Asyl- und Flüchtlingspolitik', 'Rückführung nach Afghanistan (1.3.1)', '\fFlüchtlingsfinanzierung ab 2020', '(1.3.2)',
      'TOP 1.4 Digitalisierung', 'Digitalisierung der Verwaltung (1.4.1)'].join('\n');
    expect(analyseResolutionText(text).failure?.kind).toBe('contents-only');
  });

  it('goes on with an entry\'s reference cut before its meeting ("Vorgang: TOP 4" / "2019/ACK TOP 5 2019/ACK")', () => {
    const text = ['Agrarministerkonferenz am 12.04.2019 in Landau/Pfalz', 'Tagesordnung', 'TOP 5 GAP nach 2020 - Sachstand',
      'TOP 6 Erstellung eines Nationalen Strategieplans Vorgang: TOP 4', '\f2019/ACK TOP 5 2019/ACK', 'TOP 7 GAP nach 2020 - Grüne Architektur',
      'TOP 8 Zuckerrübenanbau in der EU'].join('\n');
    expect(analyseResolutionText(text).failure?.kind).toBe('contents-only');
  });

  it('ends the table at a page break after an entry that has its page number', () => {
    const text = [...COVER, 'TOP 1 Genehmigung der Tagesordnung 7', 'TOP 2 Genehmigung des Protokolls 8',
      '\fDie GMK hat einstimmig beschlossen:', 'Der Bund soll handeln.', 'TOP 3 Gesund aufwachsen', 'Die GMK nimmt den Bericht zur Kenntnis.'].join('\n');
    expect(analyseResolutionText(text).document.resolutions.map((resolution) => resolution.agendaItem)).toEqual(['3']);
  });
});

describe('a browser\'s print of a web mirror', () => {
  it('drops the mirror\'s page numbers "(1)", "(2)" where the print\'s header stands above the first', () => {
    const { resolutions } = parse(
      '06.12.26, 21:14 Beschlüsse - Justizministerkonferenz',
      '(1)',
      'TOP I 1 Kinder wirksamer schützen',
      'Die Justizministerinnen und Justizminister halten die Prüfung gesetzlicher Regelungen des Inhalts',
      '(2)',
      'für erforderlich, dass die Verweigerung gewertet werden darf.',
    );
    expect(resolutions[0]!.demands).toEqual([{
      number: null,
      text: 'Die Justizministerinnen und Justizminister halten die Prüfung gesetzlicher Regelungen des Inhalts für erforderlich, dass die Verweigerung gewertet werden darf.',
    }]);
  });

  it('drops them where a running header stands above the first, but keeps "(1)", "(2)" after the first TOP as Ziffern', () => {
    const mirrored = parse(
      'Ergebnisprotokoll – öffentlicher Teil', '(1)', '', 'Beschluss', '', 'TOP I 1 Kinder wirksamer schützen',
      '1. Die Justizministerinnen und Justizminister halten die Prüfung gesetzlicher Regelungen des Inhalts', '', '(2)', '',
      'für erforderlich, dass die Verweigerung gewertet werden darf.', '2. Sie bitten den Bund, einen Entwurf vorzulegen.',
      '3. Sie bitten die Länder, zu berichten.', '4. Sie bitten die Kommission, zu prüfen.', '5. Sie danken der Arbeitsgruppe.',
      '- 1 -', '\f', 'Ergebnisprotokoll – öffentlicher Teil',
      'TOP I 2 Opferschutz', 'Die Justizministerinnen und Justizminister bitten den Bund, zu handeln.',
    );
    expect(mirrored.resolutions[0]!.demands[0]!.text).toBe(
      'Die Justizministerinnen und Justizminister halten die Prüfung gesetzlicher Regelungen des Inhalts für erforderlich, dass die Verweigerung gewertet werden darf.',
    );
    expect(mirrored.resolutions[0]!.demands).toHaveLength(5);
    const numbered = parse('Ergebnisprotokoll – öffentlicher Teil', 'TOP I 1 Kinder wirksamer schützen', '(1)', 'Die Länder handeln.', '(2)', 'Sie berichten.');
    expect(numbered.resolutions[0]!.demands.map((demand) => [demand.number, demand.text])).toEqual([['1', 'Die Länder handeln.'], ['2', 'Sie berichten.']]);
  });
});

describe('page breaks after a paragraph\'s first line', () => {
  it('keeps the first lines of paragraphs that read alike but for their numbers ("1. Die Justizministerinnen …", "2. Die …")', () => {
    const { resolutions } = parse(
      'Beschluss der Justizministerkonferenz',
      'TOP I 1 Kinder wirksamer schützen',
      '1. Die Justizministerinnen und Justizminister',
      '\fbeobachten mit Sorge die Zahl der Fälle.',
      '2. Die Justizministerinnen und Justizminister',
      '\fstellen fest, dass es Maßnahmen bedarf.',
    );
    expect(resolutions[0]!.demands).toEqual([
      { number: '1', text: 'Die Justizministerinnen und Justizminister beobachten mit Sorge die Zahl der Fälle.' },
      { number: '2', text: 'Die Justizministerinnen und Justizminister stellen fest, dass es Maßnahmen bedarf.' },
    ]);
  });
});

describe('a title page whose first lines recur as the running header', () => {
  it('reads the meeting from the title page with its first lines in their place ("76. Konferenz der für das Gesundheitswesen" / "zuständigen" / …)', () => {
    const title = ['76. Konferenz der für das Gesundheitswesen', 'zuständigen'];
    const { resolutions } = parse(
      ...title, 'Ministerinnen und Minister, Senatorinnen und', 'Senatoren der Länder am 02. und 03. Juli 2003', 'in Chemnitz',
      'TOP 5 Grüne Liste', 'Die Gesundheitsministerkonferenz hat einstim-', 'mig beschlossen:', 'Der Bund soll die Versorgung sichern.',
      '- 1 -', `\f${title[0]}`, title[1]!,
      'TOP 6.1 Infektionsschutz', 'Die Gesundheitsministerkonferenz hat einstim-', 'mig beschlossen:', 'Die Länder sollen vorsorgen.',
    );
    expect(resolutions.map((resolution) => resolution.meeting)).toEqual([1, 2].map(() => ({
      number: 76, year: 2003, startDate: '2003-07-02', endDate: '2003-07-03', place: 'Chemnitz',
    })));
  });
});

describe('words broken over a browser\'s page break', () => {
  it('keeps the rest of a broken word that recurs after the print\'s footer and header ("… und Minis-" / "ter, Senatorinnen und Senatoren")', () => {
    const header = '06.12.26, 21:14 Beschlüsse - Gesundheitsministerkonferenz';
    const footer = (page: number): string => `https://www.gmkonline.de/Beschluesse.html?id=1714&jahr=2025 ${page}/3`;
    const { resolutions } = parse(
      header, '83. Gesundheitsministerkonferenz 2010', 'TOP 10.3 Gesund aufwachsen', 'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:',
      '1. Die Ministerinnen und Minis-', footer(1), `\f${header}`, 'ter, Senatorinnen und Senatoren', 'für Gesundheit nehmen das Konzept zur Kenntnis.',
      '2. Die Ministerinnen und Minis-', footer(2), `\f${header}`, 'ter, Senatorinnen und Senatoren', 'für Gesundheit bitten das BMG, zu handeln.',
    );
    expect(resolutions[0]!.demands).toEqual([
      { number: '1', text: 'Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit nehmen das Konzept zur Kenntnis.' },
      { number: '2', text: 'Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit bitten das BMG, zu handeln.' },
    ]);
  });
});

describe('a formula\'s first line next to page breaks', () => {
  it('keeps a short sentence start that recurs next to page breaks ("Die Gesundheitsministerkonferenz hat" / "einstimmig beschlossen:")', () => {
    const formula = ['Die Gesundheitsministerkonferenz hat', 'einstimmig beschlossen:'];
    const { resolutions } = parse(
      '76. Gesundheitsministerkonferenz am 2. Juli 2003 in Chemnitz',
      'TOP 5 Grüne Liste', ...formula, 'Der Bund soll handeln.', '- 1 -',
      '\fTOP 6 Infektionsschutz', ...formula, 'Die Länder sollen vorsorgen.', '- 2 -',
      '\fTOP 7 Pflege', ...formula, 'Die Pflege wird gestärkt.',
    );
    expect(resolutions.map((resolution) => resolution.decision.formula)).toEqual(Array(3).fill('Die Gesundheitsministerkonferenz hat einstimmig beschlossen:'));
  });
});

describe('a quotation\'s last line next to page breaks', () => {
  it('keeps the line that closes a quotation opened on the line before ("… im „Strategischen Ausschuss für" / "Einwanderungs-, Grenz- und Asylfragen“")', () => {
    const { resolutions } = parse(
      'Sammlung der zur Veröffentlichung freigegebenen Beschlüsse der 183. Sitzung der Innenministerkonferenz',
      '1. Jahresbericht des Ländervertreters im „Strategischen Ausschuss für', 'Einwanderungs-, Grenz- und Asylfragen“', 'Beschluss:',
      'Die IMK nimmt den Jahresbericht im', '- 2 -', '\f„Strategischen Ausschuss für', 'Einwanderungs-, Grenz- und Asylfragen“', 'zustimmend zur Kenntnis.',
      '- 3 -', '\f2. Europäische Innenpolitik', 'Beschluss:', 'Die IMK nimmt den Bericht zur Kenntnis.',
    );
    expect(resolutions[0]!.title).toBe('Jahresbericht des Ländervertreters im „Strategischen Ausschuss für Einwanderungs-, Grenz- und Asylfragen“');
    expect(resolutions[0]!.decision.formula).toBe('Die IMK nimmt den Jahresbericht im „Strategischen Ausschuss für Einwanderungs-, Grenz- und Asylfragen“ zustimmend zur Kenntnis.');
  });
});

describe('a sentence\'s second line next to page breaks', () => {
  it('keeps a line that goes on in lower case with the sentence started on the line before ("… nimmt" / "den Bericht des Bundesministeriums")', () => {
    const formula = ['Die Verkehrsministerkonferenz nimmt', 'den Bericht des Bundesministeriums', 'zur Kenntnis.'];
    const { resolutions } = parse(
      'Beschluss der Verkehrsministerkonferenz am 8./9. Oktober 2015 in Worms',
      'Punkt 4.2 der Tagesordnung: Bundesverkehrswegeplanung', ...formula, '- 1 -',
      '\fPunkt 4.3 der Tagesordnung: Radverkehr', ...formula, '- 2 -',
      '\fPunkt 4.4 der Tagesordnung: Schienengüterverkehr', ...formula,
    );
    expect(resolutions.map((resolution) => resolution.decision.formula)).toEqual(Array(3).fill('Die Verkehrsministerkonferenz nimmt den Bericht des Bundesministeriums zur Kenntnis.'));
  });
});

describe('lists of numbers next to page breaks', () => {
  it('keeps the TOP numbers a protocol lists, though two such lines look alike with their digits masked', () => {
    const { resolutions } = parse(
      '93. Umweltministerkonferenz am 15. November 2019 in Hamburg',
      'TOP 1 Genehmigung der Tagesordnung',
      'Die Umweltministerkonferenz genehmigt die Tagesordnung.',
      'Abschließend auf der ACK behandelt wurden die Tagesordnungspunkte:',
      '2, 3, 28',
      '- 1 -',
      '\fOhne Aussprache angenommen wurden die Tagesordnungspunkte:',
      '5, 6, 12',
      '- 2 -',
      '\fTOP 2 Klimaschutz',
      'Die Umweltministerkonferenz bittet den Bund, zu handeln.',
    );
    expect(resolutions[0]!.demands.map((demand) => demand.text).join(' ')).toMatch(/Tagesordnungspunkte: 2, 3, 28 .*Tagesordnungspunkte: 5, 6, 12$/);
  });
});

describe('words broken next to page breaks', () => {
  it('keeps the rest of a broken word that recurs next to page breaks ("… der Verkehrsinfrast-" / "ruktur")', () => {
    const { resolutions } = parse(
      'Beschluss der Verkehrsministerkonferenz am 8./9. Oktober 2015 in Worms',
      'Punkt 4.1 der Tagesordnung:', 'Nachhaltige Finanzierung der Verkehrsinfrast-', 'ruktur', 'a) Fortschreibung des Berichts',
      'Die Verkehrsministerkonferenz nimmt den Bericht', '- 1 -', '\fzur Kenntnis.',
      'Punkt 4.1 der Tagesordnung:', 'Nachhaltige Finanzierung der Verkehrsinfrast-', 'ruktur', 'b) Reformkommission Bau von Großprojekten',
      'Die Verkehrsministerkonferenz nimmt den Bericht', '- 2 -', '\fzur Kenntnis.',
    );
    expect(resolutions.map((resolution) => resolution.title)).toEqual([
      'Nachhaltige Finanzierung der Verkehrsinfrastruktur a) Fortschreibung des Berichts',
      'Nachhaltige Finanzierung der Verkehrsinfrastruktur b) Reformkommission Bau von Großprojekten',
    ]);
  });
});

describe('titles in a column of 30 characters', () => {
  it('goes on with a title under a TOP line the column broke where the tail ends in a broken word ("Arbeitsprozess „Zivile Vertei-")', () => {
    const { resolutions } = parse(
      'Beschlüsse der GMK 11.06.2025 -',
      '12.06.2025',
      'TOP: 13.1 Länderübergreifender',
      'Arbeitsprozess „Zivile Vertei-',
      'digung und Krisenmanagement im',
      'Gesundheitswesen“',
      'Die Ministerinnen und Minis-',
      'ter, Senatorinnen und Senato-',
      'ren für Gesundheit der Länder',
      'fassen folgenden Beschluss:',
      '- Die Länder stellen für dieses',
      'Vorhaben eine umfängliche Be-',
      'teiligung sicher.',
    );
    expect(resolutions[0]!.title).toBe('Länderübergreifender Arbeitsprozess „Zivile Verteidigung und Krisenmanagement im Gesundheitswesen“');
    expect(resolutions[0]!.decision.formula).toBe('Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder fassen folgenden Beschluss:');
  });

  it('keeps a text\'s first line under a title that is no TOP line, even where it ends in a broken word', () => {
    const { resolutions } = parse(
      'Beschlüsse der GMK 11.06.2025 -',
      '12.06.2025',
      'TOP: 13.1',
      'Krisenmanagement im Gesundheits-',
      'wesen der Länder und des Bundes',
      'Über folgende Beschlussvorla-',
      'gen wird en bloc abgestimmt:',
    );
    expect(resolutions[0]!.title).toBe('Krisenmanagement im Gesundheitswesen der Länder und des Bundes');
  });

  it('takes a title over five short lines where two are the rests of broken words ("Beschlussfass-" / "ung")', () => {
    const { resolutions } = parse(
      '76. Konferenz der für das Ges-',
      'undheitswesen zuständigen',
      'Ministerinnen und Minister,',
      'Senatorinnen und Senatoren der',
      'Länder am 02. und 03. Juli',
      '2003 in Chemnitz',
      'Beschluss:',
      'TOP 5',
      'Die Gesundheitsministerkonfer-',
      'enz hat einstimmig beschlossen:',
      'Zur gemeinsamen Beschlussfass-',
      'ung',
      'zusammengefasste Beschlussvor-',
      'schläge',
      'für die 76. GMK – Grüne Liste',
      'Über folgende Beschlussvorla-',
      'gen wird zur Entlastung der',
      'Tagesordnung en bloc abgestimmt:',
      'TOP 7.1 (Kindgerechte',
      'Krankenhausversorgung)',
    );
    expect(resolutions[0]!.title).toBe('Zur gemeinsamen Beschlussfassung zusammengefasste Beschlussvorschläge für die 76. GMK – Grüne Liste');
    expect(resolutions[0]!.demands[0]!.text).toBe('Über folgende Beschlussvorlagen wird zur Entlastung der Tagesordnung en bloc abgestimmt:');
  });
});

describe('a label\'s word pushed onto a line of its own by a column of 30 characters', () => {
  const meeting = ['76. Konferenz der für das Ges-', 'undheitswesen zuständigen', 'Ministerinnen und Minister,',
    'Senatorinnen und Senatoren der', 'Länder am 02. und 03. Juli', '2003 in Chemnitz', 'Beschluss:', 'TOP 5',
    'Die Gesundheitsministerkonfer-', 'enz hat einstimmig beschlossen:'];

  it('reads "Beschlussfassung" between "Zur gemeinsamen" and "zusammengefasste …" as a word of the title, not as a heading', () => {
    const { resolutions } = parse(
      ...meeting,
      'Zur gemeinsamen',
      'Beschlussfassung',
      'zusammengefasste',
      'Beschlussvorschläge',
      'für die 76. GMK – Grüne Liste',
      'Über folgende Beschlussvorla-',
      'gen wird zur Entlastung der',
      'Tagesordnung en bloc abgestimmt:',
      'TOP 7.1 (Kindgerechte',
      'Krankenhausversorgung)',
    );
    expect(resolutions[0]!.title).toBe('Zur gemeinsamen Beschlussfassung zusammengefasste Beschlussvorschläge für die 76. GMK – Grüne Liste');
    expect(resolutions[0]!.demands[0]!.text).toBe('Über folgende Beschlussvorlagen wird zur Entlastung der Tagesordnung en bloc abgestimmt:');
  });

  it('keeps a bare "Beschluss" heading under a title that ends in a verb, where the text after it starts a sentence', () => {
    const { resolutions } = parse(
      'TOP 7.1', 'Kinder wirksamer schützen', 'Beschluss', 'Die Gesundheitsministerkonferenz', 'bittet den Bund, zu handeln.',
    );
    expect(resolutions[0]!.title).toBe('Kinder wirksamer schützen');
    expect(resolutions[0]!.demands[0]!.text).toBe('Die Gesundheitsministerkonferenz bittet den Bund, zu handeln.');
  });
});

describe('soft hyphens at the line ends of a column of 30 characters', () => {
  it('goes on with a title under a TOP line the column broke where the tail ends in a soft hyphen ("„Zivile Vertei\u00AD")', () => {
    const { resolutions } = parse(
      'Beschlüsse der GMK 11.06.2025 -', '12.06.2025',
      'TOP: 13.1 Länderübergreifender',
      'Arbeitsprozess „Zivile Vertei\u00AD',
      'digung und Krisenmanagement im',
      'Gesundheitswesen“',
      'Die Ministerinnen und Minis\u00AD',
      'ter, Senatorinnen und Senato\u00AD',
      'ren für Gesundheit der Länder',
      'fassen folgenden Beschluss:',
      '- Die Länder stellen für dieses',
      'Vorhaben eine Beteiligung sicher.',
    );
    expect(resolutions[0]!.title).toBe('Länderübergreifender Arbeitsprozess „Zivile Verteidigung und Krisenmanagement im Gesundheitswesen“');
    expect(resolutions[0]!.decision.formula).toBe('Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder fassen folgenden Beschluss:');
  });

  it('reads a vote broken inside its word by a soft hyphen ("Abstimmungsergebnis: einstim\u00AD" / "mig")', () => {
    const { resolutions } = parse(
      '7. Konferenz der für Integration zuständigen Ministerinnen und Minister am 22. März 2012 in Wiesbaden',
      'TOP 4.2 Mitwirkung der Länder', 'Antragsteller: Hessen', 'Abstimmungsergebnis: einstim\u00AD', 'mig',
      'Gemäß Art. 50 GG wirken die Länder durch den Bundesrat mit.',
    );
    expect(resolutions[0]!.decision.voting).toBe('unanimous');
    expect(resolutions[0]!.decision.formula).toBe('Abstimmungsergebnis: einstimmig');
    expect(resolutions[0]!.demands[0]!.text).toBe('Gemäß Art. 50 GG wirken die Länder durch den Bundesrat mit.');
  });
});

describe('a running header broken before its date', () => {
  it('reads the meeting\'s date from a header line that only holds the date after "… am"', () => {
    const header = ['93. Umweltministerkonferenz am', '15. November 2019', 'in Hamburg'];
    const { resolutions } = parse(
      ...header, 'ENDGÜLTIGES', 'ERGEBNISPROTOKOLL', 'Vorsitz:', 'Jens Kerstan', 'Senator', '\f',
      ...header, 'TOP 1 Genehmigung der Tagesor-', 'dnung', 'Beschluss:', 'Die Umweltministerkonferenz', 'genehmigt die Tagesordnung in', 'der vorliegenden Fassung.', '\f',
      ...header, 'TOP 2 Klimaschutz', 'Beschluss:', 'Die Umweltministerkonferenz', 'bittet den Bund, zu handeln.',
    );
    expect(resolutions[0]!.meeting).toEqual({ number: 93, year: 2019, startDate: '2019-11-15', endDate: '2019-11-15', place: 'Hamburg' });
  });
});

describe('a running header broken inside its date under a header of its own', () => {
  it('reads the meeting\'s date from "… am 22." on the title page and "September 2000 in Regensburg", which recurs on every page', () => {
    const header = 'Ergebnisprotokoll – öffentlicher Teil';
    const { resolutions } = parse(
      header, 'Agrarministerkonferenz am 22.', 'September 2000 in Regensburg',
      'TOP 2.1: Agrarpolitische', 'Aspekte der EU-Osterweiterung', 'Beschluss: 1. Die Agrarminister', 'nehmen den Bericht zur Kenntnis.', '- 1 -', '\f',
      header, 'Agrarministerkonferenz am 22.', 'September 2000 in Regensburg',
      'TOP 2.2: Erweiterungsprozess', 'der EU', 'Beschluss: 1. Die Agrarminister', 'nehmen den Bericht zur Kenntnis.', '- 2 -', '\f',
      header, 'Agrarministerkonferenz am 22.', 'September 2000 in Regensburg',
      'TOP 2.3: Tierschutz', 'Beschluss: 1. Die Agrarminister', 'nehmen den Bericht zur Kenntnis.',
    );
    expect(resolutions.map((resolution) => resolution.agendaItem)).toEqual(['2.1', '2.2', '2.3']);
    expect(resolutions[0]!.meeting).toEqual({ number: null, year: 2000, startDate: '2000-09-22', endDate: '2000-09-22', place: 'Regensburg' });
  });
});

describe('an agenda entry ended on a full stop before a page break', () => {
  it('goes on with the entry\'s rest after the page break where it leads to a later TOP ("… stärken." / "Auf dem Weg zu …" / "TOP 4.1")', () => {
    const result = analyseResolutionText([
      'Beschlüsse der 24. GFMK', 'am 1./2. Oktober 2014 in Wiesbaden', 'Inhaltsverzeichnis',
      'TOP 1.1', 'Beschlussfassung zur endgültigen', 'Tagesordnung',
      'TOP 3.1', 'Leitantrag der 24. GFMK - Zeitv-', 'erwendung gerecht gestalten,', 'Partnerschaftlichkeit stärken.', '- 1 -', '\f',
      'Auf dem Weg zu einer wirksamen', 'Gleichstellungspolitik.',
      'TOP 4.1', 'Vereinbarkeit von Pflege und', 'Beruf',
    ].join('\n'));
    expect(result.failure?.kind).toBe('contents-only');
  });

  it('ends the agenda at the page break where the page goes on with a TOP it listed', () => {
    const { resolutions } = parse(
      'Beschlüsse der 24. GFMK', 'am 1./2. Oktober 2014 in Wiesbaden', 'Inhaltsverzeichnis',
      'TOP 1.1', 'Beschlussfassung zur endgültigen', 'Tagesordnung',
      'TOP 3.1', 'Leitantrag zur Gleichstellung.', '- 1 -', '\f',
      'Beschlüsse', 'TOP 1.1', 'Beschlussfassung zur endgültigen', 'Tagesordnung', 'Beschluss:', 'Die GFMK beschließt die Tagesordnung.',
    );
    expect(resolutions.map((resolution) => resolution.agendaItem)).toEqual(['1.1']);
  });
});

describe('a sentence that resolutions repeat, broken alike next to page breaks', () => {
  it('keeps a line that goes on in lower case from a line left open and is left open itself ("… für Verkehr und" / "digitale Infrastruktur zur" / "Kenntnis.")', () => {
    const item = (top: string, title: string): string[] => [
      `Punkt ${top} der Tagesordnung:`, title, 'Beschluss:', 'Die Verkehrsministerkonferenz', 'nimmt den Bericht des',
      'Bundesministeriums für Verkehr und', 'digitale Infrastruktur zur', 'Kenntnis.',
    ];
    const { resolutions } = parse(
      'Beschluss der Verkehrsministerkonferenz', 'am 8./9. Oktober 2015 in Worms',
      ...item('4.1', 'Finanzierung'), '- 1 -', '\f', ...item('4.2', 'Großprojekte'), '- 2 -', '\f', ...item('4.3', 'Radverkehr'),
    );
    expect(resolutions.map((resolution) => resolution.decision.formula)).toEqual(Array(3).fill(
      'Die Verkehrsministerkonferenz nimmt den Bericht des Bundesministeriums für Verkehr und digitale Infrastruktur zur Kenntnis.',
    ));
  });
});

describe('phrases and titles that resolutions repeat, broken alike next to page breaks in a column of 30 characters', () => {
  const footer = (page: number): string[] => [`Seite ${page} von 3`, '\f'];

  it('keeps the line after a list left open ("Minister, Senatorinnen und" / "Senatoren für Gesundheit der")', () => {
    const ziffer = (verb: string): string[] => ['Die Ministerinnen und', 'Minister, Senatorinnen und', 'Senatoren für Gesundheit der', `Länder ${verb} den Bericht.`];
    const { resolutions } = parse(
      '83. Gesundheitsministerkonferenz', 'am 1. Juli 2010 in Hamburg', 'TOP 7 Frühe Hilfen', 'Beschluss:',
      '1.', ...ziffer('loben'), ...footer(1), '2.', ...ziffer('nehmen'), ...footer(2), '3.', ...ziffer('begrüßen'),
    );
    expect(resolutions[0]!.demands.map((demand) => demand.text)).toEqual(['loben', 'nehmen', 'begrüßen'].map((verb) =>
      `Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder ${verb} den Bericht.`));
  });

  it('keeps a title under its TOP line and a phrase\'s noun on the same page ("Nachhaltige Finanzierung der" / "Verkehrsinfrastruktur")', () => {
    const item = (top: string, title: string[], verb: string): string[] => [
      `Punkt ${top} der Tagesordnung:`, ...title, 'Die Verkehrsministerkonferenz', `${verb} den Bericht zur`, 'EU-Dienstleistungsrichtlinie', 'zur Kenntnis.',
    ];
    const { resolutions } = parse(
      'Beschluss der Verkehrsministerkonferenz', 'am 8./9. Oktober 2015 in Worms',
      ...item('4.1', ['Nachhaltige Finanzierung der', 'Verkehrsinfrastruktur'], 'nimmt'), ...footer(1),
      ...item('4.2', ['EU-Dienstleistungsrichtlinie'], 'nimmt'), ...footer(2),
      ...item('4.3', ['Nachhaltige Finanzierung der', 'Verkehrsinfrastruktur'], 'nimmt'),
    );
    expect(resolutions.map((resolution) => resolution.title)).toEqual([
      'Nachhaltige Finanzierung der Verkehrsinfrastruktur', 'EU-Dienstleistungsrichtlinie', 'Nachhaltige Finanzierung der Verkehrsinfrastruktur',
    ]);
    expect(resolutions.map((resolution) => resolution.decision.formula)).toEqual(Array(3).fill(
      'Die Verkehrsministerkonferenz nimmt den Bericht zur EU-Dienstleistungsrichtlinie zur Kenntnis.',
    ));
  });
});

describe('a copying web page\'s link sentence in a column of 30 characters', () => {
  it('drops the link up to its full stop, also where a line of it starts with a number ("… als Anlage" / "1 bezeichneten Bericht …")', () => {
    const result = analyseResolutionText([
      'TOP 5.2 - Kinderschutz',
      'Die GMK bittet die Bundesregie-',
      'rung, Vorschläge zu entwickeln.',
      '',
      'Hier finden Sie den als Anlage',
      '1 bezeichneten Bericht der',
      'gemeinsamen Arbeitsgruppe.',
    ].join('\n'));
    expect(result.document.resolutions[0]!.demands).toEqual([{ number: null, text: 'Die GMK bittet die Bundesregierung, Vorschläge zu entwickeln.' }]);
  });

  it('ends the link at a blank line before the next TOP, whose line is no part of it', () => {
    const { resolutions } = parse(
      'TOP 5.10 – Kinderschutzgesetz', 'Die GMK bittet den Bund, zu handeln.', '', 'Hier finden Sie den Beschluss', 'der GMK 2009', '', '',
      'TOP 10.3 - Nationales Gesundh-', 'eitsziel "Gesund aufwachsen"', '', 'Die GMK bittet den Bund um einen Bericht.',
    );
    expect(resolutions.map((resolution) => [resolution.agendaItem, resolution.title])).toEqual([
      ['5.10', 'Kinderschutzgesetz'], ['10.3', 'Nationales Gesundheitsziel "Gesund aufwachsen"'],
    ]);
  });
});

describe('a formula\'s subject on a line of its own next to page breaks', () => {
  it('keeps "Die Gesundheitsministerkonferenz" / "hat einstimmig beschlossen:" after two page breaks as the formula', () => {
    const { resolutions } = parse(
      'Die 83. Gesundheitsministerkonferenz am 1. Juli 2010',
      'TOP 5.10 – Kinderschutzgesetz', 'Seite 1 von 3', '\f',
      'Die Gesundheitsministerkonferenz', 'hat einstimmig beschlossen:', 'Die GMK bittet den Bund, ein Gesetz vorzulegen.',
      'TOP 10.3 - Nationales Gesundheitsziel', 'Seite 2 von 3', '\f',
      'Die Gesundheitsministerkonferenz', 'hat einstimmig beschlossen:', 'Die GMK bittet den Bund um einen Bericht.',
    );
    expect(resolutions.map((resolution) => resolution.decision.formula)).toEqual([
      'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:', 'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:',
    ]);
  });

  it('ends a title whose last word is lower case ("… und Umsetzung" / "gesundheitsziele.de") at a formula broken after or inside its subject', () => {
    for (const formula of [['Die Gesundheitsministerkonferenz', 'beschließt einstimmig:'], ['Die Gesundheitsministerkonfer-', 'enz beschließt einstimmig:']]) {
      const { resolutions } = parse('87. Gesundheitsministerkonferenz 2014', 'TOP 11.1 Unterstützung des', 'kommunalen Partnerprozesses', 'und Umsetzung',
        'gesundheitsziele.de', ...formula, '  1. Die GMK begrüßt den Prozess.');
      expect(resolutions[0]!.title, formula[0]).toBe('Unterstützung des kommunalen Partnerprozesses und Umsetzung gesundheitsziele.de');
      expect(resolutions[0]!.decision, formula[0]).toEqual({ outcome: 'adopted', voting: 'unanimous', formula: 'Die Gesundheitsministerkonferenz beschließt einstimmig:' });
    }
  });

  it('keeps a Ziffer\'s first line broken after its subject of two nouns ("1. Die Jugend- und Familienministerkonferenz" / "begrüßt …") after two page breaks', () => {
    const pageBreak = ['https://www.example.org/beschluesse.html 1/3', '\f', '06.12.26, 21:14 Beschlüsse'];
    const { resolutions } = parse(
      'Die Jugend- und Familienministerkonferenz hat am 18./19. Mai 2017 in Quedlinburg Beschlüsse gefasst:',
      'TOP 6.3 Verwaltungsvereinbarung', ...pageBreak, 'Beschluss:',
      '  1. Die Jugend- und Familienministerkonferenz', '  stellt fest, dass die Strukturen sich bewährt haben.',
      'TOP 6.4 Gesundheitsziel', ...pageBreak.map((line) => line.replace('1/3', '2/3')), 'Beschluss:',
      '  1. Die Jugend- und Familienministerkonferenz', '  begrüßt die Empfehlungen.',
    );
    expect(resolutions.map((resolution) => resolution.demands)).toEqual([
      [{ number: '1', text: 'Die Jugend- und Familienministerkonferenz stellt fest, dass die Strukturen sich bewährt haben.' }],
      [{ number: '1', text: 'Die Jugend- und Familienministerkonferenz begrüßt die Empfehlungen.' }],
    ]);
  });
});

// --- a column of 24 characters (a phone's width, three columns on a landscape page) -------------

describe('a note quoting a resolution in a narrow column', () => {
  it('takes the quotation up to its closing mark into the note, however its lines start ("… Themen der Gesundheitspolitik" / "Rechnung tragend …")', () => {
    const result = analyseResolutionText([
      'TOP: 11.1 Strukturreform', 'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:', '- Die GMK nutzt häufiger die Möglichkeit von Telefonschaltkonferenzen.',
      'Hinweis:', 'Im Kamin wurde bereits', 'einvernehmlich beschlossen:', '"Der zunehmenden Bedeutung', 'der europäischen Themen', 'der Gesundheitspolitik',
      'Rechnung tragend wird die', 'bisherige EU-Arbeitsgruppe', 'eingerichtet."',
    ].join('\n'));
    expect(result.document.resolutions[0]!.demands).toEqual([{ number: null, text: 'Die GMK nutzt häufiger die Möglichkeit von Telefonschaltkonferenzen.' }]);
    expect(result.document.warnings.find((warning) => warning.kind === 'fieldNotImported')!.values.value)
      .toBe('Im Kamin wurde bereits einvernehmlich beschlossen: "Der zunehmenden Bedeutung der europäischen Themen der Gesundheitspolitik Rechnung tragend wird die bisherige EU-Arbeitsgruppe eingerichtet."');
  });

  it('takes a note of fifteen lines of 24 characters, as many as five full lines hold', () => {
    const note = ['Im Kamin wurde bereits', 'einvernehmlich beschlos-', 'sen, dass die bisherige', 'Arbeitsgruppe der AOLG', 'als eigenständige Arbe-',
      'itsgruppe eingerichtet', 'wird, die unmittelbar', 'der Amtschefkonferenz', 'zuarbeitet und ihr zu', 'allen Fragen der europä-',
      'ischen Gesundheitspoli-', 'tik jährlich einen Ber-', 'icht vorlegt, den die', 'Länder gemeinsam erst-', 'ellen.'];
    const result = analyseResolutionText(['TOP: 11.1 Strukturreform', 'Die Gesundheitsministerkonferenz hat einstimmig beschlossen:',
      '- Die GMK nutzt häufiger die Möglichkeit von Telefonschaltkonferenzen.', 'Hinweis:', ...note].join('\n'));
    expect(result.document.resolutions[0]!.demands).toHaveLength(1);
    expect(result.document.warnings.find((warning) => warning.kind === 'fieldNotImported')!.values.value).toMatch(/gemeinsam erstellen\.$/);
  });
});

describe('cover pages and letters in a narrow column', () => {
  it('reads a number closing "(TOP" on the line before as the TOP\'s, not as a numbered paragraph ("(TOP" / "6) Am 25. …")', () => {
    const result = analyseResolutionText([
      'Bericht des Ministeriums', 'zur 10. Integrations-', 'ministerkonferenz vom', '25./26. März 2015 (TOP', '6) Am 25. und 26. März', '2015 fand in Kiel die',
      'Konferenz statt.',
    ].join('\n'));
    expect(result.failure?.kind).toBe('cover-only');
  });

  it('finds the verb of a sentence whose subject a narrow column wraps over two lines ("Die Wirtschaftsminister" / "und -senatoren der Länder" / "nehmen …")', () => {
    const result = analyseResolutionText([
      'Europäische Strukturpolitik', 'In ihrer Konferenz am 12./13. Dezember 2002 in Bad Dürkheim haben die Wirtschaftsminister der Länder folgende Aussagen getroffen:',
      'Die Wirtschaftsminister', 'und -senatoren der Länder', 'nehmen die "Eckpunkte der', 'Bundesregierung" zur Kenntnis.',
    ].join('\n'));
    expect(result.failure?.kind).toBe('no-agenda-item');
  });

  it.each([['a soft hyphen', '\u00AD'], ['a visible hyphen', '-']])('reads a conference\'s name broken by %s after a number as a title, not as a numbered paragraph', (_name, hyphen) => {
    const result = analyseResolutionText([
      'Beschlüsse der 47. Europaministerkonferenz am 12. November 2009 in Berlin.', 'Kein Beschluss.', '', 'Ähnliche Dokumente',
      `20. Europaministerkonfer${hyphen}`, 'enz in Bonn (Bremen)',
    ].join('\n'));
    expect(result.failure?.kind).toBe('cover-only');
  });

  it('reads a Landtag\'s "15. Wahlperiode" at a line\'s start as the head of its printed paper, not as a numbered paragraph', () => {
    const result = analyseResolutionText([
      'LANDTAG DES SAARLANDES', '15. Wahlperiode Drucksa-', 'che 15/2068', 'A N T W O R T', 'zu der Anfrage zur', 'Jugend- und Familienminis-',
      'terkonferenz (JFMK) am', '21./22. Mai 2015 in Perl',
    ].join('\n'));
    expect(result.failure?.kind).toBe('cover-only');
  });
});

describe('titles and headers in a column of 24 characters', () => {
  /** Lines of a resolution wrapped at 24 characters: they give the document's column width. */
  const body = ['Die Gesundheitsminister-', 'konferenz bittet den Bu-', 'nd, die Länder bei der', 'Umsetzung des Gesundhe-', 'itsziels zu unterstütz-', 'en und zu berichten.'];

  it('goes on with a title\'s quoted name that the column broke under its TOP line ("TOP 10.3 - Nationales" / "Gesundheitsziel "Gesund" / "aufwachsen"")', () => {
    const { resolutions } = parse('TOP 10.3 - Nationales', 'Gesundheitsziel "Gesund', 'aufwachsen"', '', 'Die Gesundheitsminister-', 'konferenz hat einstimmig', 'beschlossen:', ...body);
    expect(resolutions[0]!.title).toBe('Nationales Gesundheitsziel "Gesund aufwachsen"');
    expect(resolutions[0]!.decision.voting).toBe('unanimous');
  });

  it('keeps "Tagesordnung" as the last word of a title, not as the heading of an agenda ("TOP 1 Genehmigung der" / "Tagesordnung")', () => {
    const { resolutions } = parse('93. Umweltministerkonferenz am 15. November 2019 in Hamburg', 'TOP 1 Genehmigung der', 'Tagesordnung', '', 'Beschluss:', '',
      'Die Umweltministerkon-', 'ferenz genehmigt die Ta-', 'gesordnung in der vorl-', 'iegenden Fassung.');
    expect(resolutions[0]!.title).toBe('Genehmigung der Tagesordnung');
    expect(resolutions[0]!.demands).toEqual([{ number: null, text: 'Die Umweltministerkonferenz genehmigt die Tagesordnung in der vorliegenden Fassung.' }]);
  });

  it('keeps a conference\'s name that recurs alone on a line inside a sentence going on with a year ("… der" / "Verkehrsministerkonferenz" / "2015 zu berichten")', () => {
    const { resolutions } = parse(
      'Verkehrsministerkonferenz', '', 'Berlin, 9. Oktober 2014', '', 'BeschlussSammlung der', 'Verkehrsministerkonferenz', 'am 1./2. Oktober 2014 in', 'Kiel', '',
      'Punkt 4.2 der Tagesordnung:', 'Güterverkehr', '', 'Die Verkehrsministerkon-', 'ferenz bittet das BMVI,', 'zur Frühjahrssitzung der',
      'Verkehrsministerkonferenz', '2015 zu berichten, wie', 'eine Angleichung der', 'Wettbewerbsbedingungen', 'erreicht werden kann.',
    );
    expect(resolutions[0]!.demands.map((demand) => demand.text).join(' ')).toContain('zur Frühjahrssitzung der Verkehrsministerkonferenz 2015 zu berichten');
  });

  it('keeps a title\'s noun that the column set alone under an adjective, though it recurs next to page breaks ("… der deutschen" / "EU-Ratspräsidentschaft")', () => {
    const page = (number: number): string[] => ['', `(${number})`, '', `- ${number} -`, ''];
    const text = ['Die Innenministerkon-', 'ferenz unterstützt das', 'Vorhaben, im Rahmen', 'einer informellen Gruppe', 'auf europäischer Ebene',
      'die zukünftige Gestal-', 'tung der Innenpolitik', 'zu erörtern. Sie bittet', 'den Bund, die Länder zu', 'informieren.'];
    const { resolutions } = parse(
      'Sammlung', '', 'der zur Veröffentlichung', 'freigegebenen Beschlüsse', 'der 183. Sitzung', '', 'der Ständigen Konferenz', 'der Innenminister und -senatoren',
      'der Länder', '', 'am 1. Juni 2007 in Berlin', ...page(2), '1. Europäische Innenpolitik', '', 'Beschluss:', '', ...text, ...page(3),
      '2. Zwischenbilanz zur', 'deutschen', 'EU-Ratspräsidentschaft', '', 'Beschluss:', '', 'Die IMK nimmt den Beri-', 'cht des Bundesministers',
      'des Innern zur Zwischen-', 'bilanz der deutschen', 'EU-Ratspräsidentschaft', 'zur Kenntnis.', ...page(4), '3. Überwachung des Inte-', 'rnets', '', 'Beschluss:', '', ...text,
    );
    expect(resolutions[1]!.title).toBe('Zwischenbilanz zur deutschen EU-Ratspräsidentschaft');
    expect(resolutions[1]!.decision.formula).toBe('Die IMK nimmt den Bericht des Bundesministers des Innern zur Zwischenbilanz der deutschen EU-Ratspräsidentschaft zur Kenntnis.');
  });
});

describe('titles, fields and sentences in a column of 22 characters', () => {
  /** Lines of a resolution wrapped at 22 characters: they give the document's column width. */
  const body = ['Die Gesundheitsminist-', 'erkonferenz bittet den', 'Bund, die Länder bei', 'der Umsetzung des Ges-', 'undheitsziels zu unte-', 'rstützen und zu beri-',
    'chten. Sie nimmt den', 'Bericht des Bundes zur', 'Kenntnis.'];

  it('goes on with a title whose line ends on a dash ("… für die 76. GMK –" / "Grüne Liste")', () => {
    const { resolutions } = parse('TOP 5', 'Zur gemeinsamen Besch-', 'lussfassung', 'zusammengefasste Besc-', 'hlussvorschläge', 'für die 76. GMK –', 'Grüne Liste', ...body);
    expect(resolutions[0]!.title).toBe('Zur gemeinsamen Beschlussfassung zusammengefasste Beschlussvorschläge für die 76. GMK – Grüne Liste');
    expect(resolutions[0]!.demands[0]!.text).toMatch(/^Die Gesundheitsministerkonferenz bittet/);
  });

  it('goes on with a title under its TOP line over more than five short lines, as many as five full lines hold ("… Krisenmanagem-" / "ent im" / "Gesundheitswesen“")', () => {
    const { resolutions } = parse(
      'TOP: 13.1 Länderüberg-', 'reifender Arbeitsproz-', 'ess „Zivile Verteidig-', 'ung und Krisenmanagem-', 'ent im', 'Gesundheitswesen“',
      'Die Ministerinnen und', 'Minister, Senatorinnen', 'und Senatoren für Ges-', 'undheit der Länder', 'fassen folgenden Beschluss:', ...body,
    );
    expect(resolutions[0]!.title).toBe('Länderübergreifender Arbeitsprozess „Zivile Verteidigung und Krisenmanagement im Gesundheitswesen“');
    expect(resolutions[0]!.decision.formula).toBe('Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder fassen folgenden Beschluss:');
  });

  it('reads "Antragsteller: Alle" / "Länder" as all Länder, not as a title\'s last word', () => {
    const { resolutions } = parse('TOP 2.1 Benennung', 'eines Ausschusses', '', 'Antragsteller: Alle', 'Länder', '', 'Beschluss:', '', ...body);
    expect(resolutions[0]!.title).toBe('Benennung eines Ausschusses');
    expect(resolutions[0]!.sponsors).toHaveLength(16);
  });

  it('keeps "2020 zur Kenntnis und" in the sentence an unfinished line began, not as a decision marker', () => {
    const { resolutions } = parse('TOP 6.1: Masterplan', 'Medizinstudium 2020', '', ...body, 'Die GMK nimmt den akt-', 'uellen Stand des Mast-', 'erplans Medizinstudium',
      '2020 zur Kenntnis und', 'begrüßt, dass der Ent-', 'wurf konsentiert ist.');
    expect(resolutions[0]!.decision.formula).toBe('');
    expect(resolutions[0]!.demands.at(-1)!.text).toMatch(/Die GMK nimmt den aktuellen Stand des Masterplans Medizinstudium 2020 zur Kenntnis und begrüßt, dass der Entwurf konsentiert ist\.$/);
  });

  it('goes on with a title under a TOP line that leaves less than 15 % of the column but no room for the next line\'s long word ("TOP 6.1: Masterplan" / "Medizinstudium 2020" at 23)', () => {
    const { resolutions } = parse('TOP 6.1: Masterplan', 'Medizinstudium 2020', '', 'Die GMK fordert weite-', 'rhin kurz-, mittel-', 'und langfristig wirken-',
      'de Maßnahmen von Bund,', 'Ländern, KVen und Ärzt-', 'ekammern, um ärztlic-', 'hen Nachwuchs für die', 'hausärztliche Versorg-', 'ung zu gewinnen.');
    expect(resolutions[0]!.title).toBe('Masterplan Medizinstudium 2020');
  });

  it('reads a TOP named inside a sentence that the column set at a line\'s start as the sentence\'s words ("… Zum" / "Tagesordnungspunkt 10.3" / "der Konferenz …")', () => {
    const { resolutions } = parse('Beschluss der Gesundheit-', 'sministerkonferenz (GMK)', '2010', '', 'Der Beschluss befasst', 'sich mit dem Kinder-',
      'schutzgesetz. Zum', 'Tagesordnungspunkt 10.3', 'der Konferenz wurde ein', 'Beschluss gefasst.', '', 'TOP 5.10 – Kinderschutzg-', 'esetz', '', ...body);
    expect(resolutions.map((resolution) => resolution.agendaItem)).toEqual(['5.10']);
  });

  it('keeps a Landtag letter\'s sentence that no resolution was taken over five short lines a cover page ("Die Minister und Sena-" / … / "chlüsse.")', () => {
    const result = analyseResolutionText([
      'Thema: Themen der 207.', 'Sitzung der Innenmini-', 'sterkonferenz am 7. und', '8. Dezember 2017 in', 'Leipzig', '', 'Die Minister und Sena-', 'toren der Länder fas-',
      'sen über ihren Meinun-', 'gsaustausch keine Bes-', 'chlüsse.',
    ].join('\n'));
    expect(result.failure?.kind).toBe('cover-only');
  });

  it('reports no resolution text before the first TOP in a sentence naming resolutions ("Die Beschlüsse können …" / "… abgerufen werden:")', () => {
    const result = analyseResolutionText(['Insgesamt wurden 32 Beschlüsse gefasst.', 'Die Beschlüsse können', 'auf der Homepage der', 'GMK abgerufen werden:', '',
      'TOP 5.1: Versorgung', '', ...body].join('\n'));
    expect(result.document.warnings.map((warning) => warning.kind)).not.toContain('beforeFirstTop');
  });
});
