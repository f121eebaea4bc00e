/** `flagstore log <id>`: a flag's history from git, one line per transition. */
import type { Command } from 'commander';
import { TYPED_ID_HELP } from '../../core/ids.js';
import { changeJson, detailText } from '../../review/markdown.js';
import { flagLogAllBranches } from '../../review/log-branches.js';
import { shortWhere } from '../../review/log-ledger.js';
import { flagLogWithLedger } from '../../review/log-merged.js';
import type { FlagHistory } from '../../review/log.js';
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

/**
 * Below this width, DATE prints as `2026-12-05 12:17` (16 columns), not the full ISO form (25),
 * and a ledger entry's WHERE as `ledger (branch)`, without the writer's host and folder.
 */
const FULL_DATE_WIDTH = 120;

/** A transition's date for the table: whole, or to the minute on a narrow terminal. */
function dateCell(date: string | null, width: number): string {
  if (date === null) return '';
  return width < FULL_DATE_WIDTH ? date.slice(0, 16).replace('T', ' ') : date;
}

/** Where a transition is: its branches, a ledger entry without host and folder when narrow. */
function whereCell(branches: string[], width: number): string {
  return (width < FULL_DATE_WIDTH ? branches.map(shortWhere) : branches).join(',');
}

/**
 * The table of a flag's history; DETAILS only when some transition has details (an agent BY
 * does not show, edited fields, problems), else its empty column would take BY's room.
 */
function logLines(entries: FlagHistory['entries'], where: string): string[] {
  const width = outputWidth();
  const rows = entries.map((e) => {
    const by = e.agent ?? e.author ?? '';
    return [
      e.commit?.slice(0, 10) ?? '(work tree)',
      whereCell(e.branches, width),
      dateCell(e.date ?? null, width),
      e.change.kind,
      by,
      detailText(e.change, by),
    ];
  });
  const head = ['COMMIT', where, 'DATE', 'CHANGE', 'BY', 'DETAILS'];
  const kept = rows.some((r) => r[5] !== '') ? 6 : 5;
  const all = [head, ...rows].map((row) => row.slice(0, kept));
  return table(all, undefined, LOG_COLUMNS.slice(0, kept));
}

/** Registers `log`. */
export function registerLog(program: Command): void {
  program
    .command('log')
    .description(
      "a flag's history: each transition in the ledger and on this branch, who, when, where",
    )
    .argument('<id>', `${TYPED_ID_HELP}; a full id for a flag only on other branches`)
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
        const lines = logLines(entries, o.allBranches ? 'BRANCHES' : 'WHERE');
        await printPaged(lines, ctx.pager);
      }),
    );
}
