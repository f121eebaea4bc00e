/** Committing exactly the files flagstore wrote, never whatever else happens to be staged. */
import { childProcess } from './child-process.js';
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { withRetries } from '../core/retry.js';
import { FlagstoreError } from '../core/errors.js';
import { lockPathIn, watchLocks, type StuckLock } from './lock-watch.js';
import { gitMessage, spawnFailure } from './git-failure.js';
import { shellWord, shellWords } from './shell-word.js';
import { git } from './repo.js';
import { commitIdentityKnown } from './ref-settings.js';
import { stallForTests } from './stall.js';

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
 * Commits only the given paths; returns the new commit's hash. A new file enters the user's
 * index as an intent-to-add entry (`git add -N`), which no plain `git commit` of the user's
 * includes, and `git commit --only` then commits it and records it in the index in one git
 * process: a process killed between the two steps never leaves a staged flag behind, and the
 * user's staged work (partly staged files too) is left as it was. While other processes take
 * and release git's locks it waits and tries again; a lock that stays in place (a stopped or
 * crashed git) ends the wait early with what to check.
 */
export async function commitPaths(request: CommitRequest): Promise<string> {
  const guard = guardSignals(request);
  try {
    return await commitWithRetries(request, guard);
  } finally {
    guard.release();
  }
}

/**
 * Tries the commit until it lands, while git refuses for a lock another process holds (or a
 * racing writer rewrote the index between our add and our commit: add again). Only the time
 * spent waiting for locks counts against the patience: a long hook of our own commit is no lock.
 */
async function commitWithRetries(request: CommitRequest, guard: SignalGuard): Promise<string> {
  const locks = watchLocks();
  const seen: { stuck: StuckLock | null } = { stuck: null };
  const again = async (error: unknown): Promise<boolean> => {
    guard.busy = false;
    await guard.stopIfAsked();
    const detail = gitMessage(error);
    if (!lockBusy(detail) && !/did not match any file/.test(detail)) return false;
    seen.stuck = locks.stuck(detail);
    return seen.stuck === null;
  };
  const commit = () => {
    guard.busy = true;
    return commitOnce(request, guard);
  };
  try {
    return await withRetries(commit, {
      again,
      wait: (attempt) => 10 + Math.floor(Math.random() * Math.min(25 * attempt, 250)),
      patienceMs: request.patienceMs ?? PATIENCE_MS,
    });
  } catch (error) {
    await forgetIntents(request.root, request.paths);
    throw seen.stuck === null
      ? commitFailed(request, gitMessage(error))
      : stuckLock(request, seen.stuck);
  }
}

async function commitOnce(request: CommitRequest, guard: SignalGuard): Promise<string> {
  const { root, paths, message } = request;
  // A no-op for a tracked file; a new one becomes known to the index, not staged.
  await git(root, ['add', '--intent-to-add', '--', ...paths]);
  stallForTests('COMMIT');
  // A signal that came while git added (or while this process was stopped) is handled first.
  await new Promise((resolve) => setImmediate(resolve));
  await guard.stopIfAsked();
  await gitToEnd(root, ['commit', '--quiet', '-m', message, '--only', '--', ...paths]);
  return (await git(root, ['log', '-1', '--format=%H', '--', ...paths])).trim();
}

/** What a Ctrl-C or a SIGTERM to this process does while it commits. */
interface SignalGuard {
  /** True while a try's git processes run: they finish first. */
  busy: boolean;
  /** When a signal came: takes out the intent-to-add entries and exits with its code. */
  stopIfAsked: () => Promise<void>;
  release: () => void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Catches SIGINT and SIGTERM for the commit's time. Before the commit's git starts (or after
 * it failed), a signal takes out the intent-to-add entries and exits with the signal's code
 * (130, 143). The commit's git runs in its own process group, so a terminal's Ctrl-C (sent to
 * the whole group) does not stop it: the signal waits until it ends (a commit that landed is
 * reported as usual), and a second one exits at once (git goes on, as after a kill).
 */
function guardSignals(request: CommitRequest): SignalGuard {
  let received: NodeJS.Signals | null = null;
  const exit = (): never => process.exit(128 + (osConstants.signals[received!] ?? 0));
  const guard: SignalGuard = {
    busy: false,
    async stopIfAsked() {
      if (received === null) return;
      await forgetIntents(request.root, request.paths);
      exit();
    },
    release: () => SIGNALS.forEach((signal) => process.off(signal, onSignal)),
  };
  function onSignal(signal: NodeJS.Signals): void {
    const again = received !== null;
    received = signal;
    if (guard.busy && again) exit();
    if (!guard.busy) void guard.stopIfAsked();
  }
  SIGNALS.forEach((signal) => process.on(signal, onSignal));
  return guard;
}

/**
 * Runs git with its output going to a file, not a pipe: when this process is killed, git (and
 * the hooks a commit runs, which print) goes on to the end instead of dying on a closed pipe
 * half-way. Throws an error whose `stderr` is what git printed.
 */
async function gitToEnd(root: string, args: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flagstore-git-'));
  const out = openSync(join(dir, 'output'), 'w+');
  // Gone at once where the system allows it (the open file lives on): a kill leaves nothing.
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  tryTo(removeDir);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = childProcess().spawn('git', args, {
        cwd: root,
        stdio: ['ignore', out, out],
        // Its own process group: a Ctrl-C to flagstore's group does not stop a running commit.
        detached: process.platform !== 'win32',
      });
      child.on('error', (error) => reject(spawnFailure(error, root) ?? error));
      child.on('close', resolve);
    });
    if (code === 0) return;
    const stderr = Buffer.alloc(fstatSync(out).size);
    readSync(out, stderr, 0, stderr.length, 0);
    throw Object.assign(new Error(`git ${args[0]} exited with ${code}`), {
      stderr: stderr.toString('utf8'),
    });
  } finally {
    closeSync(out);
    tryTo(removeDir);
  }
}

function tryTo(action: () => void): void {
  try {
    action();
  } catch {
    // Windows keeps an open file: the second try, once it is closed, removes it.
  }
}

/**
 * After a failed commit, takes out the intent-to-add entries of the given paths, so the user's
 * index is as it was (an entry of that kind would make `git stash` refuse). Only such entries
 * are taken: nothing but one shows as an added file between the index and the work tree. Other
 * writers committing at the same time hold git's index lock for a moment: it tries again while
 * they do, for a few seconds at most.
 */
async function forgetIntents(root: string, paths: string[]): Promise<void> {
  // Best effort: the printed fix (`git add` then `git commit`) works with or without the entry.
  await withRetries(() => removeIntents(root, paths), {
    again: (error) => lockBusy(gitMessage(error)),
    wait: () => 10 + Math.floor(Math.random() * 50),
    tries: 40,
  }).catch(() => undefined);
}

async function removeIntents(root: string, paths: string[]): Promise<void> {
  const args = ['diff', '--name-only', '-z', '--diff-filter=A', '--', ...paths];
  const intents = (await git(root, args)).split('\0').filter((path) => path !== '');
  if (intents.length > 0) await git(root, ['update-index', '--force-remove', '--', ...intents]);
}

/** The commands that commit the flag by hand, as one line a shell runs as printed. */
function commitCommand(request: CommitRequest): string {
  const { paths, message } = request;
  return `${shellWords(['git', 'add', '--', ...paths])} && ${shellWords(['git', 'commit', '-m', message, '--', ...paths])}`;
}

function stuckLock(request: CommitRequest, lock: StuckLock): FlagstoreError {
  const seconds = Math.round(lock.heldMs / 1000);
  return new FlagstoreError(
    'git',
    `the flag file was written but not committed: git's lock file ${lock.path} has stayed in place for ${seconds} s (since ${lock.since.toISOString()}): a git process in this repository is still running (a commit waiting in its editor or running its hooks), or one was stopped or crashed and left the file behind`,
    {
      fix: `make sure no git process is running in this repository (an open commit editor, a stopped or background git: ps -ef | grep git), then remove ${shellWord(lock.path)} and commit the flag: ${commitCommand(request)}`,
      details: { paths: request.paths, lock: lock.path },
    },
  );
}

function commitFailed(request: CommitRequest, detail: string): FlagstoreError {
  const lock = lockBusy(detail) ? lockPathIn(detail) : null;
  if (lock !== null) return lockKeptBusy(request, lock);
  return new FlagstoreError('git', `the flag file was written but git commit failed: ${detail}`, {
    fix: lockBusy(detail)
      ? `other git processes kept the repository busy; retry: ${commitCommand(request)}`
      : commitCommand(request),
    details: { paths: request.paths },
  });
}

/**
 * The lock stayed busy through the whole wait but is young: a live git process (a commit in its
 * hooks) holds it, so git's own advice to remove the file would break that commit.
 */
function lockKeptBusy(request: CommitRequest, lock: string): FlagstoreError {
  return new FlagstoreError(
    'git',
    `the flag file was written but not committed: git's lock file ${lock} stayed taken while flagstore waited: another git process in this repository holds it (a commit running its hooks or waiting in its editor)`,
    {
      fix: `wait for it to finish (ps -ef | grep git shows it), then commit the flag: ${commitCommand(request)}`,
      details: { paths: request.paths, lock },
    },
  );
}
