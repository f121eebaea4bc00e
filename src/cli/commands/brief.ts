/** `flagstore brief`: what needs an agent at the start of a session, short and most urgent first. */
import type { Command } from 'commander';
import { buildShownBrief, isEmpty } from '../../agent/brief.js';
import { BRIEF_LIMIT, briefText, CLI_COMMANDS } from '../../agent/brief-text.js';
import { unwrap } from '../../core/errors.js';
import { parseHandle } from '../../core/handles.js';
import type { Flag } from '../../core/types.js';
import { action, identity, workspace, type Ctx } from '../context.js';
import { failureNotice, loadFailures } from '../../services/agents.js';
import { printNative, sanitize, say, warn } from '../output.js';
import { flagJson } from '../present.js';
import { isTerminal } from '../std-fd.js';
import { warnUnknownReader } from '../present-reader.js';
import { wrapProse } from '../wrap.js';

/** `brief`: what needs the agent's attention, as lines or native JSON. */
export async function briefCommand(ctx: Ctx, o: { agent?: string; all?: boolean }): Promise<void> {
  const ws = await workspace(ctx);
  const agent = o.agent ? unwrap(parseHandle(o.agent, 'agent')) : await identity(ctx, ws);
  // Only the flags printed are read whole: JSON and --all print every one.
  const limit = ctx.json || o.all === true ? undefined : BRIEF_LIMIT;
  const brief = await buildShownBrief(ws, agent, { now: ctx.now, limit });
  const notLoaded = await loadFailures(ws);
  await warnUnknownReader(ws, agent, brief.counts.pending + brief.counts.waiting);
  if (ctx.json) {
    const json = (f: Flag) => flagJson(f, { now: ctx.now });
    printNative({
      agent,
      empty: isEmpty(brief),
      pending: brief.pending.map(json),
      waiting: brief.waiting.map((w) => ({
        flag: json(w.flag),
        answers: w.answers.map((a) => ({ kind: a.kind, flag: json(a.flag) })),
      })),
      critical: brief.critical.map((c) => ({ ...json(c.flag), blocks_you: c.blocksYou })),
      general: brief.general.map(json),
      invalid: brief.invalid,
      not_loaded: notLoaded,
    });
  } else if (!isEmpty(brief) || agent === null) {
    const options = { now: ctx.now, all: o.all ?? false, commands: CLI_COMMANDS };
    wrapProse(briefText(brief, options)).forEach((l) => say(l));
  } else if (isTerminal(1)) {
    // Hooks and scripts read an empty brief as "nothing to do"; a person sees a sentence.
    say(`nothing pending for ${agent}`);
  }
  const notice = ctx.json ? null : failureNotice(notLoaded);
  if (notice !== null) warn(sanitize(notice));
}

/** Registers `brief`. */
export function registerBrief(program: Command): void {
  program
    .command('brief')
    .description(
      'what needs your attention now: counts, then the most urgent items (piped, prints nothing when nothing does)',
    )
    .option('--agent <agent>', 'the agent to brief (default: your identity)')
    .option('--all', 'every item, not only the first 10 of each section')
    .action(action('native', briefCommand));
}
