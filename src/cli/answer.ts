/**
 * The answer cache: a hot command line (hot-args.ts) whose output goes to a pipe or a file is
 * answered from `.git/flagstore/answers/` when nothing it depends on changed since the answer
 * was printed, without loading flagstore at all (node's built-ins only). Otherwise hot.js runs
 * it as always, and its answer is kept when the state held still during the run. The key and
 * what invalidates it: docs/performance.md. FLAGSTORE_NO_ANSWER_CACHE=1 turns the cache off.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, closeSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { readFileSync, readSync, renameSync } from 'node:fs';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  codeStamp,
  findRepo,
  stateKey,
  type FoundRepo,
  type Places,
  type StateKey,
} from './answer-key.js';
import type * as Hot from './hot.js';

/** bin/flagstore.js asks this module, when it loads it, whether a command line is hot. */
export { hotCommand } from './hot-args.js';

const FORMAT = 1;
/** Answers kept per worktree, and their bytes at most; the least recently written go first. */
const KEEP = { count: 32, bytes: 256 * 1024 * 1024 };
/** Variables the printed text may depend on (besides every FLAGSTORE_* and GIT_* one). */
const ENV_KEYS = ['NO_COLOR', 'FORCE_COLOR', 'COLUMNS', 'GITHUB_ACTIONS', 'CI', 'TERM', 'HOME'];
/** Variables of the cache itself, which change nothing printed. */
const OWN_ENV = [
  'FLAGSTORE_ANSWER_TRACE',
  'FLAGSTORE_NO_ANSWER_CACHE',
  'FLAGSTORE_TEST_ANSWER_PAUSE',
];

/** A stored answer's header (the first line of its file; stdout and stderr bytes follow). */
interface Header {
  format: number;
  places: Places;
  state: string;
  /** Until when (epoch ms) the answer holds; null: time plays no part in it. */
  until: number | null;
  code: number;
  out: number;
  err: number;
}

/** Notes what the cache did, to the file FLAGSTORE_ANSWER_TRACE names (for tests). */
function trace(what: string): void {
  const file = process.env.FLAGSTORE_ANSWER_TRACE;
  if (file) appendFileSync(file, `${what}\n`);
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The environment variables that reach the key, sorted by name. */
function keyedEnv(): [string, string | undefined][] {
  return Object.keys(process.env)
    .filter((name) => /^(FLAGSTORE_|GIT_)/.test(name) || ENV_KEYS.includes(name))
    .filter((name) => !OWN_ENV.includes(name))
    .sort()
    .map((name) => [name, process.env[name]]);
}

/** The entry's name: the running code, the command line, where, the environment, the config. */
function entryName(argv: string[], repo: FoundRepo): string | null {
  let config: string | null = null;
  try {
    config = readFileSync(join(repo.root, '.flagstore.yml'), 'latin1');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return null;
  }
  const code = codeStamp();
  if (code === null) return null;
  const parts = [FORMAT, code, process.version, argv, process.cwd()];
  return hash(JSON.stringify([...parts, keyedEnv(), config]));
}

/** A kept answer's header, and a way to read the bytes printed (from the same open file). */
interface Entry {
  header: Header;
  body: () => Buffer | null;
}

/** Reads the bytes after the header of an open entry file, then closes it. */
function bodyOf(fd: number, at: number, header: Header): Buffer | null {
  try {
    const body = Buffer.alloc(header.out + header.err);
    const read = body.length === 0 ? 0 : readSync(fd, body, 0, body.length, at);
    return read === body.length ? body : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** A kept answer's header, or null when there is none (or it cannot be read). */
function readEntry(path: string): Entry | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(16_384);
    const eol = head.subarray(0, readSync(fd, head, 0, head.length, 0)).indexOf(10);
    const header = JSON.parse(head.toString('utf8', 0, eol)) as Header;
    if (eol < 0 || header.format !== FORMAT) throw new Error('not an answer');
    return { header, body: () => bodyOf(fd, eol + 1, header) };
  } catch {
    closeSync(fd);
    return null;
  }
}

/** Writes an answer atomically, then drops the oldest answers beyond KEEP. */
function writeEntry(dir: string, name: string, entry: { header: Header; body: Buffer }): void {
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(
    temp,
    Buffer.concat([Buffer.from(`${JSON.stringify(entry.header)}\n`), entry.body]),
  );
  renameSync(temp, join(dir, name));
  evict(dir);
}

/** Drops the oldest answers beyond KEEP's count or bytes (the newest is always kept). */
function evict(dir: string): void {
  const byAge = readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .map((n) => ({ n, s: statSync(join(dir, n), { throwIfNoEntry: false }) }))
    .sort((a, b) => (b.s?.mtimeMs ?? 0) - (a.s?.mtimeMs ?? 0));
  const kept = { count: 0, bytes: 0 };
  for (const { n, s } of byAge) {
    const bytes = kept.bytes + (s?.size ?? 0);
    if (kept.count > 0 && (kept.count >= KEEP.count || bytes > KEEP.bytes)) {
      rmSync(join(dir, n), { force: true });
    } else {
      Object.assign(kept, { count: kept.count + 1, bytes });
    }
  }
}

/** Prints a stored answer; a reader that stops early is not an error (as in hot.js). */
function replay(header: Header, body: Buffer): number {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  if (header.out > 0) process.stdout.write(body.subarray(0, header.out));
  if (header.err > 0) process.stderr.write(body.subarray(header.out));
  return header.code;
}

/** The state key, or null when it cannot be computed (the answer is then neither used nor kept). */
async function keyOf(repo: FoundRepo, places: Places, argv: string[]): Promise<StateKey | null> {
  try {
    return await stateKey(repo, places, argv[0] === 'brief');
  } catch {
    return null;
  }
}

/** True when the places the full code found are the ones this module found. */
function samePlaces(repo: FoundRepo, places: Places | null | undefined): places is Places {
  return places?.root === repo.root && places.gitDir === repo.gitDir;
}

/** Where an answer is kept. */
interface Slot {
  repo: FoundRepo;
  dir: string;
  name: string;
}

/** Keeps a printed answer when the state held still during the run and nothing is racy. */
function keep(slot: Slot, run: { places: Places; captured: Hot.Captured }, keys: StateKey[]): void {
  const [before, after] = keys as [StateKey, StateKey];
  const { places, captured } = run;
  const still = after.text === before.text;
  if (!still || after.racy || captured.until <= Date.now()) {
    trace(still ? 'not kept: racy or time-bound' : 'not kept: changed');
    return;
  }
  const [out, err] = [Buffer.from(captured.stdout), Buffer.from(captured.stderr)];
  const until = Number.isFinite(captured.until) ? captured.until : null;
  const header = { format: FORMAT, places, state: hash(after.text), until };
  const entry = { ...header, code: captured.code, out: out.length, err: err.length };
  try {
    writeEntry(slot.dir, slot.name, { header: entry, body: Buffer.concat([out, err]) });
    trace('kept');
  } catch {
    trace('not kept: write failed');
  }
}

/**
 * For tests of a write that lands during a run: with FLAGSTORE_TEST_ANSWER_PAUSE=<file>, waits
 * after the command ran (before the state is read again) until `<file>` exists, having
 * created `<file>.ready` to say so.
 */
async function testPause(): Promise<void> {
  const file = process.env.FLAGSTORE_TEST_ANSWER_PAUSE;
  if (!file) return;
  writeFileSync(`${file}.ready`, '');
  while (statSync(file, { throwIfNoEntry: false }) === undefined) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs the command in hot.js, prints its answer, and keeps it when the state held still. */
async function answerAndKeep(
  argv: string[],
  slot: Slot,
  known: { places: Places | undefined; before: StateKey | null },
): Promise<number> {
  const hot: typeof Hot = await import('./hot.js');
  const places = known.places ?? (await hot.answerPlaces(process.cwd()));
  if (!samePlaces(slot.repo, places)) return hot.run(argv);
  const before = known.before ?? (await keyOf(slot.repo, places, argv));
  const captured = await hot.runCaptured(argv);
  if (captured === null) return Number(process.exitCode ?? 0);
  process.stdout.write(captured.stdout);
  process.stderr.write(captured.stderr);
  await testPause();
  const after = await keyOf(slot.repo, places, argv);
  if (before !== null && after !== null) keep(slot, { places, captured }, [before, after]);
  else trace('not kept: no state key');
  return captured.code;
}

/** True when a kept answer is the answer for the state `now` and it still holds. */
function holds(header: Header, now: StateKey | null): boolean {
  if (now === null || now.racy) return false;
  return header.state === hash(now.text) && Date.now() < (header.until ?? Infinity);
}

/** What looking up a kept answer found: the bytes to print on a hit, else what is known. */
interface Lookup {
  hit: { header: Header; body: Buffer } | null;
  places: Places | undefined;
  before: StateKey | null;
}

/** Looks the kept answer up and takes the state key (git runs while the kept bytes are read). */
async function lookUp(slot: Slot, argv: string[]): Promise<Lookup> {
  const entry = readEntry(join(slot.dir, slot.name));
  if (entry === null || !samePlaces(slot.repo, entry.header.places)) {
    entry?.body();
    return { hit: null, places: undefined, before: null };
  }
  const { header } = entry;
  const key = keyOf(slot.repo, header.places, argv);
  const body = entry.body();
  const before = await key;
  const hit = body !== null && holds(header, before) ? { header, body } : null;
  return { hit, places: header.places, before };
}

/**
 * True when the command would take the agent from git's configuration (`brief` without
 * `--agent` or FLAGSTORE_AGENT): git's config files, includes and all, are not in the key.
 */
function identityFromGit(argv: string[]): boolean {
  return argv[0] === 'brief' && !argv.includes('--agent') && !process.env.FLAGSTORE_AGENT?.trim();
}

/** Answers a hot command line from the cache, or runs it and keeps the answer. */
export async function answer(argv: string[]): Promise<number> {
  const repo = identityFromGit(argv) ? null : findRepo(process.cwd());
  const name = repo === null ? null : entryName(argv, repo);
  if (repo === null || name === null) {
    trace('off');
    return (await import('./hot.js')).run(argv);
  }
  const slot = { repo, dir: join(repo.gitDir, 'flagstore', 'answers'), name };
  const { hit, places, before } = await lookUp(slot, argv);
  if (hit !== null) {
    trace('hit');
    return replay(hit.header, hit.body);
  }
  trace('miss');
  return answerAndKeep(argv, slot, { places, before });
}
