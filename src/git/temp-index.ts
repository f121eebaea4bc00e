/**
 * flagstore's temporary git indexes (a `GIT_INDEX_FILE` that is not the user's index): one
 * place, `<git dir>/flagstore/`, one name, `index-<use>-<pid>-<random>` (git writes `<name>.lock`
 * beside it while it works), and one sweep: before a new one is made, those whose process no
 * longer runs are removed (removeOrphans in process-alive.ts), lock files too. `--commit`'s
 * indexes and the ledger's share it, so a killed writer's file never outlives the next write.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { removeOrphans } from './process-alive.js';

/** What a temporary index is for, in its name. */
export type TempIndexUse = 'commit' | 'ledger';

const NAME = /^index-[a-z]+-(\d+)-[0-9a-f]+(?:\.lock)?$/;

/**
 * A new temporary index's path (the file itself is not made) in `<gitDir>/flagstore/`, named
 * after this process; the folder is made and swept of dead processes' indexes first.
 */
export function newTempIndex(gitDir: string, use: TempIndexUse): string {
  const dir = join(gitDir, 'flagstore');
  mkdirSync(dir, { recursive: true });
  removeOrphans(dir, tempIndexOwner);
  return join(dir, `index-${use}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Removes a temporary index and the lock file a killed git may have left beside it. */
export function removeTempIndex(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.lock`, { force: true });
}

/** The process id in a temporary index's (or its lock file's) name, else null. */
export function tempIndexOwner(name: string): number | null {
  const match = NAME.exec(name);
  return match === null ? null : Number(match[1]);
}
