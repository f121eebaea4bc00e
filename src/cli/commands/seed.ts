/**
 * The seed's commands, spelled as in its agent prompts so they work by swapping the program
 * name: get-agent-flags, create-flag, lock-flag, unlock-flag, complete-flag. Always JSON.
 */
import type { Command } from 'commander';
import { createFlag, transitionFlag, type TransitionKind } from '../../services/flags.js';
import { action, identity, workspace, type Ctx } from '../context.js';
import { commitOption } from '../options.js';
import { printJson } from '../output.js';
import { noticeMissingGate } from '../gate-notice.js';
import { getAgentFlags, registerSeedReads } from './seed-flags.js';

interface SeedCreateOptions {
  flag_type: string;
  source_agent?: string;
  target_agent?: string;
  change_description: string;
  action_required: string;
  impact_level?: string;
  related_files?: string;
  chain_origin_id?: string;
  code_location?: string;
  example_usage?: string;
  context?: string;
  commit?: boolean;
  force?: boolean;
}

/** Names of the seed-compatible commands (their errors are JSON too). */
export const SEED_COMMANDS = [
  'get-agent-flags',
  'get-pending-flags',
  'get-workable-flags',
  'create-flag',
  'create-flag-for-agent',
  'lock-flag',
  'unlock-flag',
  'complete-flag',
  'search-agents',
  'query',
];

function registerCreateFlag(program: Command): void {
  program
    .command('create-flag')
    .alias('create-flag-for-agent')
    .description('seed-compatible: create a flag (JSON output; create-flag-for-agent is the same)')
    .requiredOption('--flag_type <type>', 'flag type')
    .option('--source_agent <agent>', 'source agent (default: your identity)')
    .option('--target_agent <agent>', 'target agent')
    .requiredOption('--change_description <text>', 'what changed (>= 50 characters)')
    .requiredOption('--action_required <text>', 'what to do (>= 100 characters)')
    .option('--impact_level <level>', 'critical, high, medium, low', 'medium')
    .option('--related_files <list>', 'comma-separated files')
    .option('--chain_origin_id <id>', 'id of the originating flag')
    .option('--code_location <file:line>', 'code location')
    .option('--example_usage <text>', 'example usage')
    .option('--context <json>', 'JSON context')
    .addOption(commitOption('the new flag file'))
    .option('--force', 'accept a target that looks like a typo of a catalog handle')
    .action(
      action('seed', async (ctx, o: SeedCreateOptions) => {
        const ws = await workspace(ctx);
        const agent = await identity(ctx, ws);
        const { commit, force, ...input } = o;
        const { flag, warnings = [] } = await createFlag(ws, input, {
          agent,
          now: ctx.now,
          commit: commit ?? false,
          force: force ?? false,
        });
        await noticeMissingGate(ws);
        printJson({
          success: true,
          flag_id: flag.id,
          message: `FLAG ${flag.id} created: ${flag.flag_type}`,
          from: flag.source_agent,
          to: flag.target_agent,
          priority: flag.impact_level,
          ...(warnings.length > 0 ? { warnings } : {}),
        });
      }),
    );
}

async function seedTransition(
  ctx: Ctx,
  request: { id: string; kind: TransitionKind; agent?: string; notes?: string; force?: boolean },
): Promise<void> {
  const ws = await workspace(ctx);
  const agent = await identity(ctx, ws, request.agent);
  const { after } = await transitionFlag(ws, { ...request, agent, now: ctx.now });
  const base = { success: true, flag_id: after.id };
  if (request.kind === 'complete') {
    printJson({ ...base, completed_by: after.completed_by, completed_at: after.completed_at });
  } else {
    printJson({ ...base, locked: after.locked, locked_by: after.locked_by });
  }
}

/** Registers the seed-compatible commands. */
export function registerSeed(program: Command): void {
  program
    .command('get-agent-flags')
    .description("seed-compatible: an agent's pending flags by priority (JSON)")
    .argument('<agent>', 'agent handle')
    .action(action('seed', getAgentFlags));
  registerCreateFlag(program);
  registerSeedReads(program);
  program
    .command('lock-flag')
    .description('seed-compatible: lock a flag (JSON)')
    .argument('<id>', 'flag id')
    .action(action('seed', (ctx, id: string) => seedTransition(ctx, { id, kind: 'lock' })));
  program
    .command('unlock-flag')
    .description('seed-compatible: unlock a flag (JSON)')
    .argument('<id>', 'flag id')
    .option('--force', "release someone else's lock")
    .action(
      action('seed', (ctx, id: string, o: { force?: boolean }) =>
        seedTransition(ctx, { id, kind: 'unlock', force: o.force ?? false }),
      ),
    );
  program
    .command('complete-flag')
    .description('seed-compatible: complete a flag (JSON)')
    .argument('<id>', 'flag id')
    .argument('[agent]', 'completing agent (default: your identity)')
    .option('--notes <text>', 'resolution notes')
    .option('--force', 'complete even though the flag is locked by someone else')
    .action(
      action(
        'seed',
        (ctx, id: string, agent: string | undefined, o: { notes?: string; force?: boolean }) =>
          seedTransition(ctx, {
            id,
            kind: 'complete',
            force: o.force ?? false,
            ...(agent ? { agent } : {}),
            ...(o.notes ? { notes: o.notes } : {}),
          }),
      ),
    );
}
