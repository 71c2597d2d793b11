import { describe, expect, it } from 'vitest';
import {
  analyseResolutionText, findAddressees, findDueDate, interchangeDocument, joinTexts, normaliseLineText, ParseError, parseResolutionText,
  parseResolutionTextOrThrow, splitIntoLines,
} from '../../src/domain/parser/index.js';

const HEADER = ['12. Integrationsministerkonferenz 2017', 'am 16. und 17. März 2017 in Friedrichshafen', ''];

/** Parses a document made of the standard header and the given lines; returns its first resolution. */
function parseTop(...lines: string[]) {
  const document = parseResolutionText([...HEADER, ...lines].join('\n'));
  const resolution = document.resolutions[0];
  if (!resolution) throw new Error('no resolution');
  return { resolution, warnings: interchangeDocument(document).warnings };
}

describe('normalising lines', () => {
  it('splits CRLF, CR and LF and keeps original line numbers across form feeds', () => {
    const lines = splitIntoLines('\uFEFFa\r\nb\rc\nd\fe');
    expect(lines.map((line) => [line.line, line.text, line.pageBreakBefore])).toEqual([
      [1, 'a', false], [2, 'b', false], [3, 'c', false], [4, 'd', false], [4, 'e', true],
    ]);
  });

  it('applies NFKC, drops soft hyphens and collapses white space', () => {
    expect(normaliseLineText('Berufsqualiﬁkationen  mit\u00A0Nach\u00ADwuchs\tkräften ')).toBe('Berufsqualifikationen mit Nachwuchs kräften');
  });

  it('drops a mirror\'s tag cut off at the line\'s end, and keeps a "<" that starts no tag', () => {
    expect(normaliseLineText('Bayern, Hessen,<br />')).toBe('Bayern, Hessen,');
    expect(normaliseLineText('Nie<strong')).toBe('Nie');
    expect(normaliseLineText('Län<str ')).toBe('Län');
    expect(normaliseLineText('Hessen,<br /')).toBe('Hessen,');
    expect(normaliseLineText('Werte a < b und x <5')).toBe('Werte a < b und x <5');
    expect(normaliseLineText('Kosten <Bund')).toBe('Kosten <Bund');
  });

  it('drops bullets of the Symbol and Wingdings fonts (private use area) like "•"', () => {
    expect(normaliseLineText('\uF0B7\tDie Länder berichten.')).toBe('Die Länder berichten.');
    expect(normaliseLineText('\uF0A7 Die Länder berichten.')).toBe('Die Länder berichten.');
  });

  it('drops footnote marks set as superscript digits, and keeps "m²"', () => {
    expect(normaliseLineText('Die Länder¹, der Bund.² Fläche in m² und km³')).toBe('Die Länder, der Bund. Fläche in m2 und km3');
    expect(normaliseLineText('„Grüne Liste“³ und Nr. 10¹')).toBe('„Grüne Liste“ und Nr. 101');
  });

  it('reads Acrobat\'s line-break hyphen U+0002 as a soft hyphen', () => {
    const lines = splitIntoLines('Migrations\u0002\nberatung und Inte\u0002gration');
    expect(joinTexts(lines.map((line) => line.text))).toBe('Migrations beratung und Integration');
    expect(lines[0]!.softHyphenEnd).toBe(true);
  });

  it('joins a line ending in a soft hyphen without a space', () => {
    const lines = splitIntoLines('Migrations\u00AD\nberatung');
    expect(joinTexts(lines.map((line) => line.text))).toBe('Migrations beratung');
    expect(lines[0]!.softHyphenEnd).toBe(true);
  });
});

describe('dehyphenation', () => {
  it.each([
    [['Migrationsbera-', 'tung'], 'Migrationsberatung'],
    [['Nordrhein-', 'Westfalen'], 'Nordrhein-Westfalen'],
    [['Kinder-', 'und Jugendhilfe'], 'Kinder- und Jugendhilfe'],
    [['Jugend-', 'sowie Familienhilfe'], 'Jugend- sowie Familienhilfe'],
    [['Bund -', 'und'], 'Bund - und'],
    [['Familienministerinnen, -minister, -', 'senatorinnen und -senatoren'], 'Familienministerinnen, -minister, -senatorinnen und -senatoren'],
    [['-minister, -senatorinnen und -', 'senatoren der Länder'], '-minister, -senatorinnen und -senatoren der Länder'],
    [['die Regelungen -', 'insbesondere die des Bundes'], 'die Regelungen - insbesondere die des Bundes'],
    [['COVID-', '19-Pandemie'], 'COVID-19-Pandemie'],
    // A lower-case word broken before the "und" inside it: an article follows, which no suspended compound ends in.
    [['fest, dass aufgr-', 'und des internationalen Wettbewerbs'], 'fest, dass aufgrund des internationalen Wettbewerbs'],
    [['Gesetz zur Beschle-', 'unigung'], 'Gesetz zur Beschleunigung'],
    [['die ein-', 'und ausreisenden Personen'], 'die ein- und ausreisenden Personen'],
    [['während des Vor-', 'und des Nachmittags'], 'während des Vor- und des Nachmittags'],
    [['ein  Satz', '', 'weiter'], 'ein Satz weiter'],
  ])('%j → %s', (lines, joined) => {
    expect(joinTexts(lines)).toBe(joined);
  });
});

describe('meeting header', () => {
  const meetingOf = (...header: string[]) => {
    const document = parseResolutionText([...header, 'TOP 1 Titel', 'Die Konferenz hat einstimmig beschlossen:', 'Text.'].join('\n'));
    return { conference: document.resolutions[0]!.conference, meeting: document.resolutions[0]!.meeting };
  };

  it('reads ordinal, conference, dates and place', () => {
    expect(meetingOf('12. Integrationsministerkonferenz 2017', 'am 16. und 17. März 2017 in Friedrichshafen')).toEqual({
      conference: 'IntMK',
      meeting: { number: 12, year: 2017, startDate: '2017-03-16', endDate: '2017-03-17', place: 'Friedrichshafen' },
    });
  });

  it.each([
    [['(84. Gesundheitsministerkonferenz)', 'am 29. und 30. Juni 2011 in Frankfurt am Main'], 'GMK', 84, '2011-06-29', '2011-06-30', 'Frankfurt am Main'],
    [['9. Konferenz der für Integration zuständigen Ministerinnen und Minister', 'am 19./ 20. März 2014', 'in Halle (Saale)'], 'IntMK', 9, '2014-03-19', '2014-03-20', 'Halle (Saale)'],
    [['Ständige Konferenz der Innenminister und -senatoren der Länder', '12. Mai 2022, Berlin'], 'IMK', null, '2022-05-12', '2022-05-12', 'Berlin'],
    [['18. Integrationsministerkonferenz', 'Frankfurt am Main, den 14. und 15. März 2024'], 'IntMK', 18, '2024-03-14', '2024-03-15', 'Frankfurt am Main'],
    [['Sitzung der Integrationsministerkonferenz, 14. März 2024'], 'IntMK', null, '2024-03-14', '2024-03-14', null],
    [['Integrationsministerkonferenz', '14. März 2024, Videokonferenz'], 'IntMK', null, '2024-03-14', '2024-03-14', null],
    [['215. IMK', '16.–17.03.2017 in Dresden'], 'IMK', 215, '2017-03-16', '2017-03-17', 'Dresden'],
    [['99. ASMK', '30. November bis 1. Dezember 2022 in Lutherstadt Wittenberg'], 'ASMK', 99, '2022-11-30', '2022-12-01', 'Lutherstadt Wittenberg'],
    [['44. Jugend- und Familienministerkonferenz', 'Umlaufverfahren vom 12.05.2022'], 'JFMK', 44, '2022-05-12', '2022-05-12', null],
    [['Justizministerkonferenz', 'Videokonferenz am 10. Juni 2021'], 'JuMiKo', null, '2021-06-10', '2021-06-10', null],
    [['95. Konferenz der Justizministerinnen und Justizminister', 'am 5. und 6. Juni 2024 in Hannover'], 'JuMiKo', 95, '2024-06-05', '2024-06-06', 'Hannover'],
    [['Beschlüsse der Arbeits- und Sozialministerinnen und', '-minister der Länder, 30. November 2022, Berlin'], 'ASMK', null, '2022-11-30', '2022-11-30', 'Berlin'],
    // A copy's prose wrapped after the agenda item's word: "Tagesordnungspunkt" is no place.
    [['Der Beschluss der 83. Gesundheitsministerkonferenz vom 01.07.2010, Tagesordnungspunkt', '5.10, befasst sich mit dem Kinderschutz.'], 'GMK', 83, '2010-07-01', '2010-07-01', null],
    // The described name wrapped in a narrower column, after "für das" and after "für".
    [['76. Konferenz der für das', 'Gesundheitswesen zuständigen Ministerinnen und Minister', 'am 02. und 03. Juli 2003 in Chemnitz'], 'GMK', 76, '2003-07-02', '2003-07-03', 'Chemnitz'],
    [['7. Konferenz der für', 'Integration zuständigen Ministerinnen und Minister', 'am 21./22. März 2012 in Überherrn'], 'IntMK', 7, '2012-03-21', '2012-03-22', 'Überherrn'],
  ])('%j', (header, conference, number, startDate, endDate, place) => {
    const { conference: found, meeting } = meetingOf(...header);
    expect(found).toBe(conference);
    expect(meeting).toEqual({ number, year: Number(startDate.slice(0, 4)), startDate, endDate, place });
  });

  it('does not take the date of a version ("Stand: 10.12.2019") for the meeting\'s', () => {
    const text = ['Justizministerkonferenz', 'TOP I 1 Titel', 'Beschluss:', 'Die Justizministerinnen und Justizminister bitten den Bund.',
      'Endgültiges Ergebnisprotokoll – Stand: 10.12.2019 – Seite 1 von 2', '\fTOP I 2 Zwei', 'Beschluss:', 'Text zwei.',
      'Endgültiges Ergebnisprotokoll – Stand: 10.12.2019 – Seite 2 von 2'].join('\n');
    expect(parseResolutionText(text).resolutions[0]!.meeting).toEqual({ number: null, year: null, startDate: null, endDate: null, place: null });
    expect(meetingOf('Agrarministerkonferenz', 'Ergebnisprotokoll, Stand vom 9. April 2019', '12.04.2019 in Landau/Pfalz').meeting)
      .toMatchObject({ year: 2019, startDate: '2019-04-12', endDate: '2019-04-12' });
  });

  it('reads the meeting from running footers that carry the page number', () => {
    const text = ['Ergebnisprotokoll 101. UMK 2023 – Seite 1 von 2', 'TOP 1: Eins', 'Beschluss: einstimmig', 'Text eins.',
      'Ergebnisprotokoll 101. UMK 2023 – Seite 2 von 2', 'TOP 2: Zwei', 'Beschluss: einstimmig', 'Text zwei.'].join('\n');
    const document = parseResolutionText(text);
    expect(document.resolutions.map((r) => [r.conference, r.meeting.number, r.meeting.year])).toEqual([['UMK', 101, 2023], ['UMK', 101, 2023]]);
  });

  it('ignores the chair block and warns when the conference is unknown', () => {
    const document = parseResolutionText('Sitzung am 3. Mai 2019\nVorsitz: Ministerin für Arbeit und Soziales\nTOP 1 Titel\nText.');
    expect(document.resolutions[0]!.conference).toBe('unbekannt');
    expect(interchangeDocument(document).warnings).toContainEqual({ line: 1, message: 'conference not recognised (Konferenz nicht erkannt)' });
  });
});

describe('page furniture and tables of contents', () => {
  it('drops what a browser prints around a web page, and takes neither of its dates for the meeting\'s', () => {
    // One page: the footer does not recur, and the time stamp has a four-digit year.
    const text = ['6.12.2026, 21:14 Beschlüsse - Gesundheitsministerkonferenz', 'TOP: 13.1 Titel', 'Die GMK bittet den Bund, zu handeln.',
      'Sie berichtet 2026.', 'https://www.gmkonline.de/Beschluesse.html?id=1714&jahr=2025 1/1'].join('\n');
    const resolution = parseResolutionText(text).resolutions[0]!;
    expect(resolution.meeting).toMatchObject({ startDate: null, endDate: null });
    expect(resolution.demands).toEqual([{ number: null, text: 'Die GMK bittet den Bund, zu handeln. Sie berichtet 2026.' }]);
  });

  it('reads the ordinal from a title that each page repeats as its header, wrapped there in another way', () => {
    const text = ['Beschlussniederschrift', '7. Konferenz der für Integration', 'zuständigen', 'Ministerinnen und Minister der Länder',
      'am 21./22. März 2012', 'in Überherrn', '- 1 -', '\f7. Konferenz der für Integration', 'zuständigen Ministerinnen und Minister der Länder',
      'TOP 2.1 Titel', 'Die IntMK bittet den Bund, zu handeln.'].join('\n');
    const result = analyseResolutionText(text);
    expect(result.document.resolutions[0]!.meeting).toEqual({ number: 7, year: 2012, startDate: '2012-03-21', endDate: '2012-03-22', place: 'Überherrn' });
    expect(result.lines.filter((line) => line.text === '7. Konferenz der für Integration').map((line) => line.ignored)).toEqual(['furniture', 'furniture']);
  });

  it('takes no meeting date from a date alone in the running header ("10.12.2019" on top of every page)', () => {
    const page = (top: string): string[] => ['10.12.2019', `TOP ${top} Titel ${top}`, 'Die GMK bittet den Bund, zu handeln.',
      'Sie bittet die Länder, zu berichten.', 'Die GMK nimmt den Bericht zur Kenntnis.'];
    const document = parseResolutionText(['Beschlüsse der GMK', ...page('1'), '- 1 -', `\f${page('2').join('\n')}`, '- 2 -'].join('\n'));
    expect(document.resolutions.map((r) => r.agendaItem)).toEqual(['1', '2']);
    expect(document.resolutions[0]!.meeting).toMatchObject({ year: null, startDate: null, endDate: null });
  });

  it('takes no meeting date from a date alone on a one-page document\'s first line, but from one below the conference', () => {
    const onTop = parseResolutionText(['10.12.2019', 'Beschlüsse der GMK', 'TOP 1 Titel', 'Die GMK bittet den Bund, zu handeln.'].join('\n'));
    expect(onTop.resolutions[0]!.meeting).toMatchObject({ year: null, startDate: null });
    const below = parseResolutionText(['Beschlüsse der 98. GMK', '10.12.2019', 'TOP 1 Titel', 'Die GMK bittet den Bund, zu handeln.'].join('\n'));
    expect(below.resolutions[0]!.meeting).toMatchObject({ number: 98, year: 2019, startDate: '2019-12-10' });
  });

  it('keeps a meeting\'s time ("12.05.2022, 10:00 Uhr") and an address without page count as text', () => {
    const { resolution } = parseTop('TOP 1 Titel', 'Beschluss:', 'Die Länder treffen sich am', '12.05.2022, 10:00 Uhr', 'und berichten unter',
      'https://www.gmkonline.de/ 2026.');
    expect(resolution.demands[0]!.text).toBe('Die Länder treffen sich am 12.05.2022, 10:00 Uhr und berichten unter https://www.gmkonline.de/ 2026.');
  });

  it('takes a contents entry\'s page number carried over a browser\'s page foot and head for furniture', () => {
    const text = ['13. Integrationsministerkonferenz 2018', 'Inhaltsverzeichnis', 'TOP 1 Leitantrag 5', 'TOP 2.1 Leistungen erforschen 11',
      'TOP 2.2 Beratungsangebote überprüfen 12', 'TOP 2.3 Sprachmittlung; Übernahme der Kosten durch den Bund', '',
      'https://www.fruehehilfen.de/ 1 von 2', '\f6.12.2026, 21:14 Beschlüsse', '13', 'TOP 2.4 Öffnung der Migrationsberatung 15',
      'TOP 2.6 Ausbau der Jugendmigrationsdienste 16'].join('\n');
    expect(analyseResolutionText(text).failure?.kind).toBe('contents-only');
  });

  it('goes on with an agenda whose entries end in their number in brackets ("Europäischer Rat (1.1.1)") across page breaks', () => {
    const agenda = ['Konferenz der Regierungschefinnen und Regierungschefs der Länder', 'am 6. Juni 2019 in Berlin', 'Tagesordnung',
      'TOP 1 Vorbereitung der Besprechung mit der Bundeskanzlerin', 'TOP 1.1 Europa', 'Europäischer Rat (1.1.1)',
      'Verhältnis der EU zum Vereinigten Königreich', '- 1 -', '\f(1.1.2)', 'Vorbereitung der Deutschen', 'EU-Ratspräsidentschaft 2020 (1.1.3)',
      'TOP 1.3 Asyl- und Flüchtlingspolitik', 'Rückführung nach Afghanistan (1.3.1)', 'Flüchtlingsfinanzierung ab 2020 (1.3.2)', '- 2 -',
      '\fVerbesserung der Durchsetzung von Ausweisungen und', 'Abschiebungen bei straffälligen Ausländern und', 'Gefährdern (1.3.3)',
      'TOP 1.4 Digitalisierung', 'Digitalisierung der Verwaltung (1.4.1)'];
    const result = analyseResolutionText(agenda.join('\n'));
    expect(result.failure?.kind).toBe('contents-only');
    expect(result.lines.filter((line) => line.text !== '' && line.ignored === 'toc').map((line) => line.text)).toContain('(1.1.2)');
  });

  it('goes on with an agenda across a page break after a reference cut before its number or a title cut at its semicolon', () => {
    const head = ['Ergebnisprotokoll der 9. VSMK', 'Inhaltsverzeichnis', 'TOP 1 Bericht des Bundes 3', 'TOP 2 Lebensmittelsicherheit Vorgang: TOP'];
    const reference = [...head, '- 1 -', '\f17 / 21. LAV 5', 'TOP 3 Verschiedenes 7'];
    expect(analyseResolutionText(reference.join('\n')).failure?.kind).toBe('contents-only');
    const semicolon = ['Ergebnisprotokoll der 13. IntMK', 'Inhaltsverzeichnis', 'TOP 1 Leitantrag 5', 'TOP 2 Etablierung niedrigschwelliger Sprachmittlung;',
      '- 1 -', '\fÜbernahme der Kosten durch den Bund', '13', 'TOP 3 Öffnung der Migrationsberatung 15'];
    expect(analyseResolutionText(semicolon.join('\n')).failure?.kind).toBe('contents-only');
  });

  it('removes page numbers, running headers and form feeds', () => {
    const text = [
      '12. IntMK 2017', 'Friedrichshafen, 16. März 2017', 'Kopfzeile der Sammlung',
      'TOP 1 Titel', 'Die IntMK hat einstimmig beschlossen:', '1. Die Länder stellen fest, dass die Bera-', '- 2 -',
      'Kopfzeile der Sammlung', 'tung wichtig ist.', '2. Sie bitten den Bund, der', 'Seite 3 von 12',
      '\fKopfzeile der Sammlung', '99. ASMK 2022 zu berichten.', '-4-', 'Seite | 5',
    ].join('\n');
    const result = analyseResolutionText(text);
    expect(result.document.resolutions[0]!.demands).toEqual([
      { number: '1', text: 'Die Länder stellen fest, dass die Beratung wichtig ist.' },
      { number: '2', text: 'Sie bitten den Bund, der 99. ASMK 2022 zu berichten.' },
    ]);
    const ignored = result.lines.filter((line) => line.ignored === 'furniture').map((line) => line.line);
    expect(ignored).toEqual(expect.arrayContaining([7, 8, 11, 12, 14, 15]));
  });

  it('removes a page header set in columns at a page boundary, also where it is printed once', () => {
    const text = [
      '95. JuMiKo', 'am 5. Juni 2024 in Hannover', 'TOP 3 Titel', 'Beschluss:', '1. Die Länder bitten den Bund, der',
      '                       Seite 2 von 3', 'Frühjahrskonferenz 2024          TOP 3', '99. JuMiKo zu berichten.',
      '2. Zahlen      in Spalten      mitten im Text bleiben.', '- 3 -', '3.\tDie Länder berichten 2025', 'über den Stand.',
    ].join('\n');
    const result = analyseResolutionText(text);
    expect(result.document.resolutions[0]!.demands).toEqual([
      { number: '1', text: 'Die Länder bitten den Bund, der 99. JuMiKo zu berichten.' },
      { number: '2', text: 'Zahlen in Spalten mitten im Text bleiben.' },
      { number: '3', text: 'Die Länder berichten 2025 über den Stand.' },
    ]);
    expect(result.lines.filter((line) => line.ignored === 'furniture').map((line) => line.line)).toEqual([6, 7, 10]);
  });

  it('keeps a justified line at a page boundary, whose every gap is wide', () => {
    const text = ['95. JuMiKo', 'TOP 3 Titel', 'Beschluss:', '1. Die Länder bitten den Bund, bis zum Ende', 'des     Jahres     2025', '- 2 -', 'zu berichten.'].join('\n');
    expect(parseResolutionText(text).resolutions[0]!.demands).toEqual([
      { number: '1', text: 'Die Länder bitten den Bund, bis zum Ende des Jahres 2025 zu berichten.' },
    ]);
  });

  it('keeps prose at the top of a page even where it names a TOP', () => {
    const text = ['95. JuMiKo', 'TOP 3 Titel', 'Beschluss:', '1. Die Länder verweisen auf', '- 2 -', 'ihren Beschluss zu TOP 3 aus 2023.'].join('\n');
    expect(parseResolutionText(text).resolutions[0]!.demands).toEqual([
      { number: '1', text: 'Die Länder verweisen auf ihren Beschluss zu TOP 3 aus 2023.' },
    ]);
  });

  it('removes the title block where it is repeated on every page without page break', () => {
    const text = [...HEADER, 'TOP 1 Erster Titel', 'Die IntMK hat einstimmig beschlossen:', 'Text eins.', ...HEADER,
      'TOP 2 Zweiter Titel', 'Die IntMK hat einstimmig beschlossen:', 'Text zwei.'].join('\n');
    expect(parseResolutionText(text).resolutions.map((r) => r.demands)).toEqual([
      [{ number: null, text: 'Text eins.' }], [{ number: null, text: 'Text zwei.' }],
    ]);
  });

  it('does not take a TOP listed in a table of contents for a resolution', () => {
    const text = [...HEADER, 'Inhalt', 'TOP 1 Erster Titel 2', 'TOP 2 Zweiter', 'Titel 3', 'TOP 1 Erster Titel',
      'Die IntMK nimmt den Bericht zur Kenntnis.', 'TOP 2 Zweiter Titel', 'Der Antrag wird vertagt.'].join('\n');
    const result = analyseResolutionText(text);
    expect(result.document.resolutions.map((r) => [r.agendaItem, r.title, r.decision.outcome])).toEqual([
      ['1', 'Erster Titel', 'noted'], ['2', 'Zweiter Titel', 'deferred'],
    ]);
    expect(result.lines.filter((line) => line.ignored === 'toc').map((line) => line.line)).toEqual([4, 5, 6, 7]);
  });

  it('treats dot-leader entries and bodiless repeated TOPs as table of contents', () => {
    const text = [...HEADER, 'TOP 1 Erster Titel ........ 2', 'TOP 2', 'TOP 1 Erster Titel', 'Text.', 'TOP 2 Zweiter Titel', 'Text.'].join('\n');
    expect(parseResolutionText(text).resolutions.map((r) => r.agendaItem)).toEqual(['1', '2']);
  });
});

describe('TOP headers', () => {
  it.each([['TOP 2.12', '2.12'], ['TOP 12: Titel', '12'], ['TOP A3 Titel', 'A3'], ['TOP 2.9b Titel', '2.9b'], ['TOP 3/5/46 Titel', '3/5/46'],
    ['Tagesordnungspunkt 7 Titel', '7'], ['Beschluss zu TOP 7: Titel', '7'], ['Zu TOP 8 Titel', '8'], ['TOP 2.9 b Titel', '2.9b'], ['TOP 7 a: Titel', '7a'], ['TOP 4 a) Titel', '4a'], ['TOP 4.a) Titel', '4a'], ['TOP 4a) Titel', '4a'], ['TOP-Nr. 4 Titel', '4'], ['TAGESORDNUNGSPUNKT 6', '6']])('%s', (line, item) => {
    expect(parseTop(line, 'Titel', 'Text.').resolution.agendaItem).toBe(item);
  });

  it.each(['TOP 4.1 — Titel', 'TOP 4.1 – Titel', 'TOP 4.1 - Titel', 'TOP 4.1: Titel'])('reads the title after the dash or colon of "%s"', (line) => {
    expect(parseTop(line, 'Beschluss:', 'Text.').resolution.title).toBe('Titel');
  });

  it('skips a TOP listed only as not released, with a warning', () => {
    const document = parseResolutionText([...HEADER, 'TOP 7: Cybersicherheit', '(nicht freigegeben)', 'TOP 8 Titel', 'Text.'].join('\n'));
    expect(document.resolutions.map((r) => r.agendaItem)).toEqual(['8']);
    expect(interchangeDocument(document).warnings).toContainEqual({
      line: HEADER.length + 1, message: 'TOP 7 not released, not imported (nicht freigegeben): Cybersicherheit (nicht freigegeben)',
    });
  });

  it('warns about an unnumbered resolution sentence before the first TOP', () => {
    const document = parseResolutionText([...HEADER, 'Die Konferenz bittet den Bund um Unterstützung.', 'TOP 8 Titel', 'Text.'].join('\n'));
    expect(document.warnings).toContainEqual({ line: HEADER.length + 1, kind: 'beforeFirstTop', values: { value: 'Die Konferenz bittet den Bund um Unterstützung.' } });
  });

  it('reads the old spelling "Beschluß:" as the decision label', () => {
    const { resolution, warnings } = parseTop('TOP 6.10 Titel', 'Beschluß:', 'Die ASMK hat mit 14:0:2 Stimmen beschlossen:', '1. Die ASMK bittet den Bund, zu handeln.');
    expect(resolution.decision).toEqual({ outcome: 'adopted', voting: 'counted', yes: 14, no: 0, abstain: 2, formula: 'Die ASMK hat mit 14:0:2 Stimmen beschlossen:' });
    expect(resolution.demands).toEqual([{ number: '1', text: 'Die ASMK bittet den Bund, zu handeln.' }]);
    expect(warnings).toEqual([]);
    expect(parseResolutionText('Beschluß vom 18./19. Mai 2017, TOP 7.1\nTitel\nDie GMK hat einstimmig beschlossen:\nText.').resolutions[0]!.agendaItem).toBe('7.1');
  });

  it('warns when text before the first TOP reads like a resolution', () => {
    const text = [...HEADER, 'Beschlussfassung Nr. 7 Titel', 'Antragsteller: Berlin', 'Die IntMK hat einstimmig beschlossen:', 'Text.', 'TOP 8 Titel', 'Text.'].join('\n');
    const document = parseResolutionText(text);
    expect(document.resolutions.map((r) => r.agendaItem)).toEqual(['8']);
    expect(interchangeDocument(document).warnings).toContainEqual({
      line: HEADER.length + 2, message: 'text before the first TOP not imported (Text vor dem ersten TOP nicht übernommen): Antragsteller: Berlin',
    });
    expect(interchangeDocument(parseResolutionText([...HEADER, 'TOP 8 Titel', 'Text.'].join('\n'))).warnings.map((w) => w.message))
      .not.toContainEqual(expect.stringMatching(/before the first TOP/));
  });

  it('does not start a TOP inside running text', () => {
    const { resolution } = parseTop('TOP 1 Titel', 'Die IntMK verweist auf ihren Beschluss zu', 'TOP 5 der 11. IntMK und bittet,', 'TOP 6 der 10. IntMK zu beachten.');
    expect(parseResolutionText([...HEADER, 'TOP 1 Titel', 'Die IntMK verweist auf', 'TOP 5 der 11. IntMK.'].join('\n')).resolutions).toHaveLength(1);
    expect(resolution.demands[0]!.text).toBe('Die IntMK verweist auf ihren Beschluss zu TOP 5 der 11. IntMK und bittet, TOP 6 der 10. IntMK zu beachten.');
  });
});

describe('decision', () => {
  it.each([
    ['Die IntMK hat einstimmig beschlossen:', { outcome: 'adopted', voting: 'unanimous' }],
    ['Die IntMK hat mehrheitlich beschlossen:', { outcome: 'adopted', voting: 'majority' }],
    ['Abstimmungsergebnis: 13:2:1', { outcome: 'adopted', voting: 'counted', yes: 13, no: 2, abstain: 1 }],
    ['Die ASMK hat mit 12 : 2 : 2 Stimmen beschlossen:', { outcome: 'adopted', voting: 'counted', yes: 12, no: 2, abstain: 2 }],
    ['Abstimmungsergebnis: 5:10:1', { outcome: 'rejected', voting: 'counted', yes: 5, no: 10, abstain: 1 }],
    ['Die JFMK hat den Antrag mehrheitlich abgelehnt.', { outcome: 'rejected', voting: 'majority' }],
    ['Der Antrag wird vertagt.', { outcome: 'deferred', voting: 'unknown' }],
    ['- ZURÜCKGEZOGEN -', { outcome: 'withdrawn', voting: 'unknown' }],
    ['(zurückgezogen)', { outcome: 'withdrawn', voting: 'unknown' }],
    ['Die GMK nimmt den Bericht zur Kenntnis.', { outcome: 'noted', voting: 'unknown' }],
    ['Die Justizministerinnen und Justizminister nehmen den Bericht zur Kenntnis.', { outcome: 'noted', voting: 'unknown' }],
    ['Abstimmungsergebnis: Ja: 12 Nein: 3 Enthaltung: 1', { outcome: 'adopted', voting: 'counted', yes: 12, no: 3, abstain: 1 }],
    ['Abstimmungsergebnis: 13 Ja-Stimmen, 2 Nein-Stimmen, 1 Enthaltung', { outcome: 'adopted', voting: 'counted', yes: 13, no: 2, abstain: 1 }],
    ['Abstimmungsergebnis: Ja 12 Nein 3 Enthaltung 1', { outcome: 'adopted', voting: 'counted', yes: 12, no: 3, abstain: 1 }],
    ['Abstimmungsergebnis: 12 Ja 3 Nein 1 Enthaltung', { outcome: 'adopted', voting: 'counted', yes: 12, no: 3, abstain: 1 }],
    ['Abstimmungsergebnis: Zustimmung 14, Ablehnung 1, Enthaltung 1', { outcome: 'adopted', voting: 'counted', yes: 14, no: 1, abstain: 1 }],
    ['Die JFMK spricht sich dafür aus und hat mit 13 Ja-Stimmen, 2 Nein-Stimmen beschlossen:', { outcome: 'adopted', voting: 'counted', yes: 13, no: 2, abstain: 0 }],
    ['Beschluss: einstimmig', { outcome: 'adopted', voting: 'unanimous' }],
    ['Beschluss: Kenntnisnahme', { outcome: 'noted', voting: 'unknown' }],
    ['Abstimmung: 16/0/0', { outcome: 'adopted', voting: 'counted', yes: 16, no: 0, abstain: 0 }],
    ['Ohne Aussprache beschlossen.', { outcome: 'adopted', voting: 'unknown' }],
    ['Abstimmungsergebnis: Mehrheitsbeschluss', { outcome: 'adopted', voting: 'majority' }],
  ])('%s', (formula, expected) => {
    const { resolution } = parseTop('TOP 1 Titel', formula);
    expect(resolution.decision).toEqual({ ...expected, formula });
  });

  it('keeps a vote line alone as the decision formula, as the interchange format\'s examples have it', () => {
    for (const [line, outcome, voting] of [['Abstimmungsergebnis: einstimmig', 'adopted', 'unanimous'], ['Annahme: einstimmig', 'adopted', 'unanimous'],
      ['Beschluss: Annahme (einstimmig)', 'adopted', 'unanimous'], ['Abstimmungsergebnis: (zurückgezogen)', 'withdrawn', 'unknown']]) {
      const { resolution, warnings } = parseTop('TOP 5.1 Titel', 'Antragsteller: Saarland', line!, '1. Die ASMK bittet den Bund, zu handeln.');
      expect(resolution.decision, line).toEqual({ outcome, voting, formula: line });
      expect(warnings, line).toEqual([]);
    }
    // A sentence behind a voting label is a formula too, as it was printed.
    expect(parseTop('TOP 5.1 Titel', 'Ergebnis: Die Konferenz nimmt den Bericht zur Kenntnis.').resolution.decision)
      .toEqual({ outcome: 'noted', voting: 'unknown', formula: 'Ergebnis: Die Konferenz nimmt den Bericht zur Kenntnis.' });
  });

  it('reads a formula broken over lines, also before the title', () => {
    const { resolution } = parseTop('TOP 5.1', 'Die Konferenz der Ministerinnen und Minister hat', 'einstimmig beschlossen:', 'Ein Titel', '- Antrag Bremen -', '1. Text.');
    expect(resolution.decision.formula).toBe('Die Konferenz der Ministerinnen und Minister hat einstimmig beschlossen:');
    expect(resolution.title).toBe('Ein Titel');
    expect(resolution.sponsors).toEqual(['HB']);
  });

  it('counts a noted report with demands as adopted', () => {
    const { resolution } = parseTop('TOP 1 Titel', 'Die IntMK nimmt den Bericht zur Kenntnis.', '1. Sie bittet den Bund, ihn fortzuschreiben.');
    expect(resolution.decision.outcome).toBe('adopted');
    expect(resolution.demands).toHaveLength(1);
  });

  it('reads a sentence that takes note and asks for something as a demand', () => {
    const { resolution } = parseTop('TOP 1 Titel', 'Beschluss: Die ASMK nimmt den Bericht zur Kenntnis und bittet die Bundesregierung, die Regelsätze zu überprüfen.');
    expect(resolution.decision.outcome).toBe('adopted');
    expect(resolution.demands).toEqual([
      { number: null, text: 'Die ASMK nimmt den Bericht zur Kenntnis und bittet die Bundesregierung, die Regelsätze zu überprüfen.' },
    ]);
  });

  it('reads decisions stated in labels and merges a later vote count', () => {
    expect(parseTop('TOP 1 Titel', 'Beschluss (einstimmig):', '1. Text.').resolution.decision)
      .toEqual({ outcome: 'adopted', voting: 'unanimous', formula: 'Beschluss (einstimmig):' });
    expect(parseTop('TOP 1 Titel', 'Abstimmungsergebnis: Zustimmung: 13, Ablehnung: 2, Enthaltung: 1').resolution.decision)
      .toMatchObject({ outcome: 'adopted', voting: 'counted', yes: 13, no: 2, abstain: 1 });
    const { resolution, warnings } = parseTop('TOP 1 Titel', 'Die IntMK hat folgenden', 'Beschluss gefasst:', 'Text.', 'Abstimmungsergebnis: 16:0:0');
    expect(resolution.decision).toEqual({ outcome: 'adopted', voting: 'counted', yes: 16, no: 0, abstain: 0, formula: 'Die IntMK hat folgenden Beschluss gefasst:' });
    expect(warnings).toContainEqual({ line: 8, message: 'vote taken from a further decision statement: Abstimmungsergebnis: 16:0:0' });
  });

  it('takes a formula sentence after a voting label as the formula, with the label\'s vote', () => {
    const adopted = parseTop('TOP 1 Titel', 'Beschluss: einstimmig', 'Die UMK hat folgenden Beschluss gefasst:', '1. Die UMK bittet den Bund.');
    expect(adopted.resolution.decision).toEqual({ outcome: 'adopted', voting: 'unanimous', formula: 'Die UMK hat folgenden Beschluss gefasst:' });
    expect(adopted.resolution.demands).toEqual([{ number: '1', text: 'Die UMK bittet den Bund.' }]);
    expect(adopted.warnings).toContainEqual({ line: 5, message: 'vote taken from a further decision statement: Beschluss: einstimmig' });
    const noted = parseTop('TOP 1 Titel', 'Abstimmungsergebnis: 16:0:0', 'Die UMK nimmt den Bericht zur Kenntnis.');
    expect(noted.resolution.decision).toEqual({
      outcome: 'noted', voting: 'counted', yes: 16, no: 0, abstain: 0, formula: 'Die UMK nimmt den Bericht zur Kenntnis.',
    });
    expect(noted.resolution.demands).toEqual([]);
  });

  it('warns when a TOP has no decision formula', () => {
    const { warnings } = parseTop('TOP 1 Titel', '1. Text.');
    expect(warnings).toContainEqual({ line: 4, message: 'TOP 1: no decision formula found' });
  });
});

describe('demands', () => {
  it('requires sequential numbering after a finished sentence', () => {
    const { resolution } = parseTop('TOP 1 Titel', 'Beschluss:', '1. Die Länder bitten den Bund, der', '99. ASMK 2022 zu berichten.',
      '2. Sie bitten die Länder, bis zum', '1. Juli 2023 zu berichten.', '4. Nicht die nächste Nummer.', '3. Die dritte Ziffer.');
    expect(resolution.demands.map((d) => [d.number, d.text])).toEqual([
      ['1', 'Die Länder bitten den Bund, der 99. ASMK 2022 zu berichten.'],
      ['2', 'Sie bitten die Länder, bis zum 1. Juli 2023 zu berichten. 4. Nicht die nächste Nummer.'],
      ['3', 'Die dritte Ziffer.'],
    ]);
  });

  it('keeps lettered sub-items and reads "1)" numbering', () => {
    const { resolution } = parseTop('TOP 1 Titel', 'Beschluss:', '1) Die IntMK bittet die Bundesregierung,', 'a) erstens und', 'b) zweitens.', '2) Weiter.');
    expect(resolution.demands).toEqual([
      { number: '1', text: 'Die IntMK bittet die Bundesregierung, a) erstens und b) zweitens.' },
      { number: '2', text: 'Weiter.' },
    ]);
  });

  it('keeps a wrapped "Kenntnis." in its demand instead of taking it for a decision', () => {
    const { resolution } = parseTop('TOP 1 Titel', 'Beschluss:', '1. Die IMK nimmt den Bericht zur', 'Kenntnis.', '2. Sie bittet den Bund.');
    expect(resolution.demands).toEqual([
      { number: '1', text: 'Die IMK nimmt den Bericht zur Kenntnis.' },
      { number: '2', text: 'Sie bittet den Bund.' },
    ]);
  });

  it('reads "1.)" and Roman numbering, keeping arabic items inside Roman paragraphs', () => {
    expect(parseTop('TOP 1 Titel', 'Beschluss:', '1.) Erstens.', '2.) Zweitens.').resolution.demands).toEqual([
      { number: '1', text: 'Erstens.' }, { number: '2', text: 'Zweitens.' },
    ]);
    expect(parseTop('TOP 1 Titel', 'Beschluss:', 'I. Die IMK stellt fest:', '1. Erstens.', '2. Zweitens.', 'II. Sie bittet den Bund.').resolution.demands).toEqual([
      { number: 'I', text: 'Die IMK stellt fest: 1. Erstens. 2. Zweitens.' }, { number: 'II', text: 'Sie bittet den Bund.' },
    ]);
    expect(parseTop('TOP 1 Titel', 'Beschluss:', '1. Die IMK bittet', 'I. d. R. um Bericht.').resolution.demands).toEqual([
      { number: '1', text: 'Die IMK bittet I. d. R. um Bericht.' },
    ]);
  });

  it('reads "(1)" numbering as in statutes', () => {
    const { resolution } = parseTop('TOP 1 Titel', 'Beschluss:', '(1) Die Länder stellen fest, dass', 'nach § 5', '(2) Absatz 2 gilt.', '(2) Sie bitten den Bund.');
    expect(resolution.demands).toEqual([
      { number: '1', text: 'Die Länder stellen fest, dass nach § 5 (2) Absatz 2 gilt.' },
      { number: '2', text: 'Sie bitten den Bund.' },
    ]);
  });

  it('gives an unnumbered decision one demand without number', () => {
    const { resolution } = parseTop('TOP 1 Titel', 'Abstimmungsergebnis: einstimmig', 'Die IntMK bekräftigt ihre', 'Haltung.');
    expect(resolution.demands).toEqual([{ number: null, text: 'Die IntMK bekräftigt ihre Haltung.' }]);
  });

  it('reads a title over several lines in the one-line-then-blank layout', () => {
    const { resolution } = parseTop('TOP 2', '', 'Umsetzung des Bundesteilhabegesetzes', '', 'in den Ländern', '', 'Die IntMK hat einstimmig beschlossen:', '', 'Text.');
    expect(resolution.title).toBe('Umsetzung des Bundesteilhabegesetzes in den Ländern');
  });
});

describe('sponsors, protocol statements and references', () => {
  it('reads sponsors in any layout and warns about non-Länder', () => {
    expect(parseTop('TOP 1 Titel', 'Antragsteller: alle Länder', 'Text.').resolution.sponsors).toHaveLength(16);
    expect(parseTop('TOP 1 Titel', '- Antrag Freistaat Bayern, NRW -', 'Text.').resolution.sponsors).toEqual(['BY', 'NW']);
    expect(parseTop('TOP 1 Titel', 'Antragsteller: Bayern, Hessen, Nordrhein-', 'Westfalen, Sachsen', 'Text.').resolution.sponsors)
      .toEqual(['BY', 'HE', 'NW', 'SN']);
    expect(parseTop('TOP 1 Titel', 'Antragsteller: BY, BW (Mitantragsteller: HE)', 'Text.')).toMatchObject({
      resolution: { sponsors: ['BY', 'BW', 'HE'] }, warnings: [{ message: 'TOP 1: no decision formula found' }],
    });
    const { resolution, warnings } = parseTop('TOP 1 Titel', '- Antrag Vorsitzland, Bremen -', 'Text.');
    expect(resolution.sponsors).toEqual(['HB']);
    expect(warnings).toContainEqual({ line: 5, message: "sponsor 'Vorsitzland' is not a Land" });
  });

  it('reads protocol statements of several Länder in any name form', () => {
    const { resolution, warnings } = parseTop('TOP 1 Titel', 'Beschluss:', '1. Text.',
      'Protokollnotiz der Freien und Hansestadt Hamburg und des Freistaates Thüringen:', 'Beide Länder', 'erklären etwas.',
      'Protokollerklärung BY, Preußen: Bayern erklärt.', 'Protokollerklärung:', 'Das Land Berlin erklärt ebenfalls.');
    expect(resolution.protocolStatements).toEqual([
      { laender: ['HH', 'TH'], text: 'Beide Länder erklären etwas.' },
      { laender: ['BY'], text: 'Bayern erklärt.' },
      { laender: ['BE'], text: 'Das Land Berlin erklärt ebenfalls.' },
    ]);
    expect(warnings).toContainEqual({ line: 10, message: "protocol statement: 'Preußen' is not a Land" });
  });

  it('goes on with the resolution\'s next Ziffer after a protocol statement printed between two Ziffern', () => {
    const { resolution } = parseTop('TOP 1 Titel', 'Beschluss:', '1. Die Länder bitten den Bund, zu handeln.', '2. Sie richten eine Arbeitsgruppe ein.',
      'Protokollerklärung Thüringen:', 'Thüringen wird sich an der Arbeitsgruppe nicht beteiligen.', '3. Die Länder berichten 2027.');
    expect(resolution.demands.map((demand) => [demand.number, demand.text])).toEqual([
      ['1', 'Die Länder bitten den Bund, zu handeln.'], ['2', 'Sie richten eine Arbeitsgruppe ein.'], ['3', 'Die Länder berichten 2027.'],
    ]);
    expect(resolution.protocolStatements).toEqual([{ laender: ['TH'], text: 'Thüringen wird sich an der Arbeitsgruppe nicht beteiligen.' }]);
  });

  it('keeps a protocol statement\'s own numbered points and a number inside its unfinished sentence', () => {
    const own = parseTop('TOP 1 Titel', 'Beschluss:', '1. Die Länder bitten den Bund, zu handeln.',
      'Protokollerklärung Bayern:', '1. Bayern hält eine Regelung für entbehrlich.', '2. Bayern wird berichten.');
    expect(own.resolution.demands).toHaveLength(1);
    expect(own.resolution.protocolStatements[0]!.text).toBe('1. Bayern hält eine Regelung für entbehrlich. 2. Bayern wird berichten.');
    const open = parseTop('TOP 1 Titel', 'Beschluss:', '1. Die Länder bitten den Bund, zu handeln.',
      'Protokollerklärung Bayern:', 'Bayern verweist auf den Beschluss vom', '2. Juli 2020.');
    expect(open.resolution.protocolStatements[0]!.text).toBe('Bayern verweist auf den Beschluss vom 2. Juli 2020.');
  });

  it('reads references, the reporting Land, and reports fields the format has no place for', () => {
    const { resolution, warnings } = parseTop('TOP 12: Titel', 'Vorgang: TOP 12 99. UMK; TOP 3 98. UMK', 'Berichterstattung: Bremen',
      'Veröffentlichung: Freigabe Beschluss', 'Text.');
    expect(resolution.references).toEqual(['TOP 12 99. UMK', 'TOP 3 98. UMK']);
    expect(resolution.reportingLand).toBe('HB');
    expect(warnings).toContainEqual({ line: 7, message: "field 'Veröffentlichung' not imported: Freigabe Beschluss" });
  });
});

describe('bad input', () => {
  it('distinguishes an empty text from one without a TOP', () => {
    expect(analyseResolutionText(' \n\f\n').failure).toEqual({ kind: 'empty', message: 'Die Datei ist leer.' });
    expect(analyseResolutionText('Hallo Welt').failure).toEqual({
      kind: 'no-agenda-item',
      message: 'Die Datei enthält keinen Tagesordnungspunkt (TOP). Steht die TOP-Zeile nicht im Text, bitte sie direkt über den Beschlusstext setzen (z. B. „TOP 7.1 Titel“).',
    });
    expect(parseResolutionText('')).toEqual({ resolutions: [], warnings: [] });
  });

  it('throws a ParseError only from the OrThrow variant', () => {
    expect(() => parseResolutionTextOrThrow('Inhaltsverzeichnis\nTOP 1 Titel ..... 3')).toThrow(ParseError);
    expect(parseResolutionTextOrThrow('TOP 1 Titel\nText.').resolutions).toHaveLength(1);
  });
});

describe('addressees and due dates (opt-in)', () => {
  it.each([
    ['Die Länder appellieren an den Bund, mehr zu tun.', ['bund']],
    ['Die IntMK bittet die Bundesregierung, zu berichten.', ['bund']],
    ['Die ASMK fordert den Bund und die Länder auf, zu handeln.', ['bund', 'laender']],
    ['Sie bittet die Länder, ihre Maßnahmen fortzuführen.', ['laender']],
    ['Sie bittet das Bundesministerium für Gesundheit, gemeinsam mit den Ländern Vorschläge vorzulegen.', ['bund']],
    ['Die UMK bittet die Europäische Kommission, tätig zu werden.', ['eu']],
    ['Die GMK beauftragt die Arbeitsgruppe, einen Bericht vorzulegen.', ['gremium']],
    ['Die Kommunen sind wichtig.', []],
  ])('%s', (text, addressees) => {
    expect(findAddressees(text)).toEqual(addressees);
  });

  it.each([
    ['bis zum 30. Juni 2025 zu berichten', '2025-06-30'],
    ['bis 31.12.2024 einen Bericht vorzulegen', '2024-12-31'],
    ['bis Ende 2024 zu berichten', '2024-12-31'],
    ['der 10. IntMK im Jahr 2015 zu berichten', null],
    ['bis zum 30. Juni 2025 umzusetzen', null],
  ])('%s', (text, dueDate) => {
    expect(findDueDate(text)).toBe(dueDate);
  });

  it('adds them to demands only when asked', () => {
    const text = [...HEADER, 'TOP 1 Titel', 'Beschluss:', '1. Die IntMK bittet die Bundesregierung, bis Ende 2024 zu berichten.'].join('\n');
    expect(parseResolutionText(text).resolutions[0]!.demands[0]).not.toHaveProperty('addressees');
    expect(parseResolutionText(text, { enrich: true }).resolutions[0]!.demands[0]).toEqual({
      number: '1', text: 'Die IntMK bittet die Bundesregierung, bis Ende 2024 zu berichten.', addressees: ['bund'], dueDate: '2024-12-31',
    });
  });
});

describe('layouts of the conferences\' own documents', () => {
  function parse(...lines: string[]) {
    return analyseResolutionText(lines.join('\n'));
  }

  it.each([
    ['TOP I 1 Schutz der Kinder', 'I.1'],
    ['TOP I.1 Schutz der Kinder', 'I.1'],
    ['TOP II. 5: Schutz der Kinder', 'II.5'],
    ['II.5 Schutz der Kinder', 'II.5'],
    ['TOP IV 12 Schutz der Kinder', 'IV.12'],
    ['Punkt 2.1 der Tagesordnung: Schutz der Kinder', '2.1'],
    ['Beschluss vom 18./19. Mai 2017, TOP 7.1 Schutz der Kinder', '7.1'],
  ])('"%s" heads TOP %s', (line, item) => {
    const { resolution } = parseTop(line, 'Text.');
    expect(resolution.agendaItem).toBe(item);
    expect(resolution.title).toBe('Schutz der Kinder');
  });

  it('reads the meeting of a third party\'s copy from the TOP\'s own line', () => {
    const { document } = parse('Beschluss vom 18./19. Mai 2017, TOP 7.1 Schutz der Kinder', 'Die JFMK bittet den Bund, zu handeln.');
    expect(document.resolutions[0]!.meeting).toMatchObject({ year: 2017, startDate: '2017-05-18', endDate: '2017-05-19' });
    expect(document.resolutions[0]!.conference).toBe('JFMK');
  });

  it('reads items numbered "1. Titel" without TOP, each with its "Beschluss:", as TOPs (IMK collections)', () => {
    const { document, failure } = parse('Sammlung der Beschlüsse', 'der 203. Sitzung', 'der Ständigen Konferenz der Innenminister',
      'und -senatoren der Länder', 'am 3. Dezember 2015 in Koblenz',
      '1. Erster Titel', 'Untertitel des ersten Punktes', 'Beschluss:', 'Die IMK nimmt den Bericht zur Kenntnis.',
      '2. Zweiter Titel', 'Beschluss:', '1.', 'Die IMK bittet den Bund, zu handeln.', '2.', 'Sie bittet die Länder, zu berichten.',
      '3. Dritter Titel', 'Beschluss:', 'Die IMK hat einstimmig beschlossen:', '1. Erstens.');
    expect(failure).toBeNull();
    expect(document.resolutions.map((r) => [r.agendaItem, r.title, r.demands.map((d) => d.number)])).toEqual([
      ['1', 'Erster Titel Untertitel des ersten Punktes', []],
      ['2', 'Zweiter Titel', ['1', '2']],
      ['3', 'Dritter Titel', ['1']],
    ]);
    expect(document.resolutions[0]!.conference).toBe('IMK');
    expect(document.resolutions[0]!.meeting.number).toBe(203);
    expect(document.resolutions[0]!.decision.outcome).toBe('noted');
  });

  it('reads a numbered item whose title runs straight into its resolution (first Ziffer or unnumbered sentence), the "Beschluss:" lost, as a TOP (IMK collections)', () => {
    const { document, failure } = parse('Sammlung der 170. Sitzung der Ständigen Konferenz der Innenminister und -senatoren der Länder',
      'am 6. Juni 2002 in Bremerhaven',
      '1. Jahresbericht über die Beteiligung der Länder', '1. Die Innenministerkonferenz nimmt den Bericht zur Kenntnis.', '2. Sie bittet den Bund, zu berichten.',
      '2. Bekämpfung des Extremismus', '1. Die Innenministerkonferenz bittet die Länder, zu handeln.',
      '3. Zwischenbilanz zur deutschen EU-Ratspräsidentschaft', 'Die IMK nimmt den Bericht des Bundesministers zur Kenntnis.');
    expect(failure).toBeNull();
    expect(document.resolutions.map((r) => [r.agendaItem, r.title, r.demands.map((d) => d.number)])).toEqual([
      ['1', 'Jahresbericht über die Beteiligung der Länder', ['1', '2']],
      ['2', 'Bekämpfung des Extremismus', ['1']],
      ['3', 'Zwischenbilanz zur deutschen EU-Ratspräsidentschaft', []],
    ]);
    expect(document.resolutions[2]!.decision.outcome).toBe('noted');
    // Ziffern of a resolution without TOP stay Ziffern: the first closes a sentence, a sublist restarts under an opening sentence.
    expect(parse('1. Die Länder bitten den Bund, zu handeln.', '1. Die Innenministerkonferenz bittet die Länder, zu handeln.').failure?.kind).toBe('no-agenda-item');
    expect(parse('1. Die Innenministerkonferenz bittet den Bund', '1. Die Innenministerkonferenz nimmt den Bericht zur Kenntnis.').failure?.kind).toBe('no-agenda-item');
  });

  it('cuts a run-together item of a numbered collection after its page number and before its resolution\'s text', () => {
    const ziffern = ' 1. Die Innenministerkonferenz nimmt den Bericht über die Beteiligung der Länder in Angelegenheiten der Europäischen Union zur Kenntnis.'
      + ' 2. Die Innenministerkonferenz bittet den Bundesminister des Innern dafür Sorge zu tragen, dass die Änderung des EUROPOL-Übereinkommens'
      + ' möglichst rasch ratifiziert wird. 3. Sie sieht die Notwendigkeit einer umfassenden Evaluierung.';
    const text = ['1 Ständige Konferenz der Innenminister und -senatoren der Länder Sammlung der 170. Sitzung der Ständigen Konferenz der Innenminister'
      + ' und -senatoren der Länder am 6. Juni 2002 in Bremerhaven', '', `2 1. Jahresbericht über die Beteiligung der Länder in EU-Angelegenheiten${ziffern}`].join('\n');
    const result = analyseResolutionText(text);
    expect(result.failure).toBeNull();
    const resolution = result.document.resolutions[0]!;
    expect([resolution.agendaItem, resolution.title]).toEqual(['1', 'Jahresbericht über die Beteiligung der Länder in EU-Angelegenheiten']);
    expect(resolution.demands.map((d) => d.number)).toEqual(['1', '2', '3']);
    expect(resolution.meeting).toMatchObject({ number: 170, startDate: '2002-06-06', place: 'Bremerhaven' });
    // An item whose resolution is one unnumbered sentence runs into it the same way.
    const noted = analyseResolutionText(`${text}\n\n3 2. Zwischenbilanz zur deutschen EU-Ratspräsidentschaft Die IMK nimmt den Bericht des Bundesministers`
      + ' des Innern zur Zwischenbilanz der deutschen EU-Ratspräsidentschaft zur Kenntnis und bittet ihn, der Innenministerkonferenz auf ihrer'
      + ' nächsten Sitzung über die Ergebnisse der informellen Ratstagung der Innenminister in Dresden zu berichten.');
    expect(noted.document.resolutions.map((r) => [r.agendaItem, r.title])).toEqual([
      ['1', 'Jahresbericht über die Beteiligung der Länder in EU-Angelegenheiten'], ['2', 'Zwischenbilanz zur deutschen EU-Ratspräsidentschaft'],
    ]);
    // A run-together paragraph of Ziffern is not an item: its first Ziffer is the resolution's own sentence.
    expect(analyseResolutionText(`1.${ziffern.slice(3)}${ziffern}`).failure?.kind).toBe('no-agenda-item');
  });

  it('splits Ziffern run together in one paragraph and carries numbering across a page break and a file-path footer', () => {
    const { document } = parse(...HEADER, 'TOP 2.1: Titel',
      'Beschluss: 1. Die Länder nehmen den Bericht zur Kenntnis. 2. Sie bekräftigen ihren Beschluss vom 24. März 2000. 3. Sie bitten den Bund, zu berichten.',
      'M:\\Eigene Dateien\\AMK 2000\\Regensburg\\21BM.DOC', '-2-', '4. Die Länder bitten um Bericht.');
    expect(document.resolutions[0]!.demands).toEqual([
      { number: '1', text: 'Die Länder nehmen den Bericht zur Kenntnis.' },
      { number: '2', text: 'Sie bekräftigen ihren Beschluss vom 24. März 2000.' },
      { number: '3', text: 'Sie bitten den Bund, zu berichten.' },
      { number: '4', text: 'Die Länder bitten um Bericht.' },
    ]);
  });

  it('reports a stray line between two Ziffern instead of joining it', () => {
    const { document } = parse(...HEADER, 'TOP 1 Titel', 'Beschluss:', '1. Erstens.', '§§§ ###', '2. Zweitens.');
    expect(document.resolutions[0]!.demands).toEqual([{ number: '1', text: 'Erstens.' }, { number: '2', text: 'Zweitens.' }]);
    expect(interchangeDocument(document).warnings).toContainEqual({ line: 7, message: 'TOP 1: line without text not imported: §§§ ###' });
  });

  it('keeps the entries of a Grüne Liste as references of its TOP, never as TOPs', () => {
    const { document } = parse(...HEADER, 'Beschluss:', 'TOP 5', 'Die IntMK hat einstimmig beschlossen:', 'Grüne Liste',
      'Über folgende Beschlussvorlagen wird en bloc abgestimmt:', 'TOP 7.1 (Kinder)', 'TOP 8.1 (Einrichtung eines',
      'Systems)', 'Beschluss:', 'TOP 6.1', 'Die IntMK hat einstimmig beschlossen:', 'Sechs', '1. Text.');
    expect(document.resolutions.map((r) => r.agendaItem)).toEqual(['5', '6.1']);
    expect(document.resolutions[0]!.references).toEqual(['TOP 7.1 (Kinder)', 'TOP 8.1 (Einrichtung eines Systems)']);
  });

  it('reads BLOCK and A-Punkte lists as references; "ZURÜCKGEZOGEN:" over a list of TOPs never withdraws the TOP', () => {
    const { resolution } = parseTop('TOP 1 Genehmigung der Tagesordnung', 'Beschluss:', 'Die Konferenz genehmigt die Tagesordnung.',
      'BLOCK-Tagesordnungspunkte:', '5, 6 und 12', 'A-PUNKTE:', '4, 7', 'ZURÜCKGEZOGEN:', '19, 22 und 34', 'ZURÜCKGEZOGEN: 40');
    expect(resolution.decision.outcome).toBe('adopted');
    expect(resolution.references).toEqual(['TOP 5', 'TOP 6', 'TOP 12', 'TOP 4', 'TOP 7']);
    expect(resolution.demands[0]!.text).toContain('ZURÜCKGEZOGEN: 19, 22 und 34');
  });

  it('still reads "- ZURÜCKGEZOGEN -" as the TOP\'s own outcome', () => {
    expect(parseTop('TOP 3 Titel', '- ZURÜCKGEZOGEN -').resolution.decision.outcome).toBe('withdrawn');
  });

  it('reads "ohne Gegenstimme" as unanimous', () => {
    const { resolution } = parseTop('TOP: 6.11 Titel', 'Die Gesundheitsministerkonferenz beschließt ohne Gegenstimme:', 'Text.');
    expect(resolution.decision).toEqual({ outcome: 'adopted', voting: 'unanimous', formula: 'Die Gesundheitsministerkonferenz beschließt ohne Gegenstimme:' });
  });

  it.each([
    [['Abstimmungsergebnis: 10:4:2', 'Die IntMK hat mehrheitlich beschlossen:']],
    [['Die IntMK hat mehrheitlich beschlossen:', 'Abstimmungsergebnis: 10:4:2']],
  ])('keeps the counts of %j with a majority formula', (lines) => {
    const { resolution } = parseTop('TOP 2 Titel', ...lines, '1. Text.');
    expect(resolution.decision).toEqual({ outcome: 'adopted', voting: 'counted', yes: 10, no: 4, abstain: 2, formula: 'Die IntMK hat mehrheitlich beschlossen:' });
  });

  it.each([
    ['Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder haben einstimmig beschlossen:', 'GMK'],
    ['76. Konferenz der für das Gesundheitswesen zuständigen Ministerinnen und Minister', 'GMK'],
    ['Ständige Konferenz der Innenminister und -senatoren der Länder', 'IMK'],
  ])('names the conference from "%s"', (line, conference) => {
    const { document } = parse(line, 'TOP 1 Titel', 'Text.');
    expect(document.resolutions[0]!.conference).toBe(conference);
  });

  it.each([
    [['76. Konferenz der für das Gesundheitswesen zuständigen', 'Ministerinnen und Minister der Länder'], 76],
    [['76. Konferenz der für das Gesundheitswesen', 'zuständigen Ministerinnen und Minister'], 76],
    [['Sammlung der Beschlüsse', 'der 203. Sitzung', 'der Ständigen Konferenz der Innenminister'], 203],
    [['Externes Ergebnisprotokoll', 'der 94. Konferenz der', 'Minister und Ministerinnen, Senatoren und Senatorinnen', 'für Arbeit und Soziales der Länder'], 94],
    [['Hauptkonferenz der 16. Integrationsministerkonferenz'], 16],
  ])('reads the ordinal of %j', (header, number) => {
    const { document } = parse(...header, 'am 2. Juli 2003 in Chemnitz', 'TOP 1 Titel', 'Text.');
    expect(document.resolutions[0]!.meeting.number).toBe(number);
  });

  it('takes the meeting\'s dates, not the cover letter\'s', () => {
    const { document } = parse('Wirtschaftsministerkonferenz - Geschäftsstelle -', 'Berlin, 21. Juni 2007', 'Beschluss-Sammlung',
      'der Wirtschaftsministerkonferenz', 'am 4./5. Juni 2007 in Eisenach', 'TOP 2.1 Titel', 'Text.');
    expect(document.resolutions[0]!.meeting).toEqual({ number: null, year: 2007, startDate: '2007-06-04', endDate: '2007-06-05', place: 'Eisenach' });
  });

  it.each([['20 1 4'], ['2 0 1 4'], ['201 4']])('reads a year whose digits a scan set apart ("6. November %s")', (year) => {
    const { document } = parse('Herbstkonferenz der Justizministerinnen und -minister am', `6. November ${year} in Berlin`, 'TOP I 1 Titel', 'Text.');
    expect(document.resolutions[0]!.meeting).toMatchObject({ year: 2014, startDate: '2014-11-06', endDate: '2014-11-06' });
  });

  it('does not join a year to the number after it ("am 6. November 2014 1 2")', () => {
    const { document } = parse('Justizministerkonferenz am 6. November 2014 1 2', 'TOP I 1 Titel', 'Text.');
    expect(document.resolutions[0]!.meeting.startDate).toBe('2014-11-06');
    expect(parse('Justizministerkonferenz am 6. November 20 1 4 5', 'TOP I 1 Titel', 'Text.').document.resolutions[0]!.meeting.startDate).toBeNull();
  });

  it('leaves what the text does not say null and says so', () => {
    const { document } = parse('TOP 3 Titel', 'Die Justizministerinnen und Justizminister bitten den Bund, zu handeln.');
    expect(document.resolutions[0]!.meeting).toEqual({ number: null, year: null, startDate: null, endDate: null, place: null });
    expect(document.warnings.map((w) => w.kind)).toEqual(expect.arrayContaining(['meetingNumberUnknown', 'yearUnknown', 'meetingDateUnknown']));
  });

  it.each([
    ['a table of contents', ['12. IntMK 2017', 'Inhaltsverzeichnis', 'TOP 1 Leitantrag 5', 'TOP 2 Integration 8']],
    ['an agenda run together into one line', ['Agrarministerkonferenz Tagesordnung TOP 1 Genehmigung TOP 2a Novelle TOP 3 Vereinfachung']],
    ['an agenda with a date stamp', ['Tagesordnung Stand: 9. April 2019', 'TOP 1 Genehmigung der Tagesordnung', 'TOP 2 Berichte']],
  ])('gives a clear message for %s as the whole input', (_name, lines) => {
    expect(parse(...lines).failure).toEqual({ kind: 'contents-only', message: expect.stringContaining('nur ein Inhaltsverzeichnis') });
  });

  it.each([
    ['a collection\'s cover with the secretariat and notes', ['Ständige Konferenz der Innenminister und -senatoren der Länder', '- Geschäftsstelle -',
      'Sammlung', 'der zur Veröffentlichung freigegebenen Beschlüsse', 'der 174. Sitzung', 'am 08. Juli 2004', 'in Kiel', 'Hinweise:',
      'Sofern Beschlüsse nicht als freigegeben gekennzeichnet sind, wird darum gebeten, von Nachfragen abzusehen.']],
    ['a protocol\'s cover with the office\'s address', ['Ergebnisprotokoll', 'der 94. Arbeits- und Sozialministerkonferenz',
      '6. und 7. Dezember 2017', 'in Potsdam', 'Geschäftsstelle der ASMK', 'Tel.: 030 1234-5', '10117 Berlin']],
    ['a title with the number in front', ['12. Integrationsministerkonferenz 2017', 'am 16. und 17. März 2017 in Friedrichshafen', 'Beschlüsse']],
    ['a ministry\'s scanned letter sending the resolutions to its parliament', ['Justizministerium des Landes Nordrhein-Westfalen',
      'VORLAGE', '16/2415', 'Herbst-Konferenz der Justizministerinnen und -minister am', '6. November 20 1 4 in Berlin', 'Beschlüsse',
      '1 Blattsammlung (60 Überstücke)', 'Beigefügt erhalten Sie 60 Exemplare der Beschlüsse zur Unterrichtung des Rechtsausschusses.']],
  ])('says a cover page is only a cover page: %s', (_name, lines) => {
    expect(parse(...lines).failure).toEqual({ kind: 'cover-only', message: expect.stringContaining('nur ein Deckblatt') });
  });

  it.each([
    ['resolution sentences', ['87. Gesundheitsministerkonferenz am 26. und 27. Juni 2014 in Hamburg',
      'Die Gesundheitsministerkonferenz beschließt einstimmig:', 'Die GMK begrüßt, dass sich der Bund beteiligt.']],
    ['a sentence wrapped after its subject', ['98. UMK am 12. Mai 2022', 'Die Umweltministerinnen und -minister der Länder',
      'bitten den Bund, zu handeln.']],
    ['a "Beschluss:" label', ['98. UMK am 12. Mai 2022', 'Beschluss:', 'Der Bund soll handeln.']],
    ['numbered paragraphs', ['98. UMK am 12. Mai 2022', '1. Der Bund soll handeln.', '2. Die Länder prüfen es.']],
    ['the date of adoption', ['Empfehlungen zur Demokratiebildung', 'Beschluss der Kultusministerkonferenz vom 06.03.2009']],
  ])('asks for the TOP line where a resolution under its meeting lacks only that: %s', (_name, lines) => {
    expect(parse(...lines).failure).toEqual({ kind: 'no-agenda-item', message: expect.stringContaining('TOP-Zeile') });
  });

  it('keeps "contents-only" for a contents page under a cover page', () => {
    const failure = parse('98. Umweltministerkonferenz', 'am 12. Mai 2022 in Hamburg', 'Inhaltsverzeichnis', 'TOP 1 Klimaschutz 5', 'TOP 2 Wasser 8').failure;
    expect(failure?.kind).toBe('contents-only');
  });

  it('does not take the wrapped last word of a title for an agenda: a mirror\'s list of similar documents', () => {
    // A mirror's "Ähnliche Dokumente" under a title, set in a narrow column: "Tagesordnung" alone ends a listed title.
    const lines = ['Beschlüsse der 47. Europaministerkonferenz am', '12. November 2009 in Berlin. Kein Beschluss.', '', 'Ähnliche Dokumente',
      'Beschluss der 67. Europaministerkonferenz.', '29./30. Januar 2015', '', '20. Europaministerkonferenz in Bonn (Bremen)', 'Tagesordnung', '',
      'Die Zukunft der Kohäsionspolitik nach 2013', '', '33. Europaministerkonferenz der Länder am', '25./26. September 2002 in Essen. TOP 1: Orie-',
      'ntierungspunkte zur EU-Strukturpolitik nach', '2006'];
    expect(parse(...lines).failure?.kind).toBe('cover-only');
    // The same heading over entries is an agenda.
    expect(parse(...lines.slice(0, 9), '1 Genehmigung der Tagesordnung', '2 Berichte').failure?.kind).toBe('contents-only');
  });

  it('does not take a letter\'s sentence that no resolution was taken for a resolution: a Landtag answer re-wrapped', () => {
    const letter = ['Kleine Anfrage des Abgeordneten Enrico Stange, Fraktion DIE LINKE Drs.-Nr.: 6/11502',
      'Thema: Themen der 207. Sitzung der Innenministerkonferenz am 7. und 8. Dezember 2017 in Leipzig', 'Frage 1:',
      'Welche Themen wurden bei der 207. Sitzung der Innenministerkonferenz besprochen?', 'Die Beratungen im sogenannten Kamingespräch der IMK',
      'finden vertraulich und ohne fachliche Begleitung statt.'];
    expect(parse(...letter, 'Die Minister und Senatoren der Länder fassen über ihren', 'Meinungsaustausch keine Beschlüsse.').failure?.kind).toBe('cover-only');
    // A sentence that resolves something is still one.
    expect(parse(...letter, 'Die Minister und Senatoren der Länder bitten den Bund,', 'die Beschlüsse umzusetzen.').failure?.kind).toBe('no-agenda-item');
  });

  it('does not take an ordinal wrapped to a line\'s start for a numbered paragraph: a press report on a meeting', () => {
    const report = ['297. Plenarsitzung der Kultusministerkonferenz am 28. Februar / 01. März 2002 in Berlin',
      'Am 28.Februar / 01.März 2002 fand im Berliner Rathaus die 297. Plenarsitzung der Kultusministerkonferenz statt.',
      'Im Mittelpunkt der Beratungen des'];
    expect(parse(...report, '1. Sitzungstages standen', 'folgende Themenbereiche:', 'Ergebnisse des Forum Bildung').failure?.kind).toBe('cover-only');
    expect(parse(...report.slice(0, 2), 'Beschlüsse:', '1. Die Länder berichten über ihre Maßnahmen.').failure?.kind).toBe('no-agenda-item');
  });

  it('does not take a third party\'s sentence at a line\'s start for a resolution: a press release on a meeting', () => {
    const release = ['„Bund sollte rechtliche Bedenken ernst nehmen“', 'Berlin (pts020/07.10.2011/12:35) –'];
    const rest = ['Mehrheitsvotum der Länderverkehrsminister gegen Testfahrten mit Riesen-Lkw. In dem Beschluss, den die',
      'Länderverkehrsministerkonferenz am Mittwoch in Köln gefasst hatte, heißt es:'];
    // Wherever the column breaks the line, the association's own sentence is none of the conference's.
    expect(parse(...release, 'Die Allianz pro Schiene begrüßt das', ...rest).failure?.kind).toBe('cover-only');
    expect(parse(`${release.join(' ')} Die Allianz pro Schiene begrüßt das`, ...rest).failure?.kind).toBe('cover-only');
    // The conference's own sentence, its members' or the Länder's, or a passive one, is still a resolution's.
    for (const sentence of ['Die Verkehrsministerkonferenz begrüßt das', 'Die Verkehrsminister der Länder begrüßen das', 'Die Länder begrüßen das',
      'Die Einrichtung der Arbeitsgruppe wird begrüßt und das']) {
      expect(parse(...release, sentence, ...rest).failure?.kind, sentence).toBe('no-agenda-item');
    }
  });

  it('reads the conference as a sentence\'s subject alike wherever a narrow column breaks the sentence after it', () => {
    const page = ['Digitalministerkonferenz', 'Die Digitalministerkonferenz (DMK) ging am 17. und 18. Oktober 2024 in Berlin in die zweite Runde.',
      'Zu den Ergebnissen erklärte die Staatssekretärin für den Co-Vorsitz der DMK:'];
    const sentence = 'Die Digitalministerkonferenz hat heute noch einmal klar unterstrichen: Daten sind die Grundlage.';
    expect(parse(...page, sentence).failure?.kind).toBe('no-agenda-item');
    expect(parse(...page, 'Die Digitalministerkonferenz', 'hat heute noch einmal klar', 'unterstrichen: Daten sind die', 'Grundlage.').failure?.kind)
      .toBe('no-agenda-item');
    // A title line of the conference's name over the meeting's date is a cover's.
    expect(parse('Die Digitalministerkonferenz', 'am 18. Oktober 2024 in Berlin', 'Tagungsort: Futurium').failure?.kind).toBe('cover-only');
  });

  it('does not take a press photo\'s caption naming the members for a resolution sentence', () => {
    const release = ['28. Frauen- und Gleichstellungsministerinnenkonferenz in Bremerhaven', '08.06.2018',
      'Einen umfassenden Leitantrag dazu hat die 28. GFMK heute (Freitag, 8. Juni 2018) in Bremerhaven beschlossen.'];
    const caption = 'Die Gleichstellungsministerinnen der 16 Länder mit Bundesfamilienministerin Franziska Giffey (Mitte)';
    expect(parse(...release, caption).failure?.kind).toBe('cover-only');
    // Also where a narrow column breaks the caption inside the members' names.
    expect(parse(...release, 'Die Gleichstellungsministerinnen der 16', 'Länder mit Bundesfamilienministerin', 'Franziska Giffey (Mitte)').failure?.kind)
      .toBe('cover-only');
    // The members with their verb are a resolution's sentence.
    expect(parse(...release, 'Die Gleichstellungsministerinnen der 16 Länder fordern den Bund auf, zu handeln.').failure?.kind).toBe('no-agenda-item');
  });

  it('reads the ordinal before the members\' names under a title that names the conference, also across a page footer', () => {
    const head = ['Verbraucherschutzministerkonferenz setzt in Weimar wichtige Impulse', '28/2022'];
    const sentence = ['In Weimar ist heute die 18.', 'Konferenz der Verbraucherschutzministerinnen und -minister der Länder zu Ende gegangen.'];
    const resolution = ['TOP 5 Reparaturbonus', 'Beschluss:', 'Die Länder bitten den Bund, einen Reparaturindex einzuführen.'];
    expect(parse(...head, ...sentence, ...resolution).document.resolutions[0]!.meeting.number).toBe(18);
    // Without a resolution the text names the meeting only: a cover page, also where a page's footer stands in the sentence.
    expect(parse(...head, ...sentence).failure?.kind).toBe('cover-only');
    expect(parse(...head, sentence[0]!, '', 'Seite 1 von 2', '', sentence[1]!, '', 'Seite 2 von 2').failure?.kind).toBe('cover-only');
  });

  it('does not take a report\'s sentence on the members meeting for a resolution, wherever a column puts it', () => {
    const report = ['Jahreskonferenz der Ministerpräsidenten in Bayern', '25. Oktober 2019'];
    const met = 'Die Regierungschefinnen und Regierungschefs der Länder haben sich am 24. und 25. Oktober 2019 zu ihrer Jahreskonferenz auf Schloss Elmau getroffen.';
    expect(parse(...report, met).failure?.kind).toBe('cover-only');
    expect(parse(...report, 'Vom 12. bis 14. September 2012 fand in Hamburg die 8. Verbraucherschutzministerkonferenz (VSMK) statt.',
      'Die Ministerinnen und Minister, Senatorinnen und Senatoren für Verbraucherschutz der Länder haben dabei über Themen beraten.')
      .failure?.kind).toBe('cover-only');
    // A sentence of the members that resolves is a resolution's, also with a date in it.
    expect(parse(...report, 'Die Regierungschefinnen und Regierungschefs der Länder haben am 25. Oktober 2019 den Bund gebeten, zu handeln.')
      .failure?.kind).toBe('no-agenda-item');
  });

  it('does not take a report\'s sentence retelling a resolution in the simple past for a resolution, wherever a column puts it', () => {
    const report = ['Jugend- und Familienministerkonferenz 2018', 'Am 3. und 4. Mai 2018 hatte Minister Dr. Garg seine Kolleginnen und Kollegen in Kiel begrüßt.'];
    for (const verb of ['erwarteten', 'kritisierten', 'bekräftigten', 'stimmten', 'betonten', 'begrüßten']) {
      expect(parse(...report, `Die Länder ${verb}, eigenständig entscheiden zu können.`).failure?.kind, verb).toBe('cover-only');
    }
    expect(parse(...report, 'Die Konferenz meldete, dass sie eigenständig entscheiden will.').failure?.kind).toBe('cover-only');
    // The present of a resolution, also of verbs that end alike, is a resolution's sentence.
    for (const verb of ['erwarten', 'halten es für geboten', 'vertreten die Auffassung', 'bitten den Bund', 'betrachten es als nötig', 'bieten an']) {
      expect(parse(...report, `Die Länder ${verb}, eigenständig entscheiden zu können.`).failure?.kind, verb).toBe('no-agenda-item');
    }
    // A participle in front of the subject is its attribute, not its verb.
    expect(parse(...report, 'Die beteiligten Länder fordern den Bund auf, eigenständig zu entscheiden.').failure?.kind).toBe('no-agenda-item');
  });

  it('does not take the words of a vote broken out of a report\'s sentence by a narrow column for a decision', () => {
    const note = ['Am 26. und 27. Juni 2025 fand in Essen die 35. Konferenz der Gleichstellungs- und', 'Frauenministerinnen und -minister der Länder (GFMK) statt.',
      'Dazu zählen Anträge zur Sicherung der', 'gynäkologischen Versorgung, die'];
    expect(parse(...note, 'einstimmig beschlossen', 'wurden.').failure?.kind).toBe('cover-only');
    // A vote line of its own is a resolution's.
    expect(parse(...note.slice(0, 2), 'Beschluss:', 'einstimmig beschlossen').failure?.kind).toBe('no-agenda-item');
  });

  it('does not take the first day of a date range wrapped to a line\'s start for a numbered paragraph ("10./ Tagesordnung")', () => {
    // A mirror's list of similar documents in a narrow column: "14. Europaministerkonferenz in Potsdam" / "10./ Tagesordnung".
    const lines = ['28. Europaministerkonferenz der Länder', '', 'Ähnliche Dokumente', '26. Europaministerkonferenz der Länder', '',
      '14. Europaministerkonferenz in Potsdam'];
    expect(parse(...lines, '10./ Tagesordnung', '', 'Ein Neubeginn für den sozialen Dialog').failure?.kind).toBe('cover-only');
    expect(parse(...lines, '10./11. Mai 1996', '', 'Ein Neubeginn für den sozialen Dialog').failure?.kind).toBe('cover-only');
    // A numbered paragraph is still one.
    expect(parse(...lines, '10. Die Länder berichten über ihre Maßnahmen.').failure?.kind).toBe('no-agenda-item');
  });

  it('does not take a letter naming only the conference for a cover page', () => {
    expect(parse('Umweltministerkonferenz', 'Geschäftsstelle', 'Sehr geehrte Damen und Herren,', 'anbei der Bericht.').failure?.kind).toBe('no-agenda-item');
  });

  it('drops a web mirror\'s page markers under a letterhead ("Geschäftsstelle …" / address / "(1)" / … / "(2)")', () => {
    const { document } = parse('Geschäftsstelle der Konferenz', 'Ministerium für Justiz', 'Musterstraße 6 · 70173 Stuttgart',
      'Telefon 0711 123-0 · Telefax 0711 123-3999', 'geschaeftsstelle@konferenz.example', '(1)', 'Beschluss',
      'TOP I 1 Kinder wirksamer schützen', 'Berichterstattung: Bremen', '1. Die Justizministerinnen und Justizminister halten die Prüfung',
      'gesetzlicher Regelungen des Inhalts', '(2)', 'für erforderlich, dass die Verweigerung gewertet werden darf.');
    expect(document.resolutions[0]!.demands).toEqual([{ number: '1', text: 'Die Justizministerinnen und Justizminister halten die Prüfung '
      + 'gesetzlicher Regelungen des Inhalts für erforderlich, dass die Verweigerung gewertet werden darf.' }]);
  });

  it('drops a web mirror\'s markup, bullets and page markers ("Page 2: …", "(2)")', () => {
    const { document } = parse('(1)', '<strong>12.</strong> Integrationsminister<strong>konferenz</strong> 2017<br />', 'TOP 1 Titel',
      '• Die IntMK bittet den Bund, die Beratung', '(2)', 'auszubauen.', 'Page 3: Der Titel des Spiegels', 'Die Länder berichten.');
    expect(document.resolutions[0]!.meeting.number).toBe(12);
    expect(document.resolutions[0]!.demands).toEqual([{ number: null, text: 'Die IntMK bittet den Bund, die Beratung auszubauen. Die Länder berichten.' }]);
  });
});

describe('more layouts of the conferences', () => {
  it('goes on with a title whose last line is its year ("… Bundesverkehrswegeplanung" / "2015")', () => {
    const onTopLine = parseTop('TOP 6.1: Masterplan Medizinstudium', '2020', 'Die GMK fordert den Bund auf, zu handeln.').resolution;
    expect(onTopLine.title).toBe('Masterplan Medizinstudium 2020');
    expect(onTopLine.demands).toEqual([{ number: null, text: 'Die GMK fordert den Bund auf, zu handeln.' }]);
    const below = parseTop('Punkt 4.2 der Tagesordnung:', 'Sachstand Bundesverkehrswegeplanung', '2015',
      'Die Verkehrsministerkonferenz nimmt den Bericht zur Kenntnis.').resolution;
    expect(below.title).toBe('Sachstand Bundesverkehrswegeplanung 2015');
    expect(below.decision.outcome).toBe('noted');
  });

  it('finds the "Beschluss:" of a numbered item whose title a narrower column sets on more lines', () => {
    const text = ['Sammlung der zur Veröffentlichung freigegebenen Beschlüsse', 'der 203. Sitzung der Ständigen Konferenz der Innenminister',
      'und -senatoren der Länder vom 03. bis 04.12.15 in Koblenz', '1. Verhinderung der Ausreise von', 'gewaltbereiten Salafisten',
      'Lösungsvorschläge für die Wirksamk-', 'eit ausreiseverhindernder Maßnahmen', 'bei Doppelstaatern bezüglich der',
      'Entziehung von Reisedokumenten der', 'weiteren Staatsangehörigkeit', 'Beschluss:', 'Die IMK nimmt den Bericht zur Kenntnis.'].join('\n');
    const resolution = parseResolutionText(text).resolutions[0]!;
    expect(resolution.agendaItem).toBe('1');
    expect(resolution.title).toContain('weiteren Staatsangehörigkeit');
  });

  it('goes on with a title wrapped between two capitalised words ("… GMK – Grüne" / "Liste")', () => {
    const below = parseTop('TOP 5', 'Die Konferenz hat einstimmig beschlossen:', 'Zur gemeinsamen Beschlussfassung',
      'zusammengefasste Beschlussvorschläge', 'für die 76. GMK – Grüne', 'Liste', 'Über folgende Beschlussvorlagen wird en bloc abgestimmt:');
    expect(below.resolution.title).toBe('Zur gemeinsamen Beschlussfassung zusammengefasste Beschlussvorschläge für die 76. GMK – Grüne Liste');
    expect(below.resolution.demands).toEqual([{ number: null, text: 'Über folgende Beschlussvorlagen wird en bloc abgestimmt:' }]);
    const onTopLine = parseTop('TOP 5 Beschlussvorschläge für die 76. GMK – Grüne', 'Liste', 'Die Konferenz hat einstimmig beschlossen:');
    expect(onTopLine.resolution.title).toBe('Beschlussvorschläge für die 76. GMK – Grüne Liste');
    expect(onTopLine.resolution.decision.formula).toBe('Die Konferenz hat einstimmig beschlossen:');
  });

  it('does not take a text\'s short first line for a wrapped title\'s last words', () => {
    const opener = parseTop('TOP 3 Bericht der Arbeitsgruppe Digitale Verwaltung', 'Die IntMK', 'nimmt den Bericht zur Kenntnis.');
    expect(opener.resolution.title).toBe('Bericht der Arbeitsgruppe Digitale Verwaltung');
    const marker = parseTop('TOP 3 Bericht der Arbeitsgruppe Digitale Verwaltung', 'Beschluss', 'Die IntMK nimmt den Bericht zur Kenntnis.');
    expect(marker.resolution.title).toBe('Bericht der Arbeitsgruppe Digitale Verwaltung');
    const sentence = parseTop('TOP 3 Bericht der Arbeitsgruppe Digitale Verwaltung', 'Bund und Länder', 'sollen die Verwaltung digitalisieren.');
    expect(sentence.resolution.title).toBe('Bericht der Arbeitsgruppe Digitale Verwaltung');
    expect(sentence.resolution.demands).toEqual([{ number: null, text: 'Bund und Länder sollen die Verwaltung digitalisieren.' }]);
    const short = parseTop('TOP 3 Digitale Verwaltung', 'Bund und Länder', 'Die IntMK nimmt den Bericht zur Kenntnis.');
    expect(short.resolution.title).toBe('Digitale Verwaltung');
  });

  it('goes on with a title whose line ends in an ordinal ("… für die 76." / "GMK – Grüne Liste")', () => {
    const { resolution, warnings } = parseTop('TOP 5', 'Die Konferenz hat einstimmig beschlossen:', 'Zur gemeinsamen Beschlussfassung',
      'zusammengefasste Beschlussvorschläge für die 76.', 'GMK – Grüne Liste', 'Über folgende Beschlussvorlagen wird en bloc abgestimmt:');
    expect(resolution.title).toBe('Zur gemeinsamen Beschlussfassung zusammengefasste Beschlussvorschläge für die 76. GMK – Grüne Liste');
    expect(resolution.demands).toEqual([{ number: null, text: 'Über folgende Beschlussvorlagen wird en bloc abgestimmt:' }]);
    expect(warnings.map((w) => w.message)).not.toContainEqual(expect.stringContaining('no title'));
  });

  it('still ends a title-less paragraph at a sentence that ends in a number ("… stieg auf 12." / "Die Länder …")', () => {
    const { resolution } = parseTop('TOP 5 Titel', 'Beschluss:', '1. Die Zahl der Länder stieg auf 12.', '2. Die Länder berichten.');
    expect(resolution.demands.map((d) => d.number)).toEqual(['1', '2']);
  });

  it('reads the votes printed on the line after a bare "Abstimmungsergebnis:"', () => {
    const { resolution } = parseTop('TOP 4.3 Titel', 'Beschluss:', 'Die IntMK bittet den Bund, zu handeln.', 'Abstimmungsergebnis:', 'Ja: 13 Nein: 0 Enthaltung: 3');
    expect(resolution.decision).toEqual({ outcome: 'adopted', voting: 'counted', yes: 13, no: 0, abstain: 3, formula: 'Abstimmungsergebnis: Ja: 13 Nein: 0 Enthaltung: 3' });
    expect(resolution.demands).toEqual([{ number: null, text: 'Die IntMK bittet den Bund, zu handeln.' }]);
  });

  it('leaves a bare "Abstimmungsergebnis:" alone when no votes follow', () => {
    const { resolution } = parseTop('TOP 4.3 Titel', 'Abstimmungsergebnis:', 'Die IntMK bittet den Bund, zu handeln.');
    expect(resolution.decision.voting).toBe('unknown');
    expect(resolution.demands).toEqual([{ number: null, text: 'Die IntMK bittet den Bund, zu handeln.' }]);
  });

  it.each([
    ['Antrag der Länder Berlin, Hamburg und Bremen', ['BE', 'HH', 'HB']],
    ['Antrag des Freistaates Sachsen', ['SN']],
    ['Antrag des Landes Nordrhein-Westfalen', ['NW']],
  ])('reads the sponsor line "%s" without colon or dashes', (sponsorLine, sponsors) => {
    const { resolution } = parseTop('Punkt 4.3 der Tagesordnung:', 'Radverkehr stärken', sponsorLine, 'Beschluss:', 'Die IntMK bittet den Bund, zu handeln.');
    expect(resolution.title).toBe('Radverkehr stärken');
    expect(resolution.sponsors).toEqual(sponsors);
  });

  it('keeps "Antrag der Länder" followed by other words as text', () => {
    const { resolution } = parseTop('TOP 4 Titel', 'Beschluss:', 'Antrag der Länder zur Förderung des Radverkehrs wird angenommen.');
    expect(resolution.sponsors).toEqual([]);
  });

  it('reads "Annahme mit 10 : 6 : 0 Stimmen" as the vote, not as a list of TOPs', () => {
    const { resolution } = parseTop('TOP 5.12 Titel', 'Beschluss:', 'Die IntMK bittet den Bund, zu handeln.', 'Annahme mit 10 : 6 : 0 Stimmen');
    expect(resolution.decision).toEqual({ outcome: 'adopted', voting: 'counted', yes: 10, no: 6, abstain: 0, formula: 'Annahme mit 10 : 6 : 0 Stimmen' });
    expect(resolution.demands).toEqual([{ number: null, text: 'Die IntMK bittet den Bund, zu handeln.' }]);
  });

  it('finds the ordinal before the long name when the short name follows it', () => {
    const document = parseResolutionText([
      '98. Konferenz der Ministerinnen und Minister, Senatorinnen und Senatoren',
      'für Arbeit und Soziales der Länder (ASMK)', 'am 1. und 2. Dezember 2021 in Berlin', '',
      'TOP 5 Titel', 'Beschluss:', 'Die ASMK bittet den Bund, zu handeln.',
    ].join('\n'));
    expect(document.resolutions[0]!.conference).toBe('ASMK');
    expect(document.resolutions[0]!.meeting.number).toBe(98);
  });

  it('reads the items of an IMK collection after its contents and over labelled fields, on one page', () => {
    const document = parseResolutionText([
      'Sammlung der zur Veröffentlichung freigegebenen Beschlüsse',
      'der 218. Sitzung der Ständigen Konferenz der Innenminister und -senatoren der Länder',
      'vom 14. bis 16. Juni 2023 in Berlin', '', 'Inhaltsverzeichnis',
      '1. Niederschrift über die Sitzung ...... 3', '2. Bekämpfung der Clankriminalität ...... 4', '',
      '1. Niederschrift über die Sitzung', 'Beschluss:', 'Die Niederschrift wird genehmigt.', '',
      '2. Bekämpfung der Clankriminalität', 'Berichterstattung: Nordrhein-Westfalen', 'Beschluss:',
      '1. Die IMK nimmt den Bericht zur Kenntnis.', '2. Sie bittet den AK II, erneut zu berichten.', '',
      '3. Waffenrecht', 'Beschluss:', 'Die IMK bittet das BMI, einen Gesetzentwurf vorzulegen.',
    ].join('\n'));
    expect(document.resolutions.map((r) => [r.agendaItem, r.title, r.demands.length, r.reportingLand ?? null])).toEqual([
      ['1', 'Niederschrift über die Sitzung', 1, null],
      ['2', 'Bekämpfung der Clankriminalität', 2, 'NW'],
      ['3', 'Waffenrecht', 1, null],
    ]);
    expect(document.resolutions[0]!.meeting.number).toBe(218);
  });

  it('gives each Ziffer that continues a stem sentence its stem', () => {
    const { resolution } = parseTop('TOP 4.3 Radverkehr', 'Beschluss:', 'Die Integrationsministerkonferenz',
      '1. begrüßt den Nationalen Radverkehrsplan,', '2. bittet den Bund, die Fördermittel', 'zu verstetigen,', '3. bittet die Länder, zu berichten.');
    expect(resolution.demands).toEqual([
      { number: '1', text: 'Die Integrationsministerkonferenz begrüßt den Nationalen Radverkehrsplan,' },
      { number: '2', text: 'Die Integrationsministerkonferenz bittet den Bund, die Fördermittel zu verstetigen,' },
      { number: '3', text: 'Die Integrationsministerkonferenz bittet die Länder, zu berichten.' },
    ]);
  });

  it('reads a meeting given as two full dates ("11.06.2025 - 12.06.2025") and drops the dash that opens a list', () => {
    const document = parseResolutionText(['Beschlüsse der GMK 11.06.2025 - 12.06.2025', 'TOP: 13.1 Krisenmanagement',
      'Die Ministerinnen und Minister, Senatorinnen und Senatoren für Gesundheit der Länder fassen folgenden Beschluss:',
      '- Die Länder begrüßen den Arbeitsprozess.', '- Sie bitten das BMG, die Länder zu beteiligen.'].join('\n'));
    const [resolution] = document.resolutions;
    expect(resolution!.meeting).toMatchObject({ year: 2025, startDate: '2025-06-11', endDate: '2025-06-12' });
    expect(resolution!.demands).toEqual([
      { number: null, text: 'Die Länder begrüßen den Arbeitsprozess. - Sie bitten das BMG, die Länder zu beteiligen.' },
    ]);
  });

  it('takes a year from the running text only beside the conference\'s name, not from a title ("Masterplan Medizinstudium 2020")', () => {
    const titled = parseResolutionText(['Die Beschlüsse der GMK im Überblick:', 'TOP 6.1: Masterplan Medizinstudium 2020',
      'Die GMK fordert weiterhin Maßnahmen, um ärztlichen Nachwuchs zu gewinnen.'].join('\n'));
    expect(titled.resolutions[0]!.meeting.year).toBeNull();
    expect(titled.warnings.map((w) => w.kind)).toContain('yearUnknown');
    const named = parseResolutionText(['Auszug', 'TOP 3.3 Frühe Hilfen', 'Beschluss der JFMK 2009:',
      'Die JFMK bittet den Bund, die Frühen Hilfen zu sichern.'].join('\n'));
    expect(named.resolutions[0]!.meeting.year).toBe(2009);
  });
});

describe('agendas run together and Landtag answers', () => {
  it('reads a line that runs an agenda\'s TOPs together in ascending order as the agenda, not as a TOP line', () => {
    const result = analyseResolutionText([
      '96. Umweltministerkonferenz am 26. November 2021 per Videokonferenz Vorläufiges Ergebnisprotokoll',
      'TOP 8 Waldklimaprämie: Honorierung der Ökosystemleistungen der Wälder BE: Bund TOP 9 Pakt gegen den Klimawandel BE: Baden-Württemberg, Thüringen '
        + 'TOP 10 Bedeutung des Klimaschutzes im Gesundheitsschutz BE: Thüringen TOP 11 Bundesberggesetz fit machen BE: Rheinland-Pfalz',
    ].join('\n'));
    expect(result.failure?.kind).toBe('contents-only');
  });

  it('keeps a TOP line that names other TOPs where it holds a decision, or where their numbers do not ascend', () => {
    const decided = parseTop('TOP 5 Grüne Liste: TOP 6 Kinderschutz, TOP 7 Pflege und TOP 8 Prävention werden ohne Aussprache beschlossen.',
      'Die Konferenz stimmt den Beschlussvorschlägen zu.');
    expect(decided.resolution.agendaItem).toBe('5');
    const references = parseTop('TOP 5 Bericht zu TOP 12, TOP 3 und TOP 9 der 11. IntMK', 'Die IntMK nimmt den Bericht zur Kenntnis.');
    expect(references.resolution.agendaItem).toBe('5');
  });

  it('takes one minister answering a Landtag ("Der Justizminister hat die Kleine Anfrage … beantwortet") for no conference\'s resolution', () => {
    const result = analyseResolutionText([
      'Abstimmungsergebnisse der Beschlüsse der Konferenz der Justizministerinnen',
      'und -minister vom 25./26. Juni 2014 in Binz auf Rügen',
      'Der Justizminister hat die Kleine Anfrage 2475 mit Schreiben',
      'vom 7. August 2014 namens der Landesregierung beantwortet.',
    ].join('\n'));
    expect(result.failure?.kind).toBe('cover-only');
    // The members in the plural, and one member with the others, are the conference.
    expect(analyseResolutionText(['Konferenz der Justizministerinnen und -minister vom 25./26. Juni 2014 in Binz auf Rügen',
      'Der Justizminister und die Justizministerinnen der Länder bitten den Bund um einen Bericht.'].join('\n')).failure?.kind).toBe('no-agenda-item');
  });
});

describe('votes of the Länder', () => {
  const HEAD = 'Beschlüsse der 19. Verbraucherschutzministerkonferenz am 5. Mai 2023 in Konstanz';

  it.each([
    ['Abstimmungsergebnis: Annahme 16:0', { outcome: 'adopted', yes: 16, no: 0 }],
    ['Beschluss: Ablehnung (5:11)', { outcome: 'rejected', yes: 5, no: 11 }],
  ])('reads the votes for and against after the decision\'s word ("%s"), no abstention', (vote, expected) => {
    const { resolutions } = parseResolutionText([HEAD, 'TOP 5 Energiepreise', 'Die VSMK bittet den Bund, die Preise zu senken.', vote].join('\n'));
    expect(resolutions[0]!.decision).toMatchObject({ outcome: expected.outcome, voting: 'counted', yes: expected.yes, no: expected.no, abstain: 0 });
  });

  it('reads no votes from a time ("Annahme 10:30")', () => {
    const { resolutions } = parseResolutionText([HEAD, 'TOP 5 Energiepreise', 'Die VSMK bittet den Bund, die Preise zu senken.', 'Annahme 10:30'].join('\n'));
    expect(resolutions[0]!.decision.voting).toBe('unknown');
  });

  it.each([
    ['with its head', ['Land Ja Nein Enthaltung', 'BW x', 'BY x', 'BE x']],
    ['without a head, the votes in words', ['Baden-Württemberg ja', 'Bayern nein', 'Berlin Enthaltung']],
  ])('keeps a table of the Länder\'s votes (%s) out of the text and reports it', (_name, table) => {
    const result = analyseResolutionText([HEAD, 'TOP 6 Mobilfunk', 'Beschluss:', 'Die VSMK bittet den Bund um einen Bericht.', 'Abstimmung:', ...table,
      'Annahme 14:1:1'].join('\n'));
    const [resolution] = result.document.resolutions;
    expect(resolution!.demands).toEqual([{ number: null, text: 'Die VSMK bittet den Bund um einen Bericht.' }]);
    expect(resolution!.decision).toMatchObject({ voting: 'counted', yes: 14, no: 1, abstain: 1 });
    expect(result.document.warnings).toContainEqual({ line: 6, kind: 'fieldNotImported', values: { name: 'Abstimmung', value: table.join('; ') } });
  });

  it('keeps a Land named alone or with others on a line as text ("Bayern, Hessen", two rows without a head)', () => {
    const { resolutions } = parseResolutionText([HEAD, 'TOP 6 Mobilfunk', 'Die VSMK bittet die Länder', 'Bayern ja', 'Hessen ja', 'um einen Bericht.'].join('\n'));
    expect(resolutions[0]!.demands[0]!.text).toBe('Die VSMK bittet die Länder Bayern ja Hessen ja um einen Bericht.');
  });
});

describe('a document that ends mid-sentence', () => {
  const COLLECTION = ['Sammlung', 'der zur Veröffentlichung freigegebenen Beschlüsse', 'der 203. Sitzung der Ständigen Konferenz der Innenminister und -senatoren der Länder',
    'vom 03. bis 04.12.15 in Koblenz', '1. Aussteigerprogramme', 'Beschluss:', '1.', 'Die IMK nimmt den Bericht zur Kenntnis.', '2.'];

  it.each([
    ['after a lower-case word', 'Sie stellt fest, dass es möglich ist, Erfolgsfaktoren bestehender'],
    ['inside a word', 'Sie bittet den Bund um einen Bericht zur Kenntni'],
  ])('keeps what is there and says that the last Ziffer breaks off (%s)', (_name, last) => {
    const result = analyseResolutionText([...COLLECTION, last].join('\n'));
    expect(result.document.resolutions[0]!.demands.at(-1)).toEqual({ number: '2', text: last });
    expect(result.document.warnings).toContainEqual({ line: 10, kind: 'cutOff', values: { top: '1', value: last } });
  });

  it('quotes no more than the cut-off sentence\'s last words', () => {
    const result = analyseResolutionText([...COLLECTION, `Sie stellt fest, ${'dass die Länder und der Bund gemeinsam handeln, '.repeat(3)}und`].join('\n'));
    const warning = result.document.warnings.find((w) => w.kind === 'cutOff')!;
    expect(warning.values['value']).toBe('… der Bund gemeinsam handeln, dass die Länder und der Bund gemeinsam handeln, und');
  });

  it.each([
    ['a full stop', 'Sie bittet den Bund um einen Bericht.'],
    ['a closing quotation mark', 'Sie begrüßt das Programm „Neustart“'],
    ['a closing bracket', 'Sie bittet den Bund um einen Bericht (Anlage)'],
  ])('says nothing where the last Ziffer ends on %s', (_name, last) => {
    const result = analyseResolutionText([...COLLECTION, last].join('\n'));
    expect(result.document.warnings.map((w) => w.kind)).not.toContain('cutOff');
  });

  it('looks at the last TOP only and at its protocol statement where one ends it', () => {
    const result = analyseResolutionText([...COLLECTION, 'Sie bittet den Bund um einen', '2. Zweites', 'Beschluss:', 'Die IMK bittet den Bund.',
      'Protokollerklärung Bayern:', 'Bayern hält den Bericht für'].join('\n'));
    expect(result.document.warnings.filter((w) => w.kind === 'cutOff')).toEqual([{ line: 15, kind: 'cutOff', values: { top: '2', value: 'Bayern hält den Bericht für' } }]);
  });
});

describe('a contents list that names TOPs by their titles and pages', () => {
  const HEAD = '95. Gesundheitsministerkonferenz (GMK) am 22./ 23. Juni 2022 in Magdeburg Inhaltsübersicht Anwesenheitsliste vom 22. und 23. Juni 2022 S. 9';

  it('is a table of contents where three entries point to pages ("Beschluss zu TOP Grüne Liste S. 21")', () => {
    const result = analyseResolutionText([HEAD, 'Beschluss zu TOP Genehmigung der Tagesordnung S. 20 Beschluss zu TOP Grüne Liste S. 21',
      'Hinweisblatt zu TOP Innovationen in der digitalen Versorgung Präsentation Herr Prof. Dr. Jahn S. 25 I'].join('\n'));
    expect(result.failure?.kind).toBe('contents-only');
  });

  it('is no table of contents with two such entries, nor where a resolution names a page', () => {
    expect(analyseResolutionText([HEAD, 'Beschluss zu TOP Genehmigung der Tagesordnung S. 20 Beschluss zu TOP Grüne Liste S. 21'].join('\n')).failure?.kind).toBe('cover-only');
    const { resolutions } = parseResolutionText([HEAD, 'TOP 5.1 Krankenhausreform', 'Die GMK verweist auf den Bericht zu TOP 4 (S. 12), zu TOP 6 (S. 14) und zu TOP 7 (S. 18) und bittet den Bund zu handeln.'].join('\n'));
    expect(resolutions.map((resolution) => resolution.agendaItem)).toEqual(['5.1']);
  });
});
