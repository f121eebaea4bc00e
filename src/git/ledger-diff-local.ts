/**
 * {@link fannedChanges} read in this process where the objects are loose or in a pack it reads
 * (src/git/objects-local.ts): a sync that fast-forwards the ledger compares the two folders
 * without starting `git diff-tree`. Anything else (a SHA-256 repository, an object only git can
 * read, a file that became a folder) goes to git as before.
 */
import { commitTreeId, parseTreeObject, type TreeItem } from '../core/git-records.js';
import { ledgerEntry } from '../core/ledger-layout.js';
import { fannedChanges, GITLINK, type LedgerChange } from './ledger-diff.js';
import { localObjects } from './objects-local.js';

const TREE = '40000';
/** Ask git: this process cannot read or tell the difference. */
const GIT = undefined;
/** A flat copy changed: the caller lists the folder in full (see fannedChanges). */
const FLAT = null;

type Found = LedgerChange[] | typeof GIT | typeof FLAT;

/** Two trees' entries ('' stands for a folder absent on that side). */
function items(root: string, trees: [string, string]): [TreeItem[], TreeItem[]] | undefined {
  const wanted = trees.filter((t) => t !== '');
  const read = localObjects(root, wanted);
  const lists: TreeItem[][] = [];
  for (const tree of trees) {
    if (tree === '') {
      lists.push([]);
      continue;
    }
    const body = read?.get(tree);
    if (body?.type !== 'tree') return GIT;
    lists.push(parseTreeObject(body.content));
  }
  return lists as [TreeItem[], TreeItem[]];
}

/** A file's change: a flag file's id and ids (none for another file); FLAT for a flat copy. */
function fileChange(path: string, oids: { was: string | null; oid: string | null }): Found {
  if (!path.includes('/')) return FLAT;
  const entry = ledgerEntry(path);
  if (entry === null) return [];
  return entry.flat ? FLAT : [{ id: entry.id, ...oids }];
}

/** An entry's folder id ('' where it is absent); undefined where it is a file. */
function folderOf(item: TreeItem | undefined): string | undefined {
  if (item === undefined) return '';
  return item.mode === TREE ? item.oid : undefined;
}

/** One entry that differs: a file's change, or the changes inside a sub-folder. */
function entryChanges(root: string, pair: { a?: TreeItem; b?: TreeItem; path: string }): Found {
  const [from, to] = [folderOf(pair.a), folderOf(pair.b)];
  if (from === undefined || to === undefined) {
    // A file that became a folder, or the other way: git tells.
    if (from === '' || to === '' || from === to) {
      const oid = pair.b === undefined || pair.b.mode === GITLINK ? null : pair.b.oid;
      return fileChange(pair.path, { was: pair.a?.oid ?? null, oid });
    }
    return GIT;
  }
  return diffTrees(root, { from, to, path: pair.path });
}

function diffTrees(root: string, at: { from: string; to: string; path: string }): Found {
  const read = items(root, [at.from, at.to]);
  if (read === GIT) return GIT;
  const [before, after] = read.map((list) => new Map(list.map((i) => [i.name, i]))) as [
    Map<string, TreeItem>,
    Map<string, TreeItem>,
  ];
  const changes: LedgerChange[] = [];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const [a, b] = [before.get(name), after.get(name)];
    if (a?.oid === b?.oid) continue;
    const path = at.path === '' ? name : `${at.path}/${name}`;
    const found = entryChanges(root, { a, b, path });
    if (found === GIT || found === FLAT) return found;
    changes.push(...found);
  }
  return changes;
}

function folders(root: string, at: { from: string; to: string; dir: string }): string[] | null {
  const commits = localObjects(root, [at.from, at.to]);
  const trees = [at.from, at.to].map((c) => {
    const body = commits?.get(c);
    return body?.type === 'commit' ? commitTreeId(body.content) : null;
  });
  if (trees.some((t) => t === null)) return null;
  const names = trees.map((t) => `${t as string}:${at.dir}`);
  const dirs = localObjects(root, names);
  const ids = names.map((n) => dirs?.get(n));
  return ids.every((o) => o?.type === 'tree') ? ids.map((o) => o?.sha ?? '') : null;
}

/**
 * The fanned-out flag files that differ between the flags folders of two ledger commits, as
 * {@link fannedChanges} answers (null: a flat copy changed, or git cannot tell).
 */
export function ledgerChanges(
  root: string,
  at: { from: string; to: string; dir: string },
): LedgerChange[] | null {
  const dirs = folders(root, at);
  const found =
    dirs === null ? GIT : diffTrees(root, { from: dirs[0] ?? '', to: dirs[1] ?? '', path: '' });
  return found === GIT ? fannedChanges(root, at) : found;
}
