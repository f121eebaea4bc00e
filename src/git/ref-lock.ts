/** A ref's lock file that a killed git or flagstore left behind. */
import { statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { shellWord } from './shell-word.js';

/** How old a ref's lock file must be before it is taken for one a killed process left. */
const STALE_LOCK_MS = 30_000;

/**
 * Throws when a ref's lock file (`path`) has not been touched for a while (a killed git or
 * flagstore left it): retrying would only wait for it in vain.
 */
export function refuseStaleLockFile(path: string): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined || Date.now() - stat.mtimeMs < STALE_LOCK_MS) return;
  throw new FlagstoreError(
    'git',
    `the ledger's ref is locked by ${path}, untouched for over 30 s (Unable to create '${path}': File exists)`,
    {
      fix: `if no git or flagstore process is running, remove ${shellWord(path)} and run the command again`,
    },
  );
}

/**
 * Throws when git could not lock the ref because of a lock file nobody has touched for a while
 * (`detail`: git's message, which names the file).
 */
export function refuseStaleLock(root: string, detail: string): void {
  const lock = /'([^']+\.lock)'/.exec(detail)?.[1];
  if (lock === undefined) return;
  refuseStaleLockFile(isAbsolute(lock) ? lock : join(root, lock));
}

/**
 * How long a ref's lock file must stand before `doctor` takes it for one left behind: git and
 * flagstore hold it for the moment of a move.
 */
const LEFT_LOCK_MS = 2_000;

/** A ref's lock file that has stood for a while: where, and for how many seconds. */
export interface LeftLock {
  path: string;
  seconds: number;
}

/**
 * The lock file of `ref` (as `refs/heads/<name>`) in the git dir `commonDir` when it has stood
 * for a couple of seconds (a killed or stopped writer's), else null.
 */
export function leftRefLock(commonDir: string, ref: string, now = Date.now()): LeftLock | null {
  const path = join(commonDir, `${ref}.lock`);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined || now - stat.mtimeMs < LEFT_LOCK_MS) return null;
  return { path, seconds: Math.round((now - stat.mtimeMs) / 1000) };
}

/**
 * How long one and the same lock file may stand in the way of a ledger write before the write
 * stops and names it. git holds a ref's lock for the moment of the move (and gives up on one
 * after 100 ms, core.filesRefLockTimeout); racing writers each make a new file.
 */
export const HELD_LOCK_MS = 10_000;

/** {@link HELD_LOCK_MS}, or FLAGSTORE_HELD_LOCK_MS when set to a positive number of ms. */
export function heldLockMs(): number {
  const set = Number(process.env.FLAGSTORE_HELD_LOCK_MS);
  return Number.isFinite(set) && set > 0 ? set : HELD_LOCK_MS;
}

/** A lock file seen in the way of a write: which file (inode and time), and since when. */
export interface HeldLock {
  stamp: string;
  since: number;
}

function stampOf(path: string): string | null {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat === undefined ? null : `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
}

function heldError(path: string, seconds: number): FlagstoreError {
  return new FlagstoreError(
    'git',
    `the ledger's ref is locked by ${path}, which stayed in place for ${seconds} s while this write retried (Unable to create '${path}': File exists)`,
    {
      fix: `a git or flagstore process holding it may be stopped (Ctrl-Z, a paused container): let it go on; if none is running, remove ${shellWord(path)} and run the command again`,
    },
  );
}

/**
 * Called after a write lost an attempt: follows the ref's lock file `path` and throws once the
 * same file has stood in the way for {@link HELD_LOCK_MS} or FLAGSTORE_HELD_LOCK_MS (a writer killed or stopped while
 * holding it), or is older than the stale limit. Returns what to pass on the next call.
 */
export function watchHeldLock(path: string, seen: HeldLock | null): HeldLock | null {
  refuseStaleLockFile(path);
  const stamp = stampOf(path);
  if (stamp === null) return null;
  if (seen === null || seen.stamp !== stamp) return { stamp, since: Date.now() };
  const held = Date.now() - seen.since;
  if (held >= heldLockMs()) throw heldError(path, Math.round(held / 1000));
  return seen;
}

/** Throws, naming the file, when the ref's lock file is in place once a write gave up. */
export function refuseHeldLock(path: string, seen: HeldLock | null): void {
  if (seen === null || stampOf(path) !== seen.stamp) return;
  throw heldError(path, Math.round((Date.now() - seen.since) / 1000));
}
