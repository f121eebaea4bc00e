/**
 * git's object database read and written in this process, for the common case only: a plain
 * `.git` folder with SHA-1 objects and files for refs. Loose objects are zlib-deflated
 * `<type> <size>\0<content>` files named by their SHA-1, which is all git does for them; an
 * object that is not loose (packed by `git gc`) is left to git. Every function here answers
 * null for "ask git": callers keep git's plumbing as the fallback, so nothing is lost when a
 * repository is set up otherwise (SHA-256, reftable, a shared repository, alternate object
 * folders, or variables that move the git dir). A linked worktree's `.git` is a file: its
 * repository's store is opened by src/git/linked-store.ts.
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { objectId } from '../core/object-id.js';
import { commitTreeId } from '../core/git-records.js';
import { CONFIG_ENV, fileStamps, gitConfigPaths } from './discovery.js';
import { readRefFiles, type RefFiles } from './ref-files.js';

/** Where a repository's objects and refs live, when this process may use them itself. */
export interface LooseStore {
  /** The git dir (a plain `.git` folder: the common dir too). */
  gitDir: string;
  objects: string;
}

/** Variables that move the git dir, the objects or the refs: with any of them set, git decides. */
const GIT_ENV = [
  'GIT_DIR',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_WORK_TREE',
  ...CONFIG_ENV,
];

function configText(path: string): string {
  // A missing file is the common case: existsSync spares the cost of a thrown error.
  if (!existsSync(path)) return '';
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** True when the repository's, the user's or the system's git config matches `pattern`. */
export function configMentions(gitDir: string, pattern: RegExp): boolean {
  return gitConfigPaths(gitDir, gitDir).some((file) => pattern.test(configText(file)));
}

/**
 * Repository settings that change how objects or refs are stored or created (`fsync` asks for
 * flushes git does not make for loose objects by default), with any value or none (a key alone
 * is git's true: `sharedRepository` so given is `group`), on its own line or after a header;
 * and any `[extensions]` section: a format this reader would only guess at (reftable, one this
 * git does not even know), so git reads it, or says why it cannot.
 */
const SPECIAL_CONFIG =
  /^(?:\s*\[[^\]]*\])?\s*(objectformat|refstorage|sharedrepository|fsync\w*)(?![\w-])|^\s*\[(?:include|extensions\b)/im;

const stores = new Map<string, { stamp: string; store: LooseStore | null }>();

/**
 * The identity (size, times, inode) of every git config file a repository reads: a process that
 * lives long (the MCP server) sees a setting added after its first write.
 */
export function configStamp(gitDir: string): string {
  return fileStamps(gitConfigPaths(gitDir, gitDir)).join('\n');
}

/**
 * The object store in `gitDir` (a plain `.git` folder, or the common dir of a linked worktree's
 * repository), or null when git must read it: no folder, a worktree's git dir, a setting that
 * changes how objects or refs are stored.
 */
export function openStore(gitDir: string): LooseStore | null {
  try {
    if (!statSync(gitDir).isDirectory()) return null;
    if (statSync(join(gitDir, 'commondir'), { throwIfNoEntry: false }) !== undefined) return null;
    if (configMentions(gitDir, SPECIAL_CONFIG)) return null;
  } catch {
    return null;
  }
  return { gitDir, objects: join(gitDir, 'objects') };
}

/** True when git alone may find the repository: Windows, or a variable that moves its parts. */
export function gitDecides(): boolean {
  // Git for Windows flushes loose objects by default: there, git writes them.
  return process.platform === 'win32' || GIT_ENV.some((name) => process.env[name] !== undefined);
}

/** The object store of the work tree at `root`, or null when git must do the work. */
export function looseStore(root: string): LooseStore | null {
  if (gitDecides()) return null;
  const gitDir = join(root, '.git');
  const stamp = configStamp(gitDir);
  const known = stores.get(root);
  if (known?.stamp === stamp) return known.store;
  const store = openStore(gitDir);
  stores.set(root, { stamp, store });
  return store;
}

const SHA1 = /^[0-9a-f]{40}$/;

function objectPath(store: LooseStore, oid: string): string {
  return join(store.objects, oid.slice(0, 2), oid.slice(2));
}

/** An object's type and content. */
export interface GitObject {
  type: string;
  body: Buffer;
}

/** True when the object is stored loose (git gc may have pruned or packed it since). */
export function hasLoose(store: LooseStore, oid: string): boolean {
  return (
    SHA1.test(oid) && statSync(objectPath(store, oid), { throwIfNoEntry: false }) !== undefined
  );
}

/** Objects read by this process (immutable: named by their content); trees are read twice per write. */
const readCache = new Map<string, GitObject>();
const READ_CACHE_SIZE = 16;

/** A loose object's type and content; null when it is not loose (or not readable). */
export function readLoose(store: LooseStore, oid: string): GitObject | null {
  const cached = readCache.get(oid);
  if (cached !== undefined) return cached;
  const read = inflateLoose(store, oid);
  if (read !== null) {
    if (readCache.size >= READ_CACHE_SIZE) readCache.clear();
    readCache.set(oid, read);
  }
  return read;
}

function inflateLoose(store: LooseStore, oid: string): GitObject | null {
  if (!SHA1.test(oid)) return null;
  let raw: Buffer;
  try {
    raw = inflateSync(readFileSync(objectPath(store, oid)));
  } catch {
    return null;
  }
  const nul = raw.indexOf(0);
  const [type, size] = raw.toString('latin1', 0, nul).split(' ');
  const body = raw.subarray(nul + 1);
  if (type === undefined || Number(size) !== body.length) return null;
  return { type, body };
}

/** Tries at an object's temporary file while its folder keeps being pruned (see writeTemp). */
const TRIES = 100;

/** Trees larger than this are written without compression (see writeLoose). */
const STORE_ABOVE = 64 * 1024;

/**
 * Writes an object's temporary file, its folder made first. `git gc` (prune) removes an empty
 * object folder: one removed between the mkdir and the write is made again, as git's
 * create_tmpfile does (git retries once). Here up to TRIES times: each try is a mkdir and an
 * open, and a loaded machine can let a prune that loops over empty folders win several in a row
 * (five tries lost 1 write in 1,500 to test/loose-prune-race.test.ts's pruner once, under load).
 */
function writeTemp(temp: string, data: Buffer): void {
  for (let tries = 1; ; tries++) {
    try {
      // A recursive mkdir racing an rmdir fails with ENOENT too (it stats what it found).
      mkdirSync(dirname(temp), { recursive: true });
      writeFileSync(temp, data, { mode: 0o444 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || tries === TRIES) throw error;
    }
  }
}

/**
 * Writes a loose object as git does: a temporary file in the object's folder, hard-linked (or
 * renamed) to its name, so a reader never sees half an object. An object already there is
 * only freshened (so `git gc` does not prune it before a ref points at it).
 */
export function writeLoose(store: LooseStore, type: string, body: Uint8Array): string {
  const oid = objectId(type, body);
  const path = objectPath(store, oid);
  if (statSync(path, { throwIfNoEntry: false }) !== undefined) {
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {
      // Someone else's file (a shared object folder): it is there, which is what counts.
    }
    return oid;
  }
  const temp = join(store.objects, oid.slice(0, 2), `tmp_obj_${randomBytes(6).toString('hex')}`);
  const header = Buffer.from(`${type} ${body.length}\0`, 'latin1');
  // Level 1 is git's own default for loose objects; a large tree (a 10,000-flag folder is about
  // 570 KB, mostly incompressible object ids) is stored instead: compressing it would cost more
  // than the rest of a write, and `git gc` packs (and compresses) loose objects anyway.
  const level = type === 'tree' && body.length > STORE_ABOVE ? 0 : 1;
  writeTemp(temp, deflateSync(Buffer.concat([header, body]), { level }));
  try {
    linkSync(temp, path);
    unlinkSync(temp);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') unlinkSync(temp);
    else renameSync(temp, path);
  }
  return oid;
}

/** What {@link looseTip} answers for a ref with neither its file nor a packed-refs line. */
export const REF_ABSENT = 'absent';

/**
 * What a branch's or a remote-tracking branch's ref files say, read once: its commit, REF_ABSENT
 * (neither its file nor a packed-refs line: a repository with no ledger yet starts no git), or
 * null (ask git). Git keeps both kinds alike; a symbolic ref (`refs/remotes/origin/HEAD`) is not
 * a commit id, so git reads it. A synced write reads its tracking ref after each fetch and push.
 */
function refFiles(store: LooseStore, ref: string): string | null {
  if (!/^refs\/(?:heads|remotes)\/[^\s]+$/.test(ref) || ref.includes('..')) return null;
  return refFilesValue(store.gitDir, ref);
}

/**
 * What a ref's files say (its loose file exactly as git writes it, else its packed-refs line):
 * its commit, REF_ABSENT, or null for anything else (ask git). Also read under the ref's lock
 * by the in-process move (src/git/ref-files-write.ts).
 */
export function refFilesValue(gitDir: string, ref: string): string | null {
  let files: RefFiles;
  try {
    files = readRefFiles(gitDir, ref);
  } catch {
    return null;
  }
  if ('loose' in files) return /^[0-9a-f]{40}\n?$/.test(files.loose) ? files.loose.trim() : null;
  if (files.packed === null) return REF_ABSENT;
  const oid = files.packed.split(' ')[0] ?? '';
  return SHA1.test(oid) ? oid : null;
}

/** The commit a branch ref points at, from its file or packed-refs; null: absent or ask git. */
export function readRef(store: LooseStore, ref: string): string | null {
  const found = refFiles(store, ref);
  return found === REF_ABSENT ? null : found;
}

/**
 * A ref's tip read in this process: its commit and that commit's tree, REF_ABSENT when the ref
 * does not exist, or null (ask git).
 */
export function looseTip(
  root: string,
  ref: string,
): { commit: string; tree: string } | typeof REF_ABSENT | null {
  const store = looseStore(root);
  const commit = store === null ? null : refFiles(store, ref);
  if (commit === REF_ABSENT) return REF_ABSENT;
  if (store === null || commit === null) return null;
  const read = readLoose(store, commit);
  if (read?.type !== 'commit') return null;
  const tree = commitTreeId(read.body);
  return tree !== null ? { commit, tree } : null;
}

/**
 * True when the ref, read in this process, points at `commit`; false when it does not or when
 * git must be asked (readTip in ledger.ts then does).
 */
export function refIs(root: string, ref: string, commit: string): boolean {
  const store = looseStore(root);
  return store !== null && readRef(store, ref) === commit;
}
