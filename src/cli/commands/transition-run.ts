/**
 * `flagstore lock|unlock|complete <id>` without commander: the handler the full CLI registers
 * (transitions.ts) and the write entry's fast path runs (write-args.ts).
 */
import { lockTtl } from '../../core/duration.js';
import { transitionFlag, type TransitionKind } from '../../services/flags.js';
import { SESSION_ENV } from '../../services/lock-sessions.js';
import { requireIdentity } from '../../services/workspace.js';
import { identity, workspace, type Handler } from '../context.js';
import { printNative, say, sanitize } from '../output.js';
import { flagJson, stateText } from '../present.js';
import { sayLostLocks } from '../present-lost.js';

/** The options of a transition, as commander (or the write entry's fast path) parses them. */
export interface TransitionOptions {
  ttl?: string;
  force?: boolean;
  notes?: string;
  commit?: boolean;
  sync?: boolean;
}

/** The handler of one transition: moves the flag, then prints the outcome. */
export function transitionCommand(kind: TransitionKind): Handler<[string, TransitionOptions]> {
  return async (ctx, id, o) => {
    const ws = await workspace(ctx);
    const known = await identity(ctx, ws);
    const agent = kind === 'lock' ? requireIdentity(known, 'locking a flag') : known;
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
    });
    if (ctx.json) {
      printNative({
        flag: flagJson(result.after, { now: ctx.now, root: ws.root, path: result.path }),
        commit: result.commit,
        lost_locks: result.lost_locks,
      });
    } else {
      say(`${kind}: ${result.after.id} is now ${sanitize(stateText(result.after, ctx.now))}`);
      if (result.commit) say(`committed ${result.commit.slice(0, 10)}`);
      sayLostLocks(result.lost_locks);
    }
  };
}
