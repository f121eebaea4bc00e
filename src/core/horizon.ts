/**
 * The output horizon: the earliest moment at which what a command printed could read
 * differently only because time passed (a lock expiring, an age such as `3m` turning `4m`).
 * Functions that read the clock's value record it here; the answer cache (src/cli/answer.ts)
 * keeps an answer no longer than this. No I/O: a plain minimum kept for this process.
 */

let horizon = Infinity;

/** Records that an output computed now reads differently from `ms` (epoch milliseconds) on. */
export function changesAt(ms: number): void {
  if (Number.isNaN(ms)) horizon = -Infinity;
  else if (ms < horizon) horizon = ms;
}

/** The earliest recorded change (Infinity: nothing printed depends on the time). */
export function outputHorizon(): number {
  return horizon;
}

/** Forgets what was recorded, before a new command runs. */
export function resetHorizon(): void {
  horizon = Infinity;
}
