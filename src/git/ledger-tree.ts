/**
 * The ledger's flags folder in either layout (see src/core/ledger-layout.ts): listed, read by
 * id, and the tree updates that record files in the fan-out, moving a flat ledger's files
 * there on the way. Loose trees are read in this process; anything else asks git.
 */
import { parseTreeObject } from '../core/git-records.js';
import { flatLedgerPath, ledgerEntry, ledgerIds, ledgerPath } from '../core/ledger-layout.js';
import { objectId } from '../core/object-id.js';
import { readBlobs, readFolder, type TreeUpdate } from './ledger.js';
import { looseStore, readLoose, type LooseStore } from './loose.js';
import { lookupBlob } from './loose-tree.js';
import { childProcess } from './child-process.js';
import { git } from './repo.js';

/** Where a flag is looked up: a tree, the flags folder in it, and the flag's id. */
export interface LedgerAt {
  tree: string;
  dir: string;
  id: string;
}

/**
 * Every flag file of a tree's flags folder, flat or fanned out (id -> blob id, sorted by id);
 * empty when the folder is absent. One `git ls-tree -r`.
 */
export function readLedgerFolder(root: string, tree: string, dir: string): Map<string, string> {
  let out: string;
  try {
    out = childProcess().execFileSync('git', ['ls-tree', '-r', '-z', `${tree}:${dir}`], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch {
    return new Map();
  }
  return ledgerIds(listing(out));
}

/** `<mode> <type> <id>\t<path>` records of `ls-tree -r -z`, as path and blob id. */
function* listing(out: string): Generator<[string, string]> {
  for (const record of out.split('\0')) {
    const tab = record.indexOf('\t');
    const head = record.slice(0, tab).split(' ');
    if (tab > 0 && head[1] === 'blob') yield [record.slice(tab + 1), head[2] as string];
  }
}

/** {@link readLedgerFolder} for a commit or tree named by git (`<commit>`, `<ref>`). */
export async function ledgerFolderOf(
  root: string,
  commit: string,
  dir: string,
): Promise<Map<string, string>> {
  let out: string;
  try {
    out = await git(root, ['ls-tree', '-r', '-z', `${commit}:${dir}`]);
  } catch {
    return new Map();
  }
  return ledgerIds(listing(out));
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
  const folder = dir.split('/').reduce<string | null | undefined>((at, part) => {
    if (typeof at !== 'string') return at;
    const read = readLoose(store, at);
    if (read?.type !== 'tree') return undefined;
    const item = parseTreeObject(read.body).find((i) => i.name === part);
    if (item === undefined) return null;
    return item.mode === '40000' ? item.oid : null;
  }, tree);
  if (folder === null) return new Map();
  const read = folder === undefined ? null : readLoose(store, folder);
  return read?.type === 'tree' ? flatOf(read.body) : undefined;
}

/** Flags a tree still holds flat in its flags folder (id -> blob id): empty once fanned out. */
export function flatFiles(root: string, tree: string, dir: string): Map<string, string> {
  const store = looseStore(root);
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
 * fanned-out copies of one id: the flat one, as readers take it, unless `changes` has the id).
 */
export function fanUpdates(
  root: string,
  at: { tree: string | null; dir: string; changes: Map<string, string> },
): TreeUpdate[] {
  const flat = at.tree === null ? new Map<string, string>() : flatFiles(root, at.tree, at.dir);
  // A write that changes nothing stays a no-op (no commit), also on a flat ledger.
  if (flat.size > 0 && unchanged(root, { ...at, tree: at.tree as string })) return [];
  const updates: TreeUpdate[] = [];
  for (const [id, oid] of flat) {
    updates.push({ path: flatLedgerPath(at.dir, id), oid: null });
    if (!at.changes.has(id)) updates.push({ path: ledgerPath(at.dir, id), oid });
  }
  for (const [id, oid] of at.changes) updates.push({ path: ledgerPath(at.dir, id), oid });
  return updates;
}

/** True when a tree already holds every one of `changes` (id -> blob id), in either layout. */
function unchanged(
  root: string,
  at: { tree: string; dir: string; changes: Map<string, string> },
): boolean {
  const store = looseStore(root);
  let listed: Map<string, string> | undefined;
  for (const [id, oid] of at.changes) {
    let now = store === null ? undefined : looseBlob(store, { tree: at.tree, dir: at.dir, id });
    if (now === undefined) {
      listed ??= readLedgerFolder(root, at.tree, at.dir);
      now = listed.get(id) ?? null;
    }
    if (now !== oid) return false;
  }
  return true;
}

/** The blob id of a flag in a loose tree (flat first); null: absent; undefined: ask git. */
function looseBlob(store: LooseStore, at: LedgerAt): string | null | undefined {
  const flat = lookupBlob(store, at.tree, flatLedgerPath(at.dir, at.id));
  return flat === null ? lookupBlob(store, at.tree, ledgerPath(at.dir, at.id)) : flat;
}

/** A blob's text: `likely` when it is that blob, else the loose object; undefined: ask git. */
function looseBlobText(store: LooseStore, oid: string, likely?: string | null): string | undefined {
  if (typeof likely === 'string' && objectId('blob', Buffer.from(likely)) === oid) return likely;
  const blob = readLoose(store, oid);
  return blob?.type === 'blob' ? blob.body.toString('utf8') : undefined;
}

/**
 * The text of a flag's file in a ledger tree, in either layout (null: no such flag), from loose
 * objects or `likely` (the work tree's copy) when it is that blob, else by `git cat-file`.
 */
export function ledgerTextAt(
  root: string,
  at: LedgerAt & { likely?: string | null | undefined },
): string | null {
  const store = looseStore(root);
  const oid = store === null ? undefined : looseBlob(store, at);
  if (oid === null) return null;
  if (store !== null && oid !== undefined) {
    const text = looseBlobText(store, oid, at.likely);
    if (text !== undefined) return text;
    return readBlobs(root, [oid]).get(oid) ?? null;
  }
  const flat = `${at.tree}:${flatLedgerPath(at.dir, at.id)}`;
  const fanned = `${at.tree}:${ledgerPath(at.dir, at.id)}`;
  const texts = readBlobs(root, [flat, fanned]);
  return texts.get(flat) ?? texts.get(fanned) ?? null;
}
