/**
 * Repositories a test file sets up once and copies for each test (test/per-file.ts): the set-up
 * (flags created, commits, the hook runs of those commits) is paid once per file, and every test
 * still changes a repository of its own.
 */
import { copyTree } from './copy-tree.js';
import { tempDir } from './helpers.js';
import { oncePerFile } from './per-file.js';
import { refreshIndex } from './index-stamps.js';

/** What a set-up made: its repository, and whatever else the tests need of it (ids). */
export interface Built {
  repo: string;
}

/**
 * A copy of a repository in a new temp folder, the index's file stamps refreshed as a checkout
 * there would have left them. Nothing in the repository may name its folder (no linked worktree,
 * no remote by path).
 */
export function copyRepo(template: string): string {
  const dir = tempDir();
  copyTree(template, dir);
  refreshIndex(dir);
  return dir;
}

/**
 * What `build` makes, built at the first call under `name` in a test file; each call returns
 * it with a copy of its repository.
 */
export async function copyOfOnce<T extends Built>(
  name: string,
  build: () => Promise<T>,
): Promise<T> {
  const built = await oncePerFile(name, build);
  return { ...built, repo: copyRepo(built.repo) };
}
