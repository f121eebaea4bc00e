/**
 * The answer cache: a hot command line (hot-args.ts) whose output goes to a pipe or a file is
 * answered from `.git/flagstore/answers/` when nothing it depends on changed since the answer
 * was printed, without loading flagstore at all (node's built-ins only). Otherwise hot.js runs
 * it as always, and its answer is kept when the state held still during the run. The key and
 * what invalidates it: docs/performance.md. FLAGSTORE_NO_ANSWER_CACHE=1 turns the cache off.
 */
import { closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerCodeStamp } from './code-stamp.js';
import {
  findRepo,
  scratchFile,
  stateKey,
  type FoundRepo,
  type KeyInput,
  type Places,
  type StateKey,
} from './answer-key.js';
import {
  FORMAT,
  byteLength,
  closeEntry,
  fileNameOf,
  readEntry,
  replay,
  spoolInto,
  intact,
  writeEntry,
  type Entry,
  type Header,
  type Spool,
} from './answer-store.js';
import { testPause, trace } from './answer-trace.js';
import { flagChanges, renote, watchNote, watchToken, type WatchNote } from './answer-watch.js';
import { hotCommand, type HotCommand } from './hot-args.js';
import { outputWaiting, writeStd } from './std-fd.js';
import type * as Hot from './hot.js';

/** Variables the printed text may depend on (besides every FLAGSTORE_* and GIT_* one). */
const ENV_KEYS = ['NO_COLOR', 'FORCE_COLOR', 'COLUMNS', 'GITHUB_ACTIONS', 'CI', 'TERM', 'HOME'];
/** Variables of the cache itself and of how output is written, which change nothing printed. */
const OWN_ENV = [
  'FLAGSTORE_ANSWER_TRACE',
  'FLAGSTORE_NO_ANSWER_CACHE',
  'FLAGSTORE_TEST_ANSWER_PAUSE',
  'FLAGSTORE_TEST_KEEP_NONBLOCKING',
];

/** The environment variables that reach the key, sorted by name. */
function keyedEnv(): [string, string | undefined][] {
  return Object.keys(process.env)
    .filter((name) => /^(FLAGSTORE_|GIT_)/.test(name) || ENV_KEYS.includes(name))
    .filter((name) => !OWN_ENV.includes(name))
    .sort()
    .map((name) => [name, process.env[name]]);
}

/** The entry's full name: the running code, the command line, where, the environment, the config. */
function entryName(argv: string[], repo: FoundRepo): string | null {
  let config: string | null = null;
  try {
    config = readFileSync(join(repo.root, '.flagstore.yml'), 'latin1');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return null;
  }
  const code = answerCodeStamp();
  if (code === null) return null;
  const parts = [FORMAT, code, process.version, argv, process.cwd()];
  return JSON.stringify([...parts, keyedEnv(), config]);
}

/** The state key, or null when it cannot be computed (the answer is then neither used nor kept). */
async function keyOf(repo: FoundRepo, places: Places, input: KeyInput): Promise<StateKey | null> {
  try {
    return await stateKey(repo, places, input);
  } catch {
    return null;
  }
}

/** True when the places the full code found are the ones this module found. */
function samePlaces(repo: FoundRepo, places: Places | null | undefined): places is Places {
  return places?.root === repo.root && places.gitDir === repo.gitDir;
}

/** Where an answer is kept, and what it answers. */
interface Slot {
  repo: FoundRepo;
  dir: string;
  /** The entry's full name (see entryName). */
  name: string;
  command: HotCommand;
}

/** A run's answer: where it was read, and what it printed (standard output spooled, if so). */
interface RunAnswer {
  places: Places;
  captured: Hot.Captured;
  spool: Spool | null;
  /** The watcher's token, taken before the second state key (src/cli/answer-watch.ts). */
  token: string | null;
}

/** Keeps a printed answer when the state held still during the run and nothing is racy. */
function keep(slot: Slot, run: RunAnswer, keys: StateKey[]): void {
  const [before, after] = keys as [StateKey, StateKey];
  const { places, captured, spool } = run;
  const still = after.text === before.text;
  if (!still || after.racy || captured.until <= Date.now()) {
    trace(still ? 'not kept: racy or time-bound' : 'not kept: changed');
    return;
  }
  if (spool?.failed === true) {
    trace('not kept: write failed');
    return;
  }
  const out = spool === null ? captured.stdout : [spool];
  const err = captured.stderr;
  const until = Number.isFinite(captured.until) ? captured.until : null;
  const watch = watchNote(run.token, after);
  const state = { state: after.text, untracked: after.untracked, until, watch };
  const header = { format: FORMAT, name: slot.name, places, ...state };
  const bytes = { out: spool?.length ?? byteLength(captured.stdout), err: byteLength(err) };
  const entry = { ...header, code: captured.code, ...bytes };
  try {
    writeEntry(slot.dir, fileNameOf(slot.name), { header: entry, body: [...out, ...err] });
    trace('kept');
  } catch {
    trace('not kept: write failed');
  }
}

/** A spool for a run's standard output (see spoolInto), or null when none can be opened. */
function openSpool(repo: FoundRepo): Spool | null {
  try {
    return spoolInto(scratchFile(repo));
  } catch {
    return null;
  }
}

/**
 * True when the answer depends on the agent catalog: `brief` prints from it, and a read for a
 * handle warns when the catalog lacks the handle (src/cli/present-reader.ts).
 */
function readsCatalog(command: HotCommand): boolean {
  return command.name !== 'list' || command.target !== undefined;
}

/**
 * Runs the command in hot.js, prints its answer, and keeps it when the state held still. The
 * first key lists the untracked files afresh (a kept answer's list may be out of date by now),
 * its changed files are the look-up's (listed before this run); the second key takes the
 * untracked files from the first, as a hit takes a kept answer's, and lists the changed ones.
 */
async function answerAndKeep(argv: string[], slot: Slot, missed: Lookup) {
  const hot: typeof Hot = await import('./hot.js');
  const places = missed.places ?? (await hot.answerPlaces(process.cwd()));
  if (!samePlaces(slot.repo, places)) return hot.run(argv);
  const input = { catalog: readsCatalog(slot.command), untracked: null };
  // The listing of untracked files tells hidden edits too: one git process for both.
  const first = { ...input, hidden: true, changed: missed.changed };
  const before = await keyOf(slot.repo, places, first);
  // Standard output is printed as it comes and spooled to a file, never held whole.
  const spool = openSpool(slot.repo);
  try {
    const captured = await hot.runCaptured(argv, spool?.print);
    if (captured === null) return Number(process.exitCode ?? 0);
    for (const text of captured.stdout) writeStd(1, text);
    for (const text of captured.stderr) writeStd(2, text);
    await testPause();
    const token = await watchToken(slot.repo, places);
    // The untracked files listed before hold while the folder's identity, in both keys, is the same.
    const after = await keyOf(slot.repo, places, {
      ...input,
      untracked: before?.untracked ?? null,
    });
    const sound = keyedAsRun(argv, slot, [before, after]);
    if (sound === null)
      keep(slot, { places, captured, spool, token }, [before, after] as StateKey[]);
    else trace(`not kept: ${sound}`);
    return captured.code;
  } finally {
    if (spool !== null) closeSync(spool.fd);
  }
}

/**
 * Why an answer may not be kept under the slot's name, or null: a state key missing, a name
 * (config, code, environment) no longer the one the slot was looked up by, or a tracked flag
 * file that hides its edits (told by the first key).
 */
function keyedAsRun(argv: string[], slot: Slot, keys: (StateKey | null)[]): string | null {
  if (keys.includes(null)) return 'no state key';
  if (entryName(argv, slot.repo) !== slot.name) return 'name changed';
  return keys[0]?.hidden === true ? 'hidden edits' : null;
}

/** True when a kept answer is the answer for the state `now` and it still holds. */
function holds(header: Header, now: StateKey | null): boolean {
  if (now === null || now.racy) return false;
  return header.state === now.text && Date.now() < (header.until ?? Infinity);
}

/** What looking up a kept answer found: the kept answer on a hit, else the kept places. */
interface Lookup {
  hit: Entry | null;
  places: Places | undefined;
  /** The flags folder's changed files (`git diff-files`) if the look-up listed them. */
  changed?: Promise<string[]>;
  /** A hit's fresh note of the watcher, to keep (src/cli/answer-watch.ts). */
  fresh?: WatchNote | null;
}

/**
 * Looks the kept answer up and takes the state key: `git diff-files` starts as soon as the
 * header says where the flags are. A hit's file stays open, to be printed from.
 */
async function lookUp(slot: Slot): Promise<Lookup> {
  const entry = readEntry(join(slot.dir, fileNameOf(slot.name)));
  if (entry === null || entry.header.name !== slot.name) {
    if (entry !== null) closeEntry(entry);
    return { hit: null, places: undefined };
  }
  const { header } = entry;
  if (!samePlaces(slot.repo, header.places)) {
    closeEntry(entry);
    return { hit: null, places: undefined };
  }
  const { changed, fresh, vouched } = flagChanges(slot.repo, header.places, header.watch);
  const catalog = readsCatalog(slot.command);
  const now = await keyOf(slot.repo, header.places, {
    catalog,
    untracked: header.untracked,
    changed,
  });
  if (intact(entry) && holds(header, now)) {
    return { hit: entry, places: header.places, fresh: await fresh };
  }
  closeEntry(entry);
  // Files the watcher vouched for held with the kept index only: a miss asks git afresh.
  return { hit: null, places: header.places, changed: (await vouched) ? undefined : changed };
}

/**
 * True when the command would take the agent from git's configuration (`brief` without
 * `--agent` or FLAGSTORE_AGENT): git's config files, includes and all, are not in the key.
 */
function identityFromGit(command: HotCommand): boolean {
  const agent = command.name === 'brief' ? command.agent : 'given';
  return agent === undefined && !process.env.FLAGSTORE_AGENT?.trim();
}

/** Set once a kept answer was printed (see {@link finished}). */
let replayed = false;

/**
 * True when the process may end at once (bin/flagstore.js then calls `process.exit`, sparing
 * node's teardown): a kept answer was printed, git has exited, and none of the output waits in
 * a stream.
 */
export function finished(): boolean {
  return replayed && !outputWaiting();
}

/** Answers a hot command line from the cache, or runs it and keeps the answer. */
export async function answer(argv: string[]): Promise<number> {
  const command = hotCommand(argv);
  const repo = command === null || identityFromGit(command) ? null : findRepo(process.cwd());
  const name = repo === null ? null : entryName(argv, repo);
  if (command === null || repo === null || name === null) {
    trace('off');
    return (await import('./hot.js')).run(argv);
  }
  const slot = { repo, dir: join(repo.gitDir, 'flagstore', 'answers'), name, command };
  const found = await lookUp(slot);
  if (found.hit !== null) {
    trace('hit');
    try {
      return replay(found.hit);
    } finally {
      if (found.fresh) renote(slot.dir, found.hit, found.fresh);
      closeEntry(found.hit);
      replayed = true;
    }
  }
  trace('miss');
  return answerAndKeep(argv, slot, found);
}
