/**
 * The seed's agent scoring, kept as the baseline our search must beat: exact tag 50, tag word 40,
 * tech_stack word 30, role and scenario words 20, module words 15, +25 for two or more criteria.
 * Words are split on whitespace only and matched exactly, as the original did. Agents written as
 * Claude Code files have no role column, so their description stands in for it.
 */
import type { Agent } from './agent.js';

/** One baseline result. */
export interface BaselineHit {
  handle: string;
  score: number;
  reasons: string[];
}

function wordSet(texts: string[]): Set<string> {
  return new Set(texts.join(' ').toLowerCase().split(/\s+/).filter(Boolean));
}

function intersect(query: Set<string>, other: Set<string>): string[] {
  return [...query].filter((w) => other.has(w));
}

/** An agent's words as the seed read them, split once for every query scored against it. */
interface SeedAgent {
  agent: Agent;
  tags: string[];
  groups: [Set<string>, number, string][];
}

function seedAgent(agent: Agent): SeedAgent {
  const role = agent.role.length > 0 ? agent.role : [agent.description];
  const groups: [string[], number, string][] = [
    [agent.tags, 40, 'tag match'],
    [agent.tech_stack, 30, 'tech_stack'],
    [role, 20, 'role'],
    [agent.scenarios, 20, 'scenario'],
    [[agent.module, agent.sub_module ?? ''], 15, 'module'],
  ];
  return {
    agent,
    tags: agent.tags.map((tag) => tag.toLowerCase()),
    groups: groups.map(([texts, points, label]) => [wordSet(texts), points, label]),
  };
}

function scoreAgent(seed: SeedAgent, queryLower: string, queryWords: Set<string>): BaselineHit {
  const reasons: string[] = [];
  let score = 0;
  seed.agent.tags.forEach((tag, i) => {
    if (queryLower.includes(seed.tags[i] ?? '')) {
      score += 50;
      reasons.push(`exact tag: '${tag}'`);
    }
  });
  let criteria = 0;
  for (const [words, points, label] of seed.groups) {
    const found = intersect(queryWords, words);
    if (found.length > 0) criteria++;
    for (const word of found) reasons.push(`${label}: '${word}'`);
    score += found.length * points;
  }
  if (criteria >= 2) {
    score += 25;
    reasons.push('multi-criteria match bonus');
  }
  return { handle: seed.agent.handle, score, reasons: reasons.slice(0, 3) };
}

/**
 * The seed's scoring over one catalog, its agents' words split once: an evaluation scores
 * thousands of queries against the same agents. Ranks as {@link baselineSearch} does.
 */
export function baselineScorer(agents: Agent[]): (query: string, limit?: number) => BaselineHit[] {
  const seeds = agents.map(seedAgent);
  return (query, limit = 5) => {
    const queryLower = query.toLowerCase().trim();
    const queryWords = new Set(queryLower.split(/\s+/).filter(Boolean));
    return seeds
      .map((seed) => scoreAgent(seed, queryLower, queryWords))
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  };
}

/** Ranks agents with the seed's scoring; agents with score 0 are left out. */
export function baselineSearch(agents: Agent[], query: string, limit = 5): BaselineHit[] {
  return baselineScorer(agents)(query, limit);
}
