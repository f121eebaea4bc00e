/** The flag lifecycle: pending -> completed, plus an optionally expiring lock held by one agent. */
import { fail, ok, type Result } from './errors.js';
import { changesAt } from './horizon.js';
import { missingIdentity } from './identity.js';
import type { Flag, FlagEdit } from './types.js';

/** The state of a flag's lock at a given moment. */
export type LockState = 'none' | 'held' | 'expired';

/** What stands for a missing target agent wherever flags are shown: tables, `show`, the board. */
export const NO_TARGET = '(anyone)';

/**
 * A flag's state as every view words it (`list`, `show`, the board): its status, a held lock by
 * whom (`locked, no holder` for a lock written without one), or a lock past its expiry.
 */
export function stateWords(s: {
  status: string;
  lock: LockState;
  lockedBy: string | null;
}): string {
  if (s.lock === 'held')
    return s.lockedBy === null ? 'locked, no holder' : `locked by ${s.lockedBy}`;
  if (s.lock === 'expired') return `${s.status} (lock expired)`;
  return s.status;
}

/** Who asks for a transition, when, and how forcefully. */
export interface Actor {
  /** The acting agent's handle, or null when no identity is known. */
  agent: string | null;
  now: Date;
  force?: boolean;
}

/** Whether a flag's lock is absent, held, or past its expiry. */
export function lockState(flag: Pick<Flag, 'locked' | 'lock_expires_at'>, now: Date): LockState {
  if (!flag.locked) return 'none';
  if (flag.lock_expires_at === null) return 'held';
  const expires = Date.parse(flag.lock_expires_at);
  if (expires <= now.getTime()) return 'expired';
  changesAt(expires);
  return 'held';
}

function holderText(flag: Flag): string {
  const since = flag.locked_at ? ` since ${flag.locked_at}` : '';
  return `${flag.locked_by ?? 'an unnamed agent'}${since}`;
}

/**
 * True when a live, named lock on the flag belongs to someone other than the actor. A lock with
 * no holder (the seed's anonymous `lock-flag`, or one imported from the original database) is
 * a marker that blocks no one: anyone may lock, unlock or complete its flag (issue 11).
 */
function heldByOther(flag: Flag, actor: Actor): boolean {
  return (
    lockState(flag, actor.now) === 'held' &&
    flag.locked_by !== null &&
    flag.locked_by !== actor.agent
  );
}

const CLEARED_LOCK = { locked: false, locked_by: null, locked_at: null, lock_expires_at: null };

/** The session that took a flag's current lock, as recorded beside the repository. */
export interface LockSession {
  /** The session's name; null for a call without one (the CLI without FLAGSTORE_SESSION). */
  session: string | null;
  agent: string | null;
  locked_at: string | null;
}

/** Options of a lock: its time to live, and the session of the caller and of the current lock. */
export interface LockOptions {
  ttlMs?: number | undefined;
  /** The caller's session (an MCP connection, or FLAGSTORE_SESSION), when known. */
  session?: string | null | undefined;
  /** The session recorded for the flag's lock, when one was. */
  held?: LockSession | null | undefined;
  /** The record of another worktree of this repository, when that one took the lock. */
  elsewhere?: WorktreeLock | null | undefined;
}

/** A lock session recorded in another worktree of the repository. */
export interface WorktreeLock extends LockSession {
  /** Its folder as one shell word (quoted as a shell needs); null: the main one, git records none. */
  worktree: string | null;
}

/** True when a session record describes the flag's current lock (not an earlier one). */
export function describesLock(
  flag: Flag,
  held: LockSession | null | undefined,
): held is LockSession {
  return (
    held !== null &&
    held !== undefined &&
    held.agent === flag.locked_by &&
    held.locked_at === flag.locked_at
  );
}

/**
 * True when the flag's live lock is the actor's own identity's but was not taken by the
 * caller's session. Every lock is recorded in the worktree that took it, a call without a
 * session as such; so a live lock with no record here was taken elsewhere (another worktree
 * or clone), and no caller, with or without a session, can show it is its own (the session
 * that won a race records itself only after its lock has landed).
 */
function otherSession(flag: Flag, actor: Actor, options: LockOptions): boolean {
  if (lockState(flag, actor.now) !== 'held' || flag.locked_by !== actor.agent) return false;
  // A holderless lock (the seed's lock-flag without an identity, an import) names no one whose
  // sessions could be told apart: it stays free to every caller without a name.
  if (actor.agent === null) return false;
  const held = options.held;
  if (!describesLock(flag, held)) return true;
  return held.session !== (options.session ?? null);
}

/**
 * The refusal of a lock the caller's identity holds from another session. Every lock is
 * recorded per worktree (inside its git dir), so a lock with no record here was taken in
 * another worktree or clone (or by a flagstore that recorded no session-less locks): say so,
 * with its holder and time, rather than name a session nobody can look up.
 */
function sessionConflict(flag: Flag, held: LockSession | null | undefined): Result<FlagEdit> {
  const recorded = describesLock(flag, held);
  const where = recorded
    ? sessionText(held.session)
    : 'in another session this worktree has not recorded: it was taken in another worktree or clone';
  const wait = recorded ? 'that session' : `the other session of ${flag.locked_by ?? 'the holder'}`;
  return fail('conflict', `flag ${flag.id} is locked by ${holderText(flag)} ${where}`, {
    fix: `let ${wait} finish, or take the lock over: flagstore lock ${flag.id} --force`,
    details: {
      id: flag.id,
      locked_by: flag.locked_by,
      locked_at: flag.locked_at,
      session: recorded ? held.session : null,
    },
  });
}

const MAIN_UNRECORDED =
  'your main worktree, whose folder git does not record (its git dir is kept apart from it, as git init --separate-git-dir makes it)';

/**
 * The refusal of the caller's own lock taken in another worktree of this repository: says so and
 * where, and the two ways on: release it there (where the work it guards is), or take it over
 * here knowing that the other worktree is not told.
 */
function worktreeConflict(flag: Flag, there: WorktreeLock): Result<FlagEdit> {
  const [id, tree] = [flag.id, there.worktree];
  const where = tree === null ? MAIN_UNRECORDED : `your other worktree ${tree}`;
  return fail(
    'conflict',
    `flag ${id} is your own lock, taken in ${where}: locked by ${holderText(flag)} ${sessionText(there.session)}`,
    {
      fix: `in the worktree that took it, once the work there is done: ${tree === null ? '' : `cd ${tree} && `}flagstore unlock ${id}; then lock it here. Or take it over from here (that worktree is not told and would go on as if it held the lock): flagstore lock ${id} --force`,
      details: {
        id,
        locked_by: flag.locked_by,
        locked_at: flag.locked_at,
        session: there.session,
        worktree: there.worktree,
      },
    },
  );
}

function sessionText(session: string | null): string {
  if (session === null) return 'in a call without a session (the CLI without FLAGSTORE_SESSION)';
  return `in another session (${session})`;
}

function lockExpiry(flag: Flag, actor: Actor, ttlMs: number | undefined): string | null {
  if (ttlMs !== undefined) return new Date(actor.now.getTime() + ttlMs).toISOString();
  const renewal = lockState(flag, actor.now) === 'held' && flag.locked_by === actor.agent;
  return renewal ? flag.lock_expires_at : null;
}

/** A renewal by the holder keeps the lock's start; a new lock or a takeover starts now. */
function lockedAt(flag: Flag, actor: Actor, takeover: boolean): string {
  const renewal =
    !takeover && lockState(flag, actor.now) === 'held' && flag.locked_by === actor.agent;
  return renewal && flag.locked_at !== null ? flag.locked_at : actor.now.toISOString();
}

/**
 * Locks a pending flag for the actor, optionally until `ttlMs` from now. The holder locking
 * again without a TTL keeps the expiry it had; a second session of the same identity is
 * refused unless the actor forces it.
 */
export function lockFlag(flag: Flag, actor: Actor, options: LockOptions = {}): Result<FlagEdit> {
  if (flag.status !== 'pending') {
    return fail(
      'conflict',
      `flag ${flag.id} is ${flag.status}: only a pending flag can be locked`,
      {
        fix: `nothing to lock; see its state and notes: flagstore show ${flag.id}`,
        details: { id: flag.id, status: flag.status },
      },
    );
  }
  if (heldByOther(flag, actor)) {
    return fail('conflict', `flag ${flag.id} is locked by ${holderText(flag)}`, {
      fix: `wait for ${flag.locked_by ?? 'the holder'} to unlock it, or: flagstore unlock ${flag.id} --force`,
      details: { id: flag.id, locked_by: flag.locked_by, locked_at: flag.locked_at },
    });
  }
  const takeover = otherSession(flag, actor, options);
  if (takeover && !actor.force) {
    if (describesLock(flag, options.elsewhere) && !describesLock(flag, options.held)) {
      return worktreeConflict(flag, options.elsewhere);
    }
    return sessionConflict(flag, options.held);
  }
  return ok({
    fields: {
      locked: true,
      locked_by: actor.agent,
      locked_at: lockedAt(flag, actor, takeover),
      lock_expires_at: lockExpiry(flag, actor, options.ttlMs),
    },
  });
}

/**
 * Releases a lock: by its holder, by anyone once expired or holderless, or by force. The release
 * records its time (`unlocked_at`), so a copy of the flag that still holds the lock (committed
 * on a branch before the release) is older by the flag's own times.
 */
export function unlockFlag(flag: Flag, actor: Actor): Result<FlagEdit> {
  if (!flag.locked) {
    return fail('conflict', `flag ${flag.id} is not locked`, {
      fix: `nothing to unlock; see its state: flagstore show ${flag.id}`,
      details: { id: flag.id },
    });
  }
  if (heldByOther(flag, actor) && !actor.force) {
    return fail(
      'conflict',
      `flag ${flag.id} is locked by ${holderText(flag)}; only the holder can unlock it`,
      {
        fix: `flagstore unlock ${flag.id} --by ${flag.locked_by} (as the holder), or add --force`,
        details: { id: flag.id, locked_by: flag.locked_by },
      },
    );
  }
  return ok({ fields: { ...CLEARED_LOCK, unlocked_at: actor.now.toISOString() } });
}

/** Completes a pending flag, recording who and when, releasing any lock, and appending notes. */
export function completeFlag(flag: Flag, actor: Actor, notes?: string): Result<FlagEdit> {
  if (actor.agent === null) {
    return {
      ok: false,
      error: missingIdentity(
        'completing a flag records who completed it, and no agent identity is known',
        { id: flag.id },
      ),
    };
  }
  if (flag.status === 'completed') {
    return fail(
      'conflict',
      `flag ${flag.id} was already completed by ${flag.completed_by} at ${flag.completed_at}`,
      {
        fix: `nothing to complete; read its notes: flagstore show ${flag.id}`,
        details: { id: flag.id, completed_by: flag.completed_by, completed_at: flag.completed_at },
      },
    );
  }
  if (heldByOther(flag, actor) && !actor.force) {
    return fail('conflict', `flag ${flag.id} is locked by ${holderText(flag)}`, {
      fix: `ask the holder to unlock it (flagstore unlock ${flag.id}), or add --force`,
      details: { id: flag.id, locked_by: flag.locked_by },
    });
  }
  const edit: FlagEdit = {
    fields: {
      status: 'completed',
      ...CLEARED_LOCK,
      completed_at: actor.now.toISOString(),
      completed_by: actor.agent,
    },
  };
  const trimmed = notes?.trim();
  if (trimmed) edit.appendNotes = trimmed;
  return ok(edit);
}

/** Field names whose values differ between two copies of a flag. */
export function differingFields(a: Flag, b: Flag): string[] {
  return (Object.keys(a) as (keyof Flag)[]).filter(
    (key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]),
  );
}
