/** `flagstore list`: flags by priority, filtered by target, status, impact, type, source. */
import { relative } from 'node:path';
import type { Command } from 'commander';
import { unwrap } from '../../core/errors.js';
import { FLAG_FILE_NAME_PROBLEM, FLAG_FILE_NAME_RULE } from '../../core/ids.js';
import { JsonRows } from '../../core/json-pieces.js';
import {
  FLAG_TYPES,
  IMPACT_LEVELS,
  STATUSES,
  type FlagType,
  type ImpactLevel,
  type Status,
} from '../../core/types.js';
import { listFlags, type FlagListing, type ListFilter } from '../../services/flags.js';
import type { Workspace } from '../../services/workspace.js';
import { action, workspace, type Ctx } from '../context.js';
import { noFlags, printBranchFlags, warnEmptyFor } from './list-branches.js';
import { DEFAULT_LIMIT, oneOfList, rowLimit } from '../parse.js';
import { oneLine, palette, printNative, sanitize, warn } from '../output.js';
import { printPaged } from '../pager.js';
import { countLine, flagJson, flagTable } from '../present.js';

/** The options of `list`, as commander parses them. */
export interface ListOptions {
  for?: string;
  status: string;
  impact?: string;
  type?: string;
  source?: string;
  allBranches?: boolean;
  limit?: string;
  all?: boolean;
}

function listFilter(o: ListOptions): ListFilter {
  return {
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
}

/** The table (at most --limit rows), the count line, then any invalid files on standard error. */
async function printList(
  ctx: Ctx,
  ws: Workspace,
  found: FlagListing,
  o: ListOptions,
): Promise<void> {
  const { flags, ids } = found;
  const shown = flags.slice(0, rowLimit(o));
  const what = o.status === 'all' ? '' : o.status;
  const lines =
    flags.length === 0
      ? [noFlags(ws)]
      : [...flagTable(shown, ctx.now, undefined, ids), countLine(flags, shown.length, what)];
  await printPaged(lines, ctx.pager);
  invalidLines(ws, found).forEach((line, i) => warn(i === 0 ? palette().yellow(line) : line));
}

/**
 * What happened to each invalid file: skipped, or (when the ledger holds a valid copy) read
 * from the ledger instead, so the listing never says a flag it shows was skipped.
 */
export function invalidLines(ws: Workspace, found: FlagListing): string[] {
  return [...unreadableLines(ws, found), ...misnamedLines(ws, found.misnamed)];
}

function unreadableLines(ws: Workspace, found: FlagListing): string[] {
  const { invalid, ledgerCopies } = found;
  if (invalid.length === 0) return [];
  const fromLedger = invalid.filter((s) => ledgerCopies.has(s.id)).length;
  const skipped = invalid.length - fromLedger;
  const counts = [
    skipped > 0 ? `${skipped} skipped` : '',
    fromLedger > 0 ? `${fromLedger} read from the ledger's valid copy instead` : '',
  ].filter(Boolean);
  const head = `${invalid.length} invalid flag file(s): ${counts.join(', ')}; fix: flagstore validate shows every problem and its line`;
  const files = invalid.slice(0, 5).map((s) => {
    const why = s.problems.find((p) => p.severity === 'error')?.message ?? 'invalid';
    const fate = ledgerCopies.has(s.id) ? 'shown from the ledger; the file is invalid' : 'skipped';
    return `  ${oneLine(relative(ws.root, s.path))}: ${fate}: ${oneLine(why)}`;
  });
  return [head, ...files];
}

/** The markdown files in the flags folder that no reader takes for a flag (not `<id>.md`). */
function misnamedLines(ws: Workspace, misnamed: string[]): string[] {
  if (misnamed.length === 0) return [];
  const head = `${misnamed.length} file(s) in ${sanitize(ws.config.flags_dir)}/ not named <id>.md, not read as flags; fix: flagstore validate shows why`;
  const files = misnamed.slice(0, 5).map((p) => `  ${oneLine(p)}: skipped: ${FLAG_FILE_NAME_RULE}`);
  return [head, ...files];
}

/** `list`: flags by priority, as a table or native JSON. */
export async function listCommand(ctx: Ctx, o: ListOptions): Promise<void> {
  const ws = await workspace(ctx);
  const filter = listFilter(o);
  if (o.allBranches) {
    return printBranchFlags(ctx, ws, { filter, status: o.status, limit: rowLimit(o) });
  }
  const found = await listFlags(ws, filter);
  const { flags, invalid } = found;
  await warnEmptyFor(ws, filter, flags.length);
  if (ctx.json) {
    printNative({
      flags: new JsonRows(flags, (f) => flagJson(f, { now: ctx.now })),
      invalid: [
        ...invalid.map((s) => ({ path: relative(ws.root, s.path), problems: s.problems })),
        ...found.misnamed.map((path) => ({ path, problems: [FLAG_FILE_NAME_PROBLEM] })),
      ],
    });
    return;
  }
  await printList(ctx, ws, found, o);
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
    .option(
      '--limit <n>',
      `show at most n rows (default ${DEFAULT_LIMIT}; 0: all; --json is never cut)`,
    )
    .option('--all', 'show every matching flag')
    .action(action('native', listCommand));
}
