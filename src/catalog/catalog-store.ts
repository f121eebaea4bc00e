/** The agent catalog folder: one file per agent, read through a parse-and-index cache. */
import { join } from 'node:path';
import type { LocatedProblem } from '../store/flag-file.js';
import type { Agent } from './agent.js';
import { readAgentFile } from './agent-file.js';
import { agentFileNames, cachedAgentFiles, type CatalogLocation } from './catalog-files.js';
import type { SearchDoc } from './search.js';
import { indexAgent, type AgentTerms } from './search-index.js';

/** Bump when the cached shape or the text analysis changes. */
const CACHE_VERSION = 10;

/** One agent file of the catalog, parsed and indexed. */
export interface CatalogEntry {
  /** Path of the file relative to the repository root, with `/` separators. */
  file: string;
  agent: Agent | null;
  problems: LocatedProblem[];
  terms: AgentTerms | null;
}

type Cached = Omit<CatalogEntry, 'file'>;

function parseEntry(path: string, root: string): Cached {
  const parsed = readAgentFile(path, root);
  const terms = parsed.agent === null ? null : indexAgent(parsed.agent, parsed.body);
  return { agent: parsed.agent, problems: parsed.problems, terms };
}

/** Reads every agent file of the folder, reusing cached parses of unchanged files. */
export async function readCatalog(location: CatalogLocation): Promise<CatalogEntry[]> {
  const files = await cachedAgentFiles(location, {
    name: 'cache-agents.json',
    version: CACHE_VERSION,
    compute: (path) => parseEntry(path, location.root),
  });
  return files.map(({ file, entry }) => ({
    file,
    agent: entry.agent,
    problems: entry.problems,
    terms: entry.terms,
  }));
}

/** A searchable catalog straight from a folder of agent files (none read from outside it), uncached. */
export function readAgentDir(dir: string): SearchDoc[] {
  return agentFileNames(dir).flatMap((file) => {
    const entry = parseEntry(join(dir, file), dir);
    return entry.agent === null || entry.terms === null
      ? []
      : [{ agent: entry.agent, terms: entry.terms }];
  });
}
