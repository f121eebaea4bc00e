/**
 * flagstore's temporary git indexes (a `GIT_INDEX_FILE` that is not the user's index): one
 * place, `<git dir>/flagstore/`, one name, `index-<use>-<pid>-<random>` (git writes `<name>.lock`
 * beside it while it works), and one sweep: before a new one is made, those whose process no
 * longer runs and that are {@link ORPHAN_INDEX_MS} old are removed (removeOrphans in
 * process-alive.ts), lock files too. `--commit`'s indexes and the ledger's share it, so a killed
 * writer's file goes with the first write a minute after it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { removeOrphans } from './process-alive.js';

/**
 * What a temporary index is for, in its name. `copy` is `--commit`'s copy of the user's index,
 * dated as the index is (commit-plumbing.ts: git's racy-clean check reads that date), so its age
 * is its change time, which no `utimes` sets back: a live writer's copy is never a minute old.
 */
export type TempIndexUse = 'commit' | 'copy' | 'ledger';

const NAME = /^index-[a-z]+-(\d+)-[0-9a-f]+(?:\.lock)?$/;

/**
 * How long a dead process's temporary index stands before it is removed. A writer in another PID
 * namespace or on another host sharing the git dir has an id that may mean nothing here, and
 * removing its index between its read-tree and write-tree would make git write a tree of the
 * paths it added alone (a commit or ledger dropping every other file) without an error; git
 * rewrites the index at each of those steps, milliseconds apart, so a minute's age spares it.
 */
export const ORPHAN_INDEX_MS = 60_000;

/**
 * A new temporary index's path (the file itself is not made) in `<gitDir>/flagstore/`, named
 * after this process; the folder is made and swept of dead processes' indexes first.
 */
export function newTempIndex(gitDir: string, use: TempIndexUse): string {
  const dir = join(gitDir, 'flagstore');
  mkdirSync(dir, { recursive: true });
  removeOrphans(dir, (name) => agedOwner(dir, name, Date.now()));
  return join(dir, `index-${use}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** The process id of a temporary index (or lock file) in `dir` at least ORPHAN_INDEX_MS old. */
function agedOwner(dir: string, name: string, now: number): number | null {
  const pid = tempIndexOwner(name);
  if (pid === null) return null;
  const stat = statSync(join(dir, name), { throwIfNoEntry: false });
  if (stat === undefined) return null;
  const touched = name.startsWith('index-copy-')
    ? Math.max(stat.mtimeMs, stat.ctimeMs)
    : stat.mtimeMs;
  return now - touched >= ORPHAN_INDEX_MS ? pid : null;
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
