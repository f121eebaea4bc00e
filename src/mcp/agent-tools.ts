/** The MCP tools over the agent catalog: search for the right target, and list the catalog. */
import { z } from 'zod';
import { cursorKey, keysetPage } from '../agent/paging.js';
import { hitsJson, SEARCH_LIMIT } from '../catalog/search.js';
import { FlagstoreError } from '../core/errors.js';
import { sanitizeDeep } from '../core/sanitize.js';
import { listAgents, searchCatalog } from '../services/agents.js';
import { READ_ONLY, workspaceOf, type ToolDefinition } from './context.js';
import { agentsShape, searchShape } from './schemas.js';

const AGENTS_PAGE = 50;
const MAX_AGENTS = 200;

/**
 * The page of agents after `cursor`, in handle order. The cursor names the last handle of the
 * previous page, so an agent added or removed in between moves no other across a page boundary.
 */
function agentPage<T extends { handle: string }>(
  agents: T[],
  limit: number,
  cursor: string | undefined,
): { agents: T[]; next_cursor: string | null } {
  const sorted = [...agents].sort((a, b) =>
    a.handle < b.handle ? -1 : a.handle > b.handle ? 1 : 0,
  );
  const after = cursor === undefined ? null : cursorKey(cursor);
  if (after !== null && !after.startsWith('@')) {
    throw new FlagstoreError('usage', 'the cursor is not one this server returned', {
      fix: 'call list_agents {} to start from the first page',
      details: { cursor },
    });
  }
  const { items, next } = keysetPage(sorted, limit, {
    after: after === null ? null : (a) => a.handle > after,
    key: (a) => a.handle,
  });
  return { agents: items, next_cursor: next };
}

/** The catalog tools. */
export const AGENT_TOOLS: ToolDefinition[] = [
  {
    name: 'search_agents',
    title: 'Find the agent that owns some work',
    description:
      'Find the agent that owns a kind of work, best first, before creating a flag for it. Returns handles with score, confidence, the reasons they matched and each description: read the descriptions of all five it returns and choose, since the ranking is by shared words and the owner is more often among the five than first (docs/catalog.md, "Real projects"); an empty list means no agent fits.',
    input: {
      query: z
        .string()
        .describe('what the change or task is about, e.g. "PostgreSQL schema migration"'),
      limit: z
        .number()
        .int()
        .min(1)
        .max(50)
        .optional()
        .describe(`how many results (default ${SEARCH_LIMIT})`),
    },
    output: searchShape,
    hints: READ_ONLY,
    run: async (ctx, args) => {
      const ws = await workspaceOf(ctx);
      const limit = typeof args.limit === 'number' ? args.limit : SEARCH_LIMIT;
      const hits = await searchCatalog(ws, String(args.query), limit);
      return { data: sanitizeDeep({ query: String(args.query), results: hitsJson(hits) }) };
    },
  },
  {
    name: 'list_agents',
    title: 'List the agent catalog',
    description:
      'The agent catalog by handle, with type, module and description, a page at a time (total says how many; follow next_cursor for the rest). search_agents finds the owner of some work.',
    input: {
      limit: z
        .number()
        .int()
        .min(1)
        .max(MAX_AGENTS)
        .optional()
        .describe(`agents per page (default ${AGENTS_PAGE}, at most ${MAX_AGENTS})`),
      cursor: z.string().optional().describe('next_cursor of the previous page'),
    },
    output: agentsShape,
    hints: READ_ONLY,
    run: async (ctx, args) => {
      const all = (await listAgents(await workspaceOf(ctx))).map((a) => ({
        handle: a.handle,
        type: a.type,
        module: a.module,
        description: a.description,
        tags: a.tags,
        status: a.status,
      }));
      const limit = typeof args.limit === 'number' ? args.limit : AGENTS_PAGE;
      const page = agentPage(all, limit, args.cursor as string | undefined);
      return { data: sanitizeDeep({ total: all.length, ...page }) };
    },
  },
];
