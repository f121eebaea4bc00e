/**
 * The parse of one work-tree flag file into the store's cache (flag-store.ts `readWork`): kept
 * when the read's scope wants it, else only noted in the cache's index.
 */
import { blobId } from '../core/object-id.js';
import { detachFlag } from './detach.js';
import { ParseCache, shardOf, type CacheEntry } from './cache.js';
import { countParse, readChecked, type NamedFile, type ParseCount } from './flag-read.js';
import type { ReadAhead } from './read-ahead.js';

/** A cached parse of a work-tree file, with the blob id of its bytes. */
export type WorkEntry = CacheEntry & { oid?: string | undefined };

/** Where a parse goes: the cache, the scope it is wanted for, and the progress count. */
export interface ParseRun extends ParseCount {
  cache: ParseCache;
  target: string | undefined;
  /** The files the cache does not know, read ahead on another thread when there are many. */
  ahead?: ReadAhead | undefined;
}

/**
 * Parses a flag file into the cache, counting it (see countParse). A parse the scope does not
 * want (a valid flag for another target) is only noted in the cache's index and returns
 * undefined: it is neither kept in memory nor written, and is parsed again only when a read
 * wants it.
 */
export function parseInto(run: ParseRun, file: NamedFile): WorkEntry | undefined {
  const { key, bytes, parsed } = readChecked(file, run.ahead?.take(file));
  const wanted = ParseCache.wanted(shardOf(parsed), run.target);
  countParse(run);
  if (!wanted) {
    const marks = parsed.flag === null ? undefined : { marks: parsed.flag, oid: undefined };
    run.cache.note(file.id, key, shardOf(parsed), marks);
    return undefined;
  }
  // The blob id serves only a kept parse (the ledger merge): hashed only when kept.
  const entry = { key, ...parsed, oid: bytes === undefined ? undefined : blobId(bytes) };
  // A kept parse must not keep its file's whole text alive (see detach.ts).
  if (entry.flag !== null) detachFlag(entry.flag);
  run.cache.put(file.id, entry);
  return entry;
}
