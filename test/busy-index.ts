/** A commit of one flag file against an index lock someone else holds, shared by the lock tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { FlagstoreError } from '../src/core/errors.js';
import { commitPaths } from '../src/git/commit.js';
import { makeRepo } from './helpers.js';

/** A repository with `flags/x.md` written and `.git/index.lock` taken by `take` (default: git's empty lock). */
export async function busyIndexRepo(
  take: (lock: string) => void = (lock) => writeFileSync(lock, ''),
): Promise<{ repo: string; lock: string }> {
  const repo = await makeRepo();
  writeFileSync(join(repo, 'flags', 'x.md'), 'text\n');
  const lock = join(repo, '.git', 'index.lock');
  take(lock);
  return { repo, lock };
}

/** The error `--commit`'s commit of `flags/x.md` refuses with once its short patience runs out. */
export async function refusedCommit(repo: string): Promise<FlagstoreError> {
  const error = await commitPaths({
    root: repo,
    paths: ['flags/x.md'],
    message: 'flag x',
    patienceMs: 300,
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FlagstoreError);
  return error as FlagstoreError;
}
