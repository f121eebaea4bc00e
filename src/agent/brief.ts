/** The session briefing: what needs an agent's attention now, most urgent first. */
import { relative } from 'node:path';
import { FLAG_FILE_NAME_RULE } from '../core/ids.js';
import { lockState } from '../core/lifecycle.js';
import type { FlagMarks } from '../core/marks.js';
import { byPriority } from '../core/rules.js';
import type { Flag } from '../core/types.js';
import { criticalConcerns, type CriticalScope } from '../store/gates-config.js';
import type { StoredFlag } from '../store/flag-store.js';
import { misnamedFlagFiles } from '../store/ids.js';
import { listFlags } from '../services/flags.js';
import type { Workspace } from '../services/workspace.js';
import { readMarks, readShown, type MarksListing } from '../sync/ledger-marks.js';
import { stallForTests } from '../git/stall.js';
import { answersFor, type Answer } from './answers.js';

/** A flag the agent locked, with every answer that has arrived for it. */
export interface Waiting<F extends FlagMarks = Flag> {
  flag: F;
  answers: Answer<F>[];
}

/** An invalid flag file: it may have been meant for the agent, so it is reported, not dropped. */
export interface InvalidFile {
  path: string;
  problems: string[];
}

/** The brief's sections, of flags whole or of their marks. */
interface Sections<F extends FlagMarks> {
  pending: F[];
  waiting: Waiting<F>[];
  /** Unresolved critical flags not targeted at the agent, each with whether it blocks it. */
  critical: { flag: F; blocksYou: boolean }[];
  /** Pending flags with no target ("for general"), meant for every agent; not the agent's own. */
  general: F[];
  /** How many unresolved critical flags the commit gate blocks the agent on, its own included. */
  blocking: number;
}

/** How many items each section has (all of them, however many a brief holds). */
export interface BriefCounts {
  pending: number;
  waiting: number;
  /** Of the `waiting` flags, how many have at least one answer (a flag, however many answers). */
  answers: number;
  critical_elsewhere: number;
  /** Of the critical flags elsewhere, how many block the agent's commits. */
  critical_elsewhere_blocking_you: number;
  /** Every unresolved critical flag the commit gate blocks the agent on, its own included. */
  critical_blocking_you: number;
  invalid: number;
  for_everyone: number;
}

/** What needs attention: pending flags for the agent, its locks, and critical flags elsewhere. */
export interface Brief extends Sections<Flag> {
  agent: string | null;
  invalid: InvalidFile[];
  /** Every section's count; a brief may hold only the first items of a section. */
  counts: BriefCounts;
}

/** Whom a brief is for, and when. */
interface Who {
  agent: string | null;
  now: Date;
  scope: CriticalScope;
}

/** The sections of every flag (sorted by priority) for an agent. */
function sections<F extends FlagMarks>(all: F[], who: Who): Sections<F> {
  const { agent, now } = who;
  const open = all.filter((f) => f.status === 'pending');
  const mine = agent === null ? [] : open.filter((f) => f.target_agent === agent);
  const waiting = open
    .filter((f) => agent !== null && f.locked_by === agent && lockState(f, now) === 'held')
    .map((flag) => ({ flag, answers: answersFor(flag, all, agent) }));
  const locked = new Set(waiting.map((w) => w.flag.id));
  return {
    pending: mine.filter((f) => !locked.has(f.id)),
    waiting,
    critical: open
      .filter((f) => f.impact_level === 'critical' && (agent === null || f.target_agent !== agent))
      .map((flag) => ({ flag, blocksYou: criticalConcerns(flag, agent, who.scope) })),
    general: open.filter((f) => f.target_agent === null && f.source_agent !== agent),
    blocking: open.filter(
      (f) => f.impact_level === 'critical' && criticalConcerns(f, agent, who.scope),
    ).length,
  };
}

function countsOf<F extends FlagMarks>(s: Sections<F>, invalid: number): BriefCounts {
  return {
    pending: s.pending.length,
    waiting: s.waiting.length,
    answers: s.waiting.filter((w) => w.answers.length > 0).length,
    critical_elsewhere: s.critical.length,
    critical_elsewhere_blocking_you: s.critical.filter((c) => c.blocksYou).length,
    critical_blocking_you: s.blocking,
    invalid,
    for_everyone: s.general.length,
  };
}

/**
 * The invalid flag files, then the misnamed ones (a hand-written `flags/my-note.md`): no reader
 * takes those for a flag, and one may have been meant for the agent, as `list` warns.
 */
function invalidFiles(ws: Workspace, invalid: StoredFlag[]): InvalidFile[] {
  const unreadable = invalid.map((s) => ({
    path: relative(ws.root, s.path),
    problems: s.problems.filter((p) => p.severity === 'error').map((p) => p.message),
  }));
  const misnamed = misnamedFlagFiles(ws.flagsDir).map((name) => ({
    path: `${ws.config.flags_dir}/${name}`,
    problems: [FLAG_FILE_NAME_RULE],
  }));
  return [...unreadable, ...misnamed];
}

/**
 * Builds the brief for an agent (or, without one, only the critical flags) the plain way, every
 * flag read whole. The commands use {@link buildShownBrief}; this is what it must equal, and
 * test/brief-narrow.test.ts holds it to that.
 */
export async function buildBrief(ws: Workspace, agent: string | null, now: Date): Promise<Brief> {
  const { flags: all, invalid: stored } = await listFlags(ws, { status: 'all' });
  const s = sections(all, { agent, now, scope: ws.config.gates.critical });
  const invalid = invalidFiles(ws, stored);
  return { agent, ...s, invalid, counts: countsOf(s, invalid.length) };
}

/** The first `limit` items of every section (all of them without a limit). */
function cut<F extends FlagMarks>(s: Sections<F>, limit: number | undefined): Sections<F> {
  const first = <T>(items: T[]): T[] => (limit === undefined ? items : items.slice(0, limit));
  const { pending, waiting, critical, general, blocking } = s;
  return {
    pending: first(pending),
    waiting: first(waiting),
    critical: first(critical),
    general: first(general),
    blocking,
  };
}

/** The ids of every flag the sections hold, answers included. */
function idsOf(s: Sections<FlagMarks>): string[] {
  const answered = s.waiting.flatMap((w) => [w.flag, ...w.answers.map((a) => a.flag)]);
  return [...s.pending, ...answered, ...s.critical.map((c) => c.flag), ...s.general].map(
    (f) => f.id,
  );
}

/** The sections with every flag read whole (each of them was: see {@link decide}). */
function whole(s: Sections<FlagMarks>, flags: Map<string, Flag>): Sections<Flag> {
  const read = (f: FlagMarks): Flag[] => {
    const flag = flags.get(f.id);
    return flag === undefined ? [] : [flag];
  };
  const answers = (a: Answer<FlagMarks>[]) =>
    a.flatMap((x) => read(x.flag).map((flag) => ({ kind: x.kind, flag })));
  return {
    pending: s.pending.flatMap(read),
    waiting: s.waiting.flatMap((w) =>
      read(w.flag).map((flag) => ({ flag, answers: answers(w.answers) })),
    ),
    critical: s.critical.flatMap((c) =>
      read(c.flag).map((flag) => ({ flag, blocksYou: c.blocksYou })),
    ),
    general: s.general.flatMap(read),
    blocking: s.blocking,
  };
}

/** Every section decided, and the ones shown (read whole). */
interface Decided {
  all: Sections<FlagMarks>;
  shown: Sections<Flag>;
}

/**
 * The sections decided on every flag's marks, the flags shown read whole, and the sections
 * decided again on what was read until every flag shown was read: a flag changed between the
 * two reads shows in the section its content says (and is counted there), one gone meanwhile
 * not at all. Each round reads at least one flag more, so the rounds end.
 */
async function decide(
  ws: Workspace,
  listing: MarksListing,
  o: { who: Who; limit: number | undefined },
): Promise<Decided> {
  const [tried, flags] = [new Set<string>(), new Map<string, Flag>()];
  let marks: FlagMarks[] = listing.marks;
  for (;;) {
    const all = sections(marks.sort(byPriority), o.who);
    const shown = cut(all, o.limit);
    const unread = idsOf(shown).filter((id) => !tried.has(id));
    if (unread.length === 0) return { all, shown: whole(shown, flags) };
    stallForTests('SHOWN');
    for (const [id, flag] of await readShown(ws.flags, unread, listing)) flags.set(id, flag);
    for (const id of unread) tried.add(id);
    marks = marks.flatMap((m) => (tried.has(m.id) ? (flags.get(m.id) ?? []) : [m]));
  }
}

/**
 * The brief as {@link buildBrief} builds it, holding only the first `limit` items of each
 * section (all without a limit), and reading only those flags whole: the sections are decided
 * on every flag's marks (src/sync/ledger-marks.ts), and on the flags read whole where they
 * differ ({@link decide}); `counts` counts every item.
 */
export async function buildShownBrief(
  ws: Workspace,
  agent: string | null,
  o: { now: Date; limit: number | undefined },
): Promise<Brief> {
  const listing = await readMarks(ws.flags, ws.progress);
  const who = { agent, now: o.now, scope: ws.config.gates.critical };
  const { all, shown } = await decide(ws, listing, { who, limit: o.limit });
  const invalid = invalidFiles(ws, listing.invalid);
  return { agent, ...shown, invalid, counts: countsOf(all, invalid.length) };
}

/** True when nothing needs attention. */
export function isEmpty(brief: Brief): boolean {
  const n = brief.counts;
  return n.pending + n.waiting + n.critical_elsewhere + n.for_everyone + n.invalid === 0;
}
