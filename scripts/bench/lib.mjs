// Shared helpers for `npm run bench`: temp repositories, timed runs of the real CLI, medians.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
/** Folders kept for the whole run (generated repositories reused by several sections). */
const kept = [];

/** A temp folder removed by cleanup(). */
export function tempDir(prefix = 'flagstore-bench-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes every temp folder made by tempDir(); with `all`, the run's kept folders too. */
export function cleanup({ all = false } = {}) {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (all) for (const dir of kept.splice(0)) rmSync(dir, { recursive: true, force: true });
}

const cached = new Map();

/**
 * A value made once per bench run under `key` (a generated repository, an installed tool);
 * the folders it lists in `dirs` are removed at the end of the run, not after its section.
 */
export function once(key, make) {
  if (!cached.has(key)) {
    const made = make();
    cached.set(key, made.value);
    kept.push(...made.dirs);
  }
  return cached.get(key);
}

/** The machine and the time of a measurement, as the tables state them. */
export function machine() {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}${startupEnv()}; ${new Date().toISOString()}`;
}

/**
 * What in the environment makes every node start-up dearer, `node -e 0` included (and so every
 * ratio smaller): NODE_EXTRA_CA_CERTS makes node read and parse that bundle at each start.
 */
function startupEnv() {
  const set = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'].filter((name) => process.env[name]);
  return set.length === 0
    ? ', no NODE_EXTRA_CA_CERTS or NODE_OPTIONS'
    : `, ${set.join(' and ')} set`;
}

/** Runs git in a folder. */
export function git(cwd, ...args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8' });
}

/** A new folder under the temp folder that only the caller removes (see once()). */
export function keptDir(prefix = 'flagstore-bench-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A fresh repository with an identity, set up with `flagstore init` (in `dir` if given). */
export function makeRepo(dir = tempDir()) {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'bench@example.com');
  git(dir, 'config', 'user.name', 'Bench');
  runCli(dir, ['init']);
  return dir;
}

/**
 * Runs the CLI once and returns elapsed milliseconds; throws when it fails. Its output is read
 * whole through pipes, as an agent reads it, but kept as bytes: decoding it (20 MB for a read at
 * 100,000 flags, 10 to 25 ms) is the bench's own work, done after the command has ended.
 */
export function runCli(cwd, args, env = {}, nodeArgs = []) {
  const start = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (res.status !== 0)
    throw new Error(`flagstore ${args.join(' ')} failed: ${res.stdout}${res.stderr}`);
  return ms;
}

const RSS_PRELOAD = pathToFileURL(join(ROOT, 'scripts', 'bench', 'rss.mjs')).href;

/**
 * Peak resident memory (MB) of one CLI run, read by a preloaded module as the process exits. The
 * file's variable is not a FLAGSTORE_ one: those are part of the answer cache's key, so a new
 * file name per run would make every measured run a miss.
 */
export function peakRss(cwd, args, env = {}) {
  const file = join(tempDir('flagstore-rss-'), 'rss');
  runCli(cwd, args, { ...env, BENCH_PEAK_RSS_FILE: file }, ['--import', RSS_PRELOAD]);
  return Number(readFileSync(file, 'utf8')) / 1024;
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

/** The q-quantile (0..1) of numbers, interpolated between the two nearest. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
}

/**
 * Times every function of `fns` (name -> fn returning ms) once per round, `runs` rounds, the
 * order reversed every other round, so drift of the machine moves each alike. Returns, by name,
 * measure()'s figures and the times of each round (`times`).
 */
export function interleaved({ runs, fns }) {
  const names = Object.keys(fns);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const name of i % 2 ? [...names].reverse() : names) times[name].push(fns[name]());
  }
  const figures = (t) => ({ median: median(t), runs, min: Math.min(...t), max: Math.max(...t) });
  return Object.fromEntries(
    names.map((name) => [name, { ...figures(times[name]), times: times[name] }]),
  );
}

/** Prints progress on standard error (the table goes to BENCHMARKS.md). */
export function progress(text) {
  process.stderr.write(`bench: ${text}\n`);
}

/**
 * Times `git commit` of what is staged (`extra`: e.g. `--no-verify`), undoing each commit
 * untimed, so every run commits the same change.
 */
export function timedCommits({ repo, env = process.env, extra = [], runs = 10 }) {
  return measure({
    runs,
    fn: (i) => {
      const start = process.hrtime.bigint();
      const res = spawnSync('git', ['commit', '-q', '-m', `bench ${i}`, ...extra], {
        cwd: repo,
        env,
      });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (res.status !== 0) throw new Error(`git commit failed: ${res.stderr}`);
      git(repo, 'reset', '-q', '--soft', 'HEAD~1');
      return ms;
    },
  });
}
