// Search quality section of `npm run bench` (issue 11): top-1 accuracy and MRR per split and
// catalog, beside the seed's scoring, and how many unrelated requests get no agent.
// - test/data/search-eval.json is the tuning pool: splits "dev", "test1" and "test2" (each an
//   earlier held-out set, seen once measured), "unrelated", "unrelated_test2", "no_match_dev".
// - test/data/search-eval-test3.json, when present (FLAGSTORE_SEARCH_EVAL_TEST3 may point
//   elsewhere, and FLAGSTORE_SEARCH_EVAL_CLAUDE_B its catalog), is the held-out set written after the third tuning round: split "test3", also
//   on catalog "claude_b" (test/data/claude-agents-b), and "unrelated_test3". Only measured.
// The familiar catalogs come from ../shared and are skipped, with a row saying so, when it is
// absent (FLAGSTORE_FIXTURES may point elsewhere).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT } from './lib.mjs';

const dist = (path) => import(join(ROOT, 'dist', path));
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const DATA = join(ROOT, 'test', 'data');
const TEST3 = process.env.FLAGSTORE_SEARCH_EVAL_TEST3 ?? join(DATA, 'search-eval-test3.json');
const CLAUDE_B = process.env.FLAGSTORE_SEARCH_EVAL_CLAUDE_B ?? join(DATA, 'claude-agents-b');

async function catalogs() {
  const { readAgentDir } = await dist('catalog/catalog-store.js');
  const { catalogFromSqlScript } = await dist('sql/catalog-rows.js');
  const found = {
    fixture: readAgentDir(join(DATA, 'catalog')),
    claude: readAgentDir(join(DATA, 'claude-agents')),
  };
  if (existsSync(CLAUDE_B)) found.claude_b = readAgentDir(CLAUDE_B);
  const acolytes = join(process.env.FLAGSTORE_FIXTURES ?? FIXTURES, 'acolytes');
  if (!existsSync(acolytes)) return { found, missing: acolytes };
  found.files = readAgentDir(join(acolytes, 'agents'));
  found.sqlite = await catalogFromSqlScript(readFileSync(join(acolytes, 'init_db.sql'), 'utf8'));
  return { found, missing: null };
}

const LABELS = {
  files: 'familiar: Acolytes agent files',
  sqlite: 'familiar: Acolytes agents_catalog',
  fixture: 'test/data/catalog (domain.module)',
  claude: 'test/data/claude-agents (Claude Code naming)',
  claude_b: 'never tuned: test/data/claude-agents-b (Claude Code naming, written after tuning)',
};

const SPLITS = {
  dev: 'dev (tuning pool)',
  test1: 'test1 (an earlier held-out set, now in the tuning pool)',
  test2: 'test2 (an earlier held-out set, now in the tuning pool)',
  test3: 'test3 (held out, written after tuning, only measured)',
};

function splitRows({ name, docs, split, cases }, tools) {
  const { searchAgents, baselineSearch, evaluate } = tools;
  const ours = evaluate(cases, (c) => searchAgents(docs, c.query, 10).map((h) => h.handle));
  const agents = docs.map((d) => d.agent);
  const seed = evaluate(cases, (c) => baselineSearch(agents, c.query, 10).map((h) => h.handle));
  const label = `${LABELS[name]} (${docs.length} agents), ${SPLITS[split]}, ${cases.length} tasks`;
  const goal = name === 'files' || name === 'sqlite' ? '>= 90%' : '>= 80%';
  return [
    { name: `${label}: top-1, ours`, value: pct(ours.top1), target: goal },
    { name: `${label}: top-1, seed scoring`, value: pct(seed.top1) },
    { name: `${label}: MRR, ours`, value: ours.mrr.toFixed(3) },
  ];
}

function unrelatedRows(name, docs, { lists, searchAgents }) {
  return lists
    .filter(([, list]) => Array.isArray(list) && list.length > 0)
    .map(([kind, list]) => ({
      name: `${LABELS[name]}: unrelated requests (${kind}) answered with no agent`,
      value: `${list.filter((q) => searchAgents(docs, q, 5).length === 0).length} of ${list.length}`,
      target: '>= 8 of 10',
    }));
}

/** The held-out set, when it exists: its test3 cases and unrelated_test3 requests. */
function heldOut() {
  if (!existsSync(TEST3)) return { cases: [], unrelated: [] };
  const set = JSON.parse(readFileSync(TEST3, 'utf8'));
  const cases = (set.cases ?? []).filter((c) => (c.split ?? 'test3') === 'test3');
  return { cases: cases.map((c) => ({ ...c, split: 'test3' })), unrelated: set.unrelated_test3 };
}

export default async function searchEvalSection({ progress }) {
  progress('search quality: tuning pool and held-out set');
  const { searchAgents } = await dist('catalog/search.js');
  const { baselineSearch } = await dist('catalog/baseline.js');
  const { evaluate } = await dist('catalog/evaluate.js');
  const pool = JSON.parse(readFileSync(join(DATA, 'search-eval.json'), 'utf8'));
  const held = heldOut();
  const cases = [...pool.cases, ...held.cases];
  const lists = [
    ['unrelated, tuning pool', pool.unrelated],
    ['unrelated_test2, tuning pool', pool.unrelated_test2],
    ['unrelated_test3, held out', held.unrelated],
  ];
  const { found, missing } = await catalogs();
  const rows = [];
  if (missing !== null)
    rows.push({ name: `familiar catalogs skipped: ${missing} is absent`, value: 'skipped' });
  if (!existsSync(TEST3))
    rows.push({ name: `held-out set test3: ${TEST3} is absent`, value: 'not measured' });
  const tools = { searchAgents, baselineSearch, evaluate };
  for (const [name, docs] of Object.entries(found)) {
    for (const split of Object.keys(SPLITS)) {
      const chosen = cases.filter((c) => c.catalog === name && c.split === split);
      if (chosen.length > 0) rows.push(...splitRows({ name, docs, split, cases: chosen }, tools));
    }
    rows.push(...unrelatedRows(name, docs, { lists, searchAgents }));
  }
  return {
    title: 'Agent search quality',
    note: 'Tuning pool (test/data/search-eval.json): splits "dev", "test1" and "test2" and the unrelated requests "unrelated", "unrelated_test2" and "no_match_dev"; test1 and test2 were each a held-out set once, measured at the end of a round and then, having been seen, moved to the pool. Held out: split "test3" (test/data/search-eval-test3.json, with the catalog test/data/claude-agents-b) and "unrelated_test3", written after the third tuning round and only measured (docs/catalog.md, "Search quality"). The seed scoring is the original 50/40/30/20/15 (+25) formula. Unrelated: requests no agent fits ("bake sourdough bread").',
    rows,
  };
}
