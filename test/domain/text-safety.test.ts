import { describe, expect, it } from 'vitest';
import { shortFileName } from '../../src/domain/text-safety.js';

describe('a file name as messages show it', () => {
  it('keeps a name up to 60 characters as it is', () => {
    expect(shortFileName('gmk.txt')).toBe('gmk.txt');
    expect(shortFileName('x'.repeat(56) + '.pdf')).toBe('x'.repeat(56) + '.pdf');
  });

  it('shortens a longer one to 60 characters: its start, an ellipsis, its extension', () => {
    const shown = shortFileName(`Ergebnisniederschrift ${'a'.repeat(300)}.pdf`);
    expect(shown).toBe(`Ergebnisniederschrift ${'a'.repeat(33)}….pdf`);
    expect(shown).toHaveLength(60);
    // no extension: the start and an ellipsis
    expect(shortFileName('b'.repeat(300))).toBe(`${'b'.repeat(59)}…`);
    // an extension of a dozen letters is no extension
    expect(shortFileName(`${'c'.repeat(100)}.abcdefghijkl`)).toBe(`${'c'.repeat(59)}…`);
  });

  it('never cuts a character in two', () => {
    const shown = shortFileName(`${'😀'.repeat(100)}.txt`);
    expect(Array.from(shown)).toHaveLength(60);
    expect(shown).toBe(`${'😀'.repeat(55)}….txt`);
    expect(shortFileName('x'.repeat(10), 4)).toBe('xxx…');
  });
});
