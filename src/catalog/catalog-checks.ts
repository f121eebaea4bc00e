/**
 * Which agent files of the catalog do not load, without indexing the catalog for search: the
 * session brief needs only that, and indexing is most of what reading the catalog costs
 * (about 2 s for 60 real agent files against 30 ms to read and check them). Checks are cached
 * by file identity in their own small file.
 */
import { statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileKey, loadCache, saveCache, type CacheEntry } from '../store/cache.js';
import { readAgentFile } from './agent-file.js';
import { agentFileNames, duplicateHandles, type CatalogLocation } from './catalog-store.js';

const CACHE_VERSION = 1;

/** One agent file, checked: its handle when it loads, else its first error. */
interface Check {
  handle: string | null;
  error: string | null;
}

/** An agent file that did not load, with its first error. */
export interface CatalogFailure {
  file: string;
  reason: string;
}

function check(path: string, root: string): Check {
  const parsed = readAgentFile(path, root);
  const error = parsed.problems.find((p) => p.severity === 'error');
  return { handle: parsed.agent?.handle ?? null, error: error?.message ?? null };
}

/** Agent files that do not load (invalid, or a duplicate handle), in catalog order. */
export async function catalogFailures(location: CatalogLocation): Promise<CatalogFailure[]> {
  const cachePath = join(location.stateDir, 'cache-agent-checks.json');
  const cache = loadCache<Check>(cachePath, CACHE_VERSION);
  const fresh = new Map<string, CacheEntry<Check>>();
  let changed = false;
  for (const dir of location.dirs) {
    for (const name of agentFileNames(dir)) {
      const path = join(dir, name);
      const file = relative(location.root, path).split(sep).join('/');
      const key = fileKey(statSync(path));
      let entry = cache.get(file);
      if (entry?.key !== key) {
        entry = { key, ...check(path, location.root) };
        changed = true;
      }
      fresh.set(file, entry);
    }
  }
  if (changed || fresh.size !== cache.size) await saveCache(cachePath, fresh, CACHE_VERSION);
  const entries = [...fresh].map(([file, c]) => ({
    file,
    agent: c.handle === null ? null : { handle: c.handle },
  }));
  const duplicates = duplicateHandles(entries);
  return [...fresh].flatMap(([file, c]) => {
    const reason = c.error ?? duplicates.get(file)?.message;
    return reason === undefined ? [] : [{ file, reason }];
  });
}
