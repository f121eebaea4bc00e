// Search quality section of `npm run bench` (issue 11): top-1 accuracy and MRR on a dev set
// (the cases the scoring was tuned on) and a held-out test set (only ever measured), on the
// familiar catalogs of ../shared, on two catalogs written for the tests (one in Claude Code
// naming), and how many of 10 unrelated requests get no agent. The ../shared rows are skipped,
// with a row saying so, when ../shared is absent (FLAGSTORE_FIXTURES may point elsewhere).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT } from './lib.mjs';

const dist = (path) => import(join(ROOT, 'dist', path));
const pct = (x) => `${(x * 100).toFixed(1)}%`;

async function catalogs() {
  const { readAgentDir } = await dist('catalog/catalog-store.js');
  const { catalogFromSqlScript } = await dist('sql/catalog-rows.js');
  const data = join(ROOT, 'test', 'data');
  const found = {
    fixture: readAgentDir(join(data, 'catalog')),
    claude: readAgentDir(join(data, 'claude-agents')),
  };
  const acolytes = join(process.env.FLAGSTORE_FIXTURES ?? FIXTURES, 'acolytes');
  if (!existsSync(acolytes)) return { found, missing: acolytes };
  found.files = readAgentDir(join(acolytes, 'agents'));
  found.sqlite = await catalogFromSqlScript(readFileSync(join(acolytes, 'init_db.sql'), 'utf8'));
  return { found, missing: null };
}

const LABELS = {
  files: 'familiar: Acolytes agent files',
  sqlite: 'familiar: Acolytes agents_catalog',
  fixture: 'never tuned: test/data/catalog (domain.module)',
  claude: 'never tuned: test/data/claude-agents (Claude Code naming)',
};

export default async function searchEvalSection({ progress }) {
  progress('search quality: dev and held-out sets');
  const { searchAgents } = await dist('catalog/search.js');
  const { baselineSearch } = await dist('catalog/baseline.js');
  const { evaluate } = await dist('catalog/evaluate.js');
  const set = JSON.parse(readFileSync(join(ROOT, 'test', 'data', 'search-eval.json'), 'utf8'));
  const { found, missing } = await catalogs();
  const rows = [];
  if (missing !== null)
    rows.push({ name: `familiar catalogs skipped: ${missing} is absent`, value: 'skipped' });
  for (const [name, docs] of Object.entries(found)) {
    for (const split of ['dev', 'test']) {
      const cases = set.cases.filter((c) => c.catalog === name && c.split === split);
      if (cases.length === 0) continue;
      const ours = evaluate(cases, (c) => searchAgents(docs, c.query, 10).map((h) => h.handle));
      const agents = docs.map((d) => d.agent);
      const seed = evaluate(cases, (c) => baselineSearch(agents, c.query, 10).map((h) => h.handle));
      const label = `${LABELS[name]} (${docs.length} agents), ${split === 'dev' ? 'dev set (tuned on)' : 'held-out test set'}, ${cases.length} tasks`;
      const goal = name === 'files' || name === 'sqlite' ? '>= 90%' : '>= 80%';
      rows.push(
        {
          name: `${label}: top-1, ours`,
          value: pct(ours.top1),
          target: split === 'test' || goal === '>= 90%' ? goal : '',
        },
        { name: `${label}: top-1, seed scoring`, value: pct(seed.top1) },
        { name: `${label}: MRR, ours`, value: ours.mrr.toFixed(3) },
      );
    }
    const none = set.unrelated.filter((q) => searchAgents(docs, q, 5).length === 0).length;
    rows.push({
      name: `${LABELS[name]}: unrelated requests answered with no agent`,
      value: `${none} of ${set.unrelated.length}`,
      target: '>= 8 of 10',
    });
  }
  return {
    title: 'Agent search quality',
    note: 'test/data/search-eval.json: split "dev" holds the cases the scoring was tuned on; split "test" cases were written afterwards and only measured. The seed scoring is the original 50/40/30/20/15 (+25) formula. Unrelated: 10 requests no agent fits ("bake sourdough bread"), never tuned on.',
    rows,
  };
}
