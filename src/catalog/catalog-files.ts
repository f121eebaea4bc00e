/**
 * The agent catalog's files and their per-file cache, without search: what a check of the
 * catalog needs (catalog-checks.ts, a write's `--by` check) loads this and not the search index
 * and its stemmer, which catalog-store.ts adds for reading the catalog to search it.
 */
import { countStep, withProgress, type Progress, type StepCount } from '../core/progress.js';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Problem } from '../core/rules.js';
import { fileKey, loadCache, saveCache, type CacheEntry } from '../store/cache.js';

/** Where a catalog lives (its folders, read in place, in order) and where its cache goes. */
export interface CatalogLocation {
  root: string;
  dirs: string[];
  stateDir: string;
  /** Told how far reading goes when many files must be parsed. */
  progress?: Progress;
}

/** Markdown files of a folder (not hidden), sorted. */
export function agentFileNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.md') && !name.startsWith('.'))
      .sort();
  } catch {
    return [];
  }
}

/** The file's identity for the cache, or null when it cannot be stat'ed. */
function statKey(path: string): string | null {
  try {
    return fileKey(statSync(path));
  } catch {
    return null;
  }
}

/** What {@link cachedAgentFiles} keeps of each agent file, in which cache file. */
export interface FileCache<T extends object> {
  /** File name in the state folder, and the format version it must carry. */
  name: string;
  version: number;
  /** What to keep of one file (run only for files whose identity changed). */
  compute: (path: string) => T;
}

/** One agent file: its repository-relative path and what was kept of it. */
export interface CachedFile<T extends object> {
  file: string;
  entry: CacheEntry<T>;
}

/**
 * Every agent file of the catalog folders, in catalog order, with what `cache.compute` keeps
 * of it: reused from the cache file while the file's identity (fileKey) is unchanged, else
 * computed again. The cache file is rewritten when anything changed.
 */
export async function cachedAgentFiles<T extends object>(
  location: CatalogLocation,
  cache: FileCache<T>,
): Promise<CachedFile<T>[]> {
  const cachePath = join(location.stateDir, cache.name);
  const known = loadCache<T>(cachePath, cache.version);
  const fresh = new Map<string, CacheEntry<T>>();
  const run: StepCount = { count: 0, progress: location.progress };
  const read = (path: string): CachedFile<T> => {
    const file = relative(location.root, path).split(sep).join('/');
    const key = statKey(path);
    // A file that cannot be stat'ed (a dangling symlink) is computed each time and never kept:
    // `compute` reads it as a file that does not load, like any other unreadable file.
    if (key === null) return { file, entry: { key: '', ...cache.compute(path) } };
    let entry = known.get(file);
    if (entry?.key !== key) {
      entry = { key, ...cache.compute(path) };
      countStep(run, { doing: 'reading agents', unit: 'parsed' });
    }
    fresh.set(file, entry);
    return { file, entry };
  };
  const files = withProgress(location.progress, () =>
    location.dirs.flatMap((dir) => agentFileNames(dir).map((name) => read(join(dir, name)))),
  );
  if (run.count > 0 || fresh.size !== known.size) await saveCache(cachePath, fresh, cache.version);
  return files;
}

/** Problems that make a set of entries inconsistent: two files claiming one handle. */
export function duplicateHandles(
  entries: { file: string; agent: { handle: string } | null }[],
): Map<string, Problem & { file: string }> {
  const seen = new Map<string, string>();
  const duplicates = new Map<string, Problem & { file: string }>();
  for (const entry of entries) {
    if (entry.agent === null) continue;
    const other = seen.get(entry.agent.handle);
    if (other === undefined) {
      seen.set(entry.agent.handle, entry.file);
      continue;
    }
    duplicates.set(entry.file, {
      file: entry.file,
      field: 'name',
      severity: 'error',
      message: `duplicate handle ${entry.agent.handle}: also defined by ${other}`,
    });
  }
  return duplicates;
}
