/**
 * A lock file taken with an exclusive create (O_EXCL) and holding its holder's pid: two
 * processes starting the same thing at once (two `flagstore watch`) take turns, so the second
 * sees what the first started instead of replacing it. A lock whose holder is gone (killed while
 * it held it) is taken over; one whose holder runs is waited for, then given up on.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { pause } from '../core/pause.js';
import { processAlive } from '../git/process-alive.js';

/** A lock this process holds. */
export interface HeldLock {
  /** Removes the lock file, only while it is still this process's. */
  release(): void;
}

/** How long to wait for a lock held by a running process, and what to do meanwhile. */
export interface LockWait {
  waitMs: number;
  /** Called once when the lock is held by another process (its pid) and this one waits. */
  waiting?: (holder: number) => void;
}

/** The pid in a lock file: 0 while it is being written, null when the file is gone. */
function holderOf(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8'));
    return Number.isSafeInteger(pid) && pid > 0 ? pid : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Creates the lock file with this process's pid; false when it exists. */
function create(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, String(process.pid));
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The lock held: released only while the file still names this process. */
function held(path: string): HeldLock {
  return {
    release: () => {
      if (holderOf(path) === process.pid) rmSync(path, { force: true });
    },
  };
}

/**
 * How long a lock file may stay without a pid (ms): its creator writes it at once, so one empty
 * for longer was left by a process killed in between, and is taken over like a dead holder's.
 */
const EMPTY_MS = 1000;

/** True when a lock's holder (0: no pid yet, for `emptyMs`) is gone: killed, or never wrote it. */
function gone(holder: number, emptyMs: number): boolean {
  return holder === 0 ? emptyMs > EMPTY_MS : !processAlive(holder);
}

/**
 * Takes the lock at `path`: the lock, or the pid of the running process that held it for all
 * of `wait.waitMs`. A holder that is gone leaves a lock that is taken over (two processes
 * taking over the same such lock at once could both get it; it takes a holder killed within
 * its few milliseconds of holding it, and two starts right after).
 */
export async function takeLock(path: string, wait: LockWait): Promise<HeldLock | number> {
  let told = false;
  let empty = 0;
  for (let waited = 0; ; waited += 20) {
    if (create(path)) return held(path);
    const holder = holderOf(path);
    if (holder === null) continue;
    empty = holder === 0 ? empty + 20 : 0;
    if (gone(holder, empty)) {
      rmSync(path, { force: true });
      continue;
    }
    if (waited >= wait.waitMs) return holder;
    if (!told && holder > 0) wait.waiting?.(holder);
    told ||= holder > 0;
    await pause(20);
  }
}
