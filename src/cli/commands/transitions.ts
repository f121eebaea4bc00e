/** `flagstore lock|unlock|complete <id>`: move a flag through its lifecycle. */
import type { Command } from 'commander';
import type { TransitionKind } from '../../services/flags.js';
import { action } from '../context.js';
import { commitOption } from '../options.js';
import { transitionCommand } from './transition-run.js';

function register(program: Command, kind: TransitionKind, description: string): Command {
  return program
    .command(kind)
    .description(description)
    .argument('<id>', 'flag id or unique prefix')
    .addOption(commitOption('the changed flag file'))
    .action(action('native', transitionCommand(kind)));
}

const SYNC_HELP =
  'decided by the remote ledger: granted only when the push of the ledger branch lands';

/** Registers `lock`, `unlock` and `complete`. */
export function registerTransitions(program: Command): void {
  register(program, 'lock', 'lock a pending flag while you wait for an answer')
    .option('--ttl <duration>', 'lock expiry, e.g. 30m, 2h (an expired lock blocks nobody)')
    .option('--force', 'take over your own lock from another session of your identity')
    .option('--sync', SYNC_HELP);
  register(program, 'unlock', 'release your lock on a flag')
    .option('--force', "release someone else's lock")
    .option('--sync', SYNC_HELP);
  register(program, 'complete', 'complete a flag, recording who, when and notes')
    .option('--notes <text>', 'resolution notes')
    .option('--force', 'complete even though someone else holds the lock')
    .option('--sync', SYNC_HELP);
}
