/**
 * The "scan, then index once past 200 lookups" rule the search's term statistics and its
 * everyday-words table share (src/catalog/index-after.ts): one counter, one build, and terms an
 * index of words cannot answer for (empty, a space, a colon) always scanned.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVERYDAY_FILE, everydayCount } from '../src/catalog/everyday-words.js';
import { INDEX_AFTER, IndexAfter } from '../src/catalog/index-after.js';

describe('IndexAfter', () => {
  it('answers from one index built at the lookup after INDEX_AFTER, never for a phrase', () => {
    let builds = 0;
    const after = new IndexAfter(() => {
      builds++;
      return new Map([['word', 1]]);
    });
    for (let i = 0; i < INDEX_AFTER; i++) expect(after.indexFor(`t${i}`)).toBeNull();
    expect(builds).toBe(0);
    for (const term of ['', 'two words', 'term:3']) expect(after.indexFor(term)).toBeNull();
    expect(after.indexFor('word')?.get('word')).toBe(1);
    expect(after.indexFor('other')?.get('other')).toBeUndefined();
    expect(builds).toBe(1);
  });

  it("everydayCount gives the text's answers once its map is built", () => {
    const text = ` ${readFileSync(EVERYDAY_FILE, 'utf8').split('\n').slice(1).join(' ')} `;
    const scanned = (term: string) => {
      const at = text.indexOf(` ${term}:`);
      return at < 0 ? 0 : parseInt(text.slice(at + term.length + 2), 10);
    };
    for (let i = 0; i <= INDEX_AFTER; i++) everydayCount(`filler${i}`);
    const words = ['know', 'right', 'zebra', 'qqqq', 'thank', 'hey'];
    expect(words.map(everydayCount)).toEqual(words.map(scanned));
    expect(scanned('know')).toBe(306579);
  });
});
