/** A ref's lock file that a killed git or flagstore left behind. */
import { statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';

/** How old a ref's lock file must be before it is taken for one a killed process left. */
const STALE_LOCK_MS = 30_000;

/**
 * Throws when a ref's lock file (`path`) has not been touched for a while (a killed git or
 * flagstore left it): retrying would only wait for it in vain.
 */
export function refuseStaleLockFile(path: string): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat === undefined || Date.now() - stat.mtimeMs < STALE_LOCK_MS) return;
  throw new FlagstoreError(
    'git',
    `the ledger's ref is locked by ${path}, untouched for over 30 s (Unable to create '${path}': File exists)`,
    {
      fix: `if no git or flagstore process is running, remove ${path} and run the command again`,
    },
  );
}

/**
 * Throws when git could not lock the ref because of a lock file nobody has touched for a while
 * (`detail`: git's message, which names the file).
 */
export function refuseStaleLock(root: string, detail: string): void {
  const lock = /'([^']+\.lock)'/.exec(detail)?.[1];
  if (lock === undefined) return;
  refuseStaleLockFile(isAbsolute(lock) ? lock : join(root, lock));
}
