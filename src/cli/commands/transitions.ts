/** `flagstore lock|unlock|complete <id>`: move a flag through its lifecycle. */
import type { Command } from 'commander';
import { unwrap } from '../../core/errors.js';
import { parseDuration } from '../../core/duration.js';
import { transitionFlag, type TransitionKind } from '../../services/flags.js';
import { SESSION_ENV } from '../../services/lock-sessions.js';
import { requireIdentity } from '../../services/workspace.js';
import { action, identity, workspace } from '../context.js';
import { commitOption } from '../options.js';
import { printNative, say, sanitize } from '../output.js';
import { flagJson, stateText } from '../present.js';

interface TransitionOptions {
  ttl?: string;
  force?: boolean;
  notes?: string;
  commit?: boolean;
  sync?: boolean;
}

function register(program: Command, kind: TransitionKind, description: string): Command {
  return program
    .command(kind)
    .description(description)
    .argument('<id>', 'flag id or unique prefix')
    .addOption(commitOption('the changed flag file'))
    .action(
      action('native', async (ctx, id: string, o: TransitionOptions) => {
        const ws = await workspace(ctx);
        const known = await identity(ctx, ws);
        const agent = kind === 'lock' ? requireIdentity(known, 'locking a flag') : known;
        const result = await transitionFlag(ws, {
          id,
          kind,
          agent,
          now: ctx.now,
          force: o.force ?? false,
          ...(o.ttl === undefined ? {} : { ttlMs: unwrap(parseDuration(o.ttl)) }),
          ...(o.notes === undefined ? {} : { notes: o.notes }),
          commit: o.commit ?? false,
          sync: o.sync ?? false,
          session: process.env[SESSION_ENV] ?? null,
        });
        if (ctx.json) {
          printNative({
            flag: flagJson(result.after, { now: ctx.now, root: ws.root, path: result.path }),
            commit: result.commit,
          });
        } else {
          say(`${kind}: ${result.after.id} is now ${sanitize(stateText(result.after, ctx.now))}`);
          if (result.commit) say(`committed ${result.commit.slice(0, 10)}`);
        }
      }),
    );
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
