/** Local locks a catch-up with the remote's ledger lost, as `sync` and `--sync` writes say them. */
import type { LostLock } from '../sync/lost-locks.js';
import { say, sanitize } from './output.js';

/** One lost lock, plainly: the local holder no longer holds the flag and should stop waiting. */
function lostLine(lost: LostLock): string {
  const winner = sanitize(lost.winner ?? 'someone');
  const why =
    lost.reason === 'completed'
      ? `the remote's ledger has it completed by ${winner}`
      : `${winner} locked it first on the remote`;
  return `${sanitize(lost.holder)} lost the lock on ${lost.id}: ${why} (your lock was never pushed; ${sanitize(lost.holder)} does not hold it)`;
}

/** Prints one line per lost lock (none for a write that was not synced). */
export function sayLostLocks(lost: LostLock[] | undefined): void {
  for (const l of lost ?? []) say(lostLine(l));
}
