/**
 * `flagstore lock|unlock|complete <id>` without commander: the handler the full CLI registers
 * (transitions.ts) and the write entry's fast path runs (write-args.ts).
 */
import { lockTtl } from '../../core/duration.js';
import { transitionFlag, type TransitionKind } from '../../services/flags.js';
import { SESSION_ENV } from '../../services/lock-sessions.js';
import { requireIdentity } from '../../services/workspace.js';
import type { Workspace } from '../../services/workspace.js';
import { identity, workspace, type Ctx, type Handler } from '../context.js';
import { printNative, say, sanitize, warnNote } from '../output.js';
import { flagJson, stateText } from '../present.js';
import { sayLostLocks } from '../present-lost.js';
import { readTextFiles } from '../text-files.js';
import { WRITE_OPTIONS } from '../write-options.js';

/** The options of a transition, as commander (or the write entry's fast path) parses them. */
export interface TransitionOptions {
  ttl?: string;
  force?: boolean;
  notes?: string;
  commit?: boolean;
  sync?: boolean;
}

/**
 * A warning for an explicit `--by` the agent catalog lacks (see handle-check.ts), read beside the
 * write; none for an identity from the environment or git config, which costs nothing then (the
 * check's code is loaded only for an explicit `--by`).
 */
function byWarning(ctx: Ctx, ws: Workspace, agent: string | null): Promise<string | null> {
  if (ctx.by === undefined || agent === null) return Promise.resolve(null);
  return import('../../services/handle-check.js')
    .then((m) => m.identityWarning(ws, agent))
    .catch(() => null);
}

/** The handler of one transition: moves the flag, then prints the outcome. */
export function transitionCommand(kind: TransitionKind): Handler<[string, TransitionOptions]> {
  return async (ctx, id, given) => {
    const o = await readTextFiles(given, {
      command: kind,
      options: WRITE_OPTIONS[kind],
      cwd: ctx.cwd,
    });
    const ws = await workspace(ctx);
    const known = await identity(ctx, ws);
    const agent = kind === 'lock' ? requireIdentity(known, 'locking a flag') : known;
    const warning = byWarning(ctx, ws, agent);
    const result = await transitionFlag(ws, {
      id,
      kind,
      agent,
      now: ctx.now,
      force: o.force ?? false,
      ...(o.ttl === undefined ? {} : { ttlMs: lockTtl(o.ttl, `flagstore lock ${id} --ttl 2h`) }),
      ...(o.notes === undefined ? {} : { notes: o.notes }),
      commit: o.commit ?? false,
      sync: o.sync ?? false,
      session: process.env[SESSION_ENV] ?? null,
    }).catch(async (error: unknown) => {
      // A refusal (say, a lock held by the handle meant) is when a mistyped --by matters most.
      const w = await warning;
      if (w !== null) warnNote(w);
      throw error;
    });
    const warnings = [await warning].filter((w) => w !== null);
    if (ctx.json) {
      printNative({
        flag: flagJson(result.after, { now: ctx.now, root: ws.root, path: result.path }),
        commit: result.commit,
        warnings,
        lost_locks: result.lost_locks,
      });
    } else {
      warnings.forEach((w) => warnNote(w));
      say(`${kind}: ${result.after.id} is now ${sanitize(stateText(result.after, ctx.now))}`);
      if (result.commit) say(`committed ${result.commit.slice(0, 10)}`);
      sayLostLocks(result.lost_locks);
    }
  };
}
