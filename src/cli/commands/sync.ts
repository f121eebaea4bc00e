/** `flagstore sync`: commit flag changes, fetch, rebase, push, retrying until it lands. */
import type { Command } from 'commander';
import { syncFlags } from '../../sync/sync.js';
import { action, workspace } from '../context.js';
import { printNative, say, sanitize } from '../output.js';

/** Registers `sync`. */
export function registerSync(program: Command): void {
  program
    .command('sync')
    .description(
      'commit flag changes, fetch, rebase (flag files merge field by field), push; retry until it lands',
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
        if (report.committed)
          say(`committed ${report.committed.slice(0, 10)} (local flag changes)`);
        say(
          `synced with ${sanitize(report.remote)}/${sanitize(report.branch)} (${report.attempts} attempt(s))`,
        );
      }),
    );
}
