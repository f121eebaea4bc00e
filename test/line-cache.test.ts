/**
 * Stamped files of lines (src/store/line-cache.ts), as the parse cache's shards are written: the
 * records read back as written (also a record longer than one read of 64 KB, and texts with
 * line breaks), the file is one JSON document, and a file of another stamp or format, or cut
 * short, is refused. A warm read takes its parses from the shard so written.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLines, writeLines } from '../src/store/line-cache.js';
import { cli, createFlag, makeRepo, tempDir } from './helpers.js';
import { unicodeStringArb } from './unicode-arb.js';

function readBack(path: string, stamp: string): unknown[] | null {
  const records: unknown[] = [];
  return readLines(path, stamp, (r) => records.push(r)) ? records : null;
}

describe('stamped files of lines', () => {
  it('read back the records written, and are one JSON document', () => {
    const record = fc.oneof(
      fc.jsonValue(),
      unicodeStringArb({ loneSurrogates: true }),
      fc.constantFrom('a\nb', '\n,\n', ']}', 'x'.repeat(70_000), `é${'☃'.repeat(40_000)}\n`),
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), (records) => {
        const path = join(tempDir(), 'shard.json');
        writeLines(path, 's1', records);
        const expected = JSON.parse(JSON.stringify(records)) as unknown[];
        expect(readBack(path, 's1')).toEqual(expected);
        expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ stamp: 's1', value: expected });
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a missing file, another stamp, the one-line format and a file cut short', () => {
    const dir = tempDir();
    const path = join(dir, 'shard.json');
    expect(readBack(path, 's1')).toBeNull();
    writeLines(path, 's1', [
      ['a', 1],
      ['b', 2],
    ]);
    expect(readdirSync(dir)).toEqual(['shard.json']);
    const text = readFileSync(path, 'utf8');
    expect(readBack(path, 's2')).toBeNull();
    for (const bad of [
      JSON.stringify({ stamp: 's1', value: [['a', 1]] }),
      text.slice(0, text.lastIndexOf('\n')),
      text.replace('\n,["b"', '\n["b"'),
      `${text}\n[]`,
      text.replace('["b",2]', '["b",'),
    ]) {
      writeFileSync(path, bad);
      expect(readBack(path, 's1'), bad).toBeNull();
    }
    writeFileSync(path, text);
    expect(readBack(path, 's1')).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('hold the parses a warm read takes instead of parsing again', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    const texts = async () =>
      (await cli(repo, ['--json', 'list', '--for', '@b.two'])).json<{
        flags: { change_description: string }[];
      }>().flags[0]?.change_description;
    const before = await texts();
    const shard = join(repo, '.git', 'flagstore', 'cache', 'shard-%40b.two.json');
    const text = readFileSync(shard, 'utf8');
    expect(text).toContain(id);
    // The shard's copy of the parse, changed where only a read of the shard can see it.
    writeFileSync(
      shard,
      text.replace(`"change_description":"${before}"`, '"change_description":"from the shard"'),
    );
    expect(await texts()).toBe('from the shard');
  });
});
