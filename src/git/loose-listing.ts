/**
 * A folder of a tree listed from loose objects in this process, as `git ls-tree -r -z
 * <tree>:<dir>` lists it (path below the folder and blob id), without starting git: a sync's
 * merge lists three ledger folders, a listing missed by the cache one. Undefined wherever git
 * must be asked (an object that is not loose, a name that is not a plain object id).
 */
import { commitTreeId, parseTreeObject } from '../core/git-records.js';
import { type LooseStore, readLoose } from './loose.js';
import { lookupFolder } from './loose-tree.js';

/** A commit or tree id, or either followed by `^{tree}`. */
const NAME = /^([0-9a-f]{40})(?:\^\{tree\})?$/;
const TREE_MODE = '40000';
const GITLINK_MODE = '160000';

/** The tree a commit or tree id names; undefined: ask git (not loose, a tag, another name). */
export function looseRootTree(store: LooseStore, name: string): string | undefined {
  const oid = NAME.exec(name)?.[1];
  if (oid === undefined) return undefined;
  const read = readLoose(store, oid);
  if (read?.type === 'tree') return oid;
  if (read?.type !== 'commit') return undefined;
  return commitTreeId(read.body) ?? undefined;
}

/** Every blob below a loose tree, depth first in tree order, into `out`; false: ask git. */
function walk(store: LooseStore, at: { tree: string; prefix: string }, out: [string, string][]) {
  const read = readLoose(store, at.tree);
  if (read?.type !== 'tree') return false;
  for (const item of parseTreeObject(read.body)) {
    const path = `${at.prefix}${item.name}`;
    if (item.mode === GITLINK_MODE) continue;
    if (item.mode !== TREE_MODE) out.push([path, item.oid]);
    else if (!walk(store, { tree: item.oid, prefix: `${path}/` }, out)) return false;
  }
  return true;
}

/**
 * `[path, blob id]` of every file below `dir` in `tree` (a commit or tree id), as
 * `git ls-tree -r` lists them: empty when the folder is absent; undefined: ask git.
 */
export function looseListing(
  store: LooseStore,
  at: { tree: string; dir: string },
): [string, string][] | undefined {
  const tree = at.dir === '' ? undefined : looseRootTree(store, at.tree);
  if (tree === undefined) return undefined;
  const folder = lookupFolder(store, tree, at.dir);
  if (folder === null || folder === undefined) return folder === null ? [] : undefined;
  const out: [string, string][] = [];
  return walk(store, { tree: folder, prefix: '' }, out) ? out : undefined;
}
