/**
 * Strings of any unicode for property tests, without fast-check's `unit: 'binary'`: that unit
 * maps an index onto all 1,112,064 code points and, to shrink, builds (and keeps for the life of
 * the worker) a map from every one of them back to its index, about 86 MB of heap and 1.8 s of
 * CPU. Test files share their worker (`isolate: false`), and every process a fat worker forks
 * costs it more system time. Here a code point is an integer mapped with `String.fromCodePoint`,
 * so it shrinks through the integer and keeps nothing.
 */
import fc from 'fast-check';

/**
 * Ranges drawn about evenly, so each UTF-8 length (1 to 4 bytes) and the UTF-16 pairs turn up
 * often: `unit: 'binary'` drew from the whole range, so almost every character was astral.
 */
const RANGES = [
  { min: 0, max: 0x7f, weight: 3 },
  { min: 0x80, max: 0x7ff, weight: 2 },
  { min: 0x800, max: 0xd7ff, weight: 2 },
  { min: 0xe000, max: 0xffff, weight: 1 },
  { min: 0x10000, max: 0x10ffff, weight: 2 },
];
const SURROGATES = { min: 0xd800, max: 0xdfff, weight: 1 };

/** The code point a one-character string holds; throws on any other string (fast-check's unmapper). */
function codePointOf(value: unknown): number {
  const code = typeof value === 'string' ? value.codePointAt(0) : undefined;
  if (code === undefined || String.fromCodePoint(code) !== value)
    throw new Error('not one code point');
  return code;
}

/**
 * One code point of any plane, as a string. With `loneSurrogates`, also a lone UTF-16 half
 * (U+D800 to U+DFFF), which no UTF-8 text can hold but a JavaScript string can.
 */
export function codePointArb(options: { loneSurrogates?: boolean } = {}): fc.Arbitrary<string> {
  const ranges = options.loneSurrogates ? [...RANGES, SURROGATES] : RANGES;
  const arbs = ranges.map(({ min, max, weight }) => ({
    arbitrary: fc.integer({ min, max }),
    weight,
  }));
  return fc.oneof(...arbs).map((code) => String.fromCodePoint(code), codePointOf);
}

/** A string of any code points (what `fc.string({ unit: 'binary' })` gave, and lone halves on request). */
export function unicodeStringArb(
  options: { minLength?: number; maxLength?: number; loneSurrogates?: boolean } = {},
): fc.Arbitrary<string> {
  const { loneSurrogates, ...lengths } = options;
  return fc.string({ unit: codePointArb({ loneSurrogates }), ...lengths });
}
