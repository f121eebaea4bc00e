/**
 * Tree objects in this process: decoded, spliced (one entry put in place without decoding the
 * other 10,000) and written as loose objects, with git's own order of entries. Every function
 * answers null for "ask git" (see loose.ts).
 */
import { parseTreeObject, type TreeItem } from '../core/git-records.js';
import { readLoose, writeLoose, type LooseStore } from './loose.js';

/** git's order of tree entries: by bytes, a tree's name compared as if it ended in `/`. */
function compareNames(a: Buffer, aTree: boolean, b: Buffer, bTree: boolean): number {
  const len = Math.min(a.length, b.length);
  const cmp = Buffer.compare(a.subarray(0, len), b.subarray(0, len));
  if (cmp !== 0) return cmp;
  const ca = len < a.length ? (a[len] as number) : aTree ? 0x2f : 0;
  const cb = len < b.length ? (b[len] as number) : bTree ? 0x2f : 0;
  return ca - cb;
}

function entryBytes(item: TreeItem): Buffer {
  return Buffer.concat([
    Buffer.from(`${item.mode} ${item.name}\0`, 'utf8'),
    Buffer.from(item.oid, 'hex'),
  ]);
}

/** The content of a tree object holding these entries (sorted as git sorts them). */
export function treeBody(items: TreeItem[]): Buffer {
  const keyed = items.map((item) => ({ item, name: Buffer.from(item.name, 'utf8') }));
  keyed.sort((a, b) =>
    compareNames(a.name, a.item.mode === '40000', b.name, b.item.mode === '40000'),
  );
  return Buffer.concat(keyed.map(({ item }) => entryBytes(item)));
}

/** git's order of an entry's name (bytes `ns`..`ne` of a tree's content) against `name`. */
function compareAt(
  body: Buffer,
  at: { ns: number; ne: number; tree: boolean },
  name: Buffer,
  tree: boolean,
): number {
  const own = at.ne - at.ns;
  const len = Math.min(own, name.length);
  const cmp = body.compare(name, 0, len, at.ns, at.ns + len);
  if (cmp !== 0) return cmp;
  const ca = len < own ? (body[at.ns + len] as number) : at.tree ? 0x2f : 0;
  const cb = len < name.length ? (name[len] as number) : tree ? 0x2f : 0;
  return ca - cb;
}

/**
 * Where a name is in a tree's content: its entry (`tree` says its kind), or (`tree` null) the
 * empty span where git's order puts it.
 */
interface Place {
  start: number;
  end: number;
  tree: boolean | null;
}

/** Where each entry of a tree's content starts (and, last, where the content ends). */
const startsOf = new WeakMap<Buffer, Int32Array>();

function entryStarts(body: Buffer): Int32Array {
  const known = startsOf.get(body);
  if (known !== undefined) return known;
  const starts: number[] = [];
  // A plain loop: Buffer#indexOf costs microseconds per call before it is optimised, and a
  // 10,000-flag folder would call it 10,000 times.
  for (let at = 0; at < body.length;) {
    starts.push(at);
    let nul = at;
    while (nul < body.length && body[nul] !== 0) nul++;
    at = nul + 21;
  }
  starts.push(body.length);
  const result = Int32Array.from(starts);
  startsOf.set(body, result);
  return result;
}

function entryAt(body: Buffer, at: number): { ns: number; ne: number; tree: boolean } {
  const space = body.indexOf(32, at);
  return { ns: space + 1, ne: body.indexOf(0, space), tree: space - at === 5 && body[at] === 0x34 };
}

/** The first entry not before (`name`, `tree`) in git's order, and whether it is that entry. */
function lowerBound(body: Buffer, name: Buffer, tree: boolean): { index: number; found: boolean } {
  const starts = entryStarts(body);
  const count = starts.length - 1;
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareAt(body, entryAt(body, starts[mid] as number), name, tree) < 0) lo = mid + 1;
    else hi = mid;
  }
  const found =
    lo < count && compareAt(body, entryAt(body, starts[lo] as number), name, tree) === 0;
  return { index: lo, found };
}

/** Finds a name in a tree's content by binary search (git keeps entries sorted). */
function locate(body: Buffer, name: Buffer, tree: boolean): Place {
  const starts = entryStarts(body);
  for (const kind of [tree, !tree]) {
    const { index, found } = lowerBound(body, name, kind);
    if (found)
      return { start: starts[index] as number, end: starts[index + 1] as number, tree: kind };
  }
  const at = starts[lowerBound(body, name, tree).index] as number;
  return { start: at, end: at, tree: null };
}

/**
 * Puts one entry into a sorted tree's content: in the place of the entry of that name, else
 * where git's order puts it; an entry without an id removes the file of that name. Null when
 * an entry of that name is of the other kind (a file where a folder goes, or the reverse).
 */
function spliceEntry(body: Buffer, item: Change): Buffer | null {
  const tree = item.mode === '40000';
  const place = locate(body, Buffer.from(item.name, 'utf8'), tree);
  if (place.tree !== null && place.tree !== tree) return null;
  const entry = item.oid === null ? Buffer.alloc(0) : entryBytes(item as TreeItem);
  return Buffer.concat([body.subarray(0, place.start), entry, body.subarray(place.end)]);
}

/** An entry to put into a tree, or (no id) to take out of it. */
type Change = Omit<TreeItem, 'oid'> & { oid: string | null };

/** Files to put into a tree: repository path (`a/b.md`) to blob id (null: remove the file). */
type Files = Map<string, string | null>;

/** Splits paths by their first folder: files of this tree, and files of each subfolder. */
function byFolder(files: Files): { here: Files; below: Map<string, Files> } {
  const here: Files = new Map();
  const below = new Map<string, Files>();
  for (const [path, oid] of files) {
    const slash = path.indexOf('/');
    if (slash < 0) {
      here.set(path, oid);
      continue;
    }
    const folder = path.slice(0, slash);
    const sub: Files = below.get(folder) ?? new Map<string, string | null>();
    sub.set(path.slice(slash + 1), oid);
    below.set(folder, sub);
  }
  return { here, below };
}

/** Above this many changes in one tree, it is decoded and written whole instead of spliced. */
const SPLICE_LIMIT = 32;

/** A tree's content with these entries put in or taken out (spliced, or rebuilt for many). */
function withEntries(body: Buffer, items: Change[]): Buffer | null {
  if (items.length > SPLICE_LIMIT) {
    const all = new Map(parseTreeObject(body).map((item) => [item.name, item]));
    for (const item of items) {
      const old = all.get(item.name);
      if (old !== undefined && (old.mode === '40000') !== (item.mode === '40000')) return null;
      if (item.oid === null) all.delete(item.name);
      else all.set(item.name, item as TreeItem);
    }
    return treeBody([...all.values()]);
  }
  let next: Buffer | null = body;
  for (const item of items) next = next === null ? null : spliceEntry(next, item);
  return next;
}

/** The id of a subfolder's new tree; null: ask git; EMPTY: the folder is left empty (removed). */
const EMPTY = '';

/**
 * Writes the tree `base` (null: an empty tree) with files put in as regular files (100644) or
 * taken out, as `git update-index` and `git write-tree` would (a folder left empty is dropped);
 * the id of the new tree, or null when git must do it (a tree that is not loose, a file where a
 * folder is, or the reverse).
 */
export function updateTree(store: LooseStore, base: string | null, files: Files): string | null {
  const body = updatedBody(store, base, files);
  return body === null ? null : writeLoose(store, 'tree', body);
}

/** The content of {@link updateTree}'s tree (not written yet); null: ask git. */
function updatedBody(store: LooseStore, base: string | null, files: Files): Buffer | null {
  const read = base === null ? { type: 'tree', body: Buffer.alloc(0) } : readLoose(store, base);
  if (read === null || read.type !== 'tree') return null;
  const { here, below } = byFolder(files);
  const items: Change[] = [];
  for (const [name, oid] of here) items.push({ mode: '100644', name, oid });
  for (const [name, sub] of below) {
    const old = locate(read.body, Buffer.from(name, 'utf8'), true);
    if (old.tree === false) return null;
    const oldOid = old.tree === null ? null : read.body.toString('hex', old.end - 20, old.end);
    const oid = subtree(store, oldOid, sub);
    if (oid === null) return null;
    items.push({ mode: '40000', name, oid: oid === EMPTY ? null : oid });
  }
  if (items.some((item) => item.name === '')) return null;
  return withEntries(read.body, items);
}

/** A subfolder's new tree id, EMPTY when nothing is left in it, null: ask git. */
function subtree(store: LooseStore, base: string | null, files: Files): string | null {
  const body = updatedBody(store, base, files);
  if (body === null) return null;
  return body.length === 0 ? EMPTY : writeLoose(store, 'tree', body);
}

/** The id at the end of `parts` in a loose tree, every part a folder but the last, which is one when `folder`. */
function walkTree(
  store: LooseStore,
  at: { tree: string; parts: string[]; folder: boolean },
): string | null | undefined {
  let oid = at.tree;
  for (const [i, part] of at.parts.entries()) {
    const read = readLoose(store, oid);
    if (read === null || read.type !== 'tree') return undefined;
    const tree = at.folder || i < at.parts.length - 1;
    const place = locate(read.body, Buffer.from(part, 'utf8'), tree);
    if (place.tree !== tree) return null;
    oid = read.body.toString('hex', place.end - 20, place.end);
  }
  return oid;
}

/**
 * The blob id at a path of a tree, from loose trees: null when the tree has no such file,
 * undefined when git must be asked (a tree that is not loose).
 */
export function lookupBlob(
  store: LooseStore,
  tree: string,
  path: string,
): string | null | undefined {
  return walkTree(store, { tree, parts: path.split('/'), folder: false });
}

/**
 * The tree id of a folder of a tree, from loose trees: null when the tree has no such folder
 * (absent, or a file), undefined when git must be asked.
 */
export function lookupFolder(
  store: LooseStore,
  tree: string,
  dir: string,
): string | null | undefined {
  return walkTree(store, { tree, parts: dir.split('/'), folder: true });
}
