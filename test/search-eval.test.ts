import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineSearch } from '../src/catalog/baseline.js';
import { readAgentDir } from '../src/catalog/catalog-store.js';
import { evaluate, type EvalCase } from '../src/catalog/evaluate.js';
import { searchAgents, type SearchDoc } from '../src/catalog/search.js';
import { catalogFromSqlScript } from '../src/sql/catalog-rows.js';
import { FIXTURES } from './helpers.js';

const SET = JSON.parse(
  readFileSync(resolve(import.meta.dirname, 'data', 'search-eval.json'), 'utf8'),
) as { cases: EvalCase[]; no_match: string[] };

async function catalogs(): Promise<Record<string, SearchDoc[]>> {
  return {
    files: readAgentDir(resolve(FIXTURES, 'agents')),
    sqlite: await catalogFromSqlScript(readFileSync(resolve(FIXTURES, 'init_db.sql'), 'utf8')),
  };
}

describe('search relevance on the evaluation set', () => {
  it('loads both real catalogs and covers them with enough cases', async () => {
    const all = await catalogs();
    expect(all.files).toHaveLength(60);
    expect(all.sqlite).toHaveLength(41);
    for (const name of ['files', 'sqlite']) {
      const handles = new Set(all[name]?.map((d) => d.agent.handle));
      const cases = SET.cases.filter((c) => c.catalog === name);
      expect(cases.length).toBeGreaterThanOrEqual(20);
      for (const c of cases)
        expect(
          c.expected.every((h) => handles.has(h)),
          c.query,
        ).toBe(true);
    }
  });

  it('beats the seed scoring on top-1 accuracy and MRR in both catalogs', async () => {
    const all = await catalogs();
    for (const name of ['files', 'sqlite']) {
      const docs = all[name] as SearchDoc[];
      const cases = SET.cases.filter((c) => c.catalog === name);
      const ours = evaluate(cases, (c) => searchAgents(docs, c.query, 10).map((h) => h.handle));
      const seed = evaluate(cases, (c) =>
        baselineSearch(
          docs.map((d) => d.agent),
          c.query,
          10,
        ).map((h) => h.handle),
      );
      expect(ours.top1, name).toBeGreaterThan(seed.top1);
      expect(ours.mrr, name).toBeGreaterThan(seed.mrr);
      expect(ours.top1, name).toBeGreaterThanOrEqual(0.85);
    }
  });

  it('returns nothing for tasks no agent fits', async () => {
    const all = await catalogs();
    for (const query of SET.no_match) {
      expect(searchAgents(all.files ?? [], query), query).toEqual([]);
      expect(searchAgents(all.sqlite ?? [], query), query).toEqual([]);
    }
  });
});
