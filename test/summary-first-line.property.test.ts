/**
 * A summary's first line is cut to its length in UTF-16 units, and never between the two halves
 * of an emoji or another character outside the BMP: what is kept is always well-formed text, a
 * prefix of the sanitised line, followed by an ellipsis when cut.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstLine } from '../src/agent/summary.js';

const WELL_FORMED = /^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;

describe('firstLine', () => {
  it('cuts an emoji-laden line to at most max units, never through a character', () => {
    const pieces = fc.constantFrom('a', 'é', '用', '👍', '🎉', '👍🏽', ' ', 'z');
    const line = fc.array(pieces, { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(
      fc.property(line, fc.integer({ min: 2, max: 40 }), (text, max) => {
        const cut = firstLine(text, max);
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(cut).toMatch(WELL_FORMED);
        const kept = cut.endsWith('…') && cut !== text.trim() ? cut.slice(0, -1) : cut;
        expect(text.trim().startsWith(kept)).toBe(true);
      }),
    );
  });

  it('keeps the emoji whole or leaves it out at the cut', () => {
    expect(firstLine('abc👍def', 5)).toBe('abc…');
    expect(firstLine('ab👍cdef', 5)).toBe('ab👍…');
  });
});
