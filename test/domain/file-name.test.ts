import { describe, expect, it } from 'vitest';
import { asciiFileName, attachmentHeader, fileNamePart } from '../../src/domain/file-name.js';

describe('file names of downloads', () => {
  it('keeps umlauts in the UTF-8 name and writes them as ae, oe, ue, ss in the ASCII one', () => {
    expect(attachmentHeader('Stellungnahme Bundesministerium für Gesundheit.pdf')).toBe(
      "attachment; filename=\"Stellungnahme Bundesministerium fuer Gesundheit.pdf\"; filename*=UTF-8''Stellungnahme%20Bundesministerium%20f%C3%BCr%20Gesundheit.pdf",
    );
    expect(asciiFileName('Größe Übersicht Ärzte Öl.docx')).toBe('Groesse Uebersicht Aerzte Oel.docx');
    expect(asciiFileName('Café.pdf')).toBe('Cafe.pdf');
  });

  it("percent-encodes what RFC 8187's attr-char leaves out (apostrophe, parentheses, asterisk)", () => {
    const header = attachmentHeader("Antwort (BMI) vom 3.5.* d'Ort.pdf");
    expect(header).toBe("attachment; filename=\"Antwort (BMI) vom 3.5.* d'Ort.pdf\"; filename*=UTF-8''Antwort%20%28BMI%29%20vom%203.5.%2A%20d%27Ort.pdf");
    const ext = /filename\*=UTF-8''(.*)$/.exec(header)![1]!;
    expect(ext).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
  });

  it('never lets a quote or backslash end the quoted name', () => {
    expect(attachmentHeader('a"b\\c.txt')).toMatch(/^attachment; filename="abc\.txt"; /);
    expect(asciiFileName('ÿÿÿ')).toBe('yyy');
    expect(asciiFileName('日本')).toBe('Datei');
  });

  it('makes a value safe within a name: separators, white space and control characters as "-"', () => {
    expect(fileNamePart('2/1')).toBe('2-1');
    expect(fileNamePart(' Ab:\tC\u0007 ')).toBe('Ab-C');
  });
});
