/**
 * `git rev-parse --verify -q <name>^{commit}` for HEAD and plain branch names (`main`,
 * `origin/main`), read in this process where the ref files answer for certain: `check` and
 * `diff` ask it for HEAD and the default branch, a git process each. Anything uncertain (a
 * detached or symbolic HEAD, a tag or other ref of the same name, a packed commit, a linked
 * worktree, a reftable) is left to git.
 */
import { looseStore, looseTip, REF_ABSENT, refFilesValue } from './loose.js';
import { headBranch } from './ref-files.js';

/** The commit `name` names, null when no ref of that name exists, or undefined: ask git. */
export function localCommit(root: string, name: string): string | null | undefined {
  const store = looseStore(root);
  if (store === null) return undefined;
  if (name === 'HEAD') {
    const branch = headBranch(store.gitDir);
    return branch ? tipOf(root, `refs/heads/${branch}`) : undefined;
  }
  // git takes a name no ref holds as an abbreviated object id (either case) or, after `-g`, as
  // `git describe` output naming one: such names are git's to read.
  if (!/^[\w-]+(?:\/[\w-]+)?$/.test(name) || /^[0-9a-f]+$|-g[0-9a-f]+$/i.test(name)) {
    return undefined;
  }
  // git's order for a short name: $GIT_DIR/<name>, refs/, tags, heads, remotes, remotes' HEAD.
  const before = [name, `refs/${name}`, `refs/tags/${name}`];
  if (before.some((ref) => refFilesValue(store.gitDir, ref) !== REF_ABSENT)) return undefined;
  const branch = tipOf(root, `refs/heads/${name}`);
  if (branch !== null) return branch;
  const remote = tipOf(root, `refs/remotes/${name}`);
  if (remote !== null) return remote;
  return refFilesValue(store.gitDir, `refs/remotes/${name}/HEAD`) === REF_ABSENT ? null : undefined;
}

/** A branch ref's commit, null when the ref is absent, undefined when git must be asked. */
function tipOf(root: string, ref: string): string | null | undefined {
  const tip = looseTip(root, ref);
  if (tip === REF_ABSENT) return null;
  return tip === null ? undefined : tip.commit;
}
