/**
 * `flagstore create <type>` without commander: the command's work and its printing, run by the
 * full CLI (create.ts registers it) and by the write entry's fast path (write-args.ts).
 */
import { createFlag } from '../../services/flags.js';
import type { Workspace } from '../../services/workspace.js';
import { identity, workspace, type Ctx } from '../context.js';
import { printNative, say, warnNote } from '../output.js';
import { flagJson } from '../present.js';
import { sayLostLocks } from '../present-lost.js';
import { checkGate, noticeMissingGate } from '../gate-notice.js';
import { readTextFiles } from '../text-files.js';
import { pathsFromRoot } from '../typed-paths.js';
import { WRITE_OPTIONS } from '../write-options.js';

/** The options of `create`, as commander (or the write entry's fast path) parses them. */
export interface CreateOptions {
  to?: string;
  from?: string;
  impact?: string;
  change: string;
  action: string;
  files?: string;
  location?: string;
  example?: string;
  context?: string;
  chain?: string;
  commit?: boolean;
  force?: boolean;
  sync?: boolean;
}

/** The data `create` produces: the new flag, where it was written, and the commit if any. */
export interface Created {
  result: Awaited<ReturnType<typeof createFlag>>;
  root: string;
}

/** `create` without printing: validates, writes (and commits) the flag, returns what it did. */
export async function createCommand(
  ctx: Ctx,
  type: string,
  given: CreateOptions,
): Promise<Created> {
  const o = await readTextFiles(given, {
    command: 'create',
    options: WRITE_OPTIONS.create,
    cwd: ctx.cwd,
  });
  const ws = await workspace(ctx);
  const gate = checkGate(ws);
  // A failed create gives no notice; the check must not be left as an unhandled rejection.
  gate.catch(() => undefined);
  const agent = await identity(ctx, ws);
  const paths = pathsFromRoot(ws.root, ctx.cwd, { files: o.files, location: o.location });
  const input = {
    flag_type: type,
    source_agent: o.from,
    target_agent: o.to,
    impact_level: o.impact,
    change_description: o.change,
    action_required: o.action,
    related_files: paths.files,
    code_location: paths.location,
    example_usage: o.example,
    context: o.context,
    chain_origin_id: o.chain,
  };
  const result = await createFlag(ws, input, {
    agent,
    now: ctx.now,
    commit: o.commit ?? false,
    force: o.force ?? false,
    sync: o.sync ?? false,
  });
  const warnings = await sourceWarnings(ctx, ws, o, result.flag.source_agent);
  await noticeMissingGate(ws, gate);
  return {
    result: { ...result, warnings: [...(result.warnings ?? []), ...warnings] },
    root: ws.root,
  };
}

/**
 * A warning for an explicit source (`--from`, else `--by`) the agent catalog lacks, as a
 * transition warns for `--by` (services/handle-check.ts); none for an identity from the
 * environment or git config. Never throws: the flag is written already.
 */
async function sourceWarnings(
  ctx: Ctx,
  ws: Workspace,
  o: CreateOptions,
  source: string,
): Promise<string[]> {
  const named = o.from !== undefined ? '--from' : ctx.by !== undefined ? '--by' : undefined;
  if (named === undefined) return [];
  const { identityWarning } = await import('../../services/handle-check.js');
  const warning = await identityWarning(ws, source, named).catch(() => null);
  return warning === null ? [] : [warning];
}

/** Prints what `create` did: native JSON for tools, one or two lines for people. */
export function presentCreated(ctx: Ctx, { result, root }: Created): void {
  if (ctx.json) {
    printNative({
      flag: flagJson(result.flag, { now: ctx.now, root, path: result.path }),
      commit: result.commit,
      warnings: result.warnings ?? [],
      lost_locks: result.lost_locks,
    });
    return;
  }
  (result.warnings ?? []).forEach((w) => warnNote(w));
  const f = result.flag;
  say(`created ${f.id} (${f.impact_level} ${f.flag_type} -> ${f.target_agent ?? 'anyone'})`);
  if (result.commit) say(`committed ${result.commit.slice(0, 10)}`);
  sayLostLocks(result.lost_locks);
}
