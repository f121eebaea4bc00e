/** Cross-process mutual exclusion for read-modify-write of one file. */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';

/** Where lock files live and what they guard. */
export interface MutexOptions {
  /** Folder for lock files (inside the git dir, so they are never committed). */
  lockDir: string;
  /** The guarded file: it must exist. */
  file: string;
  /** Name of the lock, unique per guarded file. */
  name: string;
}

/**
 * Runs `fn` while holding an exclusive lock on a file; stale locks of crashed processes expire.
 * A lock this process held too long (it went stale and another process may have taken it) is
 * reported to `fn` through `stillHeld`, which `fn` calls right before it writes.
 */
export async function withFileLock<T>(
  options: MutexOptions,
  fn: (stillHeld: () => void) => Promise<T>,
): Promise<T> {
  const lockfile = (await import('proper-lockfile')).default;
  await fs.mkdir(options.lockDir, { recursive: true });
  let lost: Error | null = null;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(options.file, {
      lockfilePath: join(options.lockDir, `${options.name}.lock`),
      realpath: false,
      stale: 10_000,
      retries: { retries: 200, minTimeout: 5, maxTimeout: 60, factor: 1.3, randomize: true },
      onCompromised: (error) => {
        lost = error;
      },
    });
  } catch (error) {
    throw new FlagstoreError(
      'conflict',
      `could not get exclusive access to ${options.file}: ${String(error)}`,
      {
        fix: 'retry; if no other flagstore process runs, remove the stale lock in .git/flagstore/locks',
      },
    );
  }
  const stillHeld = (): void => {
    if (lost === null) return;
    throw new FlagstoreError(
      'conflict',
      `lost exclusive access to ${options.file} (held too long, another process may have taken it); nothing was written`,
      { fix: 'retry' },
    );
  };
  try {
    return await fn(stillHeld);
  } finally {
    await release().catch((error: unknown) => {
      if (lost === null) throw error;
    });
  }
}
