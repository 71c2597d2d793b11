import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Bytes } from '../../src/plugins/page-cache.js';

/** A page as Handlebars leaves it: many short strings joined one after the other. */
function joined(parts: readonly string[]): string {
  let page = '';
  for (const part of parts) page += part;
  return page;
}

describe('the UTF-8 bytes of a page', () => {
  it('are the bytes Buffer.from gives, for any text (umlauts, dashes, quotes, emoji, lone surrogates)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 200 }), (parts) => {
        const page = joined(parts);
        expect(utf8Bytes(page).equals(Buffer.from(page, 'utf8'))).toBe(true);
      }),
    );
    for (const text of ['', 'ä', '„Zitat“ – Ziffer 2.1 …', '\u{1F600}', '\ud800', 'a\udc00b']) {
      expect(utf8Bytes(text).equals(Buffer.from(text, 'utf8'))).toBe(true);
    }
  });

  it('belong to the page alone: encoding the next page leaves them as they were', () => {
    const first = utf8Bytes(joined(['<p>', 'Länder', '</p>']));
    const copy = Buffer.from(first);
    utf8Bytes('x'.repeat(first.length));
    expect(first.equals(copy)).toBe(true);
    expect(first.buffer.byteLength).toBeLessThan(64 * 1024);
  });

  it('are right for pages larger than any scratch buffer so far, and larger than the largest kept', () => {
    for (const length of [100_000, 1_500_000]) {
      const page = joined(Array.from({ length: length / 10 }, (_, i) => (i % 3 === 0 ? 'Maßnahme–' : 'Beschluss ').slice(0, 10)));
      const bytes = utf8Bytes(page);
      expect(bytes.equals(Buffer.from(page, 'utf8'))).toBe(true);
      expect(bytes.length).toBeGreaterThan(length);
    }
  });
});
