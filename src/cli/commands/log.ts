/** `flagstore log <id>`: a flag's history from git, one line per transition. */
import type { Command } from 'commander';
import { changeJson, detailText } from '../../review/markdown.js';
import { flagLogAllBranches } from '../../review/log-branches.js';
import { flagLog, type FlagHistory } from '../../review/log.js';
import { flagLedgerLog } from '../../review/log-ledger.js';
import type { Workspace } from '../../services/workspace.js';
import { action, workspace } from '../context.js';
import { printNative, table } from '../output.js';
import { printPaged } from '../pager.js';

/** The ledger's history of a flag, then its history along this branch (if it has one). */
async function withLedger(ws: Workspace, raw: string): Promise<FlagHistory> {
  const ledger = await flagLedgerLog(ws, raw);
  try {
    const branch = await flagLog(ws, raw);
    const here = branch.entries.map((e) => ({ ...e, branches: e.commit ? ['this branch'] : [] }));
    return { id: branch.id, entries: [...ledger, ...here] };
  } catch (error) {
    if (ledger.length === 0) throw error;
    return { id: ws.flags.resolve(raw), entries: ledger };
  }
}

/** Registers `log`. */
export function registerLog(program: Command): void {
  program
    .command('log')
    .description(
      "a flag's history: each transition in the ledger and on this branch, who, when, where",
    )
    .argument('<id>', 'flag id or unique prefix (a full id for a flag only on other branches)')
    .option('--all-branches', 'every local and remote-tracking branch, with the branches of each')
    .action(
      action('native', async (ctx, raw: string, o: { allBranches?: boolean }) => {
        const ws = await workspace(ctx);
        const { id, entries } = await (o.allBranches ? flagLogAllBranches : withLedger)(ws, raw);
        if (ctx.json) {
          printNative({
            id,
            entries: entries.map((e) => ({ ...e, change: changeJson(e.change) })),
          });
          return;
        }
        const branches = (e: (typeof entries)[number]) => [e.branches.join(',')];
        const rows = entries.map((e) => [
          e.commit?.slice(0, 10) ?? '(work tree)',
          ...branches(e),
          e.date ?? '',
          e.change.kind,
          e.agent ?? e.author ?? '',
          detailText(e.change),
        ]);
        const head = ['COMMIT', o.allBranches ? 'BRANCHES' : 'WHERE', 'DATE', 'CHANGE', 'BY'];
        await printPaged(table([[...head, 'DETAILS'], ...rows]), ctx.pager);
      }),
    );
}
