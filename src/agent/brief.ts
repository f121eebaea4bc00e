/** The session briefing: what needs an agent's attention now, most urgent first. */
import { lockState } from '../core/lifecycle.js';
import type { Flag } from '../core/types.js';
import { listFlags } from '../services/flags.js';
import type { Workspace } from '../services/workspace.js';

/** A flag the agent locked, with the answers (flags chained to it) that have arrived. */
export interface Waiting {
  flag: Flag;
  answers: Flag[];
}

/** What needs attention: pending flags for the agent, its locks, and critical flags anywhere. */
export interface Brief {
  agent: string | null;
  pending: Flag[];
  waiting: Waiting[];
  critical: Flag[];
  /** Pending flags with no target ("for general"), meant for every agent; not the agent's own. */
  general: Flag[];
}

/** Builds the brief for an agent (or, without one, only the critical flags). */
export async function buildBrief(ws: Workspace, agent: string | null, now: Date): Promise<Brief> {
  const { flags: all } = await listFlags(ws, { status: 'all' });
  const open = all.filter((f) => f.status === 'pending');
  const mine = agent === null ? [] : open.filter((f) => f.target_agent === agent);
  const waiting = open
    .filter((f) => agent !== null && f.locked_by === agent && lockState(f, now) === 'held')
    .map((flag) => ({
      flag,
      answers: all.filter((a) => a.chain_origin_id === flag.id && a.status === 'completed'),
    }));
  const locked = new Set(waiting.map((w) => w.flag.id));
  return {
    agent,
    pending: mine.filter((f) => !locked.has(f.id)),
    waiting,
    critical: open.filter((f) => f.impact_level === 'critical' && f.target_agent !== agent),
    general: open.filter((f) => f.target_agent === null && f.source_agent !== agent),
  };
}

/** True when nothing needs attention. */
export function isEmpty(brief: Brief): boolean {
  return (
    brief.pending.length + brief.waiting.length + brief.critical.length + brief.general.length === 0
  );
}
