/** The MCP tools that only read: pending flags, listing, one flag, the brief, validation. */
import { z } from 'zod';
import { buildShownBrief } from '../agent/brief.js';
import { BRIEF_LIMIT } from '../agent/brief-text.js';
import { pageOf } from '../agent/paging.js';
import { summarize } from '../agent/summary.js';
import { missingIdentity } from '../core/identity.js';
import { TYPED_ID_HELP } from '../core/ids.js';
import { FLAG_TYPES, IMPACT_LEVELS, STATUSES } from '../core/types.js';
import { copyNotes, shownFlag } from '../services/shown-flag.js';
import { emptyReadWarning } from '../services/agents.js';
import { listFlags, type ListFilter } from '../services/flags.js';
import type { Workspace } from '../services/workspace.js';
import { actorOf, READ_ONLY, workspaceOf, type ToolDefinition } from './context.js';
import { BRIEF_ALL_LIMIT, briefOutput, fullFlag, pageOutput } from './render.js';
import { briefShape, pageShape, showShape } from './schemas.js';
import { VALIDATE_TOOL } from './validate-tool.js';

/** The largest page; summaries of 100 flags stay far under 8k tokens. */
export const MAX_LIMIT = 100;
/** The largest page of flags in full, whose texts can be long. */
export const MAX_FULL_LIMIT = 20;

const agentArg = z
  .string()
  .optional()
  .describe('acting agent, @domain.module (default: the server identity)');
const pageArgs = {
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .optional()
    .describe('flags per page (default 50; at most 20 with detail "full")'),
  cursor: z.string().optional().describe('next_cursor of the previous page'),
  detail: z
    .enum(['summary', 'full'])
    .optional()
    .describe('summary (default) or full flags; show_flag gives one in full'),
};

async function page(
  ws: Workspace,
  filter: ListFilter,
  args: Record<string, unknown>,
  head: string,
) {
  const { flags, invalid } = await listFlags(ws, filter);
  const full = args.detail === 'full';
  const asked = typeof args.limit === 'number' ? args.limit : 50;
  const limit = full ? Math.min(asked, MAX_FULL_LIMIT) : asked;
  const cursor = typeof args.cursor === 'string' ? args.cursor : undefined;
  const now = new Date();
  const warning = await emptyReadWarning(ws, filter.target, flags.length, filter.status);
  const warnings = warning === null ? [] : [warning];
  const shown = { now, full, root: ws.root, invalid, head, target: filter.target, warnings };
  return pageOutput(pageOf(flags, limit, cursor), shown);
}

const list = <T>(value: unknown): T[] | undefined =>
  Array.isArray(value) ? (value as T[]) : undefined;

/** The reading tools. */
export const READ_TOOLS: ToolDefinition[] = [
  {
    name: 'get_pending_flags',
    title: 'Pending flags for an agent',
    description:
      "An agent's pending flags, most urgent first (critical > high > medium > low, then oldest), as compact summaries with paging. Invalid flag files are reported, not dropped. Check these before other work.",
    input: { agent: agentArg, ...pageArgs },
    output: { agent: z.string(), ...pageShape },
    hints: READ_ONLY,
    run: async (ctx, args) => {
      const ws = await workspaceOf(ctx);
      const agent = await actorOf(ctx, ws, args.agent);
      if (agent === null) throw missingIdentity('which agent? no identity is set');
      const out = await page(
        ws,
        { target: agent, status: 'pending' },
        args,
        `pending for ${agent}`,
      );
      return { ...out, data: { agent, ...out.data } };
    },
  },
  {
    name: 'list_flags',
    title: 'List flags',
    description:
      'Flags by priority with the CLI filters (target, source, status, impact, type), as compact summaries with paging.',
    input: {
      target: z.string().optional().describe('only flags for this agent'),
      source: z.string().optional().describe('only flags from this agent'),
      status: z
        .enum([...STATUSES, 'all'])
        .optional()
        .describe('default pending'),
      impact: z.array(z.enum(IMPACT_LEVELS)).optional().describe('only these impact levels'),
      type: z.array(z.enum(FLAG_TYPES)).optional().describe('only these flag types'),
      ...pageArgs,
    },
    output: pageShape,
    hints: READ_ONLY,
    run: async (ctx, args) => {
      const filter: ListFilter = {
        target: typeof args.target === 'string' ? args.target : undefined,
        source: typeof args.source === 'string' ? args.source : undefined,
        status: (args.status as ListFilter['status']) ?? 'pending',
        impact: list(args.impact),
        type: list(args.type),
      };
      return page(await workspaceOf(ctx), filter, args, 'flags');
    },
  },
  {
    name: 'show_flag',
    title: 'Show one flag',
    description:
      "One flag in full, with the whole chain it belongs to (questions, answers, follow-ups), and what this work tree's copies say beside it (fields that differ from the ledger's, an invalid copy, a file renamed by hand).",
    input: { id: z.string().describe(TYPED_ID_HELP) },
    output: showShape,
    hints: READ_ONLY,
    run: async (ctx, args) => {
      const ws = await workspaceOf(ctx);
      const now = new Date();
      const shown = await shownFlag(ws, String(args.id));
      const chain = shown.chain.map((f) => summarize(f, now));
      const flag = fullFlag(shown.stored.flag, now);
      return { data: { flag, ...copyNotes(shown), chain: chain.length > 1 ? chain : [] } };
    },
  },
  {
    name: 'brief',
    title: 'Session brief',
    description:
      'What needs the agent now: counts, then at most 10 items per section (pending for it, its locks with the answers that arrived, critical flags and whether they block it, invalid files).',
    input: {
      agent: agentArg,
      all: z
        .boolean()
        .optional()
        .describe('up to 100 items per section, not 10 (the counts cover every item)'),
    },
    output: briefShape,
    hints: READ_ONLY,
    run: async (ctx, args) => {
      const ws = await workspaceOf(ctx);
      const agent = await actorOf(ctx, ws, args.agent);
      const now = new Date();
      const all = args.all === true;
      // Only the flags shown are read whole; the counts cover every item.
      const limit = all ? BRIEF_ALL_LIMIT : BRIEF_LIMIT;
      const brief = await buildShownBrief(ws, agent, { now, limit });
      const found = brief.counts.pending + brief.counts.waiting;
      const warning = await emptyReadWarning(ws, agent, found);
      return briefOutput(brief, { now, all, warnings: warning === null ? [] : [warning] });
    },
  },
  VALIDATE_TOOL,
];
