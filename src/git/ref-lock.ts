/** A ref's lock file that a killed git or flagstore left behind. */
import { statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { gitLockHolder, type GitHolder } from './lock-git-holder.js';
import { lockOpener, type LockOpener } from './lock-owner.js';
import { shellWord } from './shell-word.js';

/** How old a ref's lock file must be before it is taken for one a killed process left. */
const STALE_LOCK_MS = 30_000;

/**
 * Who holds a ledger ref's lock file, as far as anyone can tell: git writes only the ref's next
 * value into it (flagstore too, taking it as git does), so no holder is recorded.
 */
const NO_HOLDER =
  "a ref's lock file records no holder: a git or flagstore process took it and was killed, or is stopped, while it moved the ledger";

/**
 * The fix for a ledger ref's lock file in the way, in the words of doctor's `ledger lock` check;
 * `then` follows it in a refusal (what to run once it is gone).
 */
export function refLockFix(path: string, then = ''): string {
  return `if no git or flagstore process is running in this repository (jobs; ps -ef | grep -e git -e flagstore), remove it: rm ${shellWord(path)}${then}`;
}

const AGAIN = "; then run the command again (flagstore doctor names it too: check 'ledger lock')";

/** When a lock file was last written, for a message, and how many seconds ago; null when gone. */
function standing(path: string, now = Date.now()): LeftLock | null {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined) return null;
  const ageMs = now - stat.mtimeMs;
  return { path, since: stat.mtime.toISOString(), seconds: Math.round(ageMs / 1000), ageMs };
}

/**
 * Throws when a ref's lock file (`path`) has not been touched for a while (a killed git or
 * flagstore left it): retrying would only wait for it in vain.
 */
export function refuseStaleLockFile(path: string): void {
  const stood = standing(path);
  if (stood === null || stood.ageMs < STALE_LOCK_MS) return;
  const opener = refLockHolder(path);
  const untouched = `untouched since ${stood.since} (${stood.seconds} s)`;
  if (opener !== null) throw heldByLive(path, { stood: untouched, opener });
  throw new FlagstoreError(
    'git',
    `the ledger's ref is locked: its lock file ${path} has stood ${untouched}, so the ledger was not changed; ${NO_HOLDER}`,
    { fix: refLockFix(path, AGAIN) },
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

/** A ref's lock file that has stood for a while: where, since when, and for how many seconds. */
export interface LeftLock {
  path: string;
  since: string;
  seconds: number;
  ageMs: number;
}

/**
 * The lock file of `ref` (as `refs/heads/<name>`) in the git dir `commonDir` when it has stood
 * for a couple of seconds (a killed or stopped writer's), else null.
 */
export function leftRefLock(commonDir: string, ref: string, now = Date.now()): LeftLock | null {
  const stood = standing(join(commonDir, `${ref}.lock`), now);
  return stood === null || stood.ageMs < LEFT_LOCK_MS ? null : stood;
}

/**
 * doctor's words for a ledger ref's lock file standing in the way, as the refusals put it: who
 * holds it (found by {@link refLockHolder}), else that no holder is recorded.
 */
export function leftLockText(left: LeftLock, holder: RefLockHolder | null): string {
  const words = holder === null ? null : holderWords(holder);
  const why = words === null ? NO_HOLDER : `${words.who} ${words.held} it`;
  return `${left.path} has stood since ${left.since} (${left.seconds} s): ledger writes wait for it, then fail; ${why}`;
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

/** A live process holding a ref's lock: a flagstore writer, or a git process (with its command). */
export type RefLockHolder = LockOpener | GitHolder;

/**
 * A live process holding the ref's lock: a flagstore writer seen holding it open, else the git
 * process most likely holding it (git closes its lock file; see lock-git-holder.ts); null when
 * neither is found (killed, or another user's, or not Linux). Writers and doctor both ask here.
 */
export function refLockHolder(path: string): RefLockHolder | null {
  return lockOpener(path) ?? gitLockHolder(path);
}

/** What to do about a live holder of a ref's lock: resume a stopped one, else wait for it. */
export function holderFix(holder: RefLockHolder): string {
  const { one } = holderWords(holder);
  return holder.stopped
    ? `resume that ${one} (kill -CONT ${holder.pid})`
    : `wait until that ${one} is done (ps -p ${holder.pid})`;
}

/** Who holds the lock, for the refusal's sentence and fix. */
function holderWords(opener: RefLockHolder): { who: string; held: string; one: string } {
  const state = opener.stopped ? 'a stopped' : 'a live';
  if (!('command' in opener)) {
    return { who: `${state} process (pid ${opener.pid})`, held: 'has held', one: 'writer' };
  }
  return {
    who: `${state} git process in this repository (pid ${opener.pid}: ${opener.command}), running since before the lock was taken,`,
    held: 'has most likely held',
    one: 'git process',
  };
}

/**
 * The refusal when a live process holds the ref's lock (found by {@link refLockHolder}): another
 * writer is moving the ledger, slowly or stopped, so this is a conflict, not a lock left behind.
 * `stood` says how long the lock has stood, as the refusal without a holder says it.
 */
function heldByLive(path: string, o: { stood: string; opener: RefLockHolder }): FlagstoreError {
  const { pid, stopped } = o.opener;
  const { who, held } = holderWords(o.opener);
  const command = 'command' in o.opener ? { command: o.opener.command } : {};
  return new FlagstoreError(
    'conflict',
    `the ledger's ref is locked by another writer: ${who} ${held} its lock file ${path} ${o.stood}, so the ledger was not changed`,
    {
      fix: `${holderFix(o.opener)}, then run the command again`,
      details: { pid, stopped, lock: path, ...command },
    },
  );
}

function heldError(path: string, seconds: number): FlagstoreError {
  const stood = standing(path);
  const since = stood === null ? '' : `(there since ${stood.since}) `;
  const opener = refLockHolder(path);
  const retried = `for ${seconds} s while this write retried`;
  if (opener !== null) return heldByLive(path, { stood: `${since}${retried}`, opener });
  return new FlagstoreError(
    'git',
    `the ledger's ref is locked: its lock file ${path} ${since}stayed in place ${retried}, so the ledger was not changed; ${NO_HOLDER}`,
    {
      fix: `a stopped process holding it (Ctrl-Z, a paused container) goes on once resumed; ${refLockFix(path, AGAIN)}`,
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
