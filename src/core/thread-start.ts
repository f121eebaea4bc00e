/**
 * What must run again once a worker thread of this process has started. Starting a worker puts
 * V8's `--semi-space-growth-factor` back to its default for the whole process (measured on Node
 * 20: a hot read's young generation then grows again, about 40 MB more peak memory at 100,000
 * flags), so the settings of src/cli/heap-growth.ts are given again after it.
 */
const hooks: (() => void)[] = [];

/** Runs `hook` each time a worker thread is known to have started. */
export function afterThreadStart(hook: () => void): void {
  hooks.push(hook);
}

/** Says a worker thread has started (its own code is running). */
export function threadStarted(): void {
  for (const hook of hooks) hook();
}
