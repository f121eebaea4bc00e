/** Sets of flag files at one point: a commit (read from git's object database) or the work tree. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFlagId } from '../core/ids.js';
import type { Flag } from '../core/types.js';
import { listTree, readObjects, type TreeEntry } from '../git/objects.js';
import { parseFlagFile, type LocatedProblem } from '../store/flag-file.js';

/** One flag file in a snapshot: path relative to the repository root, and its parse. */
export interface FlagVersion {
  id: string;
  path: string;
  text: string;
  flag: Flag | null;
  problems: LocatedProblem[];
}

/** Flag files by id. */
export type Snapshot = Map<string, FlagVersion>;

/** The id a flag file's name carries, or null when the name is not `<id>.md`. */
export function idOfPath(path: string): string | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const id = name.endsWith('.md') ? name.slice(0, -3) : '';
  return isFlagId(id) ? id : null;
}

/** Parses a file's text into a version; a file whose id differs from its name is invalid. */
export function toVersion(id: string, path: string, text: string): FlagVersion {
  const parsed = parseFlagFile(text);
  if (parsed.flag !== null && parsed.flag.id !== id) {
    const message = `id ${parsed.flag.id} does not match the file name ${id}.md`;
    const problem: LocatedProblem = { field: 'id', message, severity: 'error', line: 2 };
    return { id, path, text, flag: null, problems: [...parsed.problems, problem] };
  }
  return { id, path, text, ...parsed };
}

/** Flag entries of a tree listing, keyed by id. */
export function flagEntries(entries: TreeEntry[]): Map<string, TreeEntry> {
  const result = new Map<string, TreeEntry>();
  for (const entry of entries) {
    const id = idOfPath(entry.path);
    if (id !== null) result.set(id, entry);
  }
  return result;
}

/** The flags of a commit, read in one `ls-tree` and one `cat-file --batch`. */
export async function commitSnapshot(root: string, commit: string, dir: string): Promise<Snapshot> {
  const entries = flagEntries(await listTree(root, commit, dir));
  const blobs = await readObjects(
    root,
    [...entries.values()].map((e) => e.oid),
  );
  const snapshot: Snapshot = new Map();
  for (const [id, entry] of entries) {
    snapshot.set(id, toVersion(id, entry.path, blobs.get(entry.oid) ?? ''));
  }
  return snapshot;
}

/** The flags of the work tree as they are on disk now. */
export function workTreeSnapshot(root: string, dir: string): Snapshot {
  let names: string[];
  try {
    names = readdirSync(join(root, dir));
  } catch {
    names = [];
  }
  const snapshot: Snapshot = new Map();
  for (const name of names.sort()) {
    const path = `${dir}/${name}`;
    const id = idOfPath(path);
    if (id !== null) snapshot.set(id, toVersion(id, path, readFileSync(join(root, path), 'utf8')));
  }
  return snapshot;
}
