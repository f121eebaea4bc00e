/** The session briefing: what needs an agent's attention now, most urgent first. */
import { relative } from 'node:path';
import { lockState } from '../core/lifecycle.js';
import type { Flag } from '../core/types.js';
import { criticalConcerns } from '../store/gates-config.js';
import { listFlags } from '../services/flags.js';
import type { Workspace } from '../services/workspace.js';
import { answersFor, type Answer } from './answers.js';

/** A flag the agent locked, with every answer that has arrived for it. */
export interface Waiting {
  flag: Flag;
  answers: Answer[];
}

/** An invalid flag file: it may have been meant for the agent, so it is reported, not dropped. */
export interface InvalidFile {
  path: string;
  problems: string[];
}

/** What needs attention: pending flags for the agent, its locks, and critical flags elsewhere. */
export interface Brief {
  agent: string | null;
  pending: Flag[];
  waiting: Waiting[];
  /** Unresolved critical flags not targeted at the agent, each with whether it blocks it. */
  critical: { flag: Flag; blocksYou: boolean }[];
  /** Pending flags with no target ("for general"), meant for every agent; not the agent's own. */
  general: Flag[];
  invalid: InvalidFile[];
}

/** Builds the brief for an agent (or, without one, only the critical flags). */
export async function buildBrief(ws: Workspace, agent: string | null, now: Date): Promise<Brief> {
  const { flags: all, invalid } = await listFlags(ws, { status: 'all' });
  const open = all.filter((f) => f.status === 'pending');
  const mine = agent === null ? [] : open.filter((f) => f.target_agent === agent);
  const waiting = open
    .filter((f) => agent !== null && f.locked_by === agent && lockState(f, now) === 'held')
    .map((flag) => ({ flag, answers: answersFor(flag, all, agent) }));
  const locked = new Set(waiting.map((w) => w.flag.id));
  const scope = ws.config.gates.critical;
  return {
    agent,
    pending: mine.filter((f) => !locked.has(f.id)),
    waiting,
    critical: open
      .filter((f) => f.impact_level === 'critical' && (agent === null || f.target_agent !== agent))
      .map((flag) => ({ flag, blocksYou: criticalConcerns(flag, agent, scope) })),
    general: open.filter((f) => f.target_agent === null && f.source_agent !== agent),
    invalid: invalid.map((s) => ({
      path: relative(ws.root, s.path),
      problems: s.problems.filter((p) => p.severity === 'error').map((p) => p.message),
    })),
  };
}

/** True when nothing needs attention. */
export function isEmpty(brief: Brief): boolean {
  const { pending, waiting, critical, general, invalid } = brief;
  return pending.length + waiting.length + critical.length + general.length + invalid.length === 0;
}
