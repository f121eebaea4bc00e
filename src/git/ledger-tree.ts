/**
 * The ledger's flags folder in either layout (see src/core/ledger-layout.ts): listed, read by
 * id, and the tree updates that record files in the fan-out, moving a flat ledger's files
 * there on the way. Loose trees are read in this process; anything else asks git.
 */
import { parseTreeObject } from '../core/git-records.js';
import { flatLedgerPath, ledgerEntry, ledgerPath, splitListing } from '../core/ledger-layout.js';
import { objectId } from '../core/object-id.js';
import { GIT_OUT, pickCopies } from './ledger-copies.js';
import type { TreeUpdate } from './ledger.js';
import { listFolder, readBlobs, readFolder } from './ledger-read.js';
import { sharedStore } from './linked-store.js';
import { readLoose, type LooseStore } from './loose.js';
import { lookupBlob, lookupFolder } from './loose-tree.js';
import { looseListing, looseRootTree } from './loose-listing.js';
import { childProcess } from './child-process.js';

/** Where a flag is looked up: a tree, the flags folder in it, and the flag's id. */
export interface LedgerAt {
  tree: string;
  dir: string;
  id: string;
  /** The commit (or ref) whose tree that is: its history decides between two copies of one id. */
  commit?: string | undefined;
}

/** A flags folder in a tree and, for its history, the commit (or ref) that tree is of. */
export interface FolderAt {
  tree: string;
  dir: string;
  commit?: string | undefined;
}

/** The listing's flags (id -> blob id, sorted), two copies of one id decided by history. */
function resolved(
  root: string,
  records: Iterable<[string, string]>,
  at: { dir: string; commit?: string | undefined },
) {
  const { files, twice } = splitListing(records);
  if (twice.size === 0) return files;
  for (const [id, oid] of pickCopies(root, { commit: at.commit, dir: at.dir, twice })) {
    files.set(id, oid);
  }
  return files;
}

/**
 * Every flag file of a tree's flags folder, flat or fanned out (id -> blob id, sorted by id);
 * empty when the folder is absent (a tree git cannot read throws). Read from loose objects in
 * this process where they are (src/git/loose-listing.ts), else one `git ls-tree -r`; an id held
 * both flat and fanned out (an older flagstore wrote into a fanned-out ledger) is decided by the
 * history of `at.commit` ({@link pickCopies}). `at.tree` may name a commit too
 * (`<commit>:<dir>`).
 */
export function readLedgerFolder(root: string, at: FolderAt): Map<string, string> {
  return readLedgerListing(root, at).files;
}

/**
 * {@link readLedgerFolder}, and whether the folder is wholly fanned out (no flag file directly
 * in it), which is what lets a later listing be updated from a diff (src/git/ledger-diff.ts).
 */
export function readLedgerListing(
  root: string,
  at: FolderAt,
): { files: Map<string, string>; fanned: boolean } {
  const store = sharedStore(root);
  const loose = store === null ? undefined : looseListing(store, at);
  const records = loose ?? [...listing(listFolder(root, at, ['-r', '-z']))];
  const fanned = !records.some(([rel]) => !rel.includes('/') && ledgerEntry(rel) !== null);
  return { files: resolved(root, records, at), fanned };
}

/** `<mode> <type> <id>\t<path>` records of `ls-tree -r -z`, as path and blob id. */
function* listing(out: string): Generator<[string, string]> {
  for (const record of out.split('\0')) {
    const tab = record.indexOf('\t');
    const head = record.slice(0, tab).split(' ');
    if (tab > 0 && head[1] === 'blob') yield [record.slice(tab + 1), head[2] as string];
  }
}

/** The flat files of a folder's tree content (id -> blob id). */
function flatOf(body: Buffer): Map<string, string> {
  const flat = new Map<string, string>();
  for (const item of parseTreeObject(body)) {
    if (item.mode === '40000') continue;
    const entry = ledgerEntry(item.name);
    if (entry?.flat === true) flat.set(entry.id, item.oid);
  }
  return flat;
}

/** The flat files of a loose tree's flags folder; undefined: ask git. */
function looseFlat(store: LooseStore, tree: string, dir: string): Map<string, string> | undefined {
  // A commit, or `<commit>^{tree}` (a fast-forward's incoming tree), names its tree.
  const root = looseRootTree(store, tree);
  if (root === undefined) return undefined;
  const folder = lookupFolder(store, root, dir);
  if (folder === null) return new Map();
  const read = folder === undefined ? null : readLoose(store, folder);
  return read?.type === 'tree' ? flatOf(read.body) : undefined;
}

/** Flags a tree still holds flat in its flags folder (id -> blob id): empty once fanned out. */
export function flatFiles(root: string, tree: string, dir: string): Map<string, string> {
  const store = sharedStore(root);
  const loose = store === null ? undefined : looseFlat(store, tree, dir);
  if (loose !== undefined) return loose;
  const flat = new Map<string, string>();
  for (const [name, oid] of readFolder(root, tree, dir)) {
    const entry = ledgerEntry(name);
    if (entry?.flat === true) flat.set(entry.id, oid);
  }
  return flat;
}

/**
 * The updates that record `changes` (id -> blob id) in a ledger tree (null: none yet), in the
 * fan-out; files the tree still holds flat are moved there in the same commit (flat and
 * fanned-out copies of one id: the one readers take, unless `changes` has the id).
 */
export function fanUpdates(
  root: string,
  at: { tree: string | null; dir: string; changes: Map<string, string>; commit?: string },
): TreeUpdate[] {
  const flat = at.tree === null ? new Map<string, string>() : flatFiles(root, at.tree, at.dir);
  if (flat.size === 0)
    return [...at.changes].map(([id, oid]) => ({ path: ledgerPath(at.dir, id), oid }));
  const tree = at.tree as string;
  // A write that changes nothing stays a no-op (no commit), also on a flat ledger.
  if (unchanged(root, { ...at, tree })) return [];
  const listed = readLedgerFolder(root, { ...at, tree });
  const updates: TreeUpdate[] = [];
  for (const [id, oid] of flat) {
    updates.push({ path: flatLedgerPath(at.dir, id), oid: null });
    if (!at.changes.has(id))
      updates.push({ path: ledgerPath(at.dir, id), oid: listed.get(id) ?? oid });
  }
  for (const [id, oid] of at.changes) updates.push({ path: ledgerPath(at.dir, id), oid });
  return updates;
}

/** True when a tree already holds every one of `changes` (id -> blob id), in either layout. */
function unchanged(
  root: string,
  at: { tree: string; dir: string; changes: Map<string, string>; commit?: string },
): boolean {
  const store = sharedStore(root);
  let listed: Map<string, string> | undefined;
  for (const [id, oid] of at.changes) {
    let now = store === null ? undefined : looseBlob(root, store, { ...at, id });
    if (now === undefined) {
      listed ??= readLedgerFolder(root, at);
      now = listed.get(id) ?? null;
    }
    if (now !== oid) return false;
  }
  return true;
}

/** The copy that stands of a flag held twice, flat and fanned out, in one tree. */
function pickOne(root: string, at: LedgerAt, two: { flat: string; fanned: string }): string {
  if (two.flat === two.fanned) return two.flat;
  const twice = new Map([[at.id, two]]);
  return pickCopies(root, { commit: at.commit, dir: at.dir, twice }).get(at.id) ?? two.fanned;
}

/** The blob id of a flag in a loose tree, in either layout; null: absent; undefined: ask git. */
function looseBlob(root: string, store: LooseStore, at: LedgerAt): string | null | undefined {
  const flat = lookupBlob(store, at.tree, flatLedgerPath(at.dir, at.id));
  if (flat === undefined) return undefined;
  const fanned = lookupBlob(store, at.tree, ledgerPath(at.dir, at.id));
  if (flat === null || fanned === undefined || fanned === null)
    return fanned === null ? flat : fanned;
  return pickOne(root, at, { flat, fanned });
}

/** A blob's text: `likely` when it is that blob, else the loose object; undefined: ask git. */
function looseBlobText(store: LooseStore, oid: string, likely?: string | null): string | undefined {
  if (typeof likely === 'string' && objectId('blob', Buffer.from(likely)) === oid) return likely;
  const blob = readLoose(store, oid);
  return blob?.type === 'blob' ? blob.body.toString('utf8') : undefined;
}

/** The text of a flag by `git cat-file`, in either layout (two copies decided by history). */
function gitTextAt(root: string, at: LedgerAt): string | null {
  const flat = `${at.tree}:${flatLedgerPath(at.dir, at.id)}`;
  const fanned = `${at.tree}:${ledgerPath(at.dir, at.id)}`;
  const texts = readBlobs(root, [flat, fanned]);
  const [one, other] = [texts.get(flat), texts.get(fanned)];
  if (one === undefined || other === undefined || one === other) return one ?? other ?? null;
  const [f, n] = childProcess()
    .execFileSync('git', ['rev-parse', flat, fanned], { cwd: root, ...GIT_OUT })
    .trim()
    .split('\n') as [string, string];
  return pickOne(root, at, { flat: f, fanned: n }) === f ? one : other;
}

/**
 * The text of a flag's file in a ledger tree, in either layout (null: no such flag), from loose
 * objects or `likely` (the work tree's copy) when it is that blob, else by `git cat-file`.
 */
export function ledgerTextAt(
  root: string,
  at: LedgerAt & { likely?: string | null | undefined },
): string | null {
  const store = sharedStore(root);
  const oid = store === null ? undefined : looseBlob(root, store, at);
  if (oid === null) return null;
  if (store !== null && oid !== undefined) {
    const text = looseBlobText(store, oid, at.likely);
    if (text !== undefined) return text;
    return readBlobs(root, [oid]).get(oid) ?? null;
  }
  return gitTextAt(root, at);
}
