/** `flagstore create <type>`: create a flag with friendly option names. */
import type { Command } from 'commander';
import { dataAction } from '../context.js';
import { commitOption } from '../options.js';
import { createCommand, presentCreated } from './create-run.js';

export { createCommand, presentCreated, type CreateOptions, type Created } from './create-run.js';

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
