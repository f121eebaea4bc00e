/** The parse cache's compact index reads back exactly what it held, and ignores a bad file. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CacheIndex } from '../src/store/cache-index.js';

describe('the parse cache index', () => {
  it('round-trips every sequence of sets and deletes through its columns', () => {
    const id = fc.constantFrom('A', 'B', 'C', '01KDVDNA00G1XB7WPX2401WD8J');
    const op = fc.oneof(
      fc.tuple(
        fc.constant('set'),
        id,
        fc.string(),
        fc.constantFrom('@a.b', '-', '!invalid', ''),
        fc.string(),
      ),
      fc.tuple(fc.constant('delete'), id),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const index = new CacheIndex();
        const model = new Map<string, [string, string, string]>();
        for (const [kind, key, version, shard, marks] of ops as string[][] as [
          string,
          string,
          string,
          string,
          string,
        ][]) {
          if (kind === 'set' && !`${version}${marks}`.includes('\n')) {
            index.set(key, version, shard, marks);
            model.set(key, [version, shard, marks]);
          } else if (kind === 'delete') {
            index.delete(key);
            model.delete(key);
          }
        }
        const read = CacheIndex.from(JSON.parse(JSON.stringify(index)));
        expect(read.ids().sort()).toEqual([...model.keys()].sort());
        for (const [key, value] of model) expect(read.get(key)).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });

  it('reads a missing, malformed or inconsistent file as empty', () => {
    for (const bad of [
      null,
      3,
      [],
      { ids: 'a' },
      { ids: 'a\nb', keys: 'k', marks: '\n', shards: [0], names: ['x'] },
      { ids: 'a', keys: 'k', marks: '\n', shards: [0], names: ['x'] },
      { ids: 'a', keys: 'k', shards: [0], names: ['x'] },
    ]) {
      expect(CacheIndex.from(bad).ids()).toEqual([]);
    }
  });
});
