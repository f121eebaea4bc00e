/**
 * The state a hot answer depends on, read without loading flagstore (node's built-ins only):
 * the repository found as git finds a plain one, the ledger's tip read from the ref files, the
 * git index's identity, the flags folder's identity, the flag files git sees as changed
 * (`git diff-files`) or does not track, with their file identities, and the catalog's agent
 * files. See docs/performance.md.
 */
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { commonDirOf, nearestDotGit } from '../git/discovery.js';
import { scratchIn } from '../store/atomic.js';
import { readRefFiles } from '../git/ref-files.js';
import { runToFile } from '../git/spawn-to-file.js';
import {
  gitConfigFiles,
  identities,
  identity,
  plainFolder,
  racyMargin,
  taggedListing,
  type FolderListing,
} from './answer-guards.js';

/** A repository as the answer cache finds it. */
export interface FoundRepo {
  root: string;
  gitDir: string;
  /** The git dir shared by all worktrees (refs, packed-refs). */
  commonDir: string;
}

/** Where the commands read, as the full code found it (see `answerPlaces` in hot.ts). */
export interface Places {
  root: string;
  gitDir: string;
  flagsDir: string;
  catalogDirs: string[];
  ledgerRef: string;
}

/**
 * Variables that change where git reads besides those of discovery (src/git/discovery.ts): with
 * any set, the answer cache stays out of the way.
 */
const PLACE_ENV = [
  'GIT_COMMON_DIR',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
];

/** The repository holding `cwd`, or null for anything unusual (git then decides, slowly). */
export function findRepo(cwd: string): FoundRepo | null {
  if (PLACE_ENV.some((name) => process.env[name] !== undefined)) return null;
  const found = nearestDotGit(cwd);
  if (found === null) return null;
  return { root: found.root, gitDir: found.gitDir, commonDir: commonDirOf(found.gitDir) };
}

/** The ledger ref's value as stored (a loose ref, else its packed-refs line); throws if unusual. */
function refValue(repo: FoundRepo, ref: string): string {
  if (statSync(join(repo.commonDir, 'reftable'), { throwIfNoEntry: false })) {
    throw new Error('reftable');
  }
  const files = readRefFiles(repo.commonDir, ref);
  if ('packed' in files) return `packed ${files.packed ?? 'none'}`;
  if (!/^[0-9a-f]{40,64}\n?$/.test(files.loose)) throw new Error('not a plain ref');
  return `loose ${files.loose.trim()}`;
}

/**
 * The git index's identity (inode, times in nanoseconds, size) and trailing checksum, or `none`.
 * The checksum alone is not enough: with `index.skipHash` (set by `feature.manyFiles`) it is all
 * zeros, and a checkout that changes only blob ids leaves the size and the tail as they were.
 */
function indexChecksum(gitDir: string): string {
  let fd: number;
  try {
    fd = openSync(join(gitDir, 'index'), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw error;
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    const size = Number(stat.size);
    const tail = Buffer.alloc(Math.min(32, size));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return `${stat.ino}:${stat.mtimeNs}:${stat.ctimeNs}:${size}:${tail.toString('hex')}`;
  } finally {
    closeSync(fd);
  }
}

/** The bytes of an open file, from its start. */
function contents(fd: number): Buffer {
  const bytes = Buffer.allocUnsafe(fstatSync(fd).size);
  return bytes.subarray(0, bytes.length === 0 ? 0 : readSync(fd, bytes, 0, bytes.length, 0));
}

/** An open file with no name in the answers folder (it goes when closed). */
export function scratchFile(repo: FoundRepo): number {
  const scratch = join(repo.gitDir, 'flagstore', 'answers');
  mkdirSync(scratch, { recursive: true });
  return scratchIn(scratch);
}

/**
 * Runs git with its standard output to an open file; resolves with what `read` makes of it once
 * git exited with status 0 and no signal (src/git/spawn-to-file.ts: no `child_process` on a hit).
 */
async function gitInto<T>(run: GitRun<T>, fd: number): Promise<T> {
  await runToFile({
    file: 'git',
    args: ['--literal-pathspecs', ...run.args],
    cwd: run.repo.root,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    stdout: fd,
  });
  return run.read(contents(fd));
}

/** A git command, where it runs, and what to make of its output. */
interface GitRun<T> {
  repo: FoundRepo;
  args: string[];
  read: (out: Buffer) => T;
}

/**
 * Runs git in the repository and gives what `read` makes of its output; never throws (a
 * failure rejects). git writes to an unlinked file in the answers folder, not to a pipe: a pipe
 * costs node a stream object and the modules behind it (milliseconds, on every hit).
 */
function gitOutput<T>(run: GitRun<T>): Promise<T> {
  let output: Promise<T>;
  try {
    const fd = scratchFile(run.repo);
    output = gitInto(run, fd);
    output.catch(() => undefined).finally(() => closeSync(fd));
  } catch (error) {
    output = Promise.reject(error as Error);
  }
  return handled(output);
}

/**
 * The promise, marked as handled: a key given up half way (a thrown error) may leave git running,
 * and its failure must then be no unhandled rejection (which ends the process with a stack).
 * Whoever awaits the promise still sees the failure.
 */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** {@link gitOutput} as NUL-separated words. */
function gitWords(repo: FoundRepo, args: string[]): Promise<string[]> {
  return gitOutput({ repo, args, read: (out) => out.toString('utf8').split('\0').filter(Boolean) });
}

/**
 * The tracked files of a folder whose work copy may differ from the index: changed, deleted,
 * or only touched (`git diff-files`, which checks every file's stat data against the index in
 * parallel threads, through `core.fsmonitor` where set, and compares the content of files whose
 * stat data cannot be trusted, "racily clean"). Started as soon as the folder is known.
 */
export function changedFiles(repo: FoundRepo, dir: string): Promise<string[]> {
  return gitWords(repo, ['diff-files', '--name-only', '-z', '--', dir]);
}

/**
 * The files of a folder the index does not hold, ignored ones included, each by itself; with
 * `tags`, from the same `git ls-files` (`-v`: `?` marks a file the index does not hold), also
 * whether a tracked one hides its edits from `git diff-files` (hidesEdits).
 */
async function listFolder(repo: FoundRepo, dir: string, tags: boolean): Promise<FolderListing> {
  if (!tags) {
    return {
      untracked: await gitWords(repo, ['ls-files', '--others', '-z', '--', dir]),
      hidden: false,
    };
  }
  const args = ['ls-files', '-v', '-c', '-o', '-z', '--', dir];
  return gitOutput({ repo, args, read: taggedListing });
}

/** The catalog's agent files with their identities, as the catalog reads them (symlinks followed). */
function catalogParts(root: string, dirs: string[], seen: { newest: bigint }): string[] {
  const follow = (path: string) => statSync(path, { bigint: true, throwIfNoEntry: false });
  return dirs.flatMap((dir) => {
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch (error) {
      return [`${dir}\0${(error as NodeJS.ErrnoException).code ?? 'error'}`];
    }
    const files = names.filter((name) => name.endsWith('.md') && !name.startsWith('.')).sort();
    return identities(
      files.map((name) => join(root, dir, name)),
      follow,
      seen,
    );
  });
}

/** A state key: the text to compare, whether it is too recent to trust, the untracked files. */
export interface StateKey {
  text: string;
  racy: boolean;
  /** The flags folder's files the index does not hold (see {@link stateKey}). */
  untracked: string[];
  /** A tracked flag file hides its edits from `git diff-files` (asked by KeyInput.hidden). */
  hidden: boolean;
  /** The flags folder's tracked files that differ from the index (`git diff-files`). */
  changed: string[];
}

/** What a key is computed from besides the places. */
export interface KeyInput {
  /** Include the catalog's agent files (brief). */
  catalog: boolean;
  /**
   * The untracked files of the flags folder when known (a kept answer's): right as long as the
   * folder's identity is the one kept with them, which is part of the key. Else git lists them.
   */
  untracked: string[] | null;
  /** `changedFiles` of the flags folder when already started. */
  changed?: Promise<string[]>;
  /** Also tell whether a tracked flag file hides its edits (from the same listing). */
  hidden?: boolean;
}

/**
 * The state key of the places a command reads: the ledger ref, the index, the flags folder's
 * identity (it changes when a file in it is created, removed or renamed), its untracked files
 * and the tracked files that differ from the index, each with its identity; for `brief` the
 * catalog too, and git's configuration files. Rejects for anything the key cannot cover (a
 * flags folder that is not a plain folder of this repository, reftable, a git error), and only
 * then: the git it started fails later unseen. The folder's identity is taken before its
 * untracked files are listed, so a file created meanwhile changes the folder after the identity
 * (never the other way round).
 */
export async function stateKey(
  repo: FoundRepo,
  places: Places,
  input: KeyInput,
): Promise<StateKey> {
  const startNs = BigInt(Date.now()) * 1_000_000n;
  const changed = input.changed ?? changedFiles(repo, places.flagsDir);
  const seen = { newest: 0n };
  const noFollow = (path: string) =>
    lstatSync(join(repo.root, path), { bigint: true, throwIfNoEntry: false });
  const folder = plainFolder(repo.root, places.flagsDir);
  const listed =
    input.untracked === null
      ? handled(listFolder(repo, places.flagsDir, input.hidden === true))
      : { untracked: input.untracked, hidden: false };
  const parts = [refValue(repo, places.ledgerRef), indexChecksum(repo.gitDir)];
  parts.push(
    identity(places.flagsDir, folder, seen),
    ...gitConfigFiles(repo.gitDir, repo.commonDir),
  );
  if (input.catalog) parts.push(...catalogParts(repo.root, places.catalogDirs, seen));
  const { untracked, hidden } = await listed;
  parts.push(`untracked ${untracked.length}`, ...identities(untracked, noFollow, seen));
  const paths = await changed;
  parts.push(`changed ${paths.length}`, ...identities(paths, noFollow, seen));
  const racy = seen.newest > startNs - racyMargin(seen.newest);
  return { text: parts.join('\n'), racy, untracked, hidden, changed: paths };
}
