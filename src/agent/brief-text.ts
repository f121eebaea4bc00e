/** The brief as text: counts first, then at most `limit` items per section, then what to run. */
import { oneLine, sanitize } from '../core/sanitize.js';
import { identityFix } from '../core/identity.js';
import type { Flag } from '../core/types.js';
import type { Brief, BriefCounts } from './brief.js';
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
  identity: identityFix('--agent @domain.module'),
  next: 'Next: flagstore show <id>; flagstore complete <id> --notes "..."; answer a question with flagstore reply <id> --change "...".',
};

/** How many items each section shows by default. */
export const BRIEF_LIMIT = 10;

export type { BriefCounts };

function counts(brief: Brief): string {
  const n = brief.counts;
  const parts = [
    `${n.pending} pending for you`,
    `${n.waiting} locked by you and waiting (${n.answers} answered)`,
    `${n.critical_elsewhere} critical elsewhere`,
    `${n.critical_blocking_you} critical ${n.critical_blocking_you === 1 ? 'flag blocks' : 'flags block'} your commits`,
  ];
  if (n.for_everyone > 0) parts.push(`${n.for_everyone} for every agent`);
  if (n.invalid > 0) parts.push(`${n.invalid} invalid flag file(s)`);
  return parts.join(', ');
}

/** A section's items (the first ones of `total`, or all), and where the rest are. */
interface Section<T> {
  title: string;
  items: T[];
  total: number;
  show: (item: T) => string[];
  more: string;
}

function section<T>({ title, items, total, show, more }: Section<T>): string[] {
  if (total === 0) return [];
  const lines = ['', title];
  items.slice(0, more === '' ? items.length : BRIEF_LIMIT).forEach((i) => lines.push(...show(i)));
  if (more !== '' && total > BRIEF_LIMIT)
    lines.push(`- ...and ${total - BRIEF_LIMIT} more: ${more}`);
  return lines;
}

function answerLine(flag: Flag, kind: string, now: Date): string {
  if (kind === 'reply') return `  - answer (reply): ${summaryLine(summarize(flag, now), now)}`;
  const notes = flag.notes === null ? '' : `: ${quoted(firstLine(flag.notes))}`;
  return `  - answer (request ${flag.id} completed by ${sanitize(flag.completed_by ?? '?')})${notes}`;
}

function criticalTitle(n: BriefCounts): string {
  const blocking = n.critical_elsewhere_blocking_you;
  if (blocking === n.critical_elsewhere)
    return 'Critical flags (they block your commits until completed):';
  return blocking === 0
    ? 'Critical flags for other agents (they do not block your commits):'
    : `Critical flags elsewhere (${blocking} of them block your commits):`;
}

/** The sections' lines (see {@link briefText}). */
function sections(
  brief: Brief,
  options: { now: Date; all?: boolean; commands: BriefCommands },
): string[] {
  const { now, commands } = options;
  const n = brief.counts;
  const line = (f: Flag): string[] => [`- ${summaryLine(summarize(f, now), now)}`];
  const more = (command: string): string => (options.all ? '' : command);
  const yours = more(commands.pending(brief.agent ?? '@you'));
  return [
    ...section({
      title: 'Pending for you, most urgent first (skip ones locked by others):',
      items: brief.pending,
      total: n.pending,
      show: line,
      more: yours,
    }),
    ...section({
      title: 'Locked by you, waiting for an answer:',
      items: brief.waiting,
      total: n.waiting,
      more: yours,
      show: (w) => [...line(w.flag), ...w.answers.map((a) => answerLine(a.flag, a.kind, now))],
    }),
    ...section({
      title: 'Flags for every agent (no target), most urgent first:',
      items: brief.general,
      total: n.for_everyone,
      show: line,
      more: more(commands.everyone),
    }),
    ...section({
      title: criticalTitle(n),
      items: brief.critical,
      total: n.critical_elsewhere,
      more: more(commands.critical),
      show: (c) => line(c.flag),
    }),
    ...section({
      title: `Invalid flag files (one may be meant for you; see ${commands.validate}):`,
      items: brief.invalid,
      total: n.invalid,
      more: more(commands.validate),
      show: (i) => [`- ${oneLine(i.path)}: ${quoted(i.problems[0] ?? 'invalid')}`],
    }),
  ];
}

/**
 * The first line: the agent and its counts or, with no identity, which flags are shown and how
 * to set one (counts "for you" would be about nobody).
 */
function headline(brief: Brief, commands: BriefCommands): string {
  if (brief.agent !== null) return `flagstore brief for ${brief.agent}: ${counts(brief)}.`;
  const n = brief.counts;
  const critical = `${n.critical_elsewhere} critical, ${n.critical_blocking_you} block your commits`;
  return `flagstore brief: no identity is set, so only critical flags are shown (${critical}). To see your flags: ${commands.identity}.`;
}

/** The brief as lines of text; `all` lifts the per-section limit. */
export function briefText(
  brief: Brief,
  options: { now: Date; all?: boolean; commands: BriefCommands },
): string[] {
  const lines = [headline(brief, options.commands)];
  lines.push(...sections(brief, options), '', options.commands.next);
  return lines;
}
