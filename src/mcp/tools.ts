/** The MCP tools: the CLI's services behind JSON schemas, with the same validation and errors. */
import { z } from 'zod';
import { parseDuration } from '../core/duration.js';
import { FlagstoreError, unwrap } from '../core/errors.js';
import { FLAG_TYPES, IMPACT_LEVELS, type Flag } from '../core/types.js';
import { flagJson } from '../cli/present.js';
import { createFlag, listFlags, transitionFlag, type TransitionKind } from '../services/flags.js';
import { resolveIdentity, type Workspace } from '../services/workspace.js';

/** What every tool handler receives. */
export interface ToolContext {
  ws: Workspace;
  /** The server's default identity (`flagstore mcp --by`), else env/git config at call time. */
  defaultAgent: string | undefined;
}

/** A tool: its name, description, input schema (zod shape) and handler. */
export interface ToolDefinition {
  name: string;
  description: string;
  input: z.ZodRawShape;
  run: (ctx: ToolContext, args: Record<string, unknown>) => Promise<Record<string, unknown>>;
}

const agentArg = z
  .string()
  .optional()
  .describe('acting agent, @domain.module (default: the server identity)');
const idArg = z.string().describe('flag id or a unique prefix of 4+ characters');

async function actor(ctx: ToolContext, agent: unknown): Promise<string | null> {
  const explicit = typeof agent === 'string' ? agent : ctx.defaultAgent;
  return resolveIdentity(ctx.ws, { explicit, env: process.env.FLAGSTORE_AGENT });
}

function json(flag: Flag): Record<string, unknown> {
  return flagJson(flag, { now: new Date() });
}

function transitionTool(
  kind: TransitionKind,
  description: string,
  extra: z.ZodRawShape,
): ToolDefinition {
  return {
    name: `${kind}_flag`,
    description,
    input: { id: idArg, agent: agentArg, ...extra },
    run: async (ctx, args) => {
      const ttl = typeof args.ttl === 'string' ? unwrap(parseDuration(args.ttl)) : undefined;
      const result = await transitionFlag(ctx.ws, {
        id: String(args.id),
        kind,
        agent: await actor(ctx, args.agent),
        force: args.force === true,
        ...(ttl === undefined ? {} : { ttlMs: ttl }),
        ...(typeof args.notes === 'string' ? { notes: args.notes } : {}),
      });
      return { flag: json(result.after) };
    },
  };
}

/** The flag tools. */
export const FLAG_TOOLS: ToolDefinition[] = [
  {
    name: 'get_pending_flags',
    description:
      "An agent's pending flags, most urgent first (critical > high > medium > low, then oldest), and in for_everyone the pending flags with no target. Check these before any other work.",
    input: { agent: agentArg },
    run: async (ctx, args) => {
      const agent = await actor(ctx, args.agent);
      if (agent === null)
        throw new FlagstoreError('usage', 'which agent? pass agent, or start the server with --by');
      const { flags } = await listFlags(ctx.ws, { target: agent, status: 'pending' });
      const { flags: open } = await listFlags(ctx.ws, { status: 'pending' });
      const general = open.filter((f) => f.target_agent === null && f.source_agent !== agent);
      return { agent, flags: flags.map(json), for_everyone: general.map(json) };
    },
  },
  {
    name: 'create_flag',
    description:
      'Create a flag for another agent about a change that affects it. The seed rules apply (see the field descriptions).',
    input: {
      flag_type: z.enum(FLAG_TYPES),
      target_agent: z
        .string()
        .optional()
        .describe('@domain.module; required for high and critical'),
      change_description: z.string().describe('what changed and why, at least 50 characters'),
      action_required: z.string().describe('exact steps for the target, at least 100 characters'),
      impact_level: z
        .enum(IMPACT_LEVELS)
        .optional()
        .describe('default medium; critical only for breaking_change, security, data_loss'),
      related_files: z.array(z.string()).optional(),
      code_location: z.string().optional().describe('file:line'),
      example_usage: z.string().optional(),
      context: z.record(z.string(), z.unknown()).optional().describe('structured JSON context'),
      chain_origin_id: z.string().optional().describe('id of the flag this one follows from'),
      source_agent: agentArg,
    },
    run: async (ctx, args) => {
      const agent = await actor(ctx, args.source_agent);
      const { flag } = await createFlag(
        ctx.ws,
        {
          ...(args as { flag_type: string; change_description: string; action_required: string }),
          source_agent: agent,
        },
        { agent },
      );
      return { flag: json(flag) };
    },
  },
  transitionTool(
    'lock',
    'Lock a pending flag while you wait for an answer (optionally expiring).',
    {
      ttl: z.string().optional().describe('lock expiry such as 30m, 2h, 1d'),
    },
  ),
  transitionTool('unlock', 'Release your lock on a flag.', { force: z.boolean().optional() }),
  transitionTool('complete', 'Complete a flag, recording who, when and notes.', {
    notes: z.string().optional(),
    force: z.boolean().optional(),
  }),
  {
    name: 'show_flag',
    description: 'One flag in full.',
    input: { id: idArg },
    run: async (ctx, args) => ({ flag: json(ctx.ws.flags.read(String(args.id)).flag) }),
  },
];
