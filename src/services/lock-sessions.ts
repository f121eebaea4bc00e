/**
 * Which session took a flag's lock, kept beside the repository (inside the git dir), so two
 * sessions of one identity exclude each other. A record counts only while it describes the
 * flag's current lock (same holder, same locked_at); stale records are simply ignored.
 */
import { mkdirSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import {
  describesLock,
  lockFlag,
  type Actor,
  type LockSession,
  type WorktreeLock,
} from '../core/lifecycle.js';
import { configBool, configValues } from '../core/git-config.js';
import { commonDirOf } from '../git/discovery.js';
import { shellWord } from '../git/shell-word.js';
import { writeAtomic } from '../store/atomic.js';
import type { Result } from '../core/errors.js';
import type { Flag, FlagEdit } from '../core/types.js';
import type { Workspace } from './workspace.js';

/** The environment variable a CLI session sets to be told apart from others of its identity. */
export const SESSION_ENV = 'FLAGSTORE_SESSION';

function folder(ws: Pick<Workspace, 'gitDir'>): string {
  return join(ws.gitDir, 'flagstore', 'lock-sessions');
}

/** The session recorded for a flag's lock, or null when none was (or it cannot be read). */
export function readLockSession(ws: Pick<Workspace, 'gitDir'>, id: string): LockSession | null {
  try {
    const raw = JSON.parse(readFileSync(join(folder(ws), `${id}.json`), 'utf8')) as LockSession;
    return typeof raw.session === 'string' || raw.session === null ? raw : null;
  } catch {
    return null;
  }
}

/**
 * Records the session of a lock that has landed (after the ledger's compare-and-swap, never
 * before: a writer that lost the race must not overwrite the winner's record); null for a
 * call without a session, so it can renew its own lock here and nowhere else.
 */
export function recordLockSession(ws: Workspace, flag: Flag, session: string | null): void {
  mkdirSync(folder(ws), { recursive: true });
  const record: LockSession = { session, agent: flag.locked_by, locked_at: flag.locked_at };
  writeAtomic(join(folder(ws), `${flag.id}.json`), JSON.stringify(record));
}

/** What a lock decision needs besides the flag: who, how long, and from which session. */
export interface SessionLock {
  actor: Actor;
  ttlMs?: number | undefined;
  session?: string | null | undefined;
}

/**
 * Decides a lock with the session rule: a live lock of the same identity counts as another
 * session's unless its record names the caller's session. The record is written by the caller
 * once the lock has landed ({@link recordLockSession}).
 */
export function lockWithSession(ws: Workspace, flag: Flag, lock: SessionLock): Result<FlagEdit> {
  const session = lock.session ?? null;
  const held = readLockSession(ws, flag.id);
  // Only a lock of the caller's identity that this worktree did not record is looked for elsewhere.
  const ours = flag.locked && flag.locked_by !== null && flag.locked_by === lock.actor.agent;
  const elsewhere = ours && !describesLock(flag, held) ? otherWorktreeLock(ws, flag) : null;
  return lockFlag(flag, lock.actor, { ttlMs: lock.ttlMs, session, held, elsewhere });
}

/** The record of the flag's current lock in another worktree of this repository, if one has it. */
function otherWorktreeLock(ws: Workspace, flag: Flag): WorktreeLock | null {
  for (const tree of otherWorktrees(ws.gitDir)) {
    const record = readLockSession(tree, flag.id);
    if (!describesLock(flag, record)) continue;
    return { ...record, worktree: tree.path === null ? null : shellWord(tree.path) };
  }
  return null;
}

/** The values of `keys` in one of the common dir's config files; null when unreadable or not plain. */
function commonConfig(common: string, file: string, keys: string[]) {
  try {
    return configValues(readFileSync(join(common, file), 'utf8'), keys);
  } catch {
    return null;
  }
}

/**
 * `core.worktree` of the main worktree as git reads it (setup.c): from the common `config`, then,
 * with `extensions.worktreeConfig` on there, from `config.worktree` beside it, which wins (where
 * `git worktree` says to move it once that extension is on); undefined when neither sets it.
 */
function mainWorktreeSetting(common: string): string | undefined {
  const local = commonConfig(common, 'config', ['core.worktree', 'extensions.worktreeconfig']);
  let value = local?.get('core.worktree');
  if (configBool(local?.get('extensions.worktreeconfig')) === true) {
    value =
      commonConfig(common, 'config.worktree', ['core.worktree'])?.get('core.worktree') ?? value;
  }
  return typeof value === 'string' ? value : undefined;
}

/**
 * The main worktree's folder as git finds it: `core.worktree` ({@link mainWorktreeSetting}),
 * resolved from the common dir (a submodule's `.git/modules/<name>` names its folder so), else
 * the folder holding a common dir named `.git`. Null when git records none: `git init
 * --separate-git-dir` leaves only the worktree's `.git` file pointing at the git dir, nothing
 * pointing back.
 */
function mainWorktree(common: string): string | null {
  const value = mainWorktreeSetting(common);
  if (value !== undefined) return real(resolve(common, value));
  return basename(common) === '.git' ? dirname(common) : null;
}

/**
 * The repository's other worktrees, each with its git dir and folder (null: not known): the main
 * one (its git dir is the common dir) and the linked ones (`<common dir>/worktrees/<name>`, whose
 * `gitdir` file names the worktree's `.git`, absolute or from that folder). One that cannot be
 * read is left out.
 */
function otherWorktrees(gitDir: string): { gitDir: string; path: string | null }[] {
  const common = commonDirOf(gitDir);
  const trees: { gitDir: string; path: string | null }[] = [
    { gitDir: common, path: mainWorktree(common) },
  ];
  const linked = join(common, 'worktrees');
  let names: string[] = [];
  try {
    names = readdirSync(linked);
  } catch {
    // No linked worktree.
  }
  for (const name of names) {
    try {
      // git 2.48+ may record it relative to the record's folder (worktree.useRelativePaths).
      const dotGit = readFileSync(join(linked, name, 'gitdir'), 'utf8').trim();
      trees.push({ gitDir: join(linked, name), path: dirname(resolve(linked, name, dotGit)) });
    } catch {
      // A worktree being added or pruned.
    }
  }
  const here = real(gitDir);
  return trees.filter((tree) => real(tree.gitDir) !== here);
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
