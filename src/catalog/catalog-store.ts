/** The agent catalog folder: one file per agent, read through a parse-and-index cache. */
import type { Progress } from '../core/progress.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileKey, loadCache, saveCache, type CacheEntry } from '../store/cache.js';
import type { LocatedProblem } from '../store/flag-file.js';
import type { Agent } from './agent.js';
import { parseAgentFile } from './agent-file.js';
import type { SearchDoc } from './search.js';
import { indexAgent, type AgentTerms } from './search-index.js';

/** Bump when the cached shape or the text analysis changes. */
const CACHE_VERSION = 4;

/** One agent file of the catalog, parsed and indexed. */
export interface CatalogEntry {
  /** File name inside the catalog folder. */
  file: string;
  agent: Agent | null;
  problems: LocatedProblem[];
  terms: AgentTerms | null;
}

type Cached = Omit<CatalogEntry, 'file'>;

/** Where a catalog lives and where its cache goes. */
export interface CatalogLocation {
  dir: string;
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

function parseEntry(path: string): Cached {
  const parsed = parseAgentFile(readFileSync(path, 'utf8'));
  const terms = parsed.agent === null ? null : indexAgent(parsed.agent, parsed.body);
  return { agent: parsed.agent, problems: parsed.problems, terms };
}

/** Reads every agent file of the folder, reusing cached parses of unchanged files. */
export async function readCatalog(location: CatalogLocation): Promise<CatalogEntry[]> {
  const cachePath = join(location.stateDir, 'cache-agents.json');
  const cache = loadCache<Cached>(cachePath, CACHE_VERSION);
  const fresh = new Map<string, CacheEntry<Cached>>();
  let parsed = 0;
  const read = (file: string): CatalogEntry => {
    const path = join(location.dir, file);
    const key = fileKey(statSync(path));
    let entry = cache.get(file);
    if (entry?.key !== key) {
      entry = { key, ...parseEntry(path) };
      if (++parsed % 100 === 0) location.progress?.(`reading agents: ${parsed} parsed`);
    }
    fresh.set(file, entry);
    return { file, agent: entry.agent, problems: entry.problems, terms: entry.terms };
  };
  let entries: CatalogEntry[];
  try {
    entries = agentFileNames(location.dir).map(read);
  } finally {
    location.progress?.(null);
  }
  if (parsed > 0 || fresh.size !== cache.size) await saveCache(cachePath, fresh, CACHE_VERSION);
  return entries;
}

/** A searchable catalog straight from a folder of agent files, without any cache. */
export function readAgentDir(dir: string): SearchDoc[] {
  return agentFileNames(dir).flatMap((file) => {
    const entry = parseEntry(join(dir, file));
    return entry.agent === null || entry.terms === null
      ? []
      : [{ agent: entry.agent, terms: entry.terms }];
  });
}
