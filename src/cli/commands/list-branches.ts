/** `flagstore list --all-branches`: flags from every branch, with the branches each is on. */
import type { ListFilter } from '../../services/flags.js';
import { hasSetup, type Workspace } from '../../services/workspace.js';
import { allBranchFlags } from '../../services/branches.js';
import type { Ctx } from '../context.js';
import { palette, printNative, say, sanitize, warn } from '../output.js';
import { flagJson, flagTable } from '../present.js';

/** What an empty listing says: where flagstore was never set up, how to set it up. */
export function noFlags(ws: Workspace): string {
  return hasSetup(ws)
    ? 'no flags'
    : 'no flags: flagstore is not set up in this repository; set it up with: flagstore init';
}

/** Prints the flags of every branch, merged by id (the newest transition wins). */
export async function printBranchFlags(ctx: Ctx, ws: Workspace, filter: ListFilter): Promise<void> {
  const { flags, invalid } = await allBranchFlags(ws, filter);
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
  const branches = new Map(flags.map((b) => [b.flag.id, b.branches.join(',')]));
  if (flags.length === 0) say(noFlags(ws));
  else {
    const column = { title: 'BRANCHES', cell: (f: { id: string }) => branches.get(f.id) ?? '' };
    flagTable(
      flags.map((b) => b.flag),
      ctx.now,
      column,
      ws.flags.ids(),
    ).forEach((line) => say(line));
  }
  if (invalid.length > 0) {
    warn(palette().yellow(`${invalid.length} invalid flag file version(s) skipped`));
    invalid.slice(0, 5).forEach((p) => warn(`  ${sanitize(p.branch)}: ${sanitize(p.path)}`));
  }
}
