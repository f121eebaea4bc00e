/**
 * Which session took a flag's lock, kept beside the repository (inside the git dir), so two
 * sessions of one identity exclude each other. A record counts only while it describes the
 * flag's current lock (same holder, same locked_at); stale records are simply ignored.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lockFlag, type Actor, type LockSession } from '../core/lifecycle.js';
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
    return typeof raw.session === 'string' ? raw : null;
  } catch {
    return null;
  }
}

function writeLockSession(ws: Workspace, id: string, record: LockSession): void {
  mkdirSync(folder(ws), { recursive: true });
  const path = join(folder(ws), `${id}.json`);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(record));
  renameSync(temp, path);
}

/** What a lock decision needs besides the flag: who, how long, and from which session. */
export interface SessionLock {
  actor: Actor;
  ttlMs?: number | undefined;
  session?: string | null | undefined;
}

/**
 * Decides a lock with the session rule, and records the caller's session with it. Runs under
 * the flag's file lock, so the record and the flag change together for every other writer.
 */
export function lockWithSession(ws: Workspace, flag: Flag, lock: SessionLock): Result<FlagEdit> {
  const session = lock.session ?? null;
  const held = readLockSession(ws, flag.id);
  const decided = lockFlag(flag, lock.actor, { ttlMs: lock.ttlMs, session, held });
  if (decided.ok && session !== null) {
    const lockedAt = decided.value.fields.locked_at;
    writeLockSession(ws, flag.id, {
      session,
      agent: lock.actor.agent,
      locked_at: typeof lockedAt === 'string' ? lockedAt : null,
    });
  }
  return decided;
}
