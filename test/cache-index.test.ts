/**
 * The parse cache's compact index reads back exactly what it held and recorded, through its
 * file (recorded rows spooled to scratch files in batches), and ignores a bad file.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadStamped, stampedBytes, stampOf } from '../src/store/cache.js';
import { CacheIndex } from '../src/store/cache-index.js';
import { tempDir } from './helpers.js';

type Row = [version: string, shard: string, marks: string];
type Op = ['set', string, string, string, string] | ['delete', string];

/** The index file's value parsed whole, as JSON: what the index read from its bytes must hold. */
interface Columns {
  ids: string;
  keys: string;
  marks: string;
  shards: number[];
  names: string[];
}

/**
 * Reads an index file as the parse cache does (its bytes held, rows found by id), which must give
 * what parsing the whole file gives: every row's key, shard and marks.
 */
function readBack(dir: string): CacheIndex {
  const path = join(dir, 'index.json');
  const index = CacheIndex.from(stampedBytes(path, 9), dir);
  const whole = loadStamped<Columns>(path, 9);
  if (whole === null) return index;
  // A column of no rows is the empty string, not one empty row.
  const rows = (column: string): string[] => (whole.ids === '' ? [] : column.split('\n'));
  const [ids, keys, marks] = [whole.ids, whole.keys, whole.marks].map(rows);
  ids!.forEach((id, i) => {
    if (ids!.lastIndexOf(id) !== i) return;
    const [key, shard] = [keys![i] as string, whole.names[whole.shards[i] as number]];
    expect(index.get(id)).toEqual([key, shard]);
    expect(index.shardOf(id, key)).toBe(shard);
    expect(index.marksOf(id, key)).toBe(marks![i]);
    expect(index.marksOf(id, `${key}x`)).toBeUndefined();
  });
  return index;
}

/**
 * Runs one session on an index read from `dir` and saves it. Deletes drop only files as read
 * (a read records each file once and drops only files it did not record).
 */
function session(dir: string, ops: Op[], model: Map<string, Row>): void {
  const index = readBack(dir);
  const recorded = new Set<string>();
  for (const op of ops) {
    if (op[0] === 'set') {
      const [, id, version, shard, marks] = op;
      if (`${version}${marks}`.includes('\n')) continue;
      index.set(id, version, shard, marks);
      model.set(id, [version, shard, marks]);
      recorded.add(id);
    } else if (!recorded.has(op[1])) {
      index.delete(op[1]);
      model.delete(op[1]);
    }
  }
  index.save(join(dir, 'index.json'), stampOf(9));
}

describe('the parse cache index', () => {
  it('round-trips sessions of sets and deletes through its file', () => {
    // Ids and marks beyond one batch of 512, so rows are spooled, not only held.
    const id = fc.oneof(
      fc.constantFrom('A', 'B', 'C', '01KDVDNA00G1XB7WPX2401WD8J'),
      fc.integer({ min: 0, max: 1500 }).map(String),
    );
    const set = fc.tuple(
      fc.constant('set' as const),
      id,
      fc.string(),
      fc.constantFrom('@a.b', '-', '!invalid', '@é.☃', '@x]}}', '@y","keys":"'),
      fc.string(),
    );
    const ops = fc.array(fc.oneof(set, fc.tuple(fc.constant('delete' as const), id)), {
      maxLength: 12,
    });
    const bulk = fc.integer({ min: 0, max: 1400 });
    fc.assert(
      fc.property(fc.array(fc.tuple(bulk, ops), { minLength: 1, maxLength: 3 }), (sessions) => {
        const dir = tempDir();
        const model = new Map<string, Row>();
        for (const [count, some] of sessions) {
          const many: Op[] = Array.from({ length: count }, (_, i) => [
            'set',
            String(i),
            `k${i}:${count}`,
            i % 3 ? '@a.b' : '-',
            `\t"m\\n${i}`,
          ]);
          session(dir, [...many, ...(some as Op[])], model);
        }
        const read = readBack(dir);
        expect(read.ids().sort()).toEqual([...model.keys()].sort());
        for (const [key, [version, shard, marks]] of model) {
          expect(read.get(key)).toEqual([version, shard]);
          expect(read.marksOf(key, version)).toBe(marks);
        }
        // The scratch files have no name, the temp file was renamed.
        expect(readdirSync(dir)).toEqual(['index.json']);
      }),
      { numRuns: 40, examples: [[[[0, []]]]] },
    );
  });

  it('reads a missing, malformed or inconsistent file as empty', () => {
    for (const bad of [
      null,
      3,
      [],
      { ids: 'a' },
      { ids: '', keys: '', marks: '', shards: [], names: [] },
      { ids: 'a\nb', keys: 'k', marks: '\n', shards: [0], names: ['x'] },
      { ids: 'a', keys: 'k', marks: '\n', shards: [0], names: ['x'] },
      { ids: 'a', keys: 'k', shards: [0], names: ['x'] },
      { ids: 'a', keys: 'k', marks: '', shards: [0], names: [1] },
    ]) {
      const bytes = Buffer.from(`${JSON.stringify(bad)}}`);
      expect(CacheIndex.from(bytes, tempDir()).ids()).toEqual([]);
    }
    expect(CacheIndex.from(null, tempDir()).ids()).toEqual([]);
  });

  it('drops a row whose shard number names no shard, and keeps the last row of an id', () => {
    const value = {
      ids: 'a\nb\na',
      keys: 'k1\nk2\nk3',
      marks: '\n\nm',
      shards: [0, 5, 0],
      names: ['x'],
    };
    const index = CacheIndex.from(Buffer.from(`${JSON.stringify(value)}}`), tempDir());
    expect(index.ids()).toEqual(['a']);
    expect(index.get('a')).toEqual(['k3', 'x']);
    expect(index.marksOf('a', 'k3')).toBe('m');
    expect(index.has('b')).toBe(false);
    expect(index.size).toBe(1);
  });
});
