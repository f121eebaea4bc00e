/** `flagstore show <id>`: one flag in full, with the chain of flags it belongs to. */
import type { Command } from 'commander';
import { summarize, summaryLine } from '../../agent/summary.js';
import { chainFlags } from '../../services/chain.js';
import { action, workspace } from '../context.js';
import { printNative, say } from '../output.js';
import { flagDetail, flagJson } from '../present.js';

/** Registers `show`. */
export function registerShow(program: Command): void {
  program
    .command('show')
    .description('show one flag (any unique id prefix of 4+ characters) and its chain')
    .argument('<id>', 'flag id or unique prefix')
    .action(
      action('native', async (ctx, id: string) => {
        const ws = await workspace(ctx);
        const stored = ws.flags.read(id);
        const chain = (await chainFlags(ws, stored.flag)).map((f) => summarize(f, ctx.now));
        if (ctx.json) {
          printNative({
            flag: flagJson(stored.flag, { now: ctx.now, root: ws.root, path: stored.path }),
            chain: chain.length > 1 ? chain : [],
          });
          return;
        }
        flagDetail(stored.flag, ctx.now).forEach((line) => say(line));
        if (chain.length > 1) {
          say('');
          say('Chain, from its origin (> marks this flag):');
          chain.forEach((s) =>
            say(`${s.id === stored.flag.id ? '>' : ' '} ${summaryLine(s, ctx.now)}`),
          );
        }
      }),
    );
}
