/**
 * Node 20's code cache holds the functions the run that wrote it compiled: a cache written by
 * `create` lacked some `lock` and `complete` need, and they compiled those on every run. A run of
 * a command the kept code was not compiled for writes it again once, with its functions added,
 * for at most 8 commands: later ones use it as it is (MOST_KINDS in src/cli/code-cache.ts).
 */
import { readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeCacheOn } from '../src/cli/code-cache.js';
import { createArgs, makeRepo, spawnCli, tempDir } from './helpers.js';

describe.runIf(codeCacheOn())('the kept code of a write', () => {
  it('is written again once for each other command, growing, up to 8; the same command leaves it', async () => {
    const repo = await makeRepo();
    const env = { NODE_COMPILE_CACHE: tempDir() };
    const run = (args: string[]) => spawnCli(repo, args, env);
    const created = await run([
      '--json',
      ...createArgs('change', '--to', '@c.three'),
      '--by',
      '@a.one',
    ]);
    const id = created.json<{ flag: { id: string } }>().flag.id;
    const dir = join(env.NODE_COMPILE_CACHE, 'flagstore');
    const file = join(dir, readdirSync(dir).find((name) => name.startsWith('write-')) ?? '');
    const kinds = () => readFileSync(file).toString('latin1').split('\n')[1];
    const first = statSync(file).size;
    expect(kinds()).toBe('create');
    // Named after a global option's value (-C work), as route.ts reads the command.
    const outside = tempDir();
    symlinkSync(repo, join(outside, 'work'));
    const locked = await spawnCli(outside, ['-C', 'work', 'lock', id, '--by', '@c.three'], env);
    expect(locked.code).toBe(0);
    expect(kinds()).toBe('create lock');
    expect(statSync(file).size).toBeGreaterThan(first);
    const kept = readFileSync(file);
    expect((await run(['unlock', id, '--by', '@c.three'])).code).toBe(0);
    expect((await run(['lock', id, '--by', '@c.three'])).code).toBe(0);
    expect(kinds()).toBe('create lock unlock');
    const again = readFileSync(file);
    expect(again.equals(kept)).toBe(false);
    expect((await run(['unlock', id, '--by', '@c.three'])).code).toBe(0);
    expect(readFileSync(file).equals(again)).toBe(true);
    // Kept for 8 commands (five more named by hand, not run), a ninth uses it as it is.
    const head = again.indexOf(10);
    const code = again.subarray(again.indexOf(10, head + 1));
    const eight = 'create lock unlock four five six seven eight';
    const full = Buffer.concat([again.subarray(0, head + 1), Buffer.from(eight), code]);
    writeFileSync(file, full);
    expect((await run(['complete', id, '--by', '@c.three', '--notes', 'done'])).code).toBe(0);
    expect(kinds()).toBe(eight);
    expect(readFileSync(file).equals(full)).toBe(true);
  });
});
