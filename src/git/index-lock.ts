/**
 * The index lock flagstore takes for `--commit` (`<index>.lock`, created exclusively as git
 * creates it), with a record of who took it: git only tests that the file exists and never reads
 * it, so flagstore writes one line of JSON there (process id, host, PID namespace, time). A
 * refusal can then name its holder: flagstore's own (running, gone, or out of this process's
 * sight: another host or PID namespace) or, with no record, a git command or another tool (git
 * records no holder in its lock files).
 */
import { closeSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatAge } from '../core/duration.js';
import { ownerPlace, ownerRuns, thisProcess } from './process-alive.js';
import { shellWord } from './shell-word.js';

/** Who took a lock flagstore holds, as written in it. */
export interface LockHolder {
  pid: number;
  host: string;
  /** The taker's PID namespace (`pidNamespace` in process-alive.ts); absent in older records and off Linux. */
  pidns?: string;
  since: string;
}

/**
 * The user's index as git names it: GIT_INDEX_FILE (a relative one from the top of the work tree
 * `root`, wherever git was started), else `index` in the git dir. Its lock is `<index>.lock`.
 */
export function userIndex(root: string, gitDir: string): string {
  const named = process.env.GIT_INDEX_FILE;
  return named ? resolve(root, named) : join(gitDir, 'index');
}

/** A lock file another process holds: its path (the refusal's words are flagstore's own). */
export class IndexLockTaken extends Error {
  constructor(readonly lock: string) {
    super(`the index lock ${lock} is taken: ${holderText(lock)}`);
  }
}

/**
 * Takes `lock` exclusively with this process's record in it; throws IndexLockTaken if it exists,
 * and leaves no lock when the record cannot be written.
 */
export function takeIndexLock(lock: string): void {
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new IndexLockTaken(lock);
  }
  try {
    const holder: LockHolder = { ...thisProcess(), since: new Date().toISOString() };
    writeSync(fd, `${JSON.stringify({ flagstore: holder })}\n`);
  } catch (error) {
    // The caller removes the lock only once it is taken: a record that cannot be written (a full
    // disk) must not leave a lock behind that every git command would then refuse.
    closeSync(fd);
    rmSync(lock, { force: true });
    throw error;
  }
  closeSync(fd);
}

/** A holder record as read from JSON when its fields are all there and of their types. */
function wellFormed(held: Partial<LockHolder> | undefined): LockHolder | null {
  if (held === undefined || !Number.isInteger(held.pid) || typeof held.host !== 'string')
    return null;
  const pidns = held.pidns === undefined || typeof held.pidns === 'string';
  return pidns && typeof held.since === 'string' ? (held as LockHolder) : null;
}

/** The record in a lock file flagstore took, else null (git's own lock, or unreadable). */
export function lockHolder(lock: string): LockHolder | null {
  const buffer = Buffer.alloc(512);
  let fd: number | null = null;
  try {
    fd = openSync(lock, 'r');
    const text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    const held = JSON.parse(text.split('\n')[0] ?? '') as {
      flagstore?: Partial<LockHolder>;
    } | null;
    return wellFormed(held?.flagstore);
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * A lock file's record (null: git's own lock, or unreadable) and whether its taker still runs
 * (null: no record, or a taker that cannot be checked from here), read once: a caller decides on
 * one read, and names in its message the holder it decided on.
 */
export interface HolderState {
  holder: LockHolder | null;
  runs: boolean | null;
}

/** Reads a lock file's {@link HolderState}. */
export function holderState(lock: string): HolderState {
  const holder = lockHolder(lock);
  return { holder, runs: holder === null ? null : ownerRuns(holder) };
}

/**
 * The record of a lock a flagstore process of this host and PID namespace took and no longer
 * runs (killed while it held the lock), else null: no process holds such a lock, so nothing is
 * worth waiting for. git never writes into a lock it did not create, so the record is the lock's
 * own.
 */
export function orphanHolder(state: HolderState): LockHolder | null {
  return state.runs === false ? state.holder : null;
}

/**
 * The record of a lock a flagstore process took that cannot be checked from here (another host
 * or PID namespace), else null.
 */
export function uncheckableHolder(state: HolderState): LockHolder | null {
  return state.holder !== null && state.runs === null ? state.holder : null;
}

/**
 * Who holds a lock file, for a message: flagstore's process (its id, host and time, and whether
 * it still runs, where that can be checked from here; else its age and why it cannot be), else a
 * git command or another tool since the file's time. A caller that has read the record to decide
 * passes it (`holder`), so the message names the holder it decided on.
 */
export function holderText(lock: string, holder = lockHolder(lock)): string {
  if (holder === null) {
    const stat = statSync(lock, { throwIfNoEntry: false });
    const since = stat === undefined ? '' : ` since ${stat.mtime.toISOString()}`;
    return `held${since} by a git command or another tool (git records no holder in its lock files)`;
  }
  const runs = ownerRuns(holder);
  const who = `held by flagstore, process ${holder.pid} on ${holder.host}, since ${holder.since}`;
  if (runs !== null) return `${who}${runs ? ', still running' : ', no longer running'}`;
  const place =
    ownerPlace(holder) === 'another host'
      ? `${holder.host} is another host`
      : 'it runs in another PID namespace (a container sharing this host name)';
  return `${who} (${formatAge(holder.since, new Date())} ago): ${place}, so whether it still runs cannot be checked from here`;
}

/**
 * The fix for a lock whose flagstore holder cannot be checked from here: look on its host for
 * its process, and only once it is gone remove the lock, then `then` (a command to run after).
 */
export function uncheckableFix(lock: string, holder: LockHolder, then: string): string {
  const where =
    ownerPlace(holder) === 'another host'
      ? `on ${holder.host}`
      : `in the container or machine that took it (${holder.host})`;
  return `${where}, check whether process ${holder.pid} still runs (ps -p ${holder.pid}); only once it is gone, remove the lock: rm ${shellWord(lock)}; then ${then}`;
}
