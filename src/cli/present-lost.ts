/** Local locks a catch-up with the remote's ledger lost, as `sync` and `--sync` writes say them. */
import { lostLockLine, type LostLock } from '../sync/lost-locks.js';
import { say, sanitize } from './output.js';

/** Prints one line per lost lock (none for a write that was not synced). */
export function sayLostLocks(lost: LostLock[] | undefined): void {
  for (const l of lost ?? []) say(sanitize(lostLockLine(l)));
}
