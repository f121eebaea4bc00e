/** `flagstore list`: flags by priority, filtered by target, status, impact, type, source. */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { unwrap } from '../../core/errors.js';
import {
  FLAG_TYPES,
  IMPACT_LEVELS,
  STATUSES,
  type FlagType,
  type ImpactLevel,
  type Status,
} from '../../core/types.js';
import { listFlags } from '../../services/flags.js';
import { action, workspace, type Ctx } from '../context.js';
import { printBranchFlags } from './list-branches.js';
import { oneOfList } from '../parse.js';
import { palette, printNative, say, sanitize, warn } from '../output.js';
import { flagJson, flagTable } from '../present.js';

/** The options of `list`, as commander parses them. */
export interface ListOptions {
  for?: string;
  status: string;
  impact?: string;
  type?: string;
  source?: string;
  allBranches?: boolean;
}

/** `list`: flags by priority, as a table or native JSON. */
export async function listCommand(ctx: Ctx, o: ListOptions): Promise<void> {
  const ws = await workspace(ctx);
  const filter = {
    target: o.for,
    source: o.source,
    status: unwrap(oneOfList<Status | 'all'>(o.status, [...STATUSES, 'all'], 'status'))[0],
    impact:
      o.impact === undefined
        ? undefined
        : unwrap(oneOfList<ImpactLevel>(o.impact, IMPACT_LEVELS, 'impact')),
    type:
      o.type === undefined ? undefined : unwrap(oneOfList<FlagType>(o.type, FLAG_TYPES, 'type')),
  };
  if (o.allBranches) return printBranchFlags(ctx, ws, filter);
  const { flags, invalid } = await listFlags(ws, filter);
  if (ctx.json) {
    printNative({
      flags: flags.map((f) => flagJson(f, { now: ctx.now })),
      invalid: invalid.map((s) => ({
        path: relative(ws.root, s.path),
        problems: s.problems,
      })),
    });
    return;
  }
  if (flags.length === 0) say('no flags');
  else flagTable(flags, ctx.now).forEach((line) => say(line));
  if (invalid.length > 0) {
    warn(
      palette().yellow(`${invalid.length} invalid flag file(s) skipped; run: flagstore validate`),
    );
    invalid.slice(0, 5).forEach((s) => warn(`  ${sanitize(relative(ws.root, s.path))}`));
  }
}

/** Registers `list`. */
export function registerList(program: Command): void {
  program
    .command('list')
    .description('list flags, most urgent first (default: pending)')
    .option('--for <agent>', 'only flags targeted at this agent')
    .option('--status <status>', 'pending, completed or all', 'pending')
    .option('--impact <levels>', 'comma-separated impact levels')
    .option('--type <types>', 'comma-separated flag types')
    .option('--source <agent>', 'only flags created by this agent')
    .option('--all-branches', 'flags from every local and remote-tracking branch, merged by id')
    .action(action('native', listCommand));
}
