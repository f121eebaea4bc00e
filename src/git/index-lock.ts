/**
 * The index lock flagstore takes for `--commit` (`<index>.lock`, created exclusively as git
 * creates it), with a record of who took it: git only tests that the file exists and never reads
 * it, so flagstore writes one line of JSON there (process id, host, time). A refusal can then
 * name its holder: flagstore's own (running or gone) or, with no record, a git command or
 * another tool (git records no holder in its lock files).
 */
import { closeSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { processAlive } from './process-alive.js';

/** Who took a lock flagstore holds, as written in it. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
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
    const holder: LockHolder = {
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
    };
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

/** The record in a lock file flagstore took, else null (git's own lock, or unreadable). */
export function lockHolder(lock: string): LockHolder | null {
  const buffer = Buffer.alloc(512);
  let fd: number | null = null;
  try {
    fd = openSync(lock, 'r');
    const text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    const held = (JSON.parse(text.split('\n')[0] ?? '') as { flagstore?: LockHolder }).flagstore;
    const valid = Number.isInteger(held?.pid) && typeof held?.host === 'string';
    return valid && typeof held?.since === 'string' ? held : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Whether the flagstore process that took a lock runs: unknown on another host. */
export function holderRuns(holder: LockHolder): boolean | null {
  return holder.host === hostname() ? processAlive(holder.pid) : null;
}

/**
 * The record in a lock file a flagstore process of this host took and no longer runs (killed
 * while it held the lock), else null: no process holds such a lock, so nothing is worth waiting
 * for. git never writes into a lock it did not create, so the record is the lock's own.
 */
export function orphanHolder(lock: string): LockHolder | null {
  const holder = lockHolder(lock);
  return holder !== null && holderRuns(holder) === false ? holder : null;
}

/**
 * Who holds a lock file, for a message: flagstore's process (its id, host and time, and whether
 * it still runs, when on this host), else a git command or another tool since the file's time.
 */
export function holderText(lock: string): string {
  const holder = lockHolder(lock);
  if (holder === null) {
    const stat = statSync(lock, { throwIfNoEntry: false });
    const since = stat === undefined ? '' : ` since ${stat.mtime.toISOString()}`;
    return `held${since} by a git command or another tool (git records no holder in its lock files)`;
  }
  const runs = holderRuns(holder);
  const state = runs === null ? '' : runs ? ', still running' : ', no longer running';
  return `held by flagstore, process ${holder.pid} on ${holder.host}, since ${holder.since}${state}`;
}
