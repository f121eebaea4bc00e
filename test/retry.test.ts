/** withRetries (src/core/retry.ts): how many tries a failing action gets, and which failure comes out. */
import { describe, expect, it } from 'vitest';
import { withRetries } from '../src/core/retry.js';

/** An action failing with `busy` until try `okAt` (never without it), counting its tries. */
function flaky(okAt = Infinity) {
  const seen = { tries: 0 };
  const action = () => {
    seen.tries += 1;
    return seen.tries >= okAt
      ? Promise.resolve('done')
      : Promise.reject(new Error(`busy ${seen.tries}`));
  };
  return { seen, action };
}

const busy = (error: unknown) => /busy/.test((error as Error).message);

describe('withRetries', () => {
  it('tries again while a failure is worth it, and returns the first success', async () => {
    const { seen, action } = flaky(3);
    await expect(withRetries(action, { again: busy, wait: () => 1 })).resolves.toBe('done');
    expect(seen.tries).toBe(3);
  });

  it('throws the last failure once the tries are spent', async () => {
    const { seen, action } = flaky();
    await expect(withRetries(action, { again: busy, wait: () => 1, tries: 4 })).rejects.toThrow(
      'busy 4',
    );
    expect(seen.tries).toBe(4);
  });

  it('stops at a failure not worth another try, and at the patience, counting only the waits', async () => {
    const { seen, action } = flaky();
    const never = withRetries(action, { again: () => false, wait: () => 1 });
    await expect(never).rejects.toThrow('busy 1');
    const waits: number[] = [];
    const wait = (attempt: number) => (waits.push(attempt), 4);
    const patient = withRetries(flaky().action, { again: busy, wait, patienceMs: 10 });
    // Waits of 4 ms: two fit within 10 ms, the third would reach it.
    await expect(patient).rejects.toThrow('busy 3');
    expect(waits).toEqual([1, 2, 3]);
    expect(seen.tries).toBe(1);
  });
});
