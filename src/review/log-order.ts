/** The order of a flag's log entries: when each transition happened, as the flag records it. */
import { instant } from '../core/instant.js';
import { transitionTime } from '../services/branches.js';
import type { LogEntry } from './log.js';

/** When a transition happened, to the millisecond, as the flag records it (null: not recorded). */
export function transitionMs(e: LogEntry): number | null {
  const flag = e.change.after;
  if (flag === null) return null;
  const at = {
    created: flag.created_at,
    locked: flag.locked_at,
    unlocked: flag.unlocked_at,
    completed: flag.completed_at,
  };
  const ms = instant(at[e.change.kind as keyof typeof at]);
  return Number.isFinite(ms) ? ms : null;
}

/** A time as epoch milliseconds; 0 for none. */
const msOf = (text: string | null | undefined): number => Math.max(0, instant(text));

/**
 * When an entry happened, to the millisecond: the time the flag records for its transition, else
 * (an edit, an unlock before unlocks recorded a time) its commit's date, but never before the
 * latest transition the flag recorded before or after it, so it follows what it changed.
 */
function whenMs(e: LogEntry): number {
  const own = transitionMs(e);
  if (own !== null) return own;
  const sides = [e.change.before, e.change.after].flatMap((f) => (f === null ? [] : [f]));
  return Math.max(msOf(e.date), ...sides.map((flag) => msOf(transitionTime(flag))));
}

/**
 * Entries in the order their transitions happened, each one's time worked out once: the time of
 * the transition first, so a transition this branch committed late (a lock committed a day after
 * it was taken, with a completion the ledger recorded in between) stands where it happened, not
 * at its commit's date. The commit date breaks ties, then the order they came in.
 */
export function sortedByWhen<T extends LogEntry>(entries: readonly T[]): T[] {
  return entries
    .map((entry) => ({ entry, when: whenMs(entry), date: msOf(entry.date) }))
    .sort((a, b) => a.when - b.when || a.date - b.date)
    .map(({ entry }) => entry);
}
