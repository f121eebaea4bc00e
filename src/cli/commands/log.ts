/** `flagstore log <id>`: a flag's history from git, one line per transition. */
import type { Command } from 'commander';
import { changeJson, detailText } from '../../review/markdown.js';
import { flagLog } from '../../review/log.js';
import { action, workspace } from '../context.js';
import { printNative, say, table } from '../output.js';

/** Registers `log`. */
export function registerLog(program: Command): void {
  program
    .command('log')
    .description("a flag's history from git: each transition, who, when, commit")
    .argument('<id>', 'flag id or unique prefix')
    .action(
      action('native', async (ctx, raw: string) => {
        const ws = await workspace(ctx);
        const { id, entries } = await flagLog(ws, raw);
        if (ctx.json) {
          printNative({
            id,
            entries: entries.map((e) => ({ ...e, change: changeJson(e.change) })),
          });
          return;
        }
        const rows = entries.map((e) => [
          e.commit?.slice(0, 10) ?? '(work tree)',
          e.date ?? '',
          e.change.kind,
          e.agent ?? e.author ?? '',
          detailText(e.change),
        ]);
        table([['COMMIT', 'DATE', 'CHANGE', 'BY', 'DETAILS'], ...rows]).forEach((l) => say(l));
      }),
    );
}
