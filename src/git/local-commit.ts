/**
 * `git rev-parse --verify -q <name>^{commit}` for HEAD and plain branch names (`main`,
 * `origin/main`), read in this process where the ref files answer for certain: `check` and
 * `diff` ask it for HEAD and the default branch, a git process each. Anything uncertain (a
 * symbolic HEAD, a tag or other ref of the same name, a packed commit, a linked worktree, a
 * reftable) is left to git.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { looseStore, readLoose, REF_ABSENT, refFilesValue, type LooseStore } from './loose.js';
import { headBranch } from './ref-files.js';

/**
 * The commit id HEAD's files name (detached: the id itself; on a branch: the branch's ref
 * files), REF_ABSENT on an unborn branch, or null (ask git). HEAD is read in `gitDir`, a branch
 * in `refsDir` (a linked worktree's HEAD is its own, its branches the repository's). Also the
 * pre-commit hook's batch read (src/git/objects-local.ts).
 */
export function headCommitId(gitDir: string, refsDir = gitDir): string | typeof REF_ABSENT | null {
  const branch = headBranch(gitDir);
  if (branch === undefined) return null;
  if (branch === null) return detachedId(gitDir);
  return branch.includes('..') ? null : refFilesValue(refsDir, `refs/heads/${branch}`);
}

/** A detached HEAD's commit id, or null (ask git: SHA-256, or the file changed since). */
function detachedId(gitDir: string): string | null {
  try {
    const id = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    return /^[0-9a-f]{40}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** The commit `name` names, null when no ref of that name exists, or undefined: ask git. */
export function localCommit(root: string, name: string): string | null | undefined {
  const store = looseStore(root);
  if (store === null) return undefined;
  if (name === 'HEAD') return commitOf(store, headCommitId(store.gitDir));
  // git takes a name no ref holds as an abbreviated object id (either case) or, after `-g`, as
  // `git describe` output naming one: such names are git's to read.
  if (!/^[\w-]+(?:\/[\w-]+)?$/.test(name) || /^[0-9a-f]+$|-g[0-9a-f]+$/i.test(name)) {
    return undefined;
  }
  // git's order for a short name: $GIT_DIR/<name>, refs/, tags, heads, remotes, remotes' HEAD.
  const before = [name, `refs/${name}`, `refs/tags/${name}`];
  if (before.some((ref) => refFilesValue(store.gitDir, ref) !== REF_ABSENT)) return undefined;
  for (const ref of [`refs/heads/${name}`, `refs/remotes/${name}`]) {
    const tip = commitOf(store, refFilesValue(store.gitDir, ref));
    if (tip !== null) return tip;
  }
  return refFilesValue(store.gitDir, `refs/remotes/${name}/HEAD`) === REF_ABSENT ? null : undefined;
}

/**
 * What a ref file's value answers: null for an absent ref, the id of a loose commit, undefined
 * for anything else (a packed object, a tag, a value git must read).
 */
function commitOf(store: LooseStore, id: string | null): string | null | undefined {
  if (id === REF_ABSENT) return null;
  if (id === null) return undefined;
  return readLoose(store, id)?.type === 'commit' ? id : undefined;
}
