/** `flagstore create <type>`: create a flag with friendly option names. */
import type { Command } from 'commander';
import { createFlag } from '../../services/flags.js';
import { dataAction, identity, workspace, type Ctx } from '../context.js';
import { commitOption } from '../options.js';
import { printNative, sanitize, say, warn } from '../output.js';
import { flagJson } from '../present.js';
import { checkGate, noticeMissingGate } from '../gate-notice.js';

/** The options of `create`, as commander parses them. */
export interface CreateOptions {
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
  sync?: boolean;
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
    .option('--to <agent>', 'target agent, like @code-reviewer or @domain.module')
    .option('--from <agent>', 'source agent (default: your identity)')
    .option('--impact <level>', 'critical, high, medium or low', 'medium')
    .option('--files <list>', 'related files, comma-separated')
    .option('--location <file:line>', 'code location')
    .option('--example <text>', 'example usage')
    .option('--context <json>', 'structured context as JSON')
    .option('--chain <id>', 'id of the flag this one follows from')
    .addOption(commitOption('the new flag file'))
    .option('--force', 'accept a target that looks like a typo of a catalog handle')
    .option('--sync', 'push the ledger branch with the new flag to the remote')
    .action(dataAction('native', createCommand, presentCreated));
}

/** The data `create` produces: the new flag, where it was written, and the commit if any. */
export interface Created {
  result: Awaited<ReturnType<typeof createFlag>>;
  root: string;
}

/** `create` without printing: validates, writes (and commits) the flag, returns what it did. */
export async function createCommand(ctx: Ctx, type: string, o: CreateOptions): Promise<Created> {
  const ws = await workspace(ctx);
  const gate = checkGate(ws);
  // A failed create gives no notice; the check must not be left as an unhandled rejection.
  gate.catch(() => undefined);
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
    sync: o.sync ?? false,
  });
  await noticeMissingGate(ws, gate);
  return { result, root: ws.root };
}

/** Prints what `create` did: native JSON for tools, one or two lines for people. */
export function presentCreated(ctx: Ctx, { result, root }: Created): void {
  if (ctx.json) {
    printNative({
      flag: flagJson(result.flag, { now: ctx.now, root, path: result.path }),
      commit: result.commit,
      warnings: result.warnings ?? [],
    });
    return;
  }
  (result.warnings ?? []).forEach((w) => warn(sanitize(w)));
  const f = result.flag;
  say(`created ${f.id} (${f.impact_level} ${f.flag_type} -> ${f.target_agent ?? 'anyone'})`);
  if (result.commit) say(`committed ${result.commit.slice(0, 10)}`);
}
