/** `flagstore show <id>`: one flag in full. */
import type { Command } from 'commander';
import { action, workspace } from '../context.js';
import { printNative } from '../output.js';
import { printPaged } from '../pager.js';
import { flagDetail, flagJson } from '../present.js';

/** Registers `show`. */
export function registerShow(program: Command): void {
  program
    .command('show')
    .description('show one flag (any unique id prefix of 4+ characters)')
    .argument('<id>', 'flag id or unique prefix')
    .action(
      action('native', async (ctx, id: string) => {
        const ws = await workspace(ctx);
        const stored = ws.flags.read(id);
        if (ctx.json)
          printNative({
            flag: flagJson(stored.flag, { now: ctx.now, root: ws.root, path: stored.path }),
          });
        else await printPaged(flagDetail(stored.flag, ctx.now), ctx.pager);
      }),
    );
}
