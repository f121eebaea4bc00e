/** `flagstore sync`: record flag changes in the ledger, fetch, merge and push the ledger branch. */
import type { Command } from 'commander';
import { syncFlags } from '../../sync/sync.js';
import { action, workspace } from '../context.js';
import { printNative, say, sanitize } from '../output.js';
import { sayLostLocks } from '../present-lost.js';

/** Registers `sync`. */
export function registerSync(program: Command): void {
  program
    .command('sync')
    .description(
      'record flag changes in the ledger branch, fetch it, merge (field by field) and push it; never touches your branch',
    )
    .option('--remote <name>', 'remote to sync with (default: the upstream, else origin)')
    .action(
      action('native', async (ctx, o: { remote?: string }) => {
        const ws = await workspace(ctx);
        const report = await syncFlags(ws, { remote: o.remote });
        if (ctx.json) {
          printNative({ ...report });
          return;
        }
        if (report.recorded) say(`recorded local flag changes in ${report.recorded.slice(0, 10)}`);
        say(
          `synced the ledger with ${sanitize(report.remote)}/${sanitize(report.branch)} (${report.attempts} attempt(s))`,
        );
        sayLostLocks(report.lost_locks);
      }),
    );
}
