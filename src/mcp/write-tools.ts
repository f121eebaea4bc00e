/** The MCP tools that write: create, reply, lock, unlock, complete. */
import { z } from 'zod';
import { summarize } from '../agent/summary.js';
import { lockTtl } from '../core/duration.js';
import { FlagstoreError } from '../core/errors.js';
import { TYPED_ID_HELP } from '../core/ids.js';
import { FLAG_TYPES, IMPACT_LEVELS } from '../core/types.js';
import {
  createFlag,
  transitionFlag,
  type CreateInput,
  type TransitionKind,
} from '../services/flags.js';
import { replyToFlag } from '../services/reply.js';
import { identityWarning } from '../services/handle-check.js';
import { requireIdentity, type Workspace } from '../services/workspace.js';
import { lostLockLine, type LostLock } from '../sync/lost-locks.js';
import {
  actorOf,
  ADDITIVE,
  explicitAgent,
  workspaceOf,
  type ToolContext,
  type ToolDefinition,
  type ToolHints,
  type ToolOutput,
} from './context.js';
import { renameArgument } from './fixes.js';
import { fullFlag, writeNotes } from './render.js';
import { createShape, flagShape, replyShape } from './schemas.js';

const agentArg = z
  .string()
  .optional()
  .describe('acting agent, @domain.module (default: the server identity)');
const idArg = z.string().describe(TYPED_ID_HELP);

/**
 * The warning for an explicit identity (the `agent` argument, or `source_agent` as `argument`
 * names it, else the server's `--by`, named so) the agent catalog lacks, as the CLI warns for
 * `--by` (services/handle-check.ts); never throws.
 */
async function agentWarnings(
  ctx: ToolContext,
  ws: Workspace,
  agent: unknown,
  argument = 'agent',
): Promise<string[]> {
  const named = explicitAgent(ctx, agent);
  if (named === undefined) return [];
  const label = typeof agent === 'string' ? argument : '--by';
  const warning = await identityWarning(ws, named, label).catch(() => null);
  return warning === null ? [] : [warning];
}

/** A refusal with the call's warnings in its details (a mistyped agent explains many refusals). */
function withWarnings(error: unknown, warnings: string[]): unknown {
  if (warnings.length === 0 || !(error instanceof FlagstoreError)) return error;
  return new FlagstoreError(error.code, error.message, {
    ...(error.fix === undefined ? {} : { fix: error.fix }),
    details: { ...error.details, warnings },
  });
}

/**
 * A write's answer: its data (warnings and lost locks already in it, from writeNotes), with each
 * lost lock said first in the text too, so the agent stops waiting on a lock it no longer holds.
 */
function written(data: Record<string, unknown>): ToolOutput {
  const lost = (data.lost_locks as LostLock[] | undefined) ?? [];
  if (lost.length === 0) return { data };
  return { data, text: [...lost.map(lostLockLine), JSON.stringify(data)].join('\n') };
}

function transitionTool(
  kind: TransitionKind,
  meta: { title: string; description: string; hints: ToolHints },
  extra: z.ZodRawShape,
): ToolDefinition {
  return {
    name: `${kind}_flag`,
    ...meta,
    input: { id: idArg, agent: agentArg, ...extra },
    output: flagShape,
    run: async (ctx, args) => {
      const ws = await workspaceOf(ctx);
      const known = await actorOf(ctx, ws, args.agent);
      const agent = kind === 'lock' ? requireIdentity(known, 'locking a flag') : known;
      const warned = agentWarnings(ctx, ws, args.agent);
      const ttl =
        typeof args.ttl === 'string'
          ? lockTtl(args.ttl, `call lock_flag ${JSON.stringify({ id: args.id, ttl: '2h' })}`)
          : undefined;
      const result = await transitionFlag(ws, {
        id: String(args.id),
        kind,
        agent,
        force: args.force === true,
        session: ctx.session,
        ...(ttl === undefined ? {} : { ttlMs: ttl }),
        ...(typeof args.notes === 'string' ? { notes: args.notes } : {}),
      }).catch(async (error: unknown) => {
        // A refusal (a lock held by the handle meant) is when a mistyped agent matters most.
        throw withWarnings(error, await warned);
      });
      const notes = writeNotes({ warnings: await warned, lost_locks: result.lost_locks });
      return written({ flag: fullFlag(result.after, new Date()), ...notes });
    },
  };
}

/** The writing tools. */
export const WRITE_TOOLS: ToolDefinition[] = [
  {
    name: 'create_flag',
    title: 'Create a flag',
    description:
      'Create a flag for the agent a change affects (find it with search_agents first). The seed rules apply: see the field descriptions.',
    input: {
      flag_type: z
        .enum(FLAG_TYPES)
        .describe('kind of change; information_request asks the target a question'),
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
      related_files: z.array(z.string()).optional().describe('files the target should look at'),
      code_location: z.string().optional().describe('file:line'),
      example_usage: z.string().optional().describe('code showing the new usage'),
      context: z.record(z.string(), z.unknown()).optional().describe('structured JSON context'),
      chain_origin_id: z.string().optional().describe('id of the flag this one follows from'),
      source_agent: agentArg,
      force: z.boolean().optional().describe('accept a target that is not in the agent catalog'),
    },
    output: createShape,
    hints: ADDITIVE,
    run: async (ctx, args) => {
      const ws = await workspaceOf(ctx);
      const agent = await actorOf(ctx, ws, args.source_agent);
      const warned = agentWarnings(ctx, ws, args.source_agent, 'source_agent');
      const input = { ...(args as unknown as CreateInput), source_agent: agent };
      const result = await createFlag(ws, input, { agent, force: args.force === true }).catch(
        async (error: unknown) => {
          throw withWarnings(error, await warned);
        },
      );
      const warnings = [...(result.warnings ?? []), ...(await warned)];
      const notes = writeNotes({ warnings, lost_locks: result.lost_locks });
      return written({ flag: fullFlag(result.flag, new Date()), ...notes });
    },
  },
  {
    name: 'reply_flag',
    title: 'Answer a flag',
    description:
      'Answer a flag (typically an information_request): creates a flag for its source, chained to it, and completes the question when it was for you.',
    input: {
      id: idArg,
      answer: z.string().describe('the answer, at least 50 characters'),
      action_required: z
        .string()
        .optional()
        .describe('what the asker must do (default: read the answer and continue)'),
      flag_type: z.enum(FLAG_TYPES).optional().describe('default change'),
      impact_level: z
        .enum(IMPACT_LEVELS)
        .optional()
        .describe("default: the question's, high at most"),
      keep_open: z.boolean().optional().describe('leave the question pending'),
      agent: agentArg,
    },
    output: replyShape,
    hints: ADDITIVE,
    run: async (ctx, args) => {
      const ws = await workspaceOf(ctx);
      const now = new Date();
      const result = await replyToFlag(ws, {
        id: String(args.id),
        agent: await actorOf(ctx, ws, args.agent),
        answer: String(args.answer),
        action: args.action_required as string | undefined,
        flagType: args.flag_type as string | undefined,
        impact: args.impact_level as string | undefined,
        keepOpen: args.keep_open === true,
        now,
      }).catch((error: unknown) => {
        throw renameArgument(error, 'change_description', 'answer');
      });
      const data = {
        reply: fullFlag(result.reply, now),
        question: summarize(result.question, now),
        not_completed: result.notCompleted,
      };
      return written({ ...data, ...writeNotes({ lost_locks: result.lost_locks }) });
    },
  },
  transitionTool(
    'lock',
    {
      title: 'Lock a flag',
      description:
        'Lock a pending flag while you wait for an answer; with ttl it expires (30m, 2h, 1d). Locking again without ttl keeps the expiry. Another session of your identity is refused unless force.',
      hints: { ...ADDITIVE, idempotentHint: false },
    },
    {
      ttl: z.string().optional().describe('lock expiry such as 30m, 2h, 1d'),
      force: z.boolean().optional().describe('take your own lock over from another session'),
    },
  ),
  transitionTool(
    'unlock',
    {
      title: 'Unlock a flag',
      description: "Release your lock on a flag (force: someone else's).",
      hints: { ...ADDITIVE, destructiveHint: true },
    },
    { force: z.boolean().optional().describe("release someone else's live lock") },
  ),
  transitionTool(
    'complete',
    {
      title: 'Complete a flag',
      description: 'Complete a flag, recording who, when and notes (what you changed, where).',
      hints: ADDITIVE,
    },
    {
      notes: z
        .string()
        .optional()
        .describe("what you changed and where (the flag's source reads it)"),
      force: z.boolean().optional().describe('complete although someone else holds the lock'),
    },
  ),
];
