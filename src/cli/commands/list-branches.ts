/** `flagstore list --all-branches`: flags from every branch, with the branches each is on. */
import type { ListFilter } from '../../services/flags.js';
import { hasSetup, type Workspace } from '../../services/workspace.js';
import { allBranchFlags, type BranchFlag } from '../../services/branches.js';
import type { Ctx } from '../context.js';
import { palette, printNative, sanitize, warn } from '../output.js';
import { printPaged } from '../pager.js';
import { countLine, flagJson, flagTable } from '../present.js';
import { warnUnknownReader } from '../present-reader.js';

/**
 * Warns on standard error, before any listing (JSON too), when a listing `--for` a handle the
 * catalog lacks found nothing (see src/cli/present-reader.ts): `list` and `list --all-branches`
 * give the same hint for the same empty answer.
 */
export function warnEmptyFor(ws: Workspace, filter: ListFilter, found: number): Promise<void> {
  return warnUnknownReader(ws, filter.target, found, filter.status);
}

/** What an empty listing says: where flagstore was never set up, how to set it up. */
export function noFlags(ws: Workspace): string {
  return hasSetup(ws)
    ? 'no flags'
    : 'no flags: flagstore is not set up in this repository; set it up with: flagstore init';
}

/** The BRANCHES cell of a flag no branch has committed: only this work tree and the ledger hold it. */
const UNCOMMITTED = '(uncommitted)';

/** The table (at most --limit rows) with the branches of each flag, and the count line. */
function branchLines(ctx: Ctx, ws: Workspace, flags: BranchFlag[], o: BranchListing): string[] {
  if (flags.length === 0) return [noFlags(ws)];
  // Cells for the rows shown only: at 100,000 flags the rest are cut.
  const rows = flags.slice(0, o.limit);
  const branches = new Map(
    rows.map((b) => [b.flag.id, b.branches.length === 0 ? UNCOMMITTED : b.branches.join(',')]),
  );
  const column = { title: 'BRANCHES', cell: (f: { id: string }) => branches.get(f.id) ?? '' };
  const shown = rows.map((b) => b.flag);
  const table = flagTable(shown, ctx.now, column, ws.flags.ids());
  const all = flags.map((b) => b.flag);
  return [...table, countLine(all, shown.length, o.status === 'all' ? '' : o.status)];
}

/** What a listing of every branch shows: the filter, the status named in its count, its rows. */
export interface BranchListing {
  filter: ListFilter;
  status: string;
  limit: number;
}

/** Prints the flags of every branch, merged by id (the newest transition wins). */
export async function printBranchFlags(ctx: Ctx, ws: Workspace, o: BranchListing): Promise<void> {
  const { flags, invalid } = await allBranchFlags(ws, o.filter);
  await warnEmptyFor(ws, o.filter, flags.length);
  if (ctx.json) {
    printNative({
      flags: flags.map((b) => ({
        ...flagJson(b.flag, { now: ctx.now }),
        branches: b.branches,
        from: b.from,
      })),
      invalid,
    });
    return;
  }
  await printPaged(branchLines(ctx, ws, flags, o), ctx.pager);
  if (invalid.length > 0) {
    warn(palette().yellow(`${invalid.length} invalid flag file version(s) skipped`));
    invalid.slice(0, 5).forEach((p) => warn(`  ${sanitize(p.branch)}: ${sanitize(p.path)}`));
  }
}
