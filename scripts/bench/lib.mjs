// Shared helpers for `npm run bench`: temp repositories, timed runs of the real CLI, medians.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root of flagstore. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The CLI entry point. */
export const BIN = join(ROOT, 'bin', 'flagstore.js');
/** The shared fixtures folder (../shared/fixtures beside the checkout, or FLAGSTORE_SHARED_FIXTURES). */
export const FIXTURES =
  process.env.FLAGSTORE_SHARED_FIXTURES ?? resolve(ROOT, '..', 'shared', 'fixtures');

/**
 * The larger corpus in ../shared is opt-in: a section that needs it calls this, and gets null
 * (with a clear message) when it is absent, so the section can skip instead of failing.
 */
export function sharedCorpus(what) {
  if (existsSync(FIXTURES)) return FIXTURES;
  progress(`${what}: skipped, ${FIXTURES} is absent (the shared corpus is opt-in)`);
  return null;
}

const temps = [];

/** A temp folder removed by cleanup(). */
export function tempDir(prefix = 'flagstore-bench-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes every temp folder made by tempDir(). */
export function cleanup() {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs git in a folder. */
export function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/** A fresh repository with an identity, set up with `flagstore init`. */
export function makeRepo() {
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'bench@example.com');
  git(dir, 'config', 'user.name', 'Bench');
  runCli(dir, ['init']);
  return dir;
}

/** Runs the CLI once and returns elapsed milliseconds; throws when it fails. */
export function runCli(cwd, args, env = {}) {
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0)
    throw new Error(`flagstore ${args.join(' ')} failed: ${res.stdout}${res.stderr}`);
  return ms;
}

/** Median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times `fn` (which returns ms, or is timed around) `runs` times; `before` runs untimed first. */
export function measure({ runs = 5, before = () => {}, fn }) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    before(i);
    const start = process.hrtime.bigint();
    const reported = fn(i);
    times.push(
      typeof reported === 'number' ? reported : Number(process.hrtime.bigint() - start) / 1e6,
    );
  }
  return { median: median(times), runs, min: Math.min(...times), max: Math.max(...times) };
}

/** Prints progress on standard error (the table goes to BENCHMARKS.md). */
export function progress(text) {
  process.stderr.write(`bench: ${text}\n`);
}
