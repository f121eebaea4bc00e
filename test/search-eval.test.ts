import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSWER_ALWAYS } from '../src/catalog/search-answer.js';
import { baselineScorer } from '../src/catalog/baseline.js';
import { readAgentDir } from '../src/catalog/catalog-store.js';
import { evaluate, type EvalCase } from '../src/catalog/evaluate.js';
import { catalogRarity } from '../src/catalog/search-answer.js';
import {
  answerFeatures,
  searchAgents,
  type SearchDoc,
  type Tuning,
} from '../src/catalog/search.js';
import { FOLDERS } from './held-out-helpers.js';
import { FLOORS, UNDER_SEED } from './search-eval-floors.js';

/**
 * Search quality on the catalogs written for the tests, in this repository: the seed's
 * domain.module style (test/data/catalog), Claude Code naming (test/data/claude-agents) and the
 * catalogs written with the third to thirty-eighth rounds' held-out sets (claude-agents-b
 * to -zk). Their "test1" to "test38" cases were each a held-out set once; measured, they joined the
 * tuning pool, and these tests guard it against regressions. The familiar catalogs (the seed
 * project's corpus, outside the repository) are measured only by
 * scripts/bench/search-eval.bench.mjs.
 */
const DATA = resolve(import.meta.dirname, 'data');
/** The held-out rounds measured since, now in the tuning pool (add a line per round). */
const POOLED = [
  'test3',
  'test4',
  'test5',
  'test6',
  'test7',
  'test8',
  'test9',
  'test10',
  'test11',
  'test12',
  'test13',
  'test14',
  'test15',
  'test16',
  'test17',
  'test18',
  'test19',
  'test20',
  'test21',
  'test22',
  'test23',
  'test24',
  'test25',
  'test26',
  'test27',
  'test28',
  'test29',
  'test30',
  'test31',
  'test32',
  'test33',
  'test34',
  'test35',
  'test36',
  'test37',
  'test38',
] as const;
type Split = 'dev' | 'test1' | 'test2' | (typeof POOLED)[number];
const read = (file: string) => JSON.parse(readFileSync(resolve(DATA, file), 'utf8')) as unknown;
const SET = read('search-eval.json') as {
  cases: (EvalCase & { split: Split })[];
  unrelated: string[];
  unrelated_test2: string[];
  no_match_dev: string[];
  no_match_everyday: string[];
};
/** Each pooled round's file: its cases, and its unrelated requests under `unrelated_<split>`. */
const ROUNDS = POOLED.map((name) => {
  const file = read(`search-eval-${name}.json`) as Record<string, unknown>;
  return {
    cases: file.cases as (EvalCase & { split: Split })[],
    unrelated: file[`unrelated_${name}`] as string[],
  };
});
const CASES = [...SET.cases, ...ROUNDS.flatMap((r) => r.cases)];

/** Every catalog a pooled case is measured on (the held-out round's own is not yet pooled). */
const CATALOGS: Record<string, SearchDoc[]> = Object.fromEntries(
  Object.entries(FOLDERS)
    .filter(([name]) => CASES.some((c) => c.catalog === name))
    .map(([name, folder]) => [name, readAgentDir(resolve(DATA, folder))]),
);

/** The cases of each catalog by split, grouped once (a filter of every case per split cost 1 s). */
const GROUPED = new Map<string, Map<Split, EvalCase[]>>();
for (const c of CASES) {
  const splits = GROUPED.get(c.catalog) ?? new Map<Split, EvalCase[]>();
  const cases = splits.get(c.split) ?? [];
  GROUPED.set(c.catalog, splits.set(c.split, cases));
  cases.push(c);
}
const split = (name: string, which: Split) => GROUPED.get(name)?.get(which) ?? [];
const pool = (name: string) => CASES.filter((c) => c.catalog === name);
const splitsOf = (name: string) =>
  (['test1', 'test2', ...POOLED] as const).filter((s) => split(name, s).length > 0);
/** Each case's ranking on each catalog, searched once: the splits and the whole pool share it. */
const ranked = new WeakMap<SearchDoc[], Map<EvalCase, string[]>>();
const top = (docs: SearchDoc[]) => (c: EvalCase) => {
  const known = ranked.get(docs) ?? new Map<EvalCase, string[]>();
  ranked.set(docs, known);
  const hit = known.get(c) ?? searchAgents(docs, c.query, 10).map((h) => h.handle);
  known.set(c, hit);
  return hit;
};
const answeredWithNone = (docs: SearchDoc[], list: string[]) =>
  list.filter((q) => searchAgents(docs, q, 5).length === 0);

describe('search relevance on the catalogs written for the tests (tuning pool)', () => {
  it('loads the catalogs and covers every case with agents they hold', () => {
    expect(Object.keys(CATALOGS)).toEqual(Object.keys(FLOORS));
    expect(CATALOGS.fixture).toHaveLength(20);
    for (const [name, docs] of Object.entries(CATALOGS))
      if (name !== 'fixture') expect(docs, name).toHaveLength(16);
    for (const [name, docs] of Object.entries(CATALOGS)) {
      const handles = new Set(docs.map((d) => d.agent.handle));
      expect(pool(name).length, name).toBeGreaterThanOrEqual(25);
      for (const c of pool(name))
        expect(
          c.expected.every((h) => handles.has(h)),
          c.query,
        ).toBe(true);
    }
  });

  // Its own time limit: the pool grows by a split and a catalog each round (12,332 searches, and
  // the seed scoring's as many, since round 32), over a minute on a loaded machine.
  it('keeps top-1 on each split, never below the seed scoring, and few queries unanswered', () => {
    for (const [name, docs] of Object.entries(CATALOGS)) {
      const seedSearch = baselineScorer(docs.map((d) => d.agent));
      const floor = FLOORS[name] ?? { noAgent: 0, unrelated: Infinity };
      for (const which of splitsOf(name)) {
        const cases = split(name, which);
        const ours = evaluate(cases, top(docs));
        const seed = evaluate(cases, (c) => seedSearch(c.query, 10).map((h) => h.handle));
        expect(ours.top1, `${name} ${which}`).toBeGreaterThanOrEqual(floor[which] ?? 1);
        if (!(UNDER_SEED[name] ?? []).includes(which))
          expect(ours.top1, `${name} ${which}`).toBeGreaterThanOrEqual(seed.top1);
      }
      const all = evaluate(pool(name), top(docs));
      expect(all.noAgent, `${name}: no agent although one fits`).toBeLessThanOrEqual(floor.noAgent);
    }
  }, 180_000);

  it('answers unrelated requests with no agent: >= 9 of 10 of the lists on each catalog', () => {
    const lists = [SET.unrelated, SET.unrelated_test2, ...ROUNDS.map((r) => r.unrelated)];
    for (const list of lists) expect(list).toHaveLength(10);
    expect(SET.no_match_everyday).toHaveLength(20);
    // The 3 requests of no_match_dev get no agent everywhere but seven times at most (round 39's
    // figure; each answer is named with its catalog when this fails): "knit a wool scarf" on
    // claude_l (its woollen mill agent, whose description writes knitting and wool: a catalog that
    // covers the craft, as the robotics agent covers the robot arm below) and claude_zd; "bake
    // sourdough bread" on claude_n (its artisan bakery agent) and claude_zc; "plan a family
    // holiday in Portugal" on claude_x, claude_zi and claude_zk (its family plan billing agent:
    // families, plans). Refusing such a request everywhere cost 2.6 points of the pool's top-1
    // when it was measured (docs/catalog.md, round 11).
    const answered = Object.entries(CATALOGS).flatMap(([name, docs]) =>
      SET.no_match_dev
        .filter((q) => !answeredWithNone(docs, [q]).includes(q))
        .map((q) => `${name}: ${q}`),
    );
    expect(answered.length, answered.join('; ')).toBeLessThanOrEqual(7);
    // Since round 22 the rule is fitted to refuse 91% of the lists together on each catalog (the
    // goal asks 8 of 10), no longer 80% of each list: one list may fall to 6 of 10 (to 5 in round
    // 26 only: claude_m's unrelated_test4, 7 of 10 since round 27's share reading; a catalog's
    // `fewestRefused` floor says where one reads fewer).
    for (const [name, docs] of Object.entries(CATALOGS)) {
      const refused = lists.map((list) => answeredWithNone(docs, list).length);
      const total = refused.reduce((sum, n) => sum + n, 0);
      expect(total, name).toBeGreaterThanOrEqual(Math.ceil(0.9 * 10 * lists.length));
      expect(total, name).toBeGreaterThanOrEqual(FLOORS[name]?.unrelated ?? Infinity);
      expect(Math.min(...refused), name).toBeGreaterThanOrEqual(FLOORS[name]?.fewestRefused ?? 6);
      const everyday = answeredWithNone(docs, SET.no_match_everyday).length;
      expect(everyday, `${name}: everyday requests with no agent`).toBeGreaterThanOrEqual(14);
    }
  });

  it("answers a request in a user's words through related words, and gives reasons", () => {
    const [hit] = searchAgents(CATALOGS.claude ?? [], 'pods keep crashing after the deploy', 3);
    expect(hit?.handle).toBe('@devops-troubleshooter');
    expect(hit?.reasons.join(' ')).toMatch(
      /kubernetes \(related to "pods"\)|failures \(related to "crashing"\)/,
    );
  });

  it('reads a typo as the word the catalog writes, a swap of two letters as one edit', () => {
    const claude = CATALOGS.claude ?? [];
    const reasonsOf = (query: string, handle: string) =>
      searchAgents(claude, query, 5)
        .find((h) => h.handle === handle)
        ?.reasons.join(' ') ?? '';
    expect(reasonsOf('the deplyo pipeline failed', '@deployment-engineer')).toMatch(
      /\(for "deplyo"\)/,
    );
    expect(reasonsOf('secuirty audit of the login form', '@security-auditor')).toMatch(
      /security \(for "secuirty"\)/,
    );
  });

  it('lets software words the catalog lacks weigh nothing', () => {
    const claude = CATALOGS.claude ?? [];
    const [hit] = searchAgents(claude, 'give me feedback on this function before I commit it', 3);
    expect(hit?.handle).toBe('@code-reviewer');
    for (const [name, docs] of Object.entries(CATALOGS)) {
      const first = searchAgents(docs, 'bake sourdough bread', 3)[0]?.handle;
      // Only the catalogs with a bakery, or a tea room's morning baking list, have an agent for it.
      const bakers: Record<string, string> = {
        claude_n: '@artisan-bakery-wholesale-engineer',
        claude_zc: '@afternoon-tea-room-engineer',
      };
      expect(first, name).toBe(bakers[name]);
    }
  });

  it("reads a request's words against the catalog and everyday English, not a word list", () => {
    const robot = 'the robot arm overshoots the target and oscilates';
    const robotics = CATALOGS.claude_c ?? [];
    expect(searchAgents(robotics, robot, 3)[0]?.handle).toBe('@robotics-engineer');
    expect(answerFeatures(robotics, robot)?.domain).toBeGreaterThan(8);
    for (const docs of [CATALOGS.claude ?? [], CATALOGS.claude_b ?? []]) {
      // No agent matches a word of it (null), or few of its words read as the catalog's.
      expect(answerFeatures(docs, robot)?.domain ?? 0).toBeLessThan(4);
      expect(searchAgents(docs, robot, 3)).toEqual([]);
    }
  });

  it('answers with the best agent when the request says "software", everyday words or not', () => {
    const claude = CATALOGS.claude ?? [];
    const page = 'the home page takes 8 seconds to load, where does the time go';
    // Ranked first, but not an answer: its "go" no longer reads as golang, a software word.
    const always = { answer: ANSWER_ALWAYS };
    expect(searchAgents(claude, page, 3, always)[0]?.handle).toBe('@performance-engineer');
    const site = 'the site has returned 500s since a config change an hour ago';
    expect(searchAgents(claude, site, 3)).not.toEqual([]);
    // Without the software word its unknown words weigh again: the best agent explains a tenth
    // of it (since round 22 the rule still answers it, by its 500s).
    const cover = (query: string) => answerFeatures(claude, query)?.cover ?? 0;
    expect(cover(site)).toBeGreaterThan(0.9);
    expect(cover(site.replace('config', 'menu'))).toBeLessThan(0.2);
  });

  it("reads how rare a catalog's own words are in spoken English", () => {
    // Software agents write words spoken English rarely uses; a bakery or a circus does not.
    expect(catalogRarity(CATALOGS.claude ?? [])).toBeGreaterThan(12);
    expect(catalogRarity(CATALOGS.fixture ?? [])).toBeGreaterThan(13);
    expect(catalogRarity(CATALOGS.claude_n ?? [])).toBeLessThan(11);
  });

  it('counts a word everyday English uses often for less than a telling one', () => {
    const claude = CATALOGS.claude ?? [];
    // "read" is everyday English (SUBTLEX-US); "component" is not.
    const query =
      "TypeError: cannot read properties of undefined (reading 'map') in the cart component";
    const first = (tuning: Partial<Tuning>) => searchAgents(claude, query, 3, tuning)[0]?.handle;
    expect(first({})).toBe('@frontend-developer');
    expect(first({ everydayWeight: 1, everydayFall: 0 })).toBe('@database-optimizer');
  });

  it('gives the agent that explains more of the request the higher confidence', () => {
    const query = 'the tests fail with a null pointer exception, figure out why';
    const hits = searchAgents(CATALOGS.claude ?? [], query, 3);
    const of = (handle: string) => hits.find((h) => h.handle === handle);
    expect(hits.slice(0, 2).map((h) => h.handle)).toContain('@debugger');
    expect(of('@debugger')?.confidence).toBeGreaterThan(
      of('@devops-troubleshooter')?.confidence ?? 1,
    );
  });
});
