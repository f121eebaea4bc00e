import { parseAgentFile, renderAgentFile } from '../src/catalog/agent-file.js';
import { indexAgent } from '../src/catalog/search-index.js';
import type { SearchDoc } from '../src/catalog/search.js';

/** Agents made from a handle and a description, indexed as the catalog indexes them. */
export function describedCatalog(descriptions: Record<string, string>): SearchDoc[] {
  return Object.entries(descriptions).map(([handle, description]) => {
    const agent = parseAgentFile(renderAgentFile({ handle, description, body: '' })).agent;
    if (agent === null) throw new Error(`bad fixture ${handle}`);
    return { agent, terms: indexAgent(agent, '') };
  });
}
