/**
 * Validation messages quote untrusted values cut to 80 UTF-16 units (src/core/clip.ts); the cut
 * falls between grapheme clusters, so a message never holds half a surrogate pair or a base
 * letter without its combining marks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateFlag } from '../src/core/validate.js';

const segmenter = new Intl.Segmenter();
const graphemes = (text: string): string[] => [...segmenter.segment(text)].map((s) => s.segment);
/** A lone surrogate: with the `u` flag a pair is one code point, so only a lone half matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** The quoted value in `flag_type must be one of ... (got VALUE)`. */
function quoted(value: string): string {
  const { problems } = validateFlag({ flag_type: value }, {});
  const message = problems.find((p) => p.message.startsWith('flag_type'))?.message ?? '';
  return /\(got (.*)\)$/su.exec(message)?.[1] ?? '';
}

const cluster = fc.constantFrom(
  'a',
  '😀',
  '👍🏽',
  '👨‍👩‍👧',
  'é',
  'e\u0301',
  '🇫🇷',
  '한',
  '\u0915\u094d\u0937',
);

describe('quoting untrusted text in a validation message', () => {
  it('cuts a long value between grapheme clusters, never inside one', () => {
    fc.assert(
      fc.property(fc.array(cluster, { minLength: 30, maxLength: 90 }), (parts) => {
        const value = parts.join('');
        const json = JSON.stringify(value);
        const shown = quoted(value);
        expect(LONE_SURROGATE.test(shown)).toBe(false);
        if (json.length <= 80) {
          expect(shown).toBe(json);
          return;
        }
        expect(shown.endsWith('...')).toBe(true);
        expect(shown.length).toBeLessThanOrEqual(80);
        const kept = graphemes(shown.slice(0, -3));
        expect(kept).toEqual(graphemes(json).slice(0, kept.length));
      }),
    );
  });

  it('never leaves a lone surrogate for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 20, maxLength: 120 }), (value) => {
        expect(LONE_SURROGATE.test(quoted(value))).toBe(false);
      }),
    );
  });
});
