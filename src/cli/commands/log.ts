/** `flagstore log <id>`: a flag's history from git, one line per transition. */
import type { Command } from 'commander';
import { changeJson, detailText } from '../../review/markdown.js';
import { flagLogAllBranches } from '../../review/log-branches.js';
import { flagLog, type FlagHistory, type LogEntry } from '../../review/log.js';
import { flagLedgerLog } from '../../review/log-ledger.js';
import { instant } from '../../core/instant.js';
import type { Workspace } from '../../services/workspace.js';
import { transitionTime } from '../../services/branches.js';
import { action, workspace } from '../context.js';
import { printNative, table } from '../output.js';
import { printPaged } from '../pager.js';
import type { ColumnSpec } from '../table.js';

/** COMMIT and CHANGE stay whole; WHERE and BY shorten, DETAILS then DATE go when room is short. */
const LOG_COLUMNS: ColumnSpec[] = [
  { priority: Infinity },
  { priority: Infinity, flex: true, min: 12, comfort: 40 },
  { priority: 2 },
  { priority: Infinity },
  { priority: Infinity, min: 10 },
  { priority: 1, min: 8 },
];

const key = (e: LogEntry): string => `${e.change.kind} ${JSON.stringify(e.change.after)}`;

/** When a transition happened, to the millisecond, as the flag records it (null: not recorded). */
function transitionMs(e: LogEntry): number | null {
  const flag = e.change.after;
  if (flag === null) return null;
  const at = {
    created: flag.created_at,
    locked: flag.locked_at,
    unlocked: flag.unlocked_at,
    completed: flag.completed_at,
  };
  const ms = instant(at[e.change.kind as keyof typeof at]);
  return Number.isFinite(ms) ? ms : null;
}

/** A time as epoch milliseconds; 0 for none. */
const msOf = (text: string | null | undefined): number => Math.max(0, instant(text));

/**
 * When an entry happened, to the millisecond: the time the flag records for its transition, else
 * (an edit, an unlock before unlocks recorded a time) its commit's date, but never before the
 * latest transition the flag recorded before or after it, so it follows what it changed.
 */
function whenMs(e: LogEntry): number {
  const own = transitionMs(e);
  if (own !== null) return own;
  const sides = [e.change.before, e.change.after].flatMap((f) => (f === null ? [] : [f]));
  return Math.max(msOf(e.date), ...sides.map((flag) => msOf(transitionTime(flag))));
}

/**
 * The time of the transition first: a transition this branch committed late (a lock committed a
 * day after it was taken, with a completion the ledger recorded in between) stands where it
 * happened, not at its commit's date. The commit date breaks ties, then the order they came in.
 */
function byWhen(a: LogEntry, b: LogEntry): number {
  return whenMs(a) - whenMs(b) || msOf(a.date) - msOf(b.date);
}

/**
 * A flag's history along this branch, with the transitions only the ledger recorded (made in
 * other worktrees, branches or clones) in date order, then uncommitted changes the ledger lacks.
 */
async function withLedger(ws: Workspace, raw: string): Promise<FlagHistory> {
  const ledger = await flagLedgerLog(ws, raw);
  let branch: FlagHistory;
  try {
    branch = await flagLog(ws, raw);
  } catch (error) {
    if (ledger.length === 0) throw error;
    return { id: ws.flags.resolve(raw), entries: [...ledger].sort(byWhen) };
  }
  // Only what this branch committed stands for a ledger entry: a work-tree copy that equals an
  // earlier version (lock, then unlock) must not hide that version's ledger entry.
  const committed = branch.entries
    .filter((e) => e.commit !== null)
    .map((e) => ({ ...e, branches: ['this branch'] }));
  const here = new Set(committed.map(key));
  // A work-tree copy the ledger recorded as any version (an unlock's copy, for a flag this branch
  // never committed, reads as a creation here) is no change the ledger lacks.
  const recorded = new Set(ledger.map((e) => JSON.stringify(e.change.after)));
  const elsewhere = ledger.filter((e) => !here.has(key(e)));
  const work = branch.entries
    .filter((e) => e.commit === null && !recorded.has(JSON.stringify(e.change.after)))
    .map((e) => ({ ...e, branches: ['work tree'] }));
  const dated = [...committed, ...elsewhere].sort(byWhen);
  return { id: branch.id, entries: [...dated, ...work] };
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
        const lines = table([[...head, 'DETAILS'], ...rows], undefined, LOG_COLUMNS);
        await printPaged(lines, ctx.pager);
      }),
    );
}
