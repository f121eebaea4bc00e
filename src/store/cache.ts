/** A parse cache keyed by file identity, so warm listings skip re-reading unchanged files. */
import { mkdirSync, readFileSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { writeAtomic } from './atomic.js';
import type { ParsedFlag } from './flag-file.js';

const VERSION = 1;

/** A cached parse of one file, valid while the file's identity is unchanged. */
export type CacheEntry<T extends object = ParsedFlag> = T & { key: string };

/** Identity of a file version: a rename, rewrite or edit changes it. */
export function fileKey(stats: Stats): string {
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/** Loads the cache; a missing, corrupt or outdated cache is simply empty. */
export function loadCache<T extends object = ParsedFlag>(
  path: string,
  version = VERSION,
): Map<string, CacheEntry<T>> {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as {
      version: number;
      entries: [string, CacheEntry<T>][];
    };
    return data.version === version ? new Map(data.entries) : new Map();
  } catch {
    return new Map();
  }
}

/** Saves the cache atomically; failing to save only costs speed, so errors are ignored. */
export async function saveCache<T extends object>(
  path: string,
  entries: Map<string, CacheEntry<T>>,
  version = VERSION,
): Promise<void> {
  try {
    mkdirSync(dirname(path), { recursive: true });
    await writeAtomic(path, JSON.stringify({ version, entries: [...entries] }));
  } catch {
    // A read-only or vanished git dir only disables caching.
  }
}
