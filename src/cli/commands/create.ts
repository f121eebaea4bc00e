/** `flagstore create <type>`: create a flag with friendly option names. */
import type { Command } from 'commander';
import { createFlag } from '../../services/flags.js';
import { action, identity, workspace } from '../context.js';
import { printNative, say } from '../output.js';
import { flagJson } from '../present.js';
import { noticeMissingGate } from '../gate-notice.js';

interface CreateOptions {
  to?: string;
  from?: string;
  impact?: string;
  change: string;
  action: string;
  files?: string;
  location?: string;
  example?: string;
  context?: string;
  chain?: string;
  commit?: boolean;
  force?: boolean;
}

/** Registers `create`. */
export function registerCreate(program: Command): void {
  program
    .command('create')
    .description('create a flag for another agent')
    .argument(
      '<type>',
      'flag type: breaking_change, new_feature, refactor, deprecation, enhancement, change, information_request, security, data_loss',
    )
    .requiredOption('--change <text>', 'what changed (at least 50 characters)')
    .requiredOption('--action <text>', 'what the target must do (at least 100 characters)')
    .option('--to <agent>', 'target agent, @domain.module')
    .option('--from <agent>', 'source agent (default: your identity)')
    .option('--impact <level>', 'critical, high, medium or low', 'medium')
    .option('--files <list>', 'related files, comma-separated')
    .option('--location <file:line>', 'code location')
    .option('--example <text>', 'example usage')
    .option('--context <json>', 'structured context as JSON')
    .option('--chain <id>', 'id of the flag this one follows from')
    .option('--commit', 'commit the new flag file')
    .option('--force', 'accept a target that is not in the agent catalog')
    .action(
      action('native', async (ctx, type: string, o: CreateOptions) => {
        const ws = await workspace(ctx);
        const agent = await identity(ctx, ws);
        const input = {
          flag_type: type,
          source_agent: o.from,
          target_agent: o.to,
          impact_level: o.impact,
          change_description: o.change,
          action_required: o.action,
          related_files: o.files,
          code_location: o.location,
          example_usage: o.example,
          context: o.context,
          chain_origin_id: o.chain,
        };
        const result = await createFlag(ws, input, {
          agent,
          now: ctx.now,
          commit: o.commit ?? false,
          force: o.force ?? false,
        });
        if (ctx.json) {
          printNative({
            flag: flagJson(result.flag, { now: ctx.now, root: ws.root, path: result.path }),
            commit: result.commit,
          });
        } else {
          say(
            `created ${result.flag.id} (${result.flag.impact_level} ${result.flag.flag_type} -> ${result.flag.target_agent ?? 'anyone'})`,
          );
          if (result.commit) say(`committed ${result.commit.slice(0, 10)}`);
        }
        await noticeMissingGate(ws);
      }),
    );
}
