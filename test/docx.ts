/** Reading a .docx in tests: the package structure every Office Open XML reader needs. */
import { expect } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { XMLValidator } from 'fast-xml-parser';

/** The parts of a .docx, checked for what every Office Open XML reader needs. */
export function readDocx(bytes: Buffer): { document: string; text: string; files: string[] } {
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  const files = unzipSync(new Uint8Array(bytes));
  const names = Object.keys(files);
  expect(names).toEqual(expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml', 'docProps/core.xml']));
  for (const name of names.filter((n) => n.endsWith('.xml') || n.endsWith('.rels'))) {
    expect(XMLValidator.validate(strFromU8(files[name]!)), name).toBe(true);
  }
  const types = strFromU8(files['[Content_Types].xml']!);
  expect(types).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml');
  const document = strFromU8(files['word/document.xml']!);
  const text = [...document.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n');
  return { document, text, files: names };
}

