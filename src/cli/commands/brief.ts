/** `flagstore brief`: what needs an agent at the start of a session; silent when nothing does. */
import type { Command } from 'commander';
import { buildBrief, isEmpty, type Brief } from '../../agent/brief.js';
import { unwrap } from '../../core/errors.js';
import { formatAge } from '../../core/duration.js';
import { parseHandle } from '../../core/handles.js';
import type { Flag } from '../../core/types.js';
import { action, identity, workspace } from '../context.js';
import { failureNotice, loadFailures } from '../../services/agents.js';
import { printNative, sanitize, say, warn } from '../output.js';
import { flagJson, stateText } from '../present.js';

function line(flag: Flag, now: Date): string {
  const summary = sanitize(flag.change_description.split('\n')[0] ?? '');
  const state = flag.locked ? ` [${stateText(flag, now)}]` : '';
  return `- ${flag.id} ${flag.impact_level} ${flag.flag_type} from ${flag.source_agent} to ${flag.target_agent ?? 'anyone'}, ${formatAge(flag.created_at, now)} old${state}: ${summary}`;
}

function briefLines(brief: Brief, now: Date): string[] {
  const lines = [`flagstore brief${brief.agent ? ` for ${brief.agent}` : ''}:`];
  if (brief.pending.length > 0) {
    lines.push('', 'Pending flags for you, most urgent first (skip ones locked by others):');
    lines.push(...brief.pending.map((f) => line(f, now)));
  }
  if (brief.waiting.length > 0) {
    lines.push('', 'Flags you locked while waiting for an answer:');
    for (const w of brief.waiting) {
      lines.push(line(w.flag, now));
      lines.push(
        ...w.answers.map((a) => `  answer arrived: ${a.id} completed by ${a.completed_by ?? '?'}`),
      );
    }
  }
  if (brief.general.length > 0) {
    lines.push('', 'Flags for every agent (no target), most urgent first:');
    lines.push(...brief.general.map((f) => line(f, now)));
  }
  if (brief.critical.length > 0) {
    lines.push('', 'Critical flags anywhere (they block commits until completed):');
    lines.push(...brief.critical.map((f) => line(f, now)));
  }
  lines.push(
    '',
    'Next: flagstore show <id>, then flagstore complete <id> --notes "..." (or lock <id> --ttl 4h and ask).',
  );
  return lines;
}

/** Registers `brief`. */
export function registerBrief(program: Command): void {
  program
    .command('brief')
    .description('what needs your attention now (prints nothing when nothing does)')
    .option('--agent <agent>', 'the agent to brief (default: your identity)')
    .action(
      action('native', async (ctx, o: { agent?: string }) => {
        const ws = await workspace(ctx);
        const agent = o.agent ? unwrap(parseHandle(o.agent, 'agent')) : await identity(ctx, ws);
        const brief = await buildBrief(ws, agent, ctx.now);
        const notLoaded = await loadFailures(ws);
        if (ctx.json) {
          const json = (f: Flag) => flagJson(f, { now: ctx.now });
          printNative({
            agent,
            empty: isEmpty(brief),
            pending: brief.pending.map(json),
            waiting: brief.waiting.map((w) => ({
              flag: json(w.flag),
              answers: w.answers.map(json),
            })),
            critical: brief.critical.map(json),
            general: brief.general.map(json),
            not_loaded: notLoaded,
          });
        } else if (!isEmpty(brief)) {
          briefLines(brief, ctx.now).forEach((l) => say(l));
        }
        const notice = ctx.json ? null : failureNotice(notLoaded);
        if (notice !== null) warn(sanitize(notice));
      }),
    );
}
