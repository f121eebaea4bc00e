/**
 * The ledger ref's compare-and-swap in this process, as git's files backend makes it
 * (refs/files-backend.c), for the plain case only: take `<ref>.lock` with O_CREAT|O_EXCL (the
 * lock every git takes, so a `git update-ref` racing with this one waits for it or fails), read
 * the ref under the lock (its file, else its `packed-refs` line) and compare it with the old
 * value, write `<new>\n` into the lock, append the reflog line git would append, and rename the
 * lock onto the ref. git's default `core.fsync` flushes neither the ref nor its reflog, so
 * neither is flushed here (any `fsync` setting sends the repository to git: loose.ts).
 *
 * Anything this module is not sure of answers null, and the caller runs `git update-ref`
 * instead: see {@link refFilesMove} for the list.
 */
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { workTreeStore } from './linked-store.js';
import { refFilesValue } from './loose.js';
import { gitTime, plainTimeZone } from './loose-commit.js';
import { refuseStaleLockFile } from './ref-lock.js';
import { stallForTests } from './stall.js';
import { identity, plainEnv, settings } from './ref-settings.js';

/** A ref move from `old` (a commit: the ref must be there) to `next`, logged with `reason`. */
export interface FilesMove {
  ref: string;
  next: string;
  old: string;
  reason: string;
}

/** A branch name whose every component git takes as it is (check-ref-format's rules, strictly). */
const PLAIN_REF =
  /^refs\/heads\/(?:[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\/)*[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$/;
const SHA1 = /^[0-9a-f]{40}$/;
/** A reflog message git keeps as it is (normalize_reflog_message changes none of it). */
const PLAIN_REASON = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;
/** True when HEAD points at the ref: git would log the move in HEAD's reflog too. */
function headIsRef(gitDir: string, ref: string): boolean | null {
  try {
    // A symbolic link HEAD (git's old way) may name the ref through the link: git decides.
    if (lstatSync(join(gitDir, 'HEAD')).isSymbolicLink()) return null;
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8');
    return head.trim() === `ref: ${ref}` || !/^(ref: refs\/\S+|[0-9a-f]{40})\n?$/.test(head);
  } catch {
    return null;
  }
}

/** What a move needs, when every condition for making it here holds. */
interface Ready {
  gitDir: string;
  who: string;
  log: boolean | 'always';
}

/** Whether git would move this ref as this process does: a plain name and reason, no variables. */
function plainTarget(target: { ref: string; reason: string }): boolean {
  const plainRef = PLAIN_REF.test(target.ref) && !/\.lock(\/|$)/.test(target.ref);
  return plainRef && PLAIN_REASON.test(target.reason) && plainEnv();
}

/** Everything {@link refFilesMove} checks before it takes the lock; null: ask git. */
function ready(root: string, target: { ref: string; reason: string }): Ready | null {
  // A linked worktree's refs are the common dir's; git logs a move in HEAD's reflog only for
  // the HEAD of the worktree it runs in.
  const place = plainTarget(target) ? workTreeStore(root) : null;
  if (place === null) return null;
  const { gitDir } = place.store;
  const found = settings(root, gitDir);
  const who = found === null ? null : identity(found, { role: 'committer', strict: false });
  if (found === null || who === null || headIsRef(place.headDir, target.ref) !== false) return null;
  if (!plainTimeZone() || !noHook(join(found.hooks, 'reference-transaction'))) return null;
  return { gitDir, who, log: found.log };
}

/** True when the hook is surely absent; any doubt (core.hooksPath a file: ENOTDIR) is false. */
function noHook(hook: string): boolean {
  try {
    statSync(hook);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * True when a move of `ref` would be made in this process (see {@link refFilesMove}); asked
 * before a write starts `git update-ref` ahead, so a write that moves the ref here starts none.
 */
export function canMoveRefFiles(root: string, target: { ref: string; reason: string }): boolean {
  return ready(root, target) !== null;
}

/** Appends git's reflog line for the move when git would: false when that failed. */
function appendReflog(go: Ready, move: FilesMove): boolean {
  const path = join(go.gitDir, 'logs', move.ref);
  const line = `${move.old} ${move.next} ${go.who} ${gitTime(new Date())}\t${move.reason}\n`;
  let fd: number;
  try {
    if (go.log === false) {
      fd = openSync(path, constants.O_APPEND | constants.O_WRONLY);
    } else {
      mkdirSync(dirname(path), { recursive: true });
      fd = openSync(path, constants.O_APPEND | constants.O_WRONLY | constants.O_CREAT, 0o666);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return go.log === false && (code === 'ENOENT' || code === 'EISDIR');
  }
  try {
    writeSync(fd, line);
    return true;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/**
 * Under the lock: check the old value, write the new one into the lock; see refFilesMove, which
 * closes the lock's `fd` only after its rename (a writer waiting on it finds who holds it).
 */
function writeLocked(go: Ready, move: FilesMove, fd: number): boolean | null {
  const current = refFilesValue(go.gitDir, move.ref);
  if (current === null) return null;
  if (current !== move.old) return false;
  writeSync(fd, `${move.next}\n`);
  return appendReflog(go, move) ? true : null;
}

/**
 * Moves `ref` from `old` to `next` in this process, as `git update-ref -m <reason> <ref> <next>
 * <old>` does in a plain repository: true when moved, false when the ref was not at `old` (or
 * its lock was taken: another writer is moving it), null when git must do it. A lock file nobody
 * has touched for 30 s throws, with the fix. The lock is removed on every path but success.
 *
 * git does it (null) for: a repository loose.ts leaves to git (Windows, a linked worktree
 * src/git/linked-store.ts does not open, SHA-256, reftable, `core.sharedRepository`, any `fsync`
 * setting, config includes, variables that move the git dir or give settings), any other `GIT_*`
 * variable but the identity's and a few transport ones (`GIT_COMMITTER_DATE` among them), a
 * `config.worktree`, a bare repository, a config value this reader is not sure of, a
 * `reference-transaction` hook (in `core.hooksPath` too), an identity git would make up or clean
 * (no `user.name` or `user.email`), HEAD pointing at the ref (git logs the move there too) or a
 * symbolic link, a `core.hooksPath` that cannot be looked in, a `TZ` that node and libc may read
 * differently (a POSIX string: see plainTimeZone), a ref name or reason outside the plain set, a
 * ref that must not exist yet (its creation), a symbolic or unreadable ref, a file in the way of
 * the ref's folder (git reports the conflict: src/git/git-failure.ts), and a reflog that cannot be
 * written.
 */
export function refFilesMove(root: string, move: FilesMove): boolean | null {
  const go = SHA1.test(move.next) && SHA1.test(move.old) ? ready(root, move) : null;
  if (go === null) return null;
  const path = join(go.gitDir, move.ref);
  const lock = `${path}.lock`;
  let fd: number;
  try {
    // A file where a folder of the ref's name must go (a branch `a` in the way of `a/b`) fails
    // here, EEXIST too: git moves the ref instead, or says why it cannot.
    mkdirSync(dirname(path), { recursive: true });
  } catch {
    return null;
  }
  try {
    fd = openSync(lock, 'wx', 0o666);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return null;
    refuseStaleLockFile(lock);
    return false;
  }
  let moved: boolean | null = null;
  try {
    const outcome = writeLocked(go, move, fd);
    stallForTests('MOVE');
    if (outcome === true) renameSync(lock, path);
    moved = outcome;
    return outcome;
  } catch (error) {
    throw new FlagstoreError('git', `could not move ${move.ref}: ${(error as Error).message}`, {
      fix: `check that the repository's .git folder is writable, then retry`,
    });
  } finally {
    closeSync(fd);
    if (moved !== true) rmSync(lock, { force: true });
  }
}
