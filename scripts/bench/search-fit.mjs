// `node scripts/bench/search-fit.mjs` (after `npm run build`): fits the search's no-match rule
// (ANSWER in src/catalog/search-answer.ts) on the tuning pool and cross-validates it. Not a bench
// section (its name does not end in .bench.mjs); docs/catalog.md, "Search quality", quotes it.
// - Each request gets the no-match rule's readings of its best agent (the request's evidence of
//   being about the catalog, its margin over the second agent, its coverage, its share of every
//   matched agent's score; READINGS); requests an agent fits are positives, the unrelated and
//   everyday lists (on every catalog) negatives.
// - Logistic regression (classes weighted equally) gives the weights of those; the catalog's
//   rarity keeps the weight ANSWER gives it (or `answer.rarity` in FLAGSTORE_SEARCH_TUNING, to scan
//   it), an offset; the bias is then moved so that, on every catalog, CATALOG of the unrelated
//   lists together and EVERYDAY of the everyday list get no agent (until round 22: 90% of all the
//   negatives and 80% of each list on each catalog). From there each weight is scanned (since
//   round 20) for the calibrated rule that answers the most requests right first.
// - A held-out round (`pool: false` in ROUNDS) is left out entirely: its cases, its unrelated
//   list and its catalog.
// - Cross-validation: leave one catalog out, and leave each of the newest two splits (and its
//   unrelated list) out, the way a held-out set is met.
import { join } from 'node:path';
import { ROOT } from './lib.mjs';
import { catalogs, ROUNDS, rounds } from './search-eval.bench.mjs';
import { minedTuning } from './search-mine.mjs';
import { readFileSync } from 'node:fs';

/**
 * Share of the unrelated lists, together, that must get no agent on each catalog: the goal asks 8
 * of 10, this keeps a margin over it (9 of 10 still held with each catalog left out).
 */
const CATALOG = 0.91;
/** Share of the everyday list (software-ish words, no software need) refused on each catalog. */
const EVERYDAY = 0.7;
const { answerFeatures, searchAgents } = await import(join(ROOT, 'dist', 'catalog', 'search.js'));
const { ANSWER } = await import(join(ROOT, 'dist', 'catalog', 'search-answer.js'));
/** The readings fitted, in ANSWER's order after the bias (since round 21 the margin over the
 * second agent and the coverage, no longer the best agent's points; since round 27 the best
 * agent's share of every matched agent's score). */
const READINGS = ['domain', 'margin', 'cover', 'share'];
const vector = (f) => READINGS.map((name) => f[name]);
/** Other scoring constants to fit with (JSON), to see what each one earns. */
const TRIAL = JSON.parse(process.env.FLAGSTORE_SEARCH_TUNING ?? '{}');
/** The weight of the catalog's rarity: not fitted, an offset the bias is calibrated with. */
const RARITY = TRIAL.answer?.rarity ?? ANSWER.rarity ?? 0;
const offset = (f) => (f ? RARITY * f.rarity : 0);
const ALWAYS = { ...TRIAL, answer: { bias: 1, domain: 0, points: 0 } };

function dataset(found, pool, sets, mined) {
  const cases = [...pool.cases, ...sets.flatMap((r) => r.cases)];
  const positives = cases.flatMap((c) => {
    const docs = found[c.catalog];
    const f = docs && answerFeatures(docs, c.query, { ...TRIAL, ...mined[c.catalog] });
    if (!f) return [{ ...c, x: null, off: 0, right: false }];
    const always = { ...ALWAYS, ...mined[c.catalog] };
    const top = searchAgents(docs, c.query, 1, always)[0]?.handle;
    return [{ ...c, x: vector(f), off: offset(f), right: c.expected.includes(top) }];
  });
  const lists = [
    ['unrelated', pool.unrelated],
    ['unrelated_test2', pool.unrelated_test2],
    ['no_match_everyday', pool.no_match_everyday],
    ...sets.map((r) => [r.unrelated, r.list]),
  ];
  const negatives = lists.flatMap(([list, queries]) =>
    queries.flatMap((query) =>
      Object.entries(found).map(([catalog, docs]) => {
        const f = answerFeatures(docs, query, { ...TRIAL, ...mined[catalog] });
        return { catalog, list, query, x: f && vector(f), off: offset(f) };
      }),
    ),
  );
  return { positives, negatives };
}

const z = (w, x, off = 0) => w[0] + off + x.reduce((sum, v, i) => sum + v * w[i + 1], 0);

/** Logistic regression by gradient descent on standardized features, classes weighted equally. */
function fit(pos, neg) {
  const rows = [...pos.map((p) => [p.x, 1]), ...neg.map((n) => [n.x, 0])].filter(([x]) => x);
  const dims = rows[0][0].length;
  const mean = [...Array(dims)].map((_, i) => rows.reduce((s, [x]) => s + x[i], 0) / rows.length);
  const sd = mean.map((m, i) =>
    Math.sqrt(rows.reduce((s, [x]) => s + (x[i] - m) ** 2, 0) / rows.length || 1),
  );
  const ones = rows.filter(([, y]) => y === 1).length;
  const weightOf = (y) => (y === 1 ? 0.5 / ones : 0.5 / (rows.length - ones));
  let w = Array(dims + 1).fill(0);
  for (let step = 0; step < 4000; step++) {
    const grad = Array(dims + 1).fill(0);
    for (const [x, y] of rows) {
      const s = x.map((v, i) => (v - mean[i]) / sd[i]);
      const e = (1 / (1 + Math.exp(-z(w, s))) - y) * weightOf(y);
      grad[0] += e;
      s.forEach((v, i) => (grad[i + 1] += e * v));
    }
    w = w.map((v, i) => v - 2 * grad[i]);
  }
  const raw = w.slice(1).map((v, i) => v / sd[i]);
  return [w[0] - raw.reduce((s, v, i) => s + v * mean[i], 0), ...raw];
}

/** The bias shift that leaves `share` of the requests at or below zero. */
function shift(w, neg, share) {
  const scores = neg.map((n) => (n.x ? z(w, n.x, n.off) : -Infinity)).sort((a, b) => a - b);
  return scores[Math.min(scores.length - 1, Math.ceil(share * scores.length) - 1)];
}

const EVERYDAY_LIST = 'no_match_everyday';

/**
 * Moves the bias so that, on every catalog, CATALOG of its unrelated requests score at most
 * zero, and EVERYDAY of its everyday list.
 */
function calibrate(w, neg) {
  const groups = new Map();
  for (const n of neg) {
    const key = `${n.catalog} ${n.list === EVERYDAY_LIST}`;
    groups.set(key, [...(groups.get(key) ?? []), n]);
  }
  const shares = [...groups.values()].map((g) =>
    shift(w, g, g[0].list === EVERYDAY_LIST ? EVERYDAY : CATALOG),
  );
  return [w[0] - Math.max(...shares) - 1e-6, ...w.slice(1)];
}

const answered = (w, item) => item.x !== null && z(w, item.x, item.off) > 0;
const rightFirst = (w, pos) => pos.filter((p) => p.right && answered(w, p)).length;
const top1 = (w, pos) => rightFirst(w, pos) / pos.length;
/** Factors each weight is tried at, from the regression's, by {@link train}. */
const FACTORS = [0.5, 0.7, 0.85, 0.93, 1.07, 1.15, 1.3, 1.5, 2];

/**
 * The rule that gets the most requests right first under the constraints (calibrate): from the
 * regression's weights, each weight in turn times each of FACTORS, kept when the calibrated rule
 * gets more right; twice over. Logistic loss weighs every request, this only the answered right.
 * Round 32 measured two other fits from here, neither kept (docs/catalog.md, round 32): the
 * regression without the wrong-first requests, and a finer direct search (Nelder-Mead).
 */
function train(pos, neg) {
  let best = calibrate(
    fit(pos, neg).map((v) => Math.round(v * 1000) / 1000),
    neg,
  );
  for (let round = 0; round < 2; round++)
    for (let i = 1; i < best.length; i++) best = scanWeight(best, i, pos, neg);
  return best;
}

/** The calibrated rule with weight `i` at one of FACTORS times its value that gets most right. */
function scanWeight(from, i, pos, neg) {
  let best = from;
  for (const factor of FACTORS) {
    const trial = from.map((v, j) => (j === i ? Math.round(v * factor * 1000) / 1000 : v));
    const calibrated = calibrate(trial, neg);
    if (rightFirst(calibrated, pos) > rightFirst(best, pos)) best = calibrated;
  }
  return best;
}
const refused = (w, neg) => neg.filter((n) => !answered(w, n)).length;
const pct = (x) => `${(x * 100).toFixed(1)}%`;

function report(name, w, pos, neg) {
  const none = pos.filter((p) => !answered(w, p)).length;
  const wrong = pos.filter((p) => answered(w, p) && !p.right).length;
  const alone = pos.filter((p) => p.right).length / pos.length;
  return `${name}: top-1 ${rightFirst(w, pos)} = ${pct(top1(w, pos))} of ${pos.length} (${none} no agent, ${wrong} wrong first; ranking alone ${pct(alone)}), unrelated and everyday with no agent ${refused(w, neg)} of ${neg.length}`;
}

const pool = JSON.parse(readFileSync(join(ROOT, 'test', 'data', 'search-eval.json'), 'utf8'));
const held = new Set(ROUNDS.filter((r) => !r.pool).map((r) => r.catalog));
const found = Object.fromEntries(
  Object.entries((await catalogs()).found).filter(([name]) => !held.has(name)),
);
// Only the rounds in the pool: a held-out set (`pool: false`) is never fitted on.
const { positives, negatives } = dataset(
  found,
  pool,
  rounds().filter((r) => r.pool),
  await minedTuning(Object.keys(found)),
);
const calibrated = train(positives, negatives);
const w = [Math.floor(calibrated[0] * 1000) / 1000, ...calibrated.slice(1)];
const fitted = READINGS.map((name, i) => `${name}: ${w[i + 1]}`).join(', ');
console.log(`answer: { bias: ${w[0]}, ${fitted}, rarity: ${RARITY} }`);
console.log(report('whole pool', w, positives, negatives));
const shipped = [ANSWER.bias, ...READINGS.map((name) => ANSWER[name] ?? 0)];
console.log(report('whole pool, shipped ANSWER', shipped, positives, negatives));
let leftOut = 0;
for (const catalog of Object.keys(found)) {
  const inside = (r) => r.catalog === catalog;
  const trained = train(
    positives.filter((p) => !inside(p)),
    negatives.filter((n) => !inside(n)),
  );
  leftOut += positives.filter((p) => inside(p) && p.right && answered(trained, p)).length;
  console.log(
    report(
      `leave out catalog ${catalog}`,
      trained,
      positives.filter(inside),
      negatives.filter(inside),
    ),
  );
}
console.log(`catalogs left out: ${leftOut} of ${positives.length} right first`);
// Leave one split out, the way a held-out set is met: each of the newest two pooled rounds
// (FLAGSTORE_SEARCH_LEAVE_OUT may name others, comma-separated).
const leaveOut = (process.env.FLAGSTORE_SEARCH_LEAVE_OUT ?? '').split(',').filter(Boolean);
const splitsOut =
  leaveOut.length > 0
    ? leaveOut
    : ROUNDS.filter((r) => r.pool)
        .slice(-2)
        .map((r) => r.split);
for (const split of splitsOut) {
  const isOut = (r) => r.split === split || r.list === `unrelated_${split}`;
  const trained = train(
    positives.filter((p) => !isOut(p)),
    negatives.filter((n) => !isOut(n)),
  );
  for (const catalog of [...Object.keys(found), null]) {
    const inside = (r) => isOut(r) && (catalog === null || r.catalog === catalog);
    const pos = positives.filter(inside);
    if (pos.length === 0) continue;
    console.log(
      report(
        `leave out split ${split}, ${catalog ?? 'all'}`,
        trained,
        pos,
        negatives.filter(inside),
      ),
    );
  }
}
