/**
 * Finding one entry of a tree object read raw (`git cat-file --batch`), so a caller that needs
 * the id of a big folder (the flags folder at 100,000 files) reads its small parent instead.
 */
import { treeItemId } from '../core/git-records.js';

/** The object name of a folder's parent tree in a commit (`HEAD^{tree}` for a top-level one). */
export function parentTreeName(commit: string, dir: string): string {
  const at = dir.lastIndexOf('/');
  return at < 0 ? `${commit}^{tree}` : `${commit}:${dir.slice(0, at)}`;
}

/** The last segment of a repository-relative path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The object id of the entry `name` in a raw tree, or null. `treeId` is the tree's own id: its
 * length says how long ids are (SHA-1 or SHA-256).
 */
export function treeEntryId(content: Buffer, treeId: string, name: string): string | null {
  return treeItemId(content, treeId.length / 2, name);
}
