/** Search quality on an evaluation set: top-1 accuracy and mean reciprocal rank. Pure. */

/** A task description and the agents a competent person would route it to. */
export interface EvalCase {
  catalog: string;
  query: string;
  expected: string[];
}

/** Quality of one ranking function over an evaluation set. */
export interface EvalScore {
  cases: number;
  /** Share of cases whose first result is an expected agent. */
  top1: number;
  /** Mean of 1/rank of the first expected agent (0 when none is returned). */
  mrr: number;
  /** Cases answered with no agent at all (the rest of the misses have a wrong agent first). */
  noAgent: number;
  misses: { query: string; expected: string[]; got: string | null }[];
}

/** Scores a ranking function (query -> handles, best first) on the cases. */
export function evaluate(cases: EvalCase[], rank: (c: EvalCase) => string[]): EvalScore {
  let hits = 0;
  let reciprocal = 0;
  const misses: EvalScore['misses'] = [];
  for (const c of cases) {
    const ranked = rank(c);
    const position = ranked.findIndex((handle) => c.expected.includes(handle));
    if (position === 0) hits++;
    else misses.push({ query: c.query, expected: c.expected, got: ranked[0] ?? null });
    if (position >= 0) reciprocal += 1 / (position + 1);
  }
  const n = Math.max(1, cases.length);
  const noAgent = misses.filter((m) => m.got === null).length;
  return { cases: cases.length, top1: hits / n, mrr: reciprocal / n, noAgent, misses };
}
