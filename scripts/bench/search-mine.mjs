// The mined tables the search's evaluation tools use in place of data/related-words.txt
// (scripts/related-words.mjs), chosen by FLAGSTORE_SEARCH_MINED:
// - "shipped" (the default): the shipped table, mined from every catalog of the pool;
// - "loo": for each catalog, a table mined without it (leave one catalog out), so its figures
//   show what mining earns on a catalog it never saw, not what it memorised;
// - "none": no mined words and no agent text in the no-match rule (the figures before them).
// `FLAGSTORE_SEARCH_MINED=loo node scripts/bench/search-fit.mjs` fits and reports with them.
import { join } from 'node:path';
import { ROOT } from './lib.mjs';
import { agentTexts, minedTable } from '../related-words.mjs';

const { parseMinedWords } = await import(join(ROOT, 'dist', 'catalog', 'related-words.js'));

/** Tuning that switches mining off: no related words and no agent text. */
const NONE = { mined: parseMinedWords('1\n'), domainCorpus: 0 };

/** The tuning each catalog is searched with, by catalog name. */
export async function minedTuning(names) {
  const mode = process.env.FLAGSTORE_SEARCH_MINED ?? 'shipped';
  if (mode === 'shipped') return Object.fromEntries(names.map((n) => [n, {}]));
  if (mode === 'none') return Object.fromEntries(names.map((n) => [n, NONE]));
  const tables = {};
  for (const name of names) {
    const key = name === 'sqlite' ? 'files' : name;
    tables[key] ??= parseMinedWords(await minedTable(agentTexts([key])));
    tables[name] = tables[key];
  }
  return Object.fromEntries(names.map((n) => [n, { mined: tables[n] }]));
}
