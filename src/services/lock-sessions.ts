/**
 * Which session took a flag's lock, kept beside the repository (inside the git dir), so two
 * sessions of one identity exclude each other. A record counts only while it describes the
 * flag's current lock (same holder, same locked_at); stale records are simply ignored.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockFlag, type Actor, type LockSession } from '../core/lifecycle.js';
import { writeAtomic } from '../store/atomic.js';
import type { Result } from '../core/errors.js';
import type { Flag, FlagEdit } from '../core/types.js';
import type { Workspace } from './workspace.js';

/** The environment variable a CLI session sets to be told apart from others of its identity. */
export const SESSION_ENV = 'FLAGSTORE_SESSION';

function folder(ws: Workspace): string {
  return join(ws.gitDir, 'flagstore', 'lock-sessions');
}

/** The session recorded for a flag's lock, or null when none was (or it cannot be read). */
export function readLockSession(ws: Workspace, id: string): LockSession | null {
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
  return lockFlag(flag, lock.actor, {
    ttlMs: lock.ttlMs,
    session,
    held: readLockSession(ws, flag.id),
  });
}
