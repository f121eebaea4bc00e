/** Sets of flag files at one point: a commit (read from git's object database) or the work tree. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { isFlagId } from '../core/ids.js';
import type { Flag } from '../core/types.js';
import { listTree, readTexts, type TreeEntry } from '../git/objects.js';
import { loadCache, saveCache, type CacheEntry } from '../store/cache.js';
import { parseFlagFile, type LocatedProblem, type ParsedFlag } from '../store/flag-file.js';
import { readChecked } from '../store/flag-read.js';
import type { Workspace } from '../services/workspace.js';

/** One flag file in a snapshot: path relative to the repository root, and its parse. */
export interface FlagVersion {
  id: string;
  path: string;
  flag: Flag | null;
  problems: LocatedProblem[];
  /** The blob id for a committed version; null for a work-tree file. */
  oid: string | null;
}

/** Flag files by id. */
export type Snapshot = Map<string, FlagVersion>;

/** Most blob parses kept in the cache; the oldest are dropped first. */
const MAX_CACHED_BLOBS = 50_000;

/** The id a flag file's name carries, or null when the name is not `<id>.md`. */
export function idOfPath(path: string): string | null {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const id = name.endsWith('.md') ? name.slice(0, -3) : '';
  return isFlagId(id) ? id : null;
}

/** A parse whose flag id differs from the file name is invalid. */
export function checkName(id: string, parsed: ParsedFlag): ParsedFlag {
  if (parsed.flag === null || parsed.flag.id === id) return parsed;
  const message = `id ${parsed.flag.id} does not match the file name ${id}.md`;
  const problem: LocatedProblem = { field: 'id', message, severity: 'error', line: 2 };
  return { flag: null, problems: [...parsed.problems, problem] };
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

/**
 * Bytes of cache file worth loading per blob wanted. An entry is about 900 bytes of JSON, and
 * decoding one costs a fraction of parsing a flag file: a cache of 50,000 entries (45 MB) loaded
 * whole to parse the 80 blobs of a 40-flag range cost seconds and hundreds of MB.
 */
const CACHE_BYTES_PER_BLOB = 16_384;

/** The cache file's size in bytes, 0 when it is missing. */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Blobs parsed straight from one `cat-file --batch`, without the cache. */
async function parseDirect(ws: Workspace, oids: string[]): Promise<Map<string, ParsedFlag>> {
  const texts = await readTexts(ws.root, oids);
  return new Map(oids.map((oid) => [oid, parseFlagFile(texts.get(oid) ?? '')]));
}

/**
 * Parses blobs by id, through a cache in the git dir: a blob id names its content, so a parse
 * never goes stale. Blobs not cached are read in one `cat-file --batch`. A cache much bigger
 * than the few blobs wanted is not loaded: they are parsed directly (see CACHE_BYTES_PER_BLOB).
 */
export async function parseBlobs(ws: Workspace, oids: string[]): Promise<Map<string, ParsedFlag>> {
  // Not the hook's cache-blobs.json: that one holds other shapes (see gates/staged-flags.ts).
  const path = join(ws.gitDir, 'flagstore', 'cache-blob-parses.json');
  const wanted = [...new Set(oids)];
  if (wanted.length === 0) return new Map();
  if (sizeOf(path) > wanted.length * CACHE_BYTES_PER_BLOB) return parseDirect(ws, wanted);
  const cache = loadCache(path);
  const missing = wanted.filter((oid) => !cache.has(oid));
  const texts = await readTexts(ws.root, missing);
  for (const oid of missing) cache.set(oid, { key: oid, ...parseFlagFile(texts.get(oid) ?? '') });
  if (missing.length > 0) {
    const keep = [...cache].slice(-MAX_CACHED_BLOBS);
    await saveCache(path, new Map<string, CacheEntry>(keep));
  }
  return cache;
}

/** A commit's flag files by id: one `ls-tree` of the flags folder. */
export async function commitEntries(
  ws: Workspace,
  commit: string,
): Promise<Map<string, TreeEntry>> {
  return flagEntries(await listTree(ws.root, commit, ws.config.flags_dir));
}

/** The flags of a commit: one `ls-tree`, and blobs parsed through the cache. */
export async function commitSnapshot(ws: Workspace, commit: string): Promise<Snapshot> {
  return entriesSnapshot(ws, await commitEntries(ws, commit));
}

/** The flags of tree entries (a commit's, or some of them): blobs parsed through the cache. */
export async function entriesSnapshot(
  ws: Workspace,
  entries: Map<string, TreeEntry>,
): Promise<Snapshot> {
  const parsed = await parseBlobs(
    ws,
    [...entries.values()].map((e) => e.oid),
  );
  const snapshot: Snapshot = new Map();
  for (const [id, e] of entries) {
    const parse = checkName(id, parsed.get(e.oid) ?? { flag: null, problems: [] });
    snapshot.set(id, { id, path: e.path, oid: e.oid, ...parse });
  }
  return snapshot;
}

/** The flags of the work tree as they are on disk now (through the store's parse cache). */
export async function workTreeSnapshot(ws: Workspace): Promise<Snapshot> {
  const snapshot: Snapshot = new Map();
  for (const stored of await ws.flags.readWorkTree({ progress: ws.progress })) {
    const path = `${ws.config.flags_dir}/${stored.id}.md`;
    snapshot.set(stored.id, { ...stored, path, oid: null });
  }
  return snapshot;
}

/**
 * The work tree's flag files among `ids` only (each known to be there), read and parsed without
 * the parse cache or a listing of the rest.
 */
export function workTreeVersions(ws: Workspace, ids: string[]): Snapshot {
  const snapshot: Snapshot = new Map();
  for (const id of ids) {
    const { parsed } = readChecked({ id, path: ws.flags.pathOf(id) });
    snapshot.set(id, { id, path: `${ws.config.flags_dir}/${id}.md`, oid: null, ...parsed });
  }
  return snapshot;
}

/** A version parsed from text already in hand. */
export function versionOf(id: string, path: string, text: string): FlagVersion {
  return { id, path, oid: null, ...checkName(id, parseFlagFile(text)) };
}

/** True when two versions hold the same flag (same blob, or the same parsed content). */
export function sameVersion(a: FlagVersion, b: FlagVersion): boolean {
  if (a.oid !== null && a.oid === b.oid) return true;
  if (a.flag === null || b.flag === null) {
    return a.flag === b.flag && JSON.stringify(a.problems) === JSON.stringify(b.problems);
  }
  return JSON.stringify(a.flag) === JSON.stringify(b.flag);
}
