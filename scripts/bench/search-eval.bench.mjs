// Search quality section of `npm run bench` (issue 11): top-1 accuracy, MRR and how the misses
// split (no agent although one fits, or a wrong agent first) per split and catalog, beside the
// seed's scoring, and how many unrelated requests get no agent.
// - test/data/search-eval.json and each round's file already measured (ROUNDS, `pool: true`)
//   are the tuning pool.
// - A round's file not yet measured (`pool: false`) is the held-out set: printed when present,
//   only measured, never tuned on. Each round brings a split, an unrelated list and a catalog
//   written with it. FLAGSTORE_SEARCH_EVAL_<SPLIT> may point at the file elsewhere and
//   FLAGSTORE_SEARCH_EVAL_<CATALOG> at the catalog folder (FLAGSTORE_SEARCH_EVAL_TEST4,
//   FLAGSTORE_SEARCH_EVAL_CLAUDE_C).
// The familiar catalogs come from ../shared and are skipped, with a row saying so, when it is
// absent (FLAGSTORE_FIXTURES may point elsewhere).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT } from './lib.mjs';

const dist = (path) => import(join(ROOT, 'dist', path));
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const DATA = join(ROOT, 'test', 'data');

/** One held-out set per tuning round, oldest first; a measured one joins the pool. */
export const ROUNDS = [
  { split: 'test3', catalog: 'claude_b', folder: 'claude-agents-b', pool: true },
  { split: 'test4', catalog: 'claude_c', folder: 'claude-agents-c', pool: true },
  { split: 'test5', catalog: 'claude_d', folder: 'claude-agents-d', pool: true },
  { split: 'test6', catalog: 'claude_e', folder: 'claude-agents-e', pool: true },
  { split: 'test7', catalog: 'claude_f', folder: 'claude-agents-f', pool: true },
  { split: 'test8', catalog: 'claude_g', folder: 'claude-agents-g', pool: true },
  { split: 'test9', catalog: 'claude_h', folder: 'claude-agents-h', pool: true },
  { split: 'test10', catalog: 'claude_i', folder: 'claude-agents-i', pool: true },
  { split: 'test11', catalog: 'claude_j', folder: 'claude-agents-j', pool: true },
  { split: 'test12', catalog: 'claude_k', folder: 'claude-agents-k', pool: true },
  { split: 'test13', catalog: 'claude_l', folder: 'claude-agents-l', pool: true },
  { split: 'test14', catalog: 'claude_m', folder: 'claude-agents-m', pool: true },
  { split: 'test15', catalog: 'claude_n', folder: 'claude-agents-n', pool: true },
  { split: 'test16', catalog: 'claude_o', folder: 'claude-agents-o', pool: true },
  { split: 'test17', catalog: 'claude_p', folder: 'claude-agents-p', pool: true },
  { split: 'test18', catalog: 'claude_q', folder: 'claude-agents-q', pool: true },
  { split: 'test19', catalog: 'claude_r', folder: 'claude-agents-r', pool: true },
  { split: 'test20', catalog: 'claude_s', folder: 'claude-agents-s', pool: true },
  { split: 'test21', catalog: 'claude_t', folder: 'claude-agents-t', pool: true },
  { split: 'test22', catalog: 'claude_u', folder: 'claude-agents-u', pool: true },
  { split: 'test23', catalog: 'claude_v', folder: 'claude-agents-v', pool: true },
  { split: 'test24', catalog: 'claude_w', folder: 'claude-agents-w', pool: true },
  { split: 'test25', catalog: 'claude_x', folder: 'claude-agents-x', pool: true },
  { split: 'test26', catalog: 'claude_y', folder: 'claude-agents-y', pool: true },
  { split: 'test27', catalog: 'claude_z', folder: 'claude-agents-z', pool: true },
  { split: 'test28', catalog: 'claude_za', folder: 'claude-agents-za', pool: true },
  { split: 'test29', catalog: 'claude_zb', folder: 'claude-agents-zb', pool: true },
  { split: 'test30', catalog: 'claude_zc', folder: 'claude-agents-zc', pool: true },
  { split: 'test31', catalog: 'claude_zd', folder: 'claude-agents-zd', pool: true },
  { split: 'test32', catalog: 'claude_ze', folder: 'claude-agents-ze', pool: true },
  { split: 'test33', catalog: 'claude_zf', folder: 'claude-agents-zf', pool: true },
  { split: 'test34', catalog: 'claude_zg', folder: 'claude-agents-zg', pool: true },
  { split: 'test35', catalog: 'claude_zh', folder: 'claude-agents-zh', pool: true },
  { split: 'test36', catalog: 'claude_zi', folder: 'claude-agents-zi', pool: true },
  { split: 'test37', catalog: 'claude_zj', folder: 'claude-agents-zj', pool: true },
  { split: 'test38', catalog: 'claude_zk', folder: 'claude-agents-zk', pool: true },
  { split: 'test39', catalog: 'claude_zl', folder: 'claude-agents-zl', pool: false },
].map((r) => ({
  ...r,
  unrelated: `unrelated_${r.split}`,
  file:
    process.env[`FLAGSTORE_SEARCH_EVAL_${r.split.toUpperCase()}`] ??
    join(DATA, `search-eval-${r.split}.json`),
  dir: process.env[`FLAGSTORE_SEARCH_EVAL_${r.catalog.toUpperCase()}`] ?? join(DATA, r.folder),
}));

export async function catalogs() {
  const { readAgentDir } = await dist('catalog/catalog-store.js');
  const { catalogFromSqlScript } = await dist('sql/catalog-rows.js');
  const found = {
    fixture: readAgentDir(join(DATA, 'catalog')),
    claude: readAgentDir(join(DATA, 'claude-agents')),
  };
  for (const r of ROUNDS) if (existsSync(r.dir)) found[r.catalog] = readAgentDir(r.dir);
  const acolytes = join(process.env.FLAGSTORE_FIXTURES ?? FIXTURES, 'acolytes');
  if (!existsSync(acolytes)) return { found, missing: acolytes };
  found.files = readAgentDir(join(acolytes, 'agents'));
  found.sqlite = await catalogFromSqlScript(readFileSync(join(acolytes, 'init_db.sql'), 'utf8'));
  return { found, missing: null };
}

const FAMILIAR = new Set(['files', 'sqlite']);
const LABELS = {
  files: 'familiar: Acolytes agent files',
  sqlite: 'familiar: Acolytes agents_catalog',
  fixture: 'test/data/catalog (domain.module)',
  claude: 'test/data/claude-agents (Claude Code naming)',
};
const label = (name) => {
  const round = ROUNDS.find((r) => r.catalog === name);
  if (round === undefined) return LABELS[name];
  const state = round.pool ? 'written for the held-out set test' : 'never tuned: held-out set test';
  return `test/data/${round.folder} (Claude Code naming, ${state}${round.split.slice(4)})`;
};

function splitName(split) {
  if (split === 'dev') return 'dev (tuning pool)';
  const round = ROUNDS.find((r) => r.split === split);
  if (round !== undefined && !round.pool) return `${split} (held out, only measured)`;
  return `${split} (an earlier held-out set, now in the tuning pool)`;
}

function splitRows({ name, docs, split, cases }, tools) {
  const { searchAgents, baselineSearch, evaluate } = tools;
  const ours = evaluate(cases, (c) => searchAgents(docs, c.query, 10).map((h) => h.handle));
  const agents = docs.map((d) => d.agent);
  const seed = evaluate(cases, (c) => baselineSearch(agents, c.query, 10).map((h) => h.handle));
  const head = `${label(name)} (${docs.length} agents), ${splitName(split)}, ${cases.length} tasks`;
  const wrong = ours.misses.length - ours.noAgent;
  return [
    {
      name: `${head}: top-1, ours`,
      value: pct(ours.top1),
      target: FAMILIAR.has(name) ? '>= 90%' : '>= 80%',
    },
    { name: `${head}: top-1, seed scoring`, value: pct(seed.top1) },
    { name: `${head}: MRR, ours`, value: ours.mrr.toFixed(3) },
    { name: `${head}: misses, ours`, value: `${ours.noAgent} no agent, ${wrong} wrong first` },
  ];
}

function unrelatedRows(name, docs, { lists, searchAgents }) {
  return lists
    .filter(([, list]) => Array.isArray(list) && list.length > 0)
    .map(([kind, list]) => ({
      name: `${label(name)}: unrelated requests (${kind}) answered with no agent`,
      value: `${list.filter((q) => searchAgents(docs, q, 5).length === 0).length} of ${list.length}`,
      target: `>= ${Math.ceil(list.length * 0.8)} of ${list.length}`,
    }));
}

/** Each round's cases and unrelated requests, from its file when it exists. */
export function rounds() {
  return ROUNDS.map((r) => {
    if (!existsSync(r.file)) return { ...r, present: false, cases: [], list: [] };
    const set = JSON.parse(readFileSync(r.file, 'utf8'));
    const cases = (set.cases ?? []).map((c) => ({ ...c, split: c.split ?? r.split }));
    return { ...r, present: true, cases, list: set[r.unrelated] ?? [] };
  });
}

function lists(pool, sets) {
  const where = (r) => (r.pool ? 'tuning pool' : 'held out');
  return [
    ['unrelated, tuning pool', pool.unrelated],
    ['unrelated_test2, tuning pool', pool.unrelated_test2],
    ['no_match_everyday, tuning pool', pool.no_match_everyday],
    ...sets.map((r) => [`${r.unrelated}, ${where(r)}`, r.list]),
  ];
}

export default async function searchEvalSection({ progress }) {
  progress('search quality: tuning pool and held-out set');
  const { searchAgents } = await dist('catalog/search.js');
  const { baselineSearch } = await dist('catalog/baseline.js');
  const { evaluate } = await dist('catalog/evaluate.js');
  const pool = JSON.parse(readFileSync(join(DATA, 'search-eval.json'), 'utf8'));
  const sets = rounds();
  const cases = [...pool.cases, ...sets.flatMap((r) => r.cases)];
  const splits = ['dev', 'test1', 'test2', ...ROUNDS.map((r) => r.split)];
  const { found, missing } = await catalogs();
  const rows = [];
  if (missing !== null)
    rows.push({ name: `familiar catalogs skipped: ${missing} is absent`, value: 'skipped' });
  for (const r of sets.filter((s) => !s.present))
    rows.push({ name: `set ${r.split}: ${r.file} is absent`, value: 'not measured' });
  const tools = { searchAgents, baselineSearch, evaluate };
  for (const [name, docs] of Object.entries(found)) {
    for (const split of splits) {
      const chosen = cases.filter((c) => c.catalog === name && c.split === split);
      if (chosen.length > 0) rows.push(...splitRows({ name, docs, split, cases: chosen }, tools));
    }
    rows.push(...unrelatedRows(name, docs, { lists: lists(pool, sets), searchAgents }));
  }
  const held = ROUNDS.filter((r) => !r.pool).map((r) => r.split);
  const heldText =
    held.length > 0
      ? `${held.join(', ')} (test/data/search-eval-<split>.json, with its catalog), printed when present`
      : 'none listed yet (the next round adds its set to ROUNDS with `pool: false`)';
  return {
    title: 'Agent search quality',
    note: `Tuning pool: test/data/search-eval.json (splits "dev", "test1", "test2"; requests no agent fits "unrelated", "unrelated_test2", "no_match_dev", "no_match_everyday") and the earlier held-out sets now measured and seen (${ROUNDS.filter(
      (r) => r.pool,
    )
      .map((r) => `${r.split} with ${r.unrelated} and the catalog ${r.folder}`)
      .join(
        '; ',
      )}). Held out, only measured: ${heldText}. The no-match rule's weights are fitted on the pool by scripts/bench/search-fit.mjs. Misses are split into "no agent" (a fitting agent exists, none was returned) and "wrong first" (docs/catalog.md, "Search quality"). The seed scoring is the original 50/40/30/20/15 (+25) formula. Unrelated: requests no agent fits ("bake sourdough bread").`,
    rows,
  };
}
