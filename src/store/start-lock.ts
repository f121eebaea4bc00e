/**
 * A lock file taken with an exclusive create (O_EXCL) and holding its holder's pid and place
 * (placeTag: its host and PID namespace, where that pid means a process): two
 * processes starting the same thing at once (two `flagstore watch`) take turns, so the second
 * sees what the first started instead of replacing it. A lock whose holder is gone (killed while
 * it held it) is taken over; one whose holder runs is waited for, then given up on.
 */
import {
  type BigIntStats,
  closeSync,
  fstatSync,
  linkSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { pause } from '../core/pause.js';
import { placeTag, processAlive } from '../git/process-alive.js';
import { stallForTests } from '../git/stall.js';

/** A lock this process holds. */
export interface HeldLock {
  /** True while the lock file is still the one this process made (none took it over). */
  still(): boolean;
  /** Removes the lock file, only while it is still this process's. */
  release(): void;
}

/** How long to wait for a lock held by a running process, and what to do meanwhile. */
export interface LockWait {
  waitMs: number;
  /** Called once when the lock is held by another process (its pid) and this one waits. */
  waiting?: (holder: number) => void;
}

/**
 * Which file a lock file is: its inode and modification time (a freed inode is soon given to a
 * new file; the pair is not, and neither a rename nor a link changes the time).
 */
type FileKey = string;

function keyOf(stat: BigIntStats): FileKey {
  return `${stat.ino}:${stat.mtimeNs}`;
}

/** A lock file as read: its holder's pid (0 while it is being written) and which file it is. */
interface Seen {
  pid: number;
  /** True when its holder runs in another host or PID namespace: its pid means nothing here. */
  elsewhere: boolean;
  key: FileKey;
}

/** A running holder a start gave up waiting for: its pid, and whether that pid is another place's. */
export type Holder = Pick<Seen, 'pid' | 'elsewhere'>;

/** The lock file's holder and inode, read from one open file; null when it is gone. */
function holderOf(path: string): Seen | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const [written, place] = readFileSync(fd, 'utf8').split(' ');
    const pid = Number(written);
    const key = keyOf(fstatSync(fd, { bigint: true }));
    const elsewhere = place !== undefined && place !== placeTag();
    return { pid: Number.isSafeInteger(pid) && pid > 0 ? pid : 0, elsewhere, key };
  } finally {
    closeSync(fd);
  }
}

/** Creates the lock file with this process's pid and place: which file, or null when one exists. */
function create(path: string): FileKey | null {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid} ${placeTag()}`);
    return keyOf(fstatSync(fd, { bigint: true }));
  } finally {
    closeSync(fd);
  }
}

/** Which file is at `path`, or null when there is none. */
function keyAt(path: string): FileKey | null {
  const stat = lstatSync(path, { bigint: true, throwIfNoEntry: false });
  return stat === undefined ? null : keyOf(stat);
}

/** The lock held: released only while the file is still the one this process made. */
function held(path: string, key: FileKey): HeldLock {
  const still = (): boolean => keyAt(path) === key;
  return {
    still,
    release: () => {
      if (still()) rmSync(path, { force: true });
    },
  };
}

/**
 * Removes the lock file a gone holder left, only while it is still that file (`stale`): moved
 * aside first (a rename is atomic), so a lock another process took over and made meanwhile, moved
 * by mistake, is linked back, never removed. Two processes taking over the same lock at once
 * could each remove it and make their own, and both start (round mend50).
 */
function removeStale(path: string, stale: Seen): void {
  const aside = `${path}.${process.pid}.stale`;
  stallForTests('TAKEOVER');
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    // EEXIST: a third process made one meanwhile; the one moved aside fails its holder's still().
    if (keyAt(aside) !== stale.key) linkSync(aside, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * How long a lock file may stay without a pid (ms): its creator writes it at once, so one empty
 * for longer was left by a process killed in between, and is taken over like a dead holder's.
 */
const EMPTY_MS = 1000;

/**
 * True when a lock's holder (pid 0: none yet, for `emptyMs`) is gone: killed, or never wrote
 * it. One of another place cannot be checked from here, and is waited for as a running one.
 */
function gone(holder: Seen, emptyMs: number): boolean {
  if (holder.pid === 0) return emptyMs > EMPTY_MS;
  return !holder.elsewhere && !processAlive(holder.pid);
}

/**
 * Takes the lock at `path`: the lock, or the running process that held it for all of
 * `wait.waitMs`. A holder that is gone leaves a lock that is taken over (see removeStale);
 * the taker checks `still()` before it acts, for the one case that leaves two believing they
 * hold it (a third process taking the lock in the moment it was moved aside).
 */
export async function takeLock(path: string, wait: LockWait): Promise<HeldLock | Holder> {
  let told = false;
  let empty = { key: '', ms: 0 };
  for (let waited = 0; ; waited += 20) {
    const made = create(path);
    if (made !== null) return held(path, made);
    const seen = holderOf(path);
    if (seen === null) continue;
    empty =
      seen.pid === 0 && seen.key === empty.key
        ? { ...empty, ms: empty.ms + 20 }
        : { key: seen.key, ms: 0 };
    if (gone(seen, empty.ms)) {
      removeStale(path, seen);
      continue;
    }
    if (waited >= wait.waitMs) return { pid: seen.pid, elsewhere: seen.elsewhere };
    if (!told && seen.pid > 0) wait.waiting?.(seen.pid);
    told ||= seen.pid > 0;
    await pause(20);
  }
}
