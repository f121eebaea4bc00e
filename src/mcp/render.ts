/** Results as agents read them: sanitised structured data, and compact text with quoted flag text. */
import { relative } from 'node:path';
import type { Brief } from '../agent/brief.js';
import { BRIEF_LIMIT, briefText, type BriefCommands } from '../agent/brief-text.js';
import type { Page } from '../agent/paging.js';
import { summarize, summaryLine, type FlagSummary } from '../agent/summary.js';
import { lockState } from '../core/lifecycle.js';
import { sanitize, sanitizeDeep } from '../core/sanitize.js';
import type { Flag } from '../core/types.js';
import type { StoredFlag } from '../store/flag-store.js';
import type { LostLock } from '../sync/lost-locks.js';
import type { ToolOutput } from './context.js';

/** Commands a brief points to, as MCP tool calls. */
export const MCP_COMMANDS: BriefCommands = {
  pending: (agent) => `list_flags {"target":"${agent}"}`,
  critical: 'list_flags {"impact":["critical"]}',
  everyone: 'brief {"all":true}',
  validate: 'validate {}',
  identity: 'pass agent: "@domain.module", or start the server with FLAGSTORE_AGENT set',
  next: 'Next: show_flag {id}; complete_flag {id, notes}; answer a question with reply_flag {id, answer}.',
};

/** A flag in full, every string sanitised. */
export function fullFlag(flag: Flag, now: Date): Record<string, unknown> {
  return sanitizeDeep({ ...flag, lock_state: lockState(flag, now) });
}

/**
 * What a write tells its writer besides the flag, sanitised: `warnings` when there are any, and
 * `lost_locks` when the write was published to the remote (an empty list then says none was lost).
 */
export function writeNotes(o: {
  warnings?: string[] | undefined;
  lost_locks?: LostLock[] | undefined;
}): Record<string, unknown> {
  return sanitizeDeep({
    ...(o.warnings === undefined || o.warnings.length === 0 ? {} : { warnings: o.warnings }),
    ...(o.lost_locks === undefined ? {} : { lost_locks: o.lost_locks }),
  });
}

/** Invalid files, reported (first 20) with their error messages. */
export function invalidFiles(
  root: string,
  invalid: StoredFlag[],
): { path: string; problems: string[] }[] {
  return invalid.slice(0, 20).map((s) => ({
    path: sanitize(relative(root, s.path)),
    problems: s.problems.filter((p) => p.severity === 'error').map((p) => sanitize(p.message)),
  }));
}

/** How a page is shown; with `target`, summaries leave the (known) target out. */
export interface PageOptions {
  now: Date;
  full: boolean;
  root: string;
  invalid: StoredFlag[];
  head: string;
  target?: string | undefined;
  /** Reader warnings (an unknown handle with nothing found), said first. */
  warnings?: string[];
}

/** A page of flags, as summaries (default) or in full, with its text. */
export function pageOutput(page: Page, o: PageOptions): ToolOutput {
  const brief = (f: Flag): FlagSummary => {
    const s = summarize(f, o.now);
    if (o.target !== undefined) delete s.target_agent;
    return s;
  };
  const flags = page.flags.map((f) => (o.full ? fullFlag(f, o.now) : brief(f)));
  const invalid = invalidFiles(o.root, o.invalid);
  const warnings = sanitizeDeep(o.warnings ?? []);
  const lines = [
    ...warnings.map((w) => `warning: ${w}`),
    `${o.head}: ${page.total} flag(s); this page ${flags.length}.`,
  ];
  if (o.full) lines.push(JSON.stringify(flags));
  else lines.push(...page.flags.map((f) => summaryLine(summarize(f, o.now), o.now)));
  if (page.nextCursor !== null) lines.push(`more: pass cursor "${page.nextCursor}"`);
  if (o.invalid.length > 0)
    lines.push(
      `${o.invalid.length} invalid flag file(s), one may be meant for you: ${invalid.map((i) => i.path).join(', ')} (call validate)`,
    );
  return {
    data: {
      ...(warnings.length > 0 ? { warnings } : {}),
      total: page.total,
      flags,
      next_cursor: page.nextCursor,
      invalid,
      invalid_count: o.invalid.length,
    },
    text: lines.join('\n'),
  };
}

/** Items per section of a brief asked for `all`: every count, at most this many items each. */
export const BRIEF_ALL_LIMIT = 100;

/** The calls that show what a brief of `limit` items per section left out. */
function moreSteps(brief: Brief, o: { limit: number; all: boolean }): string[] {
  // Counts, not the sections: a brief read for MCP holds only the items it shows.
  const n = brief.counts;
  const over = (count: number): boolean => count > o.limit;
  const steps: string[] = [];
  if (over(n.pending) || over(n.waiting))
    steps.push(`More of yours: ${MCP_COMMANDS.pending(brief.agent ?? '@you')}`);
  if (over(n.for_everyone))
    steps.push(
      o.all
        ? 'Every pending flag, those for every agent among them: list_flags {}'
        : `All flags for every agent: ${MCP_COMMANDS.everyone}`,
    );
  if (over(n.critical_elsewhere)) steps.push(`All critical flags: ${MCP_COMMANDS.critical}`);
  if (over(n.invalid)) steps.push(`All invalid files: ${MCP_COMMANDS.validate}`);
  return steps;
}

/**
 * The brief, bounded to 10 items per section, or {@link BRIEF_ALL_LIMIT} with `all` (a tool
 * answer must stay within what a client accepts: 2,000 flags in full were 570 KB).
 */
export function briefOutput(
  brief: Brief,
  o: { now: Date; all: boolean; warnings?: string[] },
): ToolOutput {
  const warnings = sanitizeDeep(o.warnings ?? []);
  const limit = o.all ? BRIEF_ALL_LIMIT : BRIEF_LIMIT;
  const cut = <T>(items: T[]): T[] => items.slice(0, limit);
  const shown: Brief = {
    ...brief,
    pending: cut(brief.pending),
    waiting: cut(brief.waiting),
    critical: cut(brief.critical),
    general: cut(brief.general),
    invalid: cut(brief.invalid),
  };
  const s = (f: Flag): FlagSummary => summarize(f, o.now);
  const identity =
    brief.agent === null
      ? [`No agent identity is set, so only critical flags are shown: ${MCP_COMMANDS.identity}.`]
      : [];
  const more = moreSteps(brief, { limit, all: o.all });
  const data = {
    agent: brief.agent,
    identity_set: brief.agent !== null,
    counts: brief.counts,
    pending: shown.pending.map(s),
    waiting: shown.waiting.map((w) => ({
      flag: s(w.flag),
      answers: w.answers.map((a) => ({
        kind: a.kind,
        flag: s(a.flag),
        notes: a.flag.notes === null ? null : sanitize(a.flag.notes),
      })),
    })),
    critical: shown.critical.map((c) => ({ flag: s(c.flag), blocks_you: c.blocksYou })),
    for_everyone: shown.general.map(s),
    invalid: sanitizeDeep(shown.invalid),
    next: [...identity, ...more, MCP_COMMANDS.next],
    ...(warnings.length > 0 ? { warnings } : {}),
  };
  const lines = briefText(shown, { now: o.now, all: o.all, commands: MCP_COMMANDS });
  // With all, the text shows no "...and N more" lines of its own: say where the rest are.
  if (o.all && more.length > 0) lines.splice(lines.length - 1, 0, ...more, '');
  const text = [...warnings.map((w) => `warning: ${w}`), ...lines].join('\n');
  return { data, text };
}
