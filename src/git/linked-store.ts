/**
 * Where a work tree's repository keeps its objects and refs, and where its HEAD is, for the
 * in-process readers and writers (loose.ts): a plain `.git` folder holds all three; a linked
 * worktree keeps its HEAD in its own git dir (`<common dir>/worktrees/<name>`) and shares the
 * objects and refs of the common dir. Anything else is left to git.
 */
import { linkedCommonDir, nearestDotGit } from './discovery.js';
import { gitDecides, looseStore, openStore, type LooseStore } from './loose.js';

/** A repository's object and ref store, and the git dir holding this work tree's HEAD. */
export interface WorkTreeStore {
  store: LooseStore;
  /** Where HEAD is: the store's git dir, or a linked worktree's own. */
  headDir: string;
}

/**
 * A linked worktree's HEAD (its own git dir, `<common dir>/worktrees/<name>`) over its
 * repository's objects and refs (the common dir, as plain as {@link openStore} requires); null
 * for anything else (a submodule's or `--separate-git-dir`'s git dir, a `config.worktree`).
 */
function linkedStore(root: string): WorkTreeStore | null {
  const found = gitDecides() ? null : nearestDotGit(root);
  if (found?.root !== root) return null;
  const common = linkedCommonDir(found.gitDir);
  const store = common === null ? null : openStore(common);
  return store === null ? null : { store, headDir: found.gitDir };
}

/** The work tree's own `.git` folder, else a linked worktree's ({@link linkedStore}). */
export function workTreeStore(root: string): WorkTreeStore | null {
  const store = looseStore(root);
  return store === null ? linkedStore(root) : { store, headDir: store.gitDir };
}

/**
 * The objects and refs of the work tree's repository, shared by all its worktrees (for writes
 * that never touch HEAD or an index: the ledger's), or null when git must do the work.
 */
export function sharedStore(root: string): LooseStore | null {
  return workTreeStore(root)?.store ?? null;
}
