import { describe, expect, it } from 'vitest';
import { AlignmentType, DeletedTextRun, Document, InsertedTextRun, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { analyseResolutionText } from '../../src/domain/parser/index.js';
import { DocxTextError, extractDocxText } from '../../src/services/docx-text.js';
import { documentText, InputError } from '../../src/services/document-text.js';

/** A resolution as a secretariat writes it in Word: the Ziffern a numbered list ("1.", "2."), sub-points lettered ("a)"). */
async function resolutionDocx(): Promise<Buffer> {
  const ziffer = (text: string, level = 0) => new Paragraph({ text, numbering: { reference: 'ziffern', level } });
  return Packer.toBuffer(new Document({
    numbering: {
      config: [{
        reference: 'ziffern',
        levels: [
          { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
          { level: 1, format: LevelFormat.LOWER_LETTER, text: '%2)', alignment: AlignmentType.START },
        ],
      }],
    },
    sections: [{
      children: [
        new Paragraph('12. Integrationsministerkonferenz'),
        new Paragraph('am 16. und 17. März 2017 in Friedrichshafen'),
        new Paragraph('TOP 2.12 Zugang zu Integrationskursen'),
        new Paragraph('Antragsteller: Bayern, Hamburg'),
        new Paragraph('Die IntMK hat einstimmig beschlossen:'),
        ziffer('Die IntMK begrüßt die Öffnung der Integrationskurse.'),
        ziffer('Sie bittet den Bund,'),
        ziffer('die Mittel zu erhöhen und', 1),
        ziffer('bis zum 31.12.2018 zu berichten.', 1),
        new Paragraph({ children: [new TextRun('Die IntMK bittet die Länder, '), new DeletedTextRun({ text: 'nichts', id: 1, author: 'GS', date: '2017-03-20T10:00:00Z' }),
          new InsertedTextRun({ text: 'ihre Erfahrungen', id: 2, author: 'GS', date: '2017-03-20T10:00:00Z' }), new TextRun(' mitzuteilen.')], numbering: { reference: 'ziffern', level: 0 } }),
        new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph('Protokollerklärung Bayern:')] }), new TableCell({ children: [new Paragraph('Bayern stimmt zu.')] })] })] }),
      ],
    }],
  }));
}

describe('extractDocxText', () => {
  it('reads the paragraphs in order, with the numbers Word writes in front of a numbered list', async () => {
    const text = await extractDocxText(await resolutionDocx());
    expect(text.split('\n')).toEqual([
      '12. Integrationsministerkonferenz',
      'am 16. und 17. März 2017 in Friedrichshafen',
      'TOP 2.12 Zugang zu Integrationskursen',
      'Antragsteller: Bayern, Hamburg',
      'Die IntMK hat einstimmig beschlossen:',
      '1. Die IntMK begrüßt die Öffnung der Integrationskurse.',
      '2. Sie bittet den Bund,',
      'a) die Mittel zu erhöhen und',
      'b) bis zum 31.12.2018 zu berichten.',
      // tracked changes: the deleted word is gone, the inserted one is there
      '3. Die IntMK bittet die Länder, ihre Erfahrungen mitzuteilen.',
      'Protokollerklärung Bayern:',
      'Bayern stimmt zu.',
    ]);
  });

  it('gives the parser the Ziffern of a Word resolution', async () => {
    const { document, failure } = analyseResolutionText(await documentText('beschluss.docx', await resolutionDocx()));
    expect(failure).toBeNull();
    const [resolution] = document.resolutions;
    expect(resolution).toMatchObject({ conference: 'IntMK', agendaItem: '2.12', sponsors: ['BY', 'HH'] });
    expect(resolution!.demands.map((d) => d.number)).toEqual(['1', '2', '3']);
  });

  it('refuses a damaged, an empty or an overly packed Word document with a German message naming the file', async () => {
    const good = await resolutionDocx();
    const parts = unzipSync(good);
    const damaged = zipSync({ ...parts, 'word/document.xml': strToU8('<w:document><w:body><w:p>') });
    await expect(extractDocxText(damaged, { name: 'kaputt.docx' })).rejects.toThrow(new DocxTextError('unreadable', 'kaputt.docx'));
    await expect(extractDocxText(good.subarray(0, good.length - 200), { name: 'halb.docx' })).rejects.toThrow(new DocxTextError('unreadable', 'halb.docx'));
    const empty = zipSync({ ...parts, 'word/document.xml': strToU8('<w:document xmlns:w="x"><w:body><w:p/></w:body></w:document>') });
    await expect(documentText('leer.docx', empty)).rejects.toThrow(new InputError('„leer.docx“ enthält keinen Text.'));
    await expect(extractDocxText(good, { name: 'gross.docx', maxXmlBytes: 1000 })).rejects.toThrow('„gross.docx“ ist zu umfangreich');
  });

  it('still refuses an OpenDocument text or an old .doc with the advice to save it as .docx or PDF', async () => {
    const odt = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8('<office:document-content/>') });
    await expect(documentText('text.odt', odt)).rejects.toThrow(/„text\.odt“ ist ein älteres Word-Dokument \(\.doc\) oder ein OpenDocument-Text \(\.odt\)\. .*als \.docx oder PDF/);
  });
});
