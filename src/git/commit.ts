/** Committing exactly the files flagstore wrote, never whatever else happens to be staged. */
import { commitPathsOnce } from './commit-plumbing.js';
import { withRetries } from '../core/retry.js';
import { FlagstoreError } from '../core/errors.js';
import { lockPathIn, watchLocks, type StuckLock } from './lock-watch.js';
import { gitMessage } from './git-failure.js';
import {
  holderState,
  holderText,
  IndexLockTaken,
  orphanHolder,
  uncheckableFix,
  uncheckableHolder,
  type HolderState,
} from './index-lock.js';
import { shellWord, shellWords } from './shell-word.js';
import { git } from './repo.js';
import { commitIdentityKnown } from './ref-settings.js';
import { stallForTests } from './stall.js';
import { exitBySignal, guardSignals, type SignalGuard } from './signal-guard.js';

/**
 * Refuses before anything is written when git could not commit for want of an identity (no
 * user.name or user.email, nor GIT_AUTHOR_* and GIT_COMMITTER_* variables): read from the config
 * files where they surely tell it, else asked of `git var`, which fails for an identity
 * `git commit` would fail for, so a write asked to commit does not leave an
 * uncommitted file behind, which a second try would only duplicate.
 */
export async function checkCommitIdentity(root: string): Promise<void> {
  if (commitIdentityKnown(root)) return;
  const asked = ['GIT_AUTHOR_IDENT', 'GIT_COMMITTER_IDENT'].map((name) =>
    git(root, ['var', name]).then(
      () => null,
      (error: unknown) => error,
    ),
  );
  const failure = (await Promise.all(asked)).find((error) => error !== null);
  if (failure === undefined) return;
  if (failure instanceof FlagstoreError) throw failure;
  // git's first line says whose identity is unknown, its last (fatal:) why.
  const said = gitMessage(failure).split('\n');
  const reason = said.length > 1 ? `${said[0]}: ${said[said.length - 1]}` : said[0];
  throw new FlagstoreError(
    'git',
    `git has no identity to commit with, so nothing was written: ${reason}`,
    {
      fix: 'git config user.name "Your Name" && git config user.email you@example.com (add --global for every repository), then run the command again',
    },
  );
}

/** What to commit and why. */
export interface CommitRequest {
  root: string;
  paths: string[];
  message: string;
  /**
   * How long to keep trying while other processes take and release git's locks in turn
   * (45 s): only the waits between tries count, never the time git and its hooks run.
   */
  patienceMs?: number;
}

/** How long a commit keeps trying while other processes take and release git's locks in turn. */
const PATIENCE_MS = 45_000;

/** git refused because another process holds its index or a ref lock: worth another try. */
export function lockBusy(detail: string): boolean {
  return /index\.lock|\.lock': File exists|cannot lock ref|Unable to create .*\.lock|some local refs could not be updated/i.test(
    detail,
  );
}

/**
 * The lock file a failure was refused for: flagstore's own refusal of the user's index lock
 * (IndexLockTaken), else the one git names (null when its refusal names none); undefined when
 * no lock refused it (nothing to wait for).
 */
function busyLock(error: unknown): string | null | undefined {
  if (error instanceof IndexLockTaken) return error.lock;
  const detail = gitMessage(error);
  return lockBusy(detail) ? lockPathIn(detail) : undefined;
}

/**
 * Commits only the given paths; returns the new commit's hash. The commit is made with git's
 * plumbing (commit-plumbing.ts): the user's index is touched only once the commit has landed,
 * by one `git update-index` of these paths that locks the index before reading it, so what the
 * user stages meanwhile (partly staged files, intent-to-add entries too) is left as it was, and
 * a process killed before then leaves nothing staged. No user hook runs and no index lock is
 * held for longer than a moment, so the user's own commits are not refused meanwhile. While
 * other processes take and release git's locks, or another commit moves HEAD, it waits and
 * tries again; a lock that stays in place (a stopped or crashed git) ends the wait early with
 * what to check.
 */
export async function commitPaths(request: CommitRequest): Promise<string> {
  const guard = guardCommit();
  try {
    return await commitWithRetries(request, guard);
  } finally {
    guard.release();
  }
}

/**
 * Tries the commit until it lands, while git refuses for a lock another process holds or
 * because another commit moved HEAD (the next try builds on it). Only the time spent waiting
 * counts against the patience.
 */
async function commitWithRetries(request: CommitRequest, guard: CommitGuard): Promise<string> {
  const locks = watchLocks();
  const seen: { stuck: StuckLock | null; landed: string | null } = { stuck: null, landed: null };
  const again = async (error: unknown): Promise<boolean> => {
    guard.busy = false;
    await guard.stopIfAsked();
    const lock = busyLock(error);
    if (lock === undefined) return false;
    seen.stuck = locks.stuck(lock);
    return seen.stuck === null;
  };
  const commit = () => {
    guard.busy = true;
    return commitOnce(request, guard, (landed) => (seen.landed = landed));
  };
  try {
    return await withRetries(commit, {
      again,
      wait: (attempt) => 10 + Math.floor(Math.random() * Math.min(25 * attempt, 250)),
      patienceMs: request.patienceMs ?? PATIENCE_MS,
    });
  } catch (error) {
    if (error instanceof FlagstoreError) throw error;
    if (seen.landed !== null) throw indexNotUpdated(request, seen.landed, gitMessage(error));
    throw seen.stuck === null ? commitFailed(request, error) : stuckLock(request, seen.stuck);
  }
}

function commitOnce(
  request: CommitRequest,
  guard: CommitGuard,
  moved: (commit: string) => void,
): Promise<string> {
  const beforeMove = async (): Promise<void> => {
    stallForTests('COMMIT');
    // A signal that came while git ran (or while this process was stopped) is handled first.
    await guard.stopIfAsked();
  };
  return commitPathsOnce({ ...request, beforeMove, moved });
}

/**
 * The commit landed but the user's index could not record the paths (its lock is already ours
 * then, so git's `update-index` or the rename failed for another reason): until it does, the
 * index holds the paths as before, which a commit of the user's would take back.
 */
function indexNotUpdated(request: CommitRequest, commit: string, detail: string): FlagstoreError {
  return new FlagstoreError(
    'git',
    `the flag was committed (${commit}) but git's index could not record it: ${detail}`,
    {
      fix: `once no other git process runs here: ${shellWords(['git', 'reset', '-q', '--', ...request.paths])}`,
      details: { paths: request.paths, commit },
    },
  );
}

/** What a Ctrl-C or a SIGTERM to this process does while it commits. */
interface CommitGuard extends SignalGuard {
  /** True while a try's git processes run: they finish first. */
  busy: boolean;
}

/**
 * Catches SIGINT and SIGTERM for the commit's time. Before HEAD moves (or after a try failed),
 * a signal exits with the signal's code (130, 143), nothing committed and nothing staged. The
 * commit's gits run in their own process group, so a terminal's Ctrl-C (sent to the whole
 * group) does not stop them: the signal waits until the try ends (a commit that landed is
 * reported as usual), and a second one exits at once (git goes on, as after a kill).
 */
function guardCommit(): CommitGuard {
  const onSignal = (signal: NodeJS.Signals, again: boolean): void => {
    if (!guard.busy || again) exitBySignal(signal);
  };
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const guard: CommitGuard = {
    ...guardSignals({ signals, stop: exitBySignal, onSignal }),
    busy: false,
  };
  return guard;
}

/** The commands that commit the flag by hand, as one line a shell runs as printed. */
function commitCommand(request: CommitRequest): string {
  const { paths, message } = request;
  return `${shellWords(['git', 'add', '--', ...paths])} && ${shellWords(['git', 'commit', '-m', message, '--', ...paths])}`;
}

/**
 * A lock that stayed in place long past any git's work: who took it, since when, and what to
 * check before removing it.
 */
function stuckLock(request: CommitRequest, lock: StuckLock): FlagstoreError {
  const known =
    orphanLock(request, lock.path, lock.state) ?? uncheckableLock(request, lock.path, lock.state);
  if (known !== null) return known;
  const seconds = Math.round(lock.heldMs / 1000);
  return new FlagstoreError(
    'git',
    `the flag file was written but not committed: git's lock file ${lock.path} has stayed in place for ${seconds} s (since ${lock.since.toISOString()}), ${holderText(lock.path, lock.state.holder)}: a process in this repository is still running (a commit waiting in its editor or running its hooks), or one was stopped or crashed and left the file behind`,
    {
      fix: `make sure no git process is running in this repository (an open commit editor, a stopped or background git: ps -ef | grep git), then remove ${shellWord(lock.path)} and commit the flag: ${commitCommand(request)}`,
      details: { paths: request.paths, lock: lock.path },
    },
  );
}

/**
 * The index lock a flagstore process of this host took and was killed holding (index-lock.ts):
 * nothing holds it, so the fix removes it without a check; null for any other lock.
 */
function orphanLock(
  request: CommitRequest,
  lock: string,
  state: HolderState,
): FlagstoreError | null {
  const holder = orphanHolder(state);
  if (holder === null) return null;
  return new FlagstoreError(
    'git',
    `the flag file was written but not committed: git's lock file ${lock} was taken at ${holder.since} by flagstore process ${holder.pid} on ${holder.host}, which no longer runs: it was killed while it held the lock and left the file behind, so nothing holds the lock`,
    {
      fix: `remove ${shellWord(lock)} and commit the flag: ${commitCommand(request)}`,
      details: { paths: request.paths, lock },
    },
  );
}

/**
 * The index lock a flagstore process on another host or in another PID namespace holds: whether
 * it runs cannot be checked from here, so nothing removes it; the fix says where to look before
 * removing it. Null for any other lock.
 */
function uncheckableLock(
  request: CommitRequest,
  lock: string,
  state: HolderState,
): FlagstoreError | null {
  const holder = uncheckableHolder(state);
  if (holder === null) return null;
  return new FlagstoreError(
    'git',
    `the flag file was written but not committed: git's lock file ${lock} stayed taken while flagstore waited, ${holderText(lock, holder)}`,
    {
      fix: uncheckableFix(lock, holder, `commit the flag: ${commitCommand(request)}`),
      details: { paths: request.paths, lock },
    },
  );
}

function commitFailed(request: CommitRequest, error: unknown): FlagstoreError {
  const lock = busyLock(error);
  if (typeof lock === 'string') return lockKeptBusy(request, lock);
  const detail = gitMessage(error);
  return new FlagstoreError('git', `the flag file was written but git commit failed: ${detail}`, {
    fix:
      lock === null
        ? `other git processes kept the repository busy; retry: ${commitCommand(request)}`
        : commitCommand(request),
    details: { paths: request.paths },
  });
}

/**
 * The lock stayed busy through the whole wait but is young: a live process (a commit in its
 * hooks) holds it, so git's own advice to remove the file would break that commit.
 */
function lockKeptBusy(request: CommitRequest, lock: string): FlagstoreError {
  const state = holderState(lock);
  return (
    orphanLock(request, lock, state) ??
    uncheckableLock(request, lock, state) ??
    new FlagstoreError(
      'git',
      `the flag file was written but not committed: git's lock file ${lock} stayed taken while flagstore waited, ${holderText(lock, state.holder)}`,
      {
        fix: `wait for it to finish (a commit running its hooks or waiting in its editor; ps -ef | grep -e git -e flagstore shows it), then commit the flag: ${commitCommand(request)}`,
        details: { paths: request.paths, lock },
      },
    )
  );
}
