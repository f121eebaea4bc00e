/**
 * Telling a gate that staged a fix apart from another commit landing while the gates ran: an
 * agent's `flagstore ... --commit` (or any `git commit <paths>`) beside a plain `git commit`,
 * whose index git does not hold locked while the hook runs. Such a commit moves HEAD and leaves
 * the index entries of its paths equal to HEAD's.
 */
import { parseLsTree } from '../core/git-records.js';
import { git } from '../git/repo.js';

/** The commit HEAD names now, or null (an unborn branch, or git failed). */
export async function headNow(root: string): Promise<string | null> {
  try {
    return (await git(root, ['rev-parse', '-q', '--verify', 'HEAD^{commit}'])).trim() || null;
  } catch {
    return null;
  }
}

/**
 * When HEAD moved away from `before` and every path in `changed` now holds in the index
 * exactly what the new HEAD holds (`index`: path -> `mode blob`), the new HEAD (another commit
 * landed and explains the change); otherwise null (something else changed the index).
 */
export async function landedCommit(
  root: string,
  before: string | null,
  change: { changed: string[]; index: Map<string, string> },
): Promise<string | null> {
  const head = await headNow(root);
  if (head === null || head === before || change.changed.length === 0) return null;
  const out = await git(root, ['ls-tree', '-z', '--full-tree', head, '--', ...change.changed]);
  const inHead = new Map(parseLsTree(out).map((e) => [e.path, `${e.mode} ${e.oid}`]));
  return change.changed.every((p) => inHead.get(p) === change.index.get(p)) ? head : null;
}
