import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimestamp } from '../src/core/instant.js';

/** The validator's test before round perf31: the pattern, then Date.parse. */
function reference(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

const two = (n: number) => String(n).padStart(2, '0');

describe('isTimestamp', () => {
  it('answers as the pattern and Date.parse do for every month, day and time field in the written form', () => {
    for (let month = 0; month <= 19; month++) {
      for (let day = 0; day <= 39; day++) {
        for (const time of [
          '00:00:00',
          '23:59:59',
          '24:00:00',
          '24:00:01',
          '23:60:00',
          '23:59:60',
        ]) {
          const value = `2026-${two(month)}-${two(day)}T${time}.000Z`;
          expect(isTimestamp(value), value).toBe(reference(value));
        }
      }
    }
  });

  it('answers as the pattern and Date.parse do for any text near the written form', () => {
    const char = fc.constantFrom(...'0123456789-:.TZz+ x');
    const near = fc
      .tuple(
        fc.date({ noInvalidDate: true }),
        fc.array(fc.tuple(fc.nat(25), char), { maxLength: 2 }),
      )
      .map(([date, edits]) => {
        const chars = [...date.toISOString()];
        for (const [at, c] of edits) chars[at] = c;
        return chars.join('');
      });
    fc.assert(
      fc.property(near, (value) => {
        expect(isTimestamp(value)).toBe(reference(value));
      }),
      { numRuns: 5000 },
    );
  });

  it('still takes the other forms the validator takes, and no others', () => {
    for (const value of [
      '2026-01-01T00:00Z',
      '2026-01-01T00:00:00+05:00',
      '2026-01-01T00:00:00.5Z',
    ])
      expect(isTimestamp(value)).toBe(true);
    for (const value of ['2026-01-01', '2026-01-01T00:00:00.000', '2026-01-01 00:00:00.000Z', ''])
      expect(isTimestamp(value)).toBe(false);
  });
});
