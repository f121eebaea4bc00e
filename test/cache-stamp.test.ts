/**
 * Stamped cache files (src/store/cache.ts): what `saveStamped` writes, `loadStamped` reads back;
 * a file of another format version or other code is refused before it is parsed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheIndex } from '../src/store/cache-index.js';
import { loadStamped, saveStamped, stampedBytes, stampOf } from '../src/store/cache.js';
import { tempDir } from './helpers.js';

describe('stamped cache files', () => {
  it('read back what was written, and nothing of another version or code', async () => {
    const path = join(tempDir(), 'index.json');
    const index = new CacheIndex(dirname(path));
    for (let i = 0; i < 3000; i++) index.set(`id${i}`, `k${i}`, i % 3 ? '@a.b' : '-', `m"\t${i}`);
    index.save(path, stampOf(4));
    const read = CacheIndex.from(stampedBytes(path, 4), dirname(path));
    expect(read.ids()).toEqual(Array.from({ length: 3000 }, (_, i) => `id${i}`));
    expect(read.get('id2999')).toEqual(['k2999', '@a.b']);
    expect(read.marksOf('id2999', 'k2999')).toBe('m"\t2999');
    expect(loadStamped(path, 5)).toBeNull();
    await saveStamped(path, 4, [2]);
    expect(loadStamped(path, 4)).toEqual([2]);
    const text = readFileSync(path, 'utf8');
    const stamp = (JSON.parse(text) as { stamp: string }).stamp;
    // Another code's stamp, the rest not even JSON: refused without a parse.
    writeFileSync(path, `{"stamp":${JSON.stringify(`${stamp}x`)},"value":[`);
    expect(loadStamped(path, 4)).toBeNull();
    writeFileSync(path, JSON.stringify({ stamp, value: [1] }));
    expect(loadStamped(path, 4)).toEqual([1]);
    writeFileSync(path, JSON.stringify({ stamp, value: [1] }, null, 1));
    expect(loadStamped(path, 4)).toBeNull();
  });
});
