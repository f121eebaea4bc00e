/**
 * A pause of `ms` milliseconds, for the waits between retries. A plain timer: the write path
 * does not load `node:timers/promises` (and the abort machinery it brings) for a wait that a
 * write without contention never takes.
 */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
