/**
 * What a warm commit hook loads (docs/performance.md, round perf28): every commit pays for it,
 * and on a 2-core machine node's promise file system (with readline and libuv's thread pool),
 * its perf_hooks and the colour package cost the hook about 11 ms of CPU between them. A
 * CommonJS preload lists node's modules as the process exits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { codeCacheOn } from '../src/cli/code-cache.js';
import { PLAIN_COLORS } from '../src/cli/output.js';
import { FIXTURES, git, makeRepo, spawnCli, tempDir } from './helpers.js';

/** node's modules and packages a run of `gate pre-commit` in `repo` loaded. */
async function hookLoads(repo: string): Promise<string[]> {
  const log = join(tempDir(), 'builtins.log');
  writeFileSync(log, '');
  const res = await spawnCli(repo, ['gate', 'pre-commit'], {
    NODE_OPTIONS: `--require=${join(FIXTURES, 'builtins-trace.cjs')}`,
    FLAGSTORE_TEST_BUILTINS_LOG: log,
  });
  expect(res.code).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('the commit hook', () => {
  // Where node has its own compile cache (22 and later) the entry is an ES module, whose loader
  // reads files through the promise file system itself.
  it.runIf(codeCacheOn())(
    'loads neither the promise file system, perf_hooks nor the colour package when warm',
    async () => {
      const repo = await makeRepo();
      writeFileSync(join(repo, 'work.ts'), 'export const x = 1;\n');
      git(repo, 'add', 'work.ts');
      await hookLoads(repo);
      const loads = await hookLoads(repo);
      expect(loads).toContain('NativeModule child_process');
      expect(loads).not.toContain('NativeModule internal/fs/promises');
      expect(loads).not.toContain('NativeModule perf_hooks');
      expect(loads).not.toContain('picocolors');
    },
  );
});

describe('the palette with colour off', () => {
  it('is what the colour package makes with colour off, without loading it', () => {
    const off = pc.createColors(false);
    expect(PLAIN_COLORS.isColorSupported).toBe(false);
    for (const [key, value] of Object.entries(off)) {
      if (typeof value !== 'function') continue;
      const helper = PLAIN_COLORS[key as keyof typeof off] as (input: unknown) => string;
      for (const input of ['text', '', 42, null, undefined])
        expect(helper(input)).toBe(value(input));
    }
  });
});
