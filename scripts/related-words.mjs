// Writes data/related-words.txt (read by src/catalog/related-words.ts): for each index term of
// the agent texts of the tuning pool's catalogs, how often those texts use it and up to RELATED
// terms that keep its company (co-occurrence in the same sentence, scored by pointwise mutual
// information times the count, kept only when the pair is met in at least two agents). The
// search lets a query word a catalog does not know reach its agents through those words, at a
// low weight, and the no-match rule reads the counts as "agent text" beside everyday English
// (docs/catalog.md, "How it ranks"). Mined, not written: no word list per catalog or query.
// Run `npm run build && FLAGSTORE_FIXTURES=... node scripts/related-words.mjs` after changing the
// text analysis or the pool's catalogs; `--check` only compares. scripts/bench/search-mine.mjs
// checks what it earns leaving one catalog out (mined without it, measured on it).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, ROOT } from './bench/lib.mjs';
import { ROUNDS } from './bench/search-eval.bench.mjs';

/** Related terms kept per term. */
export const RELATED = 3;
/** Sentences with more distinct terms than this are lists, not phrases: skipped for pairs. */
const LONGEST = 40;
/** A term is kept when the agent texts use it at least this often. */
const KEEP = 3;

const DATA = join(ROOT, 'test', 'data');

/** The pool's catalog folders, by the catalog names of the evaluation ("files" and "sqlite"
 * are the same agents, read once as "files"): each measured round's catalog (`pool: true` in
 * ROUNDS) joins as its round joins the pool, and a held-out round's is never mined. */
export function sourceFolders() {
  const acolytes = join(process.env.FLAGSTORE_FIXTURES ?? FIXTURES, 'acolytes', 'agents');
  const folders = {
    fixture: join(DATA, 'catalog'),
    claude: join(DATA, 'claude-agents'),
    ...Object.fromEntries(ROUNDS.filter((r) => r.pool).map((r) => [r.catalog, r.dir])),
    files: acolytes,
  };
  return Object.fromEntries(Object.entries(folders).filter(([, dir]) => existsSync(dir)));
}

/** Each agent file's text, with its catalog. */
export function agentTexts(without = []) {
  const left = new Set(without.map((c) => (c === 'sqlite' ? 'files' : c)));
  return Object.entries(sourceFolders())
    .filter(([catalog]) => !left.has(catalog))
    .flatMap(([catalog, dir]) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => ({ catalog, text: readFileSync(join(dir, f), 'utf8') })),
    );
}

/** A text's sentences (code kept: its comments and names are words agents are asked about). */
const sentences = (text) => text.split(/\n|[.;!?](?=\s)|:\s/);

/** Counts each ordered pair of a sentence's distinct terms, with the agents it is met in. */
function addPairs(pairs, unique, agent) {
  for (const a of unique)
    for (const b of unique) {
      if (a === b) continue;
      const key = a * 1e6 + b;
      const p = pairs.get(key) ?? { n: 0, agents: new Set() };
      p.n++;
      p.agents.add(agent);
      pairs.set(key, p);
    }
}

/** Term counts, sentence counts and pair counts of the texts. */
function countAll(texts, terms) {
  const ids = new Map();
  const names = [];
  const id = (t) => ids.get(t) ?? (ids.set(t, names.length), names.push(t), names.length - 1);
  const count = [];
  const seen = [];
  const pairs = new Map();
  let total = 0;
  texts.forEach(({ text }, agent) => {
    for (const sentence of sentences(text)) {
      const list = terms(sentence).map(id);
      total += list.length;
      for (const t of list) count[t] = (count[t] ?? 0) + 1;
      const unique = [...new Set(list)];
      for (const t of unique) seen[t] = (seen[t] ?? 0) + 1;
      if (unique.length > LONGEST) continue;
      addPairs(pairs, unique, agent);
    }
  });
  return { names, count, seen, pairs, total };
}

/** The table: total term count, then `term count related...` lines by falling count. */
export async function minedTable(texts) {
  const { terms } = await import(join(ROOT, 'dist', 'catalog', 'text.js'));
  const { names, count, seen, pairs, total } = countAll(texts, terms);
  const sentencesSeen = seen.reduce((s, v) => s + (v ?? 0), 0);
  const best = new Map();
  for (const [key, { n, agents }] of pairs) {
    if (n < 2 || agents.size < 2) continue;
    const a = Math.floor(key / 1e6);
    const b = key % 1e6;
    const pmi = Math.log((n * sentencesSeen) / (seen[a] * seen[b]));
    if (pmi <= 0) continue;
    const list = best.get(a) ?? [];
    list.push([b, n * pmi]);
    best.set(a, list);
  }
  const lines = names
    .map((name, t) => ({ name, t, n: count[t] ?? 0 }))
    .filter(({ n }) => n >= KEEP)
    .sort((x, y) => y.n - x.n || (x.name < y.name ? -1 : 1))
    .map(({ name, t, n }) => {
      const related = (best.get(t) ?? [])
        .sort((x, y) => y[1] - x[1] || x[0] - y[0])
        .slice(0, RELATED)
        .map(([b]) => names[b]);
      return [name, n, ...related].join(' ');
    });
  return `${total}\n${lines.join('\n')}\n`;
}

const FILE = join(ROOT, 'data', 'related-words.txt');

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = await minedTable(agentTexts());
  if (process.argv.includes('--check')) {
    const same = existsSync(FILE) && readFileSync(FILE, 'utf8') === text;
    console.log(same ? 'data/related-words.txt is up to date' : 'data/related-words.txt differs');
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(FILE, text);
    console.log(`wrote ${FILE}: ${text.split('\n').length - 2} terms, ${text.length} bytes`);
  }
}
