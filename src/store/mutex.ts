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

/** Runs `fn` while holding an exclusive lock on a file; stale locks of crashed processes expire. */
export async function withFileLock<T>(options: MutexOptions, fn: () => Promise<T>): Promise<T> {
  const lockfile = (await import('proper-lockfile')).default;
  await fs.mkdir(options.lockDir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(options.file, {
      lockfilePath: join(options.lockDir, `${options.name}.lock`),
      realpath: false,
      stale: 10_000,
      retries: { retries: 200, minTimeout: 5, maxTimeout: 60, factor: 1.3, randomize: true },
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
  try {
    return await fn();
  } finally {
    await release();
  }
}
