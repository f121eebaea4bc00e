/** The MCP tools over the agent catalog: search for the right target, and list the catalog. */
import { z } from 'zod';
import { hitsJson } from '../catalog/search.js';
import { sanitizeDeep } from '../core/sanitize.js';
import { listAgents, searchCatalog } from '../services/agents.js';
import { READ_ONLY, workspaceOf, type ToolDefinition } from './context.js';
import { agentsShape, searchShape } from './schemas.js';

/** The catalog tools. */
export const AGENT_TOOLS: ToolDefinition[] = [
  {
    name: 'search_agents',
    title: 'Find the agent that owns some work',
    description:
      'Find the agent that owns a kind of work, best first, before creating a flag for it. Returns handles with score, confidence and the reasons they matched; an empty list means no agent fits.',
    input: {
      query: z
        .string()
        .describe('what the change or task is about, e.g. "PostgreSQL schema migration"'),
      limit: z.number().int().min(1).max(50).optional().describe('how many results (default 5)'),
    },
    output: searchShape,
    hints: READ_ONLY,
    run: async (ctx, args) => {
      const ws = await workspaceOf(ctx);
      const limit = typeof args.limit === 'number' ? args.limit : 5;
      const hits = await searchCatalog(ws, String(args.query), limit);
      return { data: sanitizeDeep({ query: String(args.query), results: hitsJson(hits) }) };
    },
  },
  {
    name: 'list_agents',
    title: 'List the agent catalog',
    description: 'Every agent in the catalog, with its handle, type, module and description.',
    input: {},
    output: agentsShape,
    hints: READ_ONLY,
    run: async (ctx) => {
      const agents = (await listAgents(await workspaceOf(ctx))).map((a) => ({
        handle: a.handle,
        type: a.type,
        module: a.module,
        description: a.description,
        tags: a.tags,
        status: a.status,
      }));
      return { data: sanitizeDeep({ agents }) };
    },
  },
];
