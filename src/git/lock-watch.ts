/**
 * Telling a busy git lock from a stuck one. git refuses with "Unable to create '<path>.lock':
 * File exists" both while another git process works (it holds the lock for milliseconds) and
 * after one crashed or was stopped (the lock stays until someone removes it). A lock file that
 * stays the same file for long is stuck: waiting longer only delays the message.
 */
import { statSync } from 'node:fs';
import { holderState, orphanHolder, uncheckableHolder, type HolderState } from './index-lock.js';
import { heldLockMs } from './ref-lock.js';

/** A lock file that has stayed in place since `since` (its modification time). */
export interface StuckLock {
  path: string;
  since: Date;
  heldMs: number;
  /** The lock's record as the watch read it to decide (one read per poll). */
  state: HolderState;
}

/**
 * How long one lock file may stay before it counts as stuck. git holds a lock for milliseconds,
 * but a `git commit` of another agent's holds the index's for as long as its pre-commit gates
 * run (minutes, for a test suite): a lock younger than this is waited for through the whole
 * patience, and only one older (a stopped or crashed git, a commit left in its editor) ends the
 * wait early.
 */
export const STUCK_MS = 600_000;
/** How long this process must itself have watched a lock: a clock skew alone never decides. */
const WATCH_MS = 1_000;

/** The lock file named in a git refusal, or null when the refusal names none. */
export function lockPathIn(detail: string): string | null {
  return /Unable to create '([^']+\.lock)': File exists/.exec(detail)?.[1] ?? null;
}

/** One watch over the locks a sequence of git refusals names. */
export interface LockWatch {
  /** The lock (a refusal's lock file, null when none) if it stayed too long, else null. */
  stuck: (path: string | null, now?: number) => StuckLock | null;
}

/** A new watch: each refusal's lock file is checked against the one the previous one named. */
export function watchLocks(): LockWatch {
  let seen: { key: string; firstSeen: number } | null = null;
  return {
    stuck(path, now = Date.now()) {
      const stat = path === null ? undefined : statSync(path, { throwIfNoEntry: false });
      if (path === null || stat === undefined) {
        seen = null;
        return null;
      }
      // A new lock file (another process's) has another inode or time: the count starts again.
      const key = `${path}\0${stat.ino}\0${stat.mtimeMs}`;
      if (seen?.key !== key) seen = { key, firstSeen: now };
      // The lock's age decides (this process never waits as long as STUCK_MS); the watch only
      // keeps a clock skew from deciding at first sight. A lock whose flagstore taker is gone
      // (index-lock.ts) is stuck at once: nothing will ever remove it.
      const heldMs = now - stat.mtimeMs;
      const watched = now - seen.firstSeen;
      const waited = watched >= WATCH_MS && heldMs >= STUCK_MS;
      const state = holderState(path);
      if (!waited && orphanHolder(state) === null && !outOfSight(state, watched)) return null;
      return { path, since: new Date(stat.mtimeMs), heldMs, state };
    },
  };
}

/**
 * A lock a flagstore process on another host or in another PID namespace took (its process cannot
 * be looked up from here) that this watch has seen stay the same file for {@link heldLockMs}
 * (10 s): flagstore holds the index lock for two git processes, so one held that long is stopped
 * or gone, and waiting out the whole patience only delays the message. The lock is never removed.
 */
function outOfSight(state: HolderState, watchedMs: number): boolean {
  return watchedMs >= heldLockMs() && uncheckableHolder(state) !== null;
}
