/** The German catalogue views/i18n/de.json itself. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VIEWS_DIR } from '../../src/paths.js';

/**
 * The dotted keys that occur more than once. JSON.parse keeps the last of two equal keys without a
 * word, so a second entry would silently replace the text the first one meant. The catalogue is
 * indented by two spaces per level, which gives each line's depth.
 */
function duplicateKeys(text: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const line of text.split('\n')) {
    const key = /^( *)"((?:[^"\\]|\\.)*)":/.exec(line);
    if (!key) continue;
    const depth = key[1]!.length / 2 - 1;
    path.length = depth;
    const dotted = [...path, key[2]!].join('.');
    if (seen.has(dotted)) twice.push(dotted);
    seen.add(dotted);
    if (line.trimEnd().endsWith('{')) path.push(key[2]!);
  }
  return twice;
}

describe('the UI catalogue', () => {
  it('names no key twice', () => {
    expect(duplicateKeys('{\n  "a": {\n    "b": "1",\n    "c": "2",\n    "b": "3"\n  },\n  "c": "4"\n}\n')).toEqual(['a.b']);
    expect(duplicateKeys(readFileSync(path.join(VIEWS_DIR, 'i18n', 'de.json'), 'utf8'))).toEqual([]);
  });
});
