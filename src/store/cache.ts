/**
 * The parse cache, in `.git/flagstore/cache/`: an index of every flag file's identity and
 * target agent, and one shard per target agent holding the parsed flags. `list --for @a`
 * then reads the index and one shard instead of every flag. An entry is used only while the
 * file's identity (inode, size, times) is unchanged, and only when the index and the shard
 * agree on it, so a stale or half-written cache costs a re-parse, never a wrong answer.
 */
import { readFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { stampedHead, writeJson, writeStamped } from './atomic.js';
import { decodeMarks, encodeMarks, type FlagMarks } from '../core/marks.js';
import { CacheIndex } from './cache-index.js';
import { shareMarks } from './detach.js';
import { readLines, writeLines } from './line-cache.js';
import type { ParsedFlag } from './flag-file.js';
import { codeStamp } from './package.js';

const VERSION = 5;

/**
 * What a cache file must carry to be used: its format version and the running code's stamp,
 * so parses made by an earlier flagstore (other parsers, other rules) are never reused.
 */
export function stampOf(version: number): string {
  return `${version}:${codeStamp()}`;
}

/**
 * The bytes of a cache file written by {@link saveStamped} that hold its value (the value's JSON,
 * then the closing brace), or null when it is missing or of another format version or other
 * code. The stamp is the file's first field: a file of other code, such as every cache after a
 * rebuild or an upgrade, is not parsed (at 100,000 flags the index is 18 MB of JSON).
 */
export function stampedBytes(path: string, version: number): Buffer | null {
  try {
    const bytes = readFileSync(path);
    const head = Buffer.from(stampedHead(stampOf(version)));
    return bytes.subarray(0, head.length).equals(head) ? bytes.subarray(head.length) : null;
  } catch {
    return null;
  }
}

/**
 * Reads a cache file written by {@link saveStamped}: its value, or null when it is missing,
 * corrupt, of another format version or written by other code.
 */
export function loadStamped<T>(path: string, version: number): T | null {
  try {
    const bytes = stampedBytes(path, version);
    if (bytes === null || bytes[bytes.length - 1] !== 0x7d) return null;
    return JSON.parse(bytes.toString('utf8', 0, bytes.length - 1)) as T;
  } catch {
    return null;
  }
}

/** Writes a cache file stamped with its format version and the running code (its first field). */
export async function saveStamped(path: string, version: number, value: unknown): Promise<void> {
  writeStamped(path, stampOf(version), (fd) => writeJson(fd, value));
}

const INVALID = '!invalid';
const UNTARGETED = '-';

/** A cached parse of one file, valid while the file's identity is unchanged. */
export type CacheEntry<T extends object = ParsedFlag> = T & { key: string };

/** Loads a simple keyed cache file; a missing, corrupt or outdated one is simply empty. */
export function loadCache<T extends object = ParsedFlag>(
  path: string,
  version = 1,
): Map<string, CacheEntry<T>> {
  return new Map(loadStamped<[string, CacheEntry<T>][]>(path, version) ?? []);
}

/** Saves a simple keyed cache file atomically; failing only costs speed, so errors are ignored. */
export async function saveCache<T extends object>(
  path: string,
  entries: Map<string, CacheEntry<T>>,
  version = 1,
): Promise<void> {
  await saveStamped(path, version, [...entries]);
}

/** Identity of a file version: a rename, rewrite or edit changes it. */
export function fileKey(stats: Pick<Stats, 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'>): string {
  // Joined, not a template: a template's result is a tree of its parts (about 180 bytes more
  // per file, 18 MB in the index of a read of 100,000 files), a join one flat string.
  return [stats.ino, stats.size, stats.mtimeMs, stats.ctimeMs].join(':');
}

/** The shard an entry belongs to: its target agent, untargeted, or invalid. */
export function shardOf(entry: ParsedFlag): string {
  if (entry.flag === null) return INVALID;
  return entry.flag.target_agent ?? UNTARGETED;
}

/** A valid flag's marks as the index holds them, with the blob id of its bytes when known. */
export interface Marked {
  marks: FlagMarks;
  oid: string | undefined;
}

/** The index's marks line: the blob id (or nothing), a tab, the marks; '' when not encodable. */
function markLine(flag: FlagMarks, oid: string | undefined): string {
  const marks = encodeMarks(flag);
  return marks === null ? '' : [oid ?? '', marks].join('\t');
}

/** The marks of a line written by {@link markLine}, or undefined for none. */
function readMarkLine(id: string, line: string): Marked | undefined {
  const tab = line.indexOf('\t');
  const marks = tab < 0 ? null : decodeMarks(id, line.slice(tab + 1));
  return marks === null
    ? undefined
    : { marks: shareMarks(marks), oid: line.slice(0, tab) || undefined };
}

/** A shard's entries by file id, read a line at a time (see line-cache.ts); empty when unusable. */
function loadShard(path: string): Map<string, CacheEntry> {
  const shard = new Map<string, CacheEntry>();
  const add = (record: unknown) => shard.set(...(record as [string, CacheEntry]));
  return readLines(path, stampOf(VERSION), add) ? shard : new Map();
}

/** The cache of one flags folder. */
export class ParseCache {
  private readonly index: CacheIndex;
  private readonly shards = new Map<string, Map<string, CacheEntry>>();
  private readonly dirty = new Set<string>();
  private indexDirty = false;

  constructor(private readonly dir: string) {
    const bytes = stampedBytes(join(dir, 'index.json'), VERSION);
    this.index = CacheIndex.from(bytes, dir, stampOf(VERSION));
  }

  /** The shard a file is in, when the cache knows this exact version of it. */
  knownShard(id: string, key: string): string | undefined {
    return this.index.shardOf(id, key);
  }

  /** True when entries of this shard can matter to a listing for `target`. */
  static wanted(shard: string, target: string | undefined): boolean {
    return target === undefined || shard === target || shard === INVALID;
  }

  /** A cached entry, if index and shard agree on this version of the file. */
  get(id: string, key: string): CacheEntry | undefined {
    const shard = this.knownShard(id, key);
    if (shard === undefined) return undefined;
    const entry = this.shard(shard).get(id);
    return entry?.key === key ? entry : undefined;
  }

  /** The marks of this exact version of a valid flag file, when the index holds them. */
  marked(id: string, key: string): Marked | undefined {
    const line = this.index.marksOf(id, key);
    return line === undefined ? undefined : readMarkLine(id, line);
  }

  /**
   * Records the blob id of this exact version of a file whose marks the index holds; returns its
   * marks with the id (the index no longer looks the file up).
   */
  markOid(id: string, key: string, oid: string): Marked | undefined {
    const shard = this.index.shardOf(id, key);
    const marked = this.marked(id, key);
    if (shard === undefined || marked === undefined) return undefined;
    this.index.set(id, key, shard, markLine(marked.marks, oid));
    this.indexDirty = true;
    return { marks: marked.marks, oid };
  }

  /** True when the index holds any version of a file. */
  has(id: string): boolean {
    return this.index.has(id);
  }

  /** Records a fresh parse (with the blob id of its bytes, when known), kept in its shard. */
  put(id: string, entry: CacheEntry & { oid?: string | undefined }): void {
    const shard = shardOf(entry);
    const marks = entry.flag === null ? undefined : { marks: entry.flag, oid: entry.oid };
    this.note(id, entry.key, shard, marks);
    this.shard(shard).set(id, entry);
    this.dirty.add(shard);
  }

  /**
   * Records only a file's version, shard and marks, so reads for other targets skip it; its
   * parse is not stored, and a read that wants it parses the file again.
   */
  note(id: string, key: string, shard: string, marks?: Marked): void {
    this.forget(id);
    this.index.set(id, key, shard, marks === undefined ? '' : markLine(marks.marks, marks.oid));
    this.indexDirty = true;
  }

  /** Drops every file that no longer exists. */
  prune(present: Set<string>): void {
    for (const id of this.index.ids()) if (!present.has(id)) this.forget(id);
  }

  /**
   * Drops every file but `ids`, each of which the index holds (a read just recorded them all):
   * the index then holds another only when it is larger, and no set of 100,000 ids is made.
   */
  pruneTo(ids: readonly string[]): void {
    if (this.index.size > ids.length) this.prune(new Set(ids));
  }

  private forget(id: string): void {
    const known = this.index.get(id);
    if (known === undefined) return;
    this.index.delete(id);
    this.shard(known[1]).delete(id);
    this.dirty.add(known[1]);
    this.indexDirty = true;
  }

  private shard(name: string): Map<string, CacheEntry> {
    let shard = this.shards.get(name);
    if (shard === undefined) {
      shard = loadShard(this.shardPath(name));
      this.shards.set(name, shard);
    }
    return shard;
  }

  private shardPath(name: string): string {
    return join(this.dir, `shard-${encodeURIComponent(name)}.json`);
  }

  /**
   * Lets go of what a read had started to write and did not save (the index's scratch files),
   * so a read that failed leaves a long-running process (the MCP server) no descriptor; after a
   * save, nothing.
   */
  release(): void {
    this.index.release();
  }

  /** Writes what changed; failing to write only costs speed, so errors are ignored. */
  async save(): Promise<void> {
    if (!this.indexDirty && this.dirty.size === 0) return;
    for (const name of this.dirty) {
      writeLines(this.shardPath(name), stampOf(VERSION), this.shard(name));
    }
    this.index.save(join(this.dir, 'index.json'), stampOf(VERSION));
  }
}
