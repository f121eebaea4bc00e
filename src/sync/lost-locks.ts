/**
 * Local locks a sync lost: a lock this clone took and never published, which the merge with the
 * remote's ledger gave to the remote's holder (first published wins) or to a completion; and a
 * published lock the local ledger held that another agent's completion ended
 * (completed-locks.ts).
 */
import type { Flag } from '../core/types.js';
import { parseFlagFile } from '../store/flag-file.js';

/** A lock of the local ledger that the remote's ledger overrode. */
export interface LostLock {
  /** The flag's id. */
  id: string;
  /** Who held the lock in this clone. */
  holder: string;
  /** Who holds the lock now, or who completed the flag. */
  winner: string | null;
  /** Why: another holder's published lock, or a completion. */
  reason: 'locked' | 'completed';
  /** When the winner completed the flag (set for a pushed lock a completion ended). */
  at?: string | null;
  /** The lock was pushed (the remote had it): a completion from another clone ended it. */
  pushed?: true;
}

/**
 * One lost lock, plainly (not sanitized): the local holder no longer holds the flag and should
 * stop waiting. Said by `sync`, by `--sync` writes and by MCP writes under `sync: auto`.
 */
export function lostLockLine(lost: LostLock): string {
  const winner = lost.winner ?? 'someone';
  if (lost.pushed === true) {
    const when = lost.at === null || lost.at === undefined ? '' : ` at ${lost.at}`;
    return `${lost.holder} lost the lock on ${lost.id}: ${winner} completed it${when} (a completion ends a lock, pushed or not; ${lost.holder} does not hold it)`;
  }
  const why =
    lost.reason === 'completed'
      ? `the remote's ledger has it completed by ${winner}`
      : `${winner} locked it first on the remote`;
  return `${lost.holder} lost the lock on ${lost.id}: ${why} (your lock was never pushed; ${lost.holder} does not hold it)`;
}

/** A flag file's text with its flag (null: invalid), parsed once for the merge and this check. */
export interface ParsedCopy {
  text: string;
  flag: Flag | null;
}

/** One flag's copies in a ledger merge: the common base, the local one and the merged one. */
export interface MergedCopies {
  id: string;
  base: string | null;
  /** null: the flag is not in the local ledger (there is no local lock to lose). */
  ours: ParsedCopy | null;
  merged: string;
}

function flagOf(text: string | null): Flag | null {
  return text === null ? null : parseFlagFile(text).flag;
}

/** A copy's text, parsed; null for an absent copy. */
export function parsedCopy(text: string | null): ParsedCopy | null {
  return text === null ? null : { text, flag: flagOf(text) };
}

/**
 * True when `ours` holds a lock that the base (what the remote already had) does not; the base
 * is parsed only for a locked `ours`. Also asked of every version a remote's ledger had
 * (published-locks.ts).
 */
export function unpublished(
  baseText: string | null,
  ours: Flag,
): ours is Flag & { locked_by: string } {
  if (!ours.locked || ours.locked_by === null) return false;
  const base = flagOf(baseText);
  return base?.locked_by !== ours.locked_by || base.locked_at !== ours.locked_at;
}

/** The local lock the merge lost, or null when it kept it (or there was none to lose). */
export function lostLock(copies: MergedCopies): LostLock | null {
  if (copies.ours === null || copies.merged === copies.ours.text) return null;
  // Most merged flags hold no new local lock: parse the base and the merged copy only for one.
  const ours = copies.ours.flag;
  if (ours === null || !unpublished(copies.base, ours)) return null;
  const merged = flagOf(copies.merged);
  if (merged === null) return null;
  if (merged.status === 'completed' && ours.status !== 'completed') {
    return {
      id: copies.id,
      holder: ours.locked_by,
      winner: merged.completed_by,
      reason: 'completed',
    };
  }
  if (merged.locked && merged.locked_by === ours.locked_by) return null;
  return { id: copies.id, holder: ours.locked_by, winner: merged.locked_by, reason: 'locked' };
}
