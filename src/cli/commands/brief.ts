/** `flagstore brief`: what needs an agent at the start of a session; silent when nothing does. */
import type { Command } from 'commander';
import { buildBrief, isEmpty, type Brief } from '../../agent/brief.js';
import { unwrap } from '../../core/errors.js';
import { formatAge } from '../../core/duration.js';
import { parseHandle } from '../../core/handles.js';
import type { Flag } from '../../core/types.js';
import { action, identity, workspace, type Ctx } from '../context.js';
import { printNative, sanitize, say } from '../output.js';
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

/** `brief`: what needs the agent's attention, as lines or native JSON. */
export async function briefCommand(ctx: Ctx, o: { agent?: string }): Promise<void> {
  const ws = await workspace(ctx);
  const agent = o.agent ? unwrap(parseHandle(o.agent, 'agent')) : await identity(ctx, ws);
  const brief = await buildBrief(ws, agent, ctx.now);
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
    });
  } else if (!isEmpty(brief)) {
    briefLines(brief, ctx.now).forEach((l) => say(l));
  }
}

/** Registers `brief`. */
export function registerBrief(program: Command): void {
  program
    .command('brief')
    .description('what needs your attention now (prints nothing when nothing does)')
    .option('--agent <agent>', 'the agent to brief (default: your identity)')
    .action(action('native', briefCommand));
}
