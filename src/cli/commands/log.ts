/** `flagstore log <id>`: a flag's history from git, one line per transition. */
import type { Command } from 'commander';
import { changeJson, detailText } from '../../review/markdown.js';
import { flagLogAllBranches } from '../../review/log-branches.js';
import { flagLog } from '../../review/log.js';
import { action, workspace } from '../context.js';
import { printNative, table } from '../output.js';
import { printPaged } from '../pager.js';

/** Registers `log`. */
export function registerLog(program: Command): void {
  program
    .command('log')
    .description("a flag's history from git: each transition, who, when, commit")
    .argument('<id>', 'flag id or unique prefix (a full id for a flag only on other branches)')
    .option('--all-branches', 'every local and remote-tracking branch, with the branches of each')
    .action(
      action('native', async (ctx, raw: string, o: { allBranches?: boolean }) => {
        const ws = await workspace(ctx);
        const { id, entries } = await (o.allBranches ? flagLogAllBranches : flagLog)(ws, raw);
        if (ctx.json) {
          printNative({
            id,
            entries: entries.map((e) => ({ ...e, change: changeJson(e.change) })),
          });
          return;
        }
        const branches = (e: (typeof entries)[number]) =>
          o.allBranches ? [e.branches.join(',')] : [];
        const rows = entries.map((e) => [
          e.commit?.slice(0, 10) ?? '(work tree)',
          ...branches(e),
          e.date ?? '',
          e.change.kind,
          e.agent ?? e.author ?? '',
          detailText(e.change),
        ]);
        const head = ['COMMIT', ...(o.allBranches ? ['BRANCHES'] : []), 'DATE', 'CHANGE', 'BY'];
        await printPaged(table([[...head, 'DETAILS'], ...rows]), ctx.pager);
      }),
    );
}
