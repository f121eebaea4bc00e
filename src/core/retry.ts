/**
 * Trying an action again while it fails for a passing reason (another process holding one of
 * git's locks), with a pause between tries, within a number of tries or a total wait.
 */
import { pause } from './pause.js';

/** When and how long a retried action waits, and when it gives up. */
export interface RetryPolicy {
  /** True when a failure is worth another try; it may throw an error of its own instead. */
  again: (error: unknown) => boolean | Promise<boolean>;
  /** The pause (ms) after failed try `attempt` (counted from 1). */
  wait: (attempt: number) => number;
  /** Tries at most (no limit by default). */
  tries?: number;
  /** The waits' total at most (ms), the tries' own time not counted (no limit by default). */
  patienceMs?: number;
}

/**
 * Runs `action` until it succeeds; throws its last failure once one is not worth another try
 * ({@link RetryPolicy.again}) or the tries or the patience are spent.
 */
export async function withRetries<T>(action: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let attempt = 1, waited = 0; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (!(await policy.again(error))) throw error;
      const ms = policy.wait(attempt);
      const spent = waited + ms >= (policy.patienceMs ?? Infinity);
      if (attempt >= (policy.tries ?? Infinity) || spent) throw error;
      await pause(ms);
      waited += ms;
    }
  }
}

/**
 * A random, growing pause (ms) after failed try `attempt`, so racing writers spread out: up to
 * 25 ms after the first, doubling to a second at most.
 */
export function backoffMs(attempt: number): number {
  const ceiling = Math.min(20 * 2 ** Math.min(attempt, 6), 1000);
  return 5 + Math.floor(Math.random() * ceiling);
}
