/** `flagstore reply <id>`: answer a flag with a new flag chained to it, for its source. */
import type { Command } from 'commander';
import { TYPED_ID_HELP } from '../../core/ids.js';
import { replyToFlag } from '../../services/reply.js';
import { action, identity, workspace } from '../context.js';
import { addWriteOptions } from '../options.js';
import { REPLY_OPTIONS } from '../write-options.js';
import { printNative, say, warn } from '../output.js';
import { flagJson } from '../present.js';
import { sayLostLocks } from '../present-lost.js';
import { noticeMissingGate } from '../gate-notice.js';
import { readTextFiles } from '../text-files.js';

interface ReplyOptions {
  change: string;
  action?: string;
  type?: string;
  impact?: string;
  keepOpen?: boolean;
  commit?: boolean;
  sync?: boolean;
}

/** Registers `reply`. */
export function registerReply(program: Command): void {
  const command = program
    .command('reply')
    .description(
      'answer a flag (typically an information_request): a flag for its source, chained to it; completes the question',
    )
    .argument('<id>', `the flag answered: ${TYPED_ID_HELP}`);
  addWriteOptions(command, REPLY_OPTIONS).action(
    action('native', async (ctx, id: string, given: ReplyOptions) => {
      const o = await readTextFiles(given, {
        command: 'reply',
        options: REPLY_OPTIONS,
        cwd: ctx.cwd,
      });
      const ws = await workspace(ctx);
      const result = await replyToFlag(ws, {
        id,
        agent: await identity(ctx, ws),
        answer: o.change,
        action: o.action,
        flagType: o.type,
        impact: o.impact,
        keepOpen: o.keepOpen ?? false,
        now: ctx.now,
        commit: o.commit ?? false,
        sync: o.sync ?? false,
      });
      await noticeMissingGate(ws);
      if (ctx.json) {
        printNative({
          reply: flagJson(result.reply, { now: ctx.now }),
          question: flagJson(result.question, { now: ctx.now }),
          not_completed: result.notCompleted,
          lost_locks: result.lost_locks,
        });
        return;
      }
      say(
        `created ${result.reply.id} (reply to ${result.question.id}, for ${result.reply.target_agent})`,
      );
      if (result.question.status === 'completed') say(`completed ${result.question.id}`);
      if (result.notCompleted !== null) warn(`not completed: ${result.notCompleted}`);
      sayLostLocks(result.lost_locks);
    }),
  );
}
