/**
 * The parse cache's compact index reads back exactly what it held and recorded, through its
 * file (recorded rows spooled to scratch files in batches), and ignores a bad file.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  const withJournal = CacheIndex.from(stampedBytes(path, 9), dir, stampOf(9));
  const whole = loadStamped<Columns>(path, 9);
  if (whole === null) return withJournal;
  // A column of no rows is the empty string, not one empty row.
  const rows = (column: string): string[] => (whole.ids === '' ? [] : column.split('\n'));
  const [ids, keys, marks] = [whole.ids, whole.keys, whole.marks].map(rows);
  // One comparison of every row (an `expect` per row was most of the property's time).
  const read: unknown[] = [];
  const parsed: unknown[] = [];
  const last = new Map(ids!.map((id, i) => [id, i]));
  ids!.forEach((id, i) => {
    if (last.get(id) !== i) return;
    const [key, shard] = [keys![i] as string, whole.names[whole.shards[i] as number]];
    read.push([
      id,
      index.get(id),
      index.shardOf(id, key),
      index.marksOf(id, key),
      index.marksOf(id, `${key}x`),
    ]);
    parsed.push([id, [key, shard], shard, marks![i], undefined]);
  });
  expect(read).toEqual(parsed);
  return withJournal;
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
        const rows = [...model.keys()].map((key) => [
          read.get(key),
          read.marksOf(key, model.get(key)![0]),
        ]);
        expect(rows).toEqual(
          [...model.values()].map(([version, shard, marks]) => [[version, shard], marks]),
        );
        // The scratch files have no name, the temp file was renamed.
        const files = readdirSync(dir).filter((name) => name !== 'index-journal.jsonl');
        expect(files).toEqual(['index.json']);
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

describe("the parse cache index's journal", () => {
  const journalOf = (dir: string) => join(dir, 'index-journal.jsonl');

  /** An index file of `count` rows (`<i>` at key `k<i>`, shard `@a.b`), written whole. */
  function written(count: number): string {
    const dir = tempDir();
    const index = CacheIndex.from(null, dir, stampOf(9));
    for (let i = 0; i < count; i++) index.set(String(i), `k${i}`, '@a.b', `m${i}`);
    index.save(join(dir, 'index.json'), stampOf(9));
    expect(existsSync(journalOf(dir))).toBe(false);
    return dir;
  }

  const open = (dir: string) =>
    CacheIndex.from(stampedBytes(join(dir, 'index.json'), 9), dir, stampOf(9));

  it('takes a save of a few rows, and the file is not written again', () => {
    const dir = written(1000);
    const before = readFileSync(join(dir, 'index.json'));
    const index = open(dir);
    index.set('5', 'k5b', '-', 'changed');
    index.delete('7');
    index.save(join(dir, 'index.json'), stampOf(9));
    expect(readFileSync(join(dir, 'index.json'))).toEqual(before);
    expect(readFileSync(journalOf(dir), 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    const read = open(dir);
    expect(read.get('5')).toEqual(['k5b', '-']);
    expect(read.marksOf('5', 'k5b')).toBe('changed');
    expect(read.shardOf('5', 'k5')).toBeUndefined();
    expect(read.has('7')).toBe(false);
    expect(read.get('8')).toEqual(['k8', '@a.b']);
    expect(read.size).toBe(999);
  });

  it('takes the rows of two processes that read the same index and saved one after the other', () => {
    const dir = written(10);
    const [one, two] = [open(dir), open(dir)];
    one.set('1', 'k1b', '-', 'one');
    two.set('2', 'k2b', '-', 'two');
    two.delete('3');
    one.save(join(dir, 'index.json'), stampOf(9));
    two.save(join(dir, 'index.json'), stampOf(9));
    const read = open(dir);
    expect(read.get('1')).toEqual(['k1b', '-']);
    expect(read.get('2')).toEqual(['k2b', '-']);
    expect(read.has('3')).toBe(false);
    expect(read.size).toBe(9);
  });

  it('skips a torn append: the rows appended after it still read', () => {
    const dir = written(10);
    const first = open(dir);
    first.set('1', 'k1b', '@a.b', 'one');
    first.save(join(dir, 'index.json'), stampOf(9));
    // A writer stopped in the middle of a row (no line break after it).
    appendFileSync(journalOf(dir), '["2","k2b","two","@a');
    const second = open(dir);
    second.set('3', 'k3b', '@a.b', 'three');
    second.save(join(dir, 'index.json'), stampOf(9));
    const read = open(dir);
    expect(read.get('1')).toEqual(['k1b', '@a.b']);
    expect(read.get('2')).toEqual(['k2', '@a.b']);
    expect(read.get('3')).toEqual(['k3b', '@a.b']);
  });

  it('is not read from other code, and the next save writes the file whole without it', () => {
    const dir = written(10);
    writeFileSync(journalOf(dir), `${JSON.stringify(stampOf(8))}\n["1","k1b","one","@a.b"]\n`);
    const index = open(dir);
    expect(index.get('1')).toEqual(['k1', '@a.b']);
    index.set('2', 'k2b', '-', 'two');
    index.save(join(dir, 'index.json'), stampOf(9));
    expect(existsSync(journalOf(dir))).toBe(false);
    expect(CacheIndex.from(stampedBytes(join(dir, 'index.json'), 9), dir).get('2')).toEqual([
      'k2b',
      '-',
    ]);
  });

  it('once full, gives way to the file written whole, holding its rows', () => {
    const dir = written(10);
    for (let i = 0; i < 3; i++) {
      const index = open(dir);
      for (let j = 0; j < 100; j++) index.set(`new${i}:${j}`, `k${j}`, '-', `m${i}`);
      index.save(join(dir, 'index.json'), stampOf(9));
    }
    // 200 rows went to the journal; the third save's 100 did not fit in its 256 lines.
    expect(existsSync(journalOf(dir))).toBe(false);
    const read = CacheIndex.from(stampedBytes(join(dir, 'index.json'), 9), dir);
    expect(read.size).toBe(310);
    expect(read.marksOf('new0:5', 'k5')).toBe('m0');
    expect(read.marksOf('new2:99', 'k99')).toBe('m2');
  });
});
