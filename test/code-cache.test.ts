/**
 * Node 20's code cache for the bundle's entries (src/cli/code-cache.ts), in real processes: the
 * output is the same whatever state the cache is in (none, kept, corrupt, truncated, from another
 * build, in a folder it may not use, written by concurrent first runs). A preloaded module
 * (fixtures/code-cache-trace.mjs) records whether V8 was given cached code and took it.
 */
import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeCacheOn } from '../src/cli/code-cache.js';
import {
  BIN,
  FIXTURES,
  cli as inProcess,
  createArgs,
  createFlag,
  makeRepo,
  tempDir,
} from './helpers.js';

const run = promisify(execFile);
const TRACE = pathToFileURL(join(FIXTURES, 'code-cache-trace.mjs')).href;
const LIST = ['list', '--for', '@b.two'];

let repo: string;
/** LIST's output without a code cache (see {@link plain}), once: no test changes what LIST lists. */
let listed: Promise<string> | undefined;

beforeAll(async () => {
  repo = await makeRepo();
  await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
  listed = undefined;
});

/** What LIST prints with the code cache off (see {@link listed}). */
function expectedList(): Promise<string> {
  listed ??= plain(LIST);
  return listed;
}

interface Run {
  out: string;
  /** The trace's lines: `<entry file> none|used|rejected`. */
  trace: string[];
}

/** Runs the CLI (`bin` given, else the checkout's) with the cache in `cache`. */
async function cli(args: string[], cache: string, bin = BIN): Promise<Run> {
  return traced(args, { NODE_COMPILE_CACHE: cache }, bin);
}

/** Runs the CLI with the trace preloaded and more variables (`bin` given, else the checkout's). */
async function traced(args: string[], extra: Record<string, string>, bin = BIN): Promise<Run> {
  const log = join(tempDir(), 'trace.log');
  writeFileSync(log, '');
  const env = { NODE_OPTIONS: `--import=${TRACE}`, CODE_CACHE_TEST_LOG: log, ...extra };
  const out = await spawn(args, env, bin);
  return { out, trace: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

/**
 * The output of a command line without any code cache: the full CLI in this process (`cli()` of
 * test/helpers.ts, the same variables as {@link spawn}), the reference the cached runs must print.
 */
async function plain(args: string[]): Promise<string> {
  const res = await inProcess(repo, args);
  return ageless(`${res.code}\n${res.stdout}\n${res.stderr}`);
}

/**
 * Exit code, standard output and standard error of a run, as one text. With `FILE_BLOCKS` among
 * the variables, the run's files may not grow past that many blocks (a full disk, as a write
 * sees it: the write that reaches the limit is cut short, the next fails).
 */
async function spawn(args: string[], extra: Record<string, string>, bin: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FLAGSTORE_NO_ANSWER_CACHE: '1' };
  delete env.FLAGSTORE_AGENT;
  delete env.NODE_DISABLE_COMPILE_CACHE;
  const limit =
    extra.FILE_BLOCKS === undefined
      ? []
      : ['sh', '-c', 'ulimit -f "$FILE_BLOCKS" && exec "$@"', 'sh'];
  const [file, ...rest] = [...limit, process.execPath, bin, ...args] as [string, ...string[]];
  try {
    const res = await run(file, rest, {
      cwd: repo,
      env: { ...env, ...extra },
    });
    return ageless(`0\n${res.stdout}\n${res.stderr}`);
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return ageless(`${e.code}\n${e.stdout}\n${e.stderr}`);
  }
}

/** Output with the flags' ages (which move between runs) blanked. */
function ageless(text: string): string {
  return text.replace(/ +\d+[smhd] +/g, ' <age> ');
}

/** The kept cache files of an entry. */
function kept(cache: string, entry: string): string[] {
  const dir = join(cache, 'flagstore');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith(`${entry}-`))
    .map((name) => join(dir, name));
}

describe.runIf(codeCacheOn())('the code cache of Node 20', () => {
  it('prints the same with no cache, with a kept one, and with the cache off', async () => {
    const cache = tempDir();
    const expected = await expectedList();
    const first = await cli(LIST, cache);
    expect(first).toEqual({ out: expected, trace: ['hot.cjs none'] });
    expect(kept(cache, 'hot')).toHaveLength(1);
    expect(await cli(LIST, cache)).toEqual({ out: expected, trace: ['hot.cjs used'] });
    // A write's failure is reported by the full CLI, imported from the cached entry.
    const failing = ['lock', '01ZZZZZZZZZZZZZZZZZZZZZZZZ', '--by', '@b.two'];
    const failed = await plain(failing);
    expect((await cli(failing, cache)).out).toBe(failed);
    expect(await cli(failing, cache)).toEqual({ out: failed, trace: ['write.cjs used'] });
  });

  it('compiles from source when the kept file is corrupt or truncated, and keeps it anew', async () => {
    const cache = tempDir();
    const expected = await expectedList();
    await cli(LIST, cache);
    const [file] = kept(cache, 'hot') as [string];
    const whole = readFileSync(file);
    const start = whole.indexOf(10) + 1;
    const damaged = [
      Buffer.concat([
        whole.subarray(0, start),
        Buffer.from(whole.subarray(start)).map((b) => b ^ 0x5a),
      ]),
      flipped(whole, start + Math.floor((whole.length - start) / 2)),
      whole.subarray(0, start + Math.floor((whole.length - start) / 2)),
      whole.subarray(0, start - 5),
      Buffer.from('not a cache'),
    ];
    for (const [index, bytes] of damaged.entries()) {
      writeFileSync(file, bytes);
      const damagedRun = await cli(LIST, cache);
      expect(damagedRun.out).toBe(expected);
      const next = await cli(LIST, cache);
      expect({ index, ...next }).toEqual({ index, out: expected, trace: ['hot.cjs used'] });
    }
  });

  it('does not use the cache of another build of the entry', async () => {
    const cache = tempDir();
    const pkg = packageCopy();
    const bin = join(pkg, 'bin', 'flagstore.js');
    const before = await cli(LIST, cache, bin);
    expect(before.out).toContain('IMPACT');
    expect((await cli(LIST, cache, bin)).trace).toEqual(['hot.cjs used']);
    rebuildWithSameSize(pkg, (text) => text.replace('"IMPACT", "TYPE"', '"IMPAKT", "TYPE"'));
    const after = await cli(LIST, cache, bin);
    expect(after.out).toBe(before.out.replace('IMPACT', 'IMPAKT'));
    expect(after.trace).toEqual(['hot.cjs none']);
  });

  it('leaves alone a cache folder it cannot write or that others may write', async () => {
    const expected = await expectedList();
    const notFolder = join(tempDir(), 'file');
    writeFileSync(notFolder, '');
    for (let i = 0; i < 2; i++)
      expect(await cli(LIST, notFolder)).toEqual({ out: expected, trace: ['hot.cjs none'] });
    const shared = tempDir();
    mkdirSync(join(shared, 'flagstore'), { mode: 0o777 });
    chmodSync(join(shared, 'flagstore'), 0o777);
    for (let i = 0; i < 2; i++)
      expect(await cli(LIST, shared)).toEqual({ out: expected, trace: ['hot.cjs none'] });
    expect(readdirSync(join(shared, 'flagstore'))).toEqual([]);
  });

  it('keeps the cache of a write that ends with process.exit (saved at exit)', async () => {
    const cache = tempDir();
    // For another agent: LIST's output stays the one the other tests expect.
    const create = [...createArgs('change', '--to', '@c.three'), '--by', '@a.one'];
    const first = await cli(create, cache);
    expect(first.out).toMatch(/^0\n/);
    expect(first.trace).toEqual(['write.cjs none']);
    expect(kept(cache, 'write')).toHaveLength(1);
    expect((await cli(create, cache)).trace).toEqual(['write.cjs used']);
  });

  it('keeps one whole cache when first runs start together', async () => {
    const cache = tempDir();
    const expected = await expectedList();
    const runs = await Promise.all(Array.from({ length: 6 }, () => cli(LIST, cache)));
    for (const each of runs) expect(each.out).toBe(expected);
    expect(readdirSync(join(cache, 'flagstore'))).toHaveLength(1);
    expect(await cli(LIST, cache)).toEqual({ out: expected, trace: ['hot.cjs used'] });
  });
});

describe.runIf(codeCacheOn())('writing the code cache of Node 20', () => {
  it('keeps no cache file when the disk takes only part of it, and keeps a whole one next time', async () => {
    const cache = tempDir();
    const expected = await expectedList();
    // 100 blocks (51 or 102 kB) hold the key but not the code (about 200 kB with the trace).
    const short = await traced(LIST, { NODE_COMPILE_CACHE: cache, FILE_BLOCKS: '100' });
    expect(short).toEqual({ out: expected, trace: ['hot.cjs none'] });
    expect(readdirSync(join(cache, 'flagstore'))).toEqual([]);
    expect(await cli(LIST, cache)).toEqual({ out: expected, trace: ['hot.cjs none'] });
    expect(await cli(LIST, cache)).toEqual({ out: expected, trace: ['hot.cjs used'] });
  });

  it("removes the temp files of killed writers on a miss only, never a live writer's", async () => {
    const cache = tempDir();
    const expected = await expectedList();
    await cli(LIST, cache);
    const folder = join(cache, 'flagstore');
    // No process has an id above the kernel's largest (4,194,304 at most).
    const orphan = join(folder, 'write-0000.bin.99999999.tmp');
    const live = join(folder, `write-0000.bin.${process.pid}.tmp`);
    for (const file of [orphan, live]) writeFileSync(file, 'partial');
    expect(await cli(LIST, cache)).toEqual({ out: expected, trace: ['hot.cjs used'] });
    expect(existsSync(orphan)).toBe(true);
    const [file] = kept(cache, 'hot') as [string];
    writeFileSync(file, 'not a cache');
    expect((await cli(LIST, cache)).trace).toEqual(['hot.cjs none']);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('takes a relative NODE_COMPILE_CACHE as unset: the cache goes to the temp folder, not the repository', async () => {
    const temp = tempDir();
    const expected = await expectedList();
    const env = { NODE_COMPILE_CACHE: 'relative-cache', TMPDIR: temp };
    expect(await traced(LIST, env)).toEqual({ out: expected, trace: ['hot.cjs none'] });
    expect(existsSync(join(repo, 'relative-cache'))).toBe(false);
    expect(
      readdirSync(temp).filter((name) => name.startsWith('flagstore-code-cache-')),
    ).toHaveLength(1);
    expect(await traced(LIST, env)).toEqual({ out: expected, trace: ['hot.cjs used'] });
  });
});

/** A copy of the bytes with those at `at` inverted. */
function flipped(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  for (let i = at; i < at + 64 && i < copy.length; i++) copy[i] = (copy[i] as number) ^ 0xff;
  return copy;
}

/** A copy of the built package (bin/, dist/, package.json) that uses this checkout's modules. */
function packageCopy(): string {
  const root = resolve(BIN, '..', '..');
  const pkg = tempDir('flagstore-pkg-');
  for (const part of ['bin', 'dist', 'package.json'])
    cpSync(join(root, part), join(pkg, part), { recursive: true, preserveTimestamps: true });
  symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'));
  return pkg;
}

/**
 * Changes the copy's hot.cjs as another build would (same size and time, which V8's own check of
 * a cache does not tell apart) and records its hash in the loader, as scripts/bundle.mjs does.
 */
function rebuildWithSameSize(pkg: string, edit: (text: string) => string): void {
  const bundle = join(pkg, 'dist', 'bundle');
  const entry = join(bundle, 'hot.cjs');
  const { mtime } = statSync(entry);
  const old = readFileSync(entry, 'utf8');
  const text = edit(old);
  expect(text.length).toBe(old.length);
  writeFileSync(entry, text);
  utimesSync(entry, mtime, mtime);
  const loader = join(bundle, 'code-cache.cjs');
  const sha = (t: string) => createHash('sha256').update(t).digest('hex');
  writeFileSync(loader, readFileSync(loader, 'utf8').replace(sha(old), sha(text)));
}
