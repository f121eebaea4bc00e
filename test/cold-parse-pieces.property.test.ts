import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MARK_KEYS, decodeMarks, encodeMarks, type FlagMarks } from '../src/core/marks.js';
import { conflictMarkerLines } from '../src/core/validate.js';

/** encodeMarks before round perf31: the fields joined, then split again to count them. */
function encodeByJoin(flag: FlagMarks): string | null {
  const fields: string[] = [];
  for (const key of MARK_KEYS) {
    const value = flag[key];
    if (value === '') return null;
    fields.push(typeof value === 'boolean' ? (value ? '1' : '0') : (value ?? ''));
  }
  const line = fields.join('\t');
  return /\n/.test(line) || line.split('\t').length !== MARK_KEYS.length ? null : line;
}

const text = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.constantFrom('pending', '@a.b', '2026-01-01T00:00:00.000Z', 'a\tb', 'a\nb', '\t', '\n'),
  fc.string({ maxLength: 6 }),
);
const marks = fc
  .tuple(fc.array(text, { minLength: MARK_KEYS.length, maxLength: MARK_KEYS.length }), fc.boolean())
  .map(([texts, locked]) => {
    const flag: Record<string, unknown> = { id: '01KDVDNA0008JEFFX5YERMAJE2' };
    MARK_KEYS.forEach((key, i) => (flag[key] = key === 'locked' ? locked : texts[i]));
    return flag as unknown as FlagMarks;
  });

describe('the pieces a cold read runs for every flag (round perf31)', () => {
  it('encodeMarks gives the line the join-and-split reading gave, and it decodes back', () => {
    fc.assert(
      fc.property(marks, (flag) => {
        const line = encodeMarks(flag);
        expect(line).toBe(encodeByJoin(flag));
        if (line !== null) expect(decodeMarks(flag.id, line)).toEqual(flag);
      }),
      { numRuns: 3000 },
    );
  });

  it('conflictMarkerLines finds the lines the pattern scan found, runs of markers or not', () => {
    const piece = fc.constantFrom(
      '<<<<<<<',
      '>>>>>>>',
      '|||||||',
      '=======',
      '<<<<<<',
      '== ',
      ' ',
      'x',
      '\n',
      '\r\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const body = pieces.join('');
        const expected = /<{7}|>{7}|\|{7}|={7}/.test(body)
          ? body
              .split('\n')
              .flatMap((line, i) =>
                /^(?:(?:<{7}|>{7}|\|{7})(?: |$)|={7}$)/.test(line.replace(/\r$/, ''))
                  ? [i + 1]
                  : [],
              )
          : [];
        expect(conflictMarkerLines(body)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
