/**
 * The ledger's compare-and-swap by a git started ahead of time: `git update-ref --stdin` is
 * spawned once a write's decision proposes a change, so git's own start-up (a process, its
 * libraries, its config files) runs beside the object writes instead of after them. git
 * reads its one command (`update <ref> <new> <old>`, or `create <ref> <new>` for a ref that
 * must not exist) and applies it as one transaction at the end of its input: the ref is
 * locked, checked and moved then, exactly as `git update-ref <ref> <new> <old>` does. A git
 * that receives no command (the write decided nothing, or failed) changes nothing.
 */
import { FlagstoreError } from '../core/errors.js';
import { childProcess } from './child-process.js';
import { spawnFailure } from './git-failure.js';
import { refIs } from './loose.js';
import { git } from './repo.js';

/** A ref move: from `old` (null: the ref must not exist) to `next`. */
export interface RefChange {
  ref: string;
  next: string;
  old: string | null;
}

/** A started `git update-ref --stdin`, waiting for the one change it will make. */
export interface RefUpdate {
  /** Sends the change; resolves when git is done, rejecting with git's words when it failed. */
  apply: (change: RefChange) => Promise<void>;
  /** Ends git's input without a change (nothing is moved); a no-op after `apply`. */
  cancel: () => void;
}

/** A ref name and object ids git reads as one line each (anything else takes `git update-ref`). */
const PLAIN = /^[^\s\0]+$/;

/** True when the change can be sent as a line of `git update-ref --stdin`. */
export function isPlainChange(change: RefChange): boolean {
  return [change.ref, change.next, change.old ?? 'x'].every((word) => PLAIN.test(word));
}

/** Starts `git update-ref -m <reason> --stdin` in `root`. */
export function startRefUpdate(root: string, reason: string): RefUpdate {
  const child = childProcess().spawn('git', ['update-ref', '-m', reason, '--stdin'], {
    cwd: root,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const err: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdin.on('error', () => undefined);
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (error) => reject(spawnFailure(error, root) ?? error));
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code === 0) resolve();
      else reject(Object.assign(new Error(stderr || `exit ${code}`), { stderr }));
    });
  });
  let sent = false;
  return {
    apply: (change) => {
      if (sent) throw new FlagstoreError('internal', 'a ref update was applied twice');
      sent = true;
      const line =
        change.old === null
          ? `create ${change.ref} ${change.next}\n`
          : `update ${change.ref} ${change.next} ${change.old}\n`;
      child.stdin.end(line);
      return done;
    },
    cancel: () => {
      if (sent) return;
      sent = true;
      child.stdin.end();
      // Nothing waits for a git that was sent no change; a failure to start is of no interest.
      done.catch(() => undefined);
    },
  };
}

/**
 * Moves a ref as {@link RefChange} says: by `early` (a git started ahead) when given, else by
 * `git update-ref <ref> <new> <old>`. Rejects with git's words when git refused.
 */
export async function moveRef(
  root: string,
  change: RefChange & { reason: string; early?: RefUpdate | undefined },
): Promise<void> {
  if (change.early !== undefined && isPlainChange(change)) return change.early.apply(change);
  change.early?.cancel();
  // An empty old value means "must not exist" for every object format (forty zeros is refused
  // as an old value in a SHA-256 repository).
  const old = change.old ?? '';
  await git(root, ['update-ref', '-m', change.reason, change.ref, change.next, old]);
}

/**
 * Points a ref that follows another repository's branch (a remote-tracking ref) at `commit`,
 * unless it already does: a push moves it itself where the remote's fetch refspec covers the
 * branch (the default), and that is read here without starting git. A failure is left for the
 * next fetch to mend.
 */
export async function followRef(root: string, ref: string, commit: string): Promise<void> {
  if (refIs(root, ref, commit)) return;
  await git(root, ['update-ref', ref, commit]).catch(() => '');
}
