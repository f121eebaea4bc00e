/**
 * What a warm commit hook and a write load (docs/performance.md, round perf28): every commit and
 * every write pays for it. On a 2-core machine node's promise file system (with readline and
 * libuv's thread pool), its perf_hooks and the colour package cost the hook about 11 ms of CPU
 * between them, and node's Web Crypto (which the ulid package took its random numbers from) about
 * a millisecond of every write. A CommonJS preload lists node's modules as the process exits.
 */
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { codeCacheOn } from '../src/cli/code-cache.js';
import { PLAIN_COLORS } from '../src/cli/output.js';
import { adoptedFlagId, newFlagId } from '../src/store/ids.js';
import { FIXTURES, createArgs, createFlag, git, makeRepo, spawnCli, tempDir } from './helpers.js';

const ROOT = join(import.meta.dirname, '..');

/** node's modules and packages a run of the CLI with `args` in `repo` loaded. */
async function loads(repo: string, args: string[]): Promise<string[]> {
  const log = join(tempDir(), 'builtins.log');
  writeFileSync(log, '');
  const res = await spawnCli(repo, args, {
    NODE_OPTIONS: `--require=${join(FIXTURES, 'builtins-trace.cjs')}`,
    FLAGSTORE_TEST_BUILTINS_LOG: log,
  });
  expect(res.code).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const hookLoads = (repo: string) => loads(repo, ['gate', 'pre-commit']);

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

describe('a write', () => {
  it.runIf(codeCacheOn())(
    'loads neither Web Crypto (for its random numbers), worker threads nor the promise file system',
    async () => {
      const repo = await makeRepo();
      const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
      const lock = await loads(repo, ['lock', id, '--by', '@b.two']);
      expect(lock).toContain('NativeModule crypto');
      expect(lock).not.toContain('NativeModule internal/crypto/webcrypto');
      // A write starts no reader thread and reads no file form (round perf37).
      expect(lock).not.toContain('NativeModule worker_threads');
      expect(lock).not.toContain('NativeModule internal/fs/promises');
      const create = await loads(repo, [
        ...createArgs('change', '--to', '@b.two'),
        '--by',
        '@a.one',
      ]);
      expect(create).not.toContain('NativeModule internal/crypto/webcrypto');
    },
  );

  it("checks a --by against the catalog without loading catalog search's modules", async () => {
    const { metafile } = await build({
      entryPoints: [join(ROOT, 'src', 'catalog', 'catalog-checks.ts')],
      absWorkingDir: ROOT,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      packages: 'external',
    });
    const modules = Object.keys(metafile.inputs);
    expect(modules).toContain('src/catalog/catalog-files.ts');
    expect(modules.filter((m) => /search|catalog\/text\.ts/.test(m))).toEqual([]);
  });

  it('makes IDs that carry their time and sort in the order made', () => {
    // Later than any ID this process made: the factory never goes back to an earlier time.
    const at = new Date(Date.now() + 60_000);
    const ids = Array.from({ length: 500 }, () => newFlagId(at));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every((id) => /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
    expect(decodeTime(ids[0]!)).toBe(at.getTime());
    const old = new Date('2020-01-01T00:00:00.000Z');
    // A hand-written flag's id: its time, and the same id for the same file, another for another.
    const adopted = adoptedFlagId(old, 'flags/a.md\0text');
    expect(decodeTime(adopted)).toBe(old.getTime());
    expect(/^[0-9A-HJKMNP-TV-Z]{26}$/.test(adopted)).toBe(true);
    expect(adoptedFlagId(old, 'flags/a.md\0text')).toBe(adopted);
    expect(adoptedFlagId(old, 'flags/b.md\0text')).not.toBe(adopted);
  });
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
