/** The brief as text: counts first, then at most `limit` items per section, then what to run. */
import { sanitize } from '../core/sanitize.js';
import type { Flag } from '../core/types.js';
import type { Brief } from './brief.js';
import { firstLine, quoted, summarize, summaryLine } from './summary.js';

/** The commands a brief points to, in the reader's terms (CLI commands or MCP tool calls). */
export interface BriefCommands {
  pending: (agent: string) => string;
  critical: string;
  /** Everything the brief cut short, flags for every agent included. */
  everyone: string;
  validate: string;
  identity: string;
  next: string;
}

/** Commands for a shell. */
export const CLI_COMMANDS: BriefCommands = {
  pending: (agent) => `flagstore list --for ${agent}`,
  critical: 'flagstore list --impact critical',
  everyone: 'flagstore brief --all',
  validate: 'flagstore validate',
  identity:
    'set FLAGSTORE_AGENT=@domain.module, or run: git config flagstore.agent @domain.module (or pass --agent)',
  next: 'Next: flagstore show <id>; flagstore complete <id> --notes "..."; answer a question with flagstore reply <id> --change "...".',
};

/** How many items each section shows by default. */
export const BRIEF_LIMIT = 10;

/** The brief's counts, as the text and the MCP data both report them. */
export interface BriefCounts {
  pending: number;
  waiting: number;
  answers: number;
  critical_elsewhere: number;
  critical_blocking_you: number;
  invalid: number;
  for_everyone: number;
}

/** Counts every section of a brief once, for every form of output. */
export function briefCounts(brief: Brief): BriefCounts {
  return {
    pending: brief.pending.length,
    waiting: brief.waiting.length,
    answers: brief.waiting.reduce((n, w) => n + w.answers.length, 0),
    critical_elsewhere: brief.critical.length,
    critical_blocking_you: brief.critical.filter((c) => c.blocksYou).length,
    invalid: brief.invalid.length,
    for_everyone: brief.general.length,
  };
}

function counts(brief: Brief): string {
  const n = briefCounts(brief);
  const parts = [
    `${n.pending} pending for you`,
    `${n.waiting} locked by you and waiting (${n.answers} answer(s) arrived)`,
    `${n.critical_elsewhere} critical elsewhere (${n.critical_blocking_you} block your commits)`,
  ];
  if (brief.general.length > 0) parts.push(`${brief.general.length} for every agent`);
  if (brief.invalid.length > 0) parts.push(`${brief.invalid.length} invalid flag file(s)`);
  return parts.join(', ');
}

function section<T>(
  title: string,
  items: T[],
  show: (item: T) => string[],
  more: string,
): string[] {
  if (items.length === 0) return [];
  const lines = ['', title];
  items.slice(0, more === '' ? items.length : BRIEF_LIMIT).forEach((i) => lines.push(...show(i)));
  if (more !== '' && items.length > BRIEF_LIMIT)
    lines.push(`- ...and ${items.length - BRIEF_LIMIT} more: ${more}`);
  return lines;
}

function answerLine(flag: Flag, kind: string, now: Date): string {
  if (kind === 'reply') return `  answer (reply): ${summaryLine(summarize(flag, now), now)}`;
  const notes = flag.notes === null ? '' : `: ${quoted(firstLine(flag.notes))}`;
  return `  answer (request ${flag.id} completed by ${sanitize(flag.completed_by ?? '?')})${notes}`;
}

/** The brief as lines of text; `all` lifts the per-section limit. */
export function briefText(
  brief: Brief,
  options: { now: Date; all?: boolean; commands: BriefCommands },
): string[] {
  const { now, commands } = options;
  const line = (f: Flag): string[] => [`- ${summaryLine(summarize(f, now), now)}`];
  const rest = (command: string): string => (options.all ? '' : command);
  const who = brief.agent ?? 'no agent (no identity is set)';
  const lines = [`flagstore brief for ${who}: ${counts(brief)}.`];
  if (brief.agent === null)
    lines.push(
      `No agent identity is set, so only critical flags are shown. To see your flags: ${commands.identity}.`,
    );
  const blocking = briefCounts(brief).critical_blocking_you;
  const criticalTitle =
    blocking === brief.critical.length
      ? 'Critical flags (they block your commits until completed):'
      : blocking === 0
        ? 'Critical flags for other agents (they do not block your commits):'
        : `Critical flags elsewhere (${blocking} of them block your commits):`;
  lines.push(
    ...section(
      'Pending for you, most urgent first (skip ones locked by others):',
      brief.pending,
      line,
      rest(commands.pending(brief.agent ?? '@you')),
    ),
    ...section(
      'Locked by you, waiting for an answer:',
      brief.waiting,
      (w) => [...line(w.flag), ...w.answers.map((a) => answerLine(a.flag, a.kind, now))],
      rest(commands.pending(brief.agent ?? '@you')),
    ),
    ...section(
      'Flags for every agent (no target), most urgent first:',
      brief.general,
      line,
      rest(commands.everyone),
    ),
    ...section(criticalTitle, brief.critical, (c) => line(c.flag), rest(commands.critical)),
    ...section(
      `Invalid flag files (one may be meant for you; see ${commands.validate}):`,
      brief.invalid,
      (i) => [`- ${sanitize(i.path)}: ${quoted(i.problems[0] ?? 'invalid')}`],
      rest(commands.validate),
    ),
    '',
    commands.next,
  );
  return lines;
}
