/** The MCP tools over the agent catalog: search for the right target, and list the catalog. */
import { z } from 'zod';
import { hitsJson } from '../cli/present-agents.js';
import { listAgents, searchCatalog } from '../services/agents.js';
import type { ToolDefinition } from './tools.js';

/** The catalog tools. */
export const AGENT_TOOLS: ToolDefinition[] = [
  {
    name: 'search_agents',
    description:
      'Find the agent that owns a kind of work, best first, before creating a flag for it. Returns handles with score, confidence and the reasons they matched; an empty list means no agent fits.',
    input: {
      query: z
        .string()
        .describe('what the change or task is about, e.g. "PostgreSQL schema migration"'),
      limit: z.number().int().min(1).max(50).optional().describe('how many results (default 5)'),
    },
    run: async (ctx, args) => {
      const hits = await searchCatalog(
        ctx.ws,
        String(args.query),
        typeof args.limit === 'number' ? args.limit : 5,
      );
      return { query: args.query, results: hitsJson(hits) };
    },
  },
  {
    name: 'list_agents',
    description: 'Every agent in the catalog, with its handle, type, module and description.',
    input: {},
    run: async (ctx) => ({
      agents: (await listAgents(ctx.ws)).map((a) => ({
        handle: a.handle,
        type: a.type,
        module: a.module,
        description: a.description,
        tags: a.tags,
        status: a.status,
      })),
    }),
  },
];
