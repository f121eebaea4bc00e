/**
 * The original tool's flag reads, with its arguments and JSON shapes: `get-agent-flags <agent>`,
 * `get-pending-flags [@agent]` and `get-workable-flags` (unmasSk/Acolytes, agent_db.py).
 * Commander is only a type here: the hot path (hot.ts) runs get-agent-flags without loading it.
 */
import type { Command } from 'commander';
import { JsonRows } from '../../core/json-pieces.js';
import { lockState } from '../../core/lifecycle.js';
import { IMPACT_LEVELS, type Flag, type ImpactLevel } from '../../core/types.js';
import { listFlags } from '../../services/flags.js';
import { action, workspace, type Ctx } from '../context.js';
import { printJson } from '../output.js';
import { seedRow } from '../present.js';
import { warnUnknownReader } from '../present-reader.js';

/** One row of `get-workable-flags`: a target with its count of pending, unlocked flags. */
export interface WorkableRow {
  target_agent: string;
  workable_flags: number;
  highest_priority: ImpactLevel;
}

/**
 * Groups pending flags that are not locked by target. `highest_priority` is the most urgent
 * impact level of the group (the original took SQLite's text MAX, which ranks "medium" above
 * "critical"; the meaning its name promises is kept instead). Most flags first, then by handle.
 */
export function workableSummary(flags: Flag[], now: Date): WorkableRow[] {
  const groups = new Map<string, WorkableRow>();
  for (const flag of flags) {
    if (flag.status !== 'pending' || flag.target_agent === null) continue;
    if (lockState(flag, now) === 'held') continue;
    const row = groups.get(flag.target_agent) ?? {
      target_agent: flag.target_agent,
      workable_flags: 0,
      highest_priority: 'low' as ImpactLevel,
    };
    row.workable_flags += 1;
    if (IMPACT_LEVELS.indexOf(flag.impact_level) < IMPACT_LEVELS.indexOf(row.highest_priority))
      row.highest_priority = flag.impact_level;
    groups.set(flag.target_agent, row);
  }
  return [...groups.values()].sort(
    (a, b) => b.workable_flags - a.workable_flags || a.target_agent.localeCompare(b.target_agent),
  );
}

/**
 * Prints flags as the seed's rows, each row made only as it is written: `get-pending-flags` at
 * 100,000 flags answers 80,000 rows (73 MB), which made whole first took 321 MB.
 */
export function printSeedRows(flags: readonly Flag[], now: Date): void {
  printJson(new JsonRows(flags, (f) => seedRow(f, now)));
}

/** `get-agent-flags <agent>`: the agent's pending flags as the seed's rows. */
export async function getAgentFlags(ctx: Ctx, agent: string): Promise<void> {
  const ws = await workspace(ctx);
  const { flags } = await listFlags(ws, { target: agent, status: 'pending' });
  // Before the answer is printed: nothing after it may fail and add a second JSON document.
  await warnUnknownReader(ws, agent, flags.length);
  printSeedRows(flags, ctx.now);
}

/** Registers `get-pending-flags` and `get-workable-flags`. */
export function registerSeedReads(program: Command): void {
  program
    .command('get-pending-flags')
    .description(
      'seed-compatible: pending flags by priority, all or for one target (JSON rows, as get-agent-flags)',
    )
    .argument('[agent]', 'target agent handle (default: every pending flag, untargeted included)')
    .action(
      action('seed', async (ctx, agent: string | undefined) => {
        const ws = await workspace(ctx);
        const filter = agent === undefined || agent === '' ? {} : { target: agent };
        const { flags } = await listFlags(ws, { ...filter, status: 'pending' });
        printSeedRows(flags, ctx.now);
      }),
    );
  program
    .command('get-workable-flags')
    .description('seed-compatible: per target, how many pending flags are not locked (JSON)')
    .action(
      action('seed', async (ctx) => {
        const ws = await workspace(ctx);
        const { flags } = await listFlags(ws, { status: 'pending' });
        printJson(workableSummary(flags, ctx.now));
      }),
    );
}
