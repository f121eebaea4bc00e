/**
 * Answers to a flag an agent is waiting on, in either form the protocol allows: a question
 * (a flag chained to it) that was completed, or a reply flag chained to the flag or to one of
 * its questions and addressed to the waiting agent.
 */
import type { FlagMarks } from '../core/marks.js';
import type { Flag } from '../core/types.js';

/** One answer and the form it came in. */
export interface Answer<F extends FlagMarks = Flag> {
  kind: 'completed_request' | 'reply';
  flag: F;
}

/** Every answer that has arrived for `flag`, oldest first (flags whole or their marks). */
export function answersFor<F extends FlagMarks>(
  flag: F,
  all: F[],
  agent: string | null,
): Answer<F>[] {
  const questions = all.filter((f) => f.chain_origin_id === flag.id);
  const asked = new Set([flag.id, ...questions.map((q) => q.id)]);
  const completed: Answer<F>[] = questions
    .filter((q) => q.status === 'completed')
    .map((q) => ({ kind: 'completed_request', flag: q }));
  const replies: Answer<F>[] = all
    .filter(
      (f) =>
        f.chain_origin_id !== null &&
        asked.has(f.chain_origin_id) &&
        f.target_agent === agent &&
        f.source_agent !== agent,
    )
    .map((f) => ({ kind: 'reply', flag: f }));
  const seen = new Set<string>();
  return [...completed, ...replies]
    .filter((a) => !seen.has(a.flag.id) && Boolean(seen.add(a.flag.id)))
    .sort((a, b) => a.flag.created_at.localeCompare(b.flag.created_at));
}

/** The whole chain a flag belongs to: its ancestors (root first), the flag, then descendants. */
export function chainOf(id: string, all: Flag[]): Flag[] {
  const byId = new Map(all.map((f) => [f.id, f]));
  const ancestors: Flag[] = [];
  let parent = byId.get(id)?.chain_origin_id ?? null;
  while (parent !== null && byId.has(parent) && !ancestors.some((a) => a.id === parent)) {
    const p = byId.get(parent) as Flag;
    ancestors.unshift(p);
    parent = p.chain_origin_id;
  }
  const root = ancestors[0]?.id ?? id;
  const chain: Flag[] = [];
  const visit = (at: string): void => {
    const flag = byId.get(at);
    if (flag === undefined || chain.includes(flag)) return;
    chain.push(flag);
    all.filter((f) => f.chain_origin_id === at).forEach((f) => visit(f.id));
  };
  visit(root);
  return chain;
}
