/** `flagstore log <id>`: a flag's history from git, one line per transition. */
import type { Command } from 'commander';
import { changeJson, detailText } from '../../review/markdown.js';
import { flagLogAllBranches } from '../../review/log-branches.js';
import { flagLogWithLedger } from '../../review/log-merged.js';
import { action, workspace } from '../context.js';
import { printNative, table } from '../output.js';
import { printPaged } from '../pager.js';
import { outputWidth, type ColumnSpec } from '../table.js';

/**
 * COMMIT and CHANGE stay whole; WHERE and BY shorten, DETAILS (whole or not at all) then DATE go
 * when room is short. WHERE takes 20 columns before BY gets its room back, then the rest.
 */
const LOG_COLUMNS: ColumnSpec[] = [
  { priority: Infinity },
  { priority: Infinity, flex: true, min: 12, comfort: 20 },
  { priority: 2 },
  { priority: Infinity },
  { priority: Infinity, min: 10 },
  { priority: 1 },
];

/** Below this width, DATE prints as `2026-12-05 12:17` (16 columns), not the full ISO form (25). */
const FULL_DATE_WIDTH = 120;

/** A transition's date for the table: whole, or to the minute on a narrow terminal. */
function dateCell(date: string | null, width: number): string {
  if (date === null) return '';
  return width < FULL_DATE_WIDTH ? date.slice(0, 16).replace('T', ' ') : date;
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
        const { id, entries } = await (o.allBranches ? flagLogAllBranches : flagLogWithLedger)(
          ws,
          raw,
        );
        if (ctx.json) {
          printNative({
            id,
            entries: entries.map((e) => ({ ...e, change: changeJson(e.change) })),
          });
          return;
        }
        const branches = (e: (typeof entries)[number]) => [e.branches.join(',')];
        const width = outputWidth();
        const rows = entries.map((e) => [
          e.commit?.slice(0, 10) ?? '(work tree)',
          ...branches(e),
          dateCell(e.date ?? null, width),
          e.change.kind,
          e.agent ?? e.author ?? '',
          detailText(e.change),
        ]);
        const head = ['COMMIT', o.allBranches ? 'BRANCHES' : 'WHERE', 'DATE', 'CHANGE', 'BY'];
        const lines = table([[...head, 'DETAILS'], ...rows], undefined, LOG_COLUMNS);
        await printPaged(lines, ctx.pager);
      }),
    );
}
