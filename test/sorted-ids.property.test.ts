/** SortedIds (src/core/sorted-ids.ts) answers as a Set would, whatever order ids come in. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedIds } from '../src/core/sorted-ids.js';

describe('sorted ids', () => {
  it('holds exactly the ids added, in order or not', () => {
    const id = fc.stringMatching(/^[0-9A-Z]{0,4}$/);
    fc.assert(
      fc.property(
        fc.array(id, { maxLength: 40 }),
        fc.array(id, { maxLength: 20 }),
        fc.boolean(),
        (added, probes, sorted) => {
          const order = sorted ? [...added].sort() : added;
          const ids = new SortedIds();
          for (const value of order) ids.add(value);
          const set = new Set(order);
          expect(ids.size).toBe(set.size);
          for (const probe of [...probes, ...added]) expect(ids.has(probe)).toBe(set.has(probe));
        },
      ),
      { numRuns: 500 },
    );
  });
});
