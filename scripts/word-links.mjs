// WordNet links beside a noun's kinds, for scripts/word-kinds.mjs (since round 28), of any word's
// commonest sense, noun, verb, adjective or adverb. FLAGSTORE_KINDS_LINKS (comma-separated)
// chooses them; the shipped table has "domain,derive":
// - "domain": the topic its sense belongs to (";c": "affidavit" -> law, "algebra" -> math);
// - "derive": words of the same root ("+", and an adjective's or adverb's "\\" pertainym:
//   "invigilate" -> supervise, "fiduciary" -> trust, "surgical" -> surgery);
// - "verb": a verb's nearest kinds, up to two steps up; "gloss": two words of its definition
//   everyday English uses at most 1,000 times (both measured in round 28 and not kept).
// Each keeps only terms the pool's agent texts use.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const KINDS = new Set(
  (process.env.FLAGSTORE_KINDS_LINKS ?? 'domain,derive').split(',').filter(Boolean),
);
const FILES = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
/** Steps up a verb's hypernyms. */
const VERB_STEPS = 2;
/** Words of a definition kept. */
const GLOSS = 2;

const clean = (lemma) => lemma.toLowerCase().replace(/\(.*\)$/, '');

/** Synsets of one data file: lemmas and pointers (symbol, offset, pos, source, target). */
function synsets(dict, file) {
  const map = new Map();
  for (const line of readFileSync(join(dict, `data.${file}`), 'utf8').split('\n')) {
    if (!/^\d/.test(line)) continue;
    const f = line.split(' | ')[0].split(' ');
    const count = parseInt(f[3], 16);
    const lemmas = [...Array(count)].map((_, i) => clean(f[4 + 2 * i]));
    const at = 4 + 2 * count;
    const pointers = [...Array(Number(f[at]))].map((_, i) => {
      const [sym, offset, pos, st] = f.slice(at + 1 + 4 * i, at + 5 + 4 * i);
      return {
        sym,
        offset,
        pos,
        src: parseInt(st.slice(0, 2), 16),
        tgt: parseInt(st.slice(2), 16),
      };
    });
    const gloss = (line.split(' | ')[1] ?? '').split(/;\s*"/)[0];
    map.set(f[0], { lemmas, pointers, gloss });
  }
  return map;
}

/** Each single word of an index file with the synset of its commonest sense. */
function firstSenses(dict, file) {
  const out = [];
  for (const line of readFileSync(join(dict, `index.${file}`), 'utf8').split('\n')) {
    const f = line.split(' ').filter(Boolean);
    if (line.startsWith(' ') || f.length < 4 || !/^[a-z]+$/.test(f[0])) continue;
    out.push([f[0], f[f.length - Number(f[2])]]);
  }
  return out;
}

/** The links of one word's commonest sense, by the kinds chosen. */
function linksOf(word, synset, ctx) {
  const at = synset.lemmas.indexOf(word) + 1;
  const lemmasAt = (p) => {
    const target = ctx.data[FILES[p.pos]].get(p.offset);
    return p.tgt > 0 ? [target.lemmas[p.tgt - 1]] : target.lemmas;
  };
  const mine = (p) => p.src === 0 || p.src === at;
  const pick = (syms) => synset.pointers.filter((p) => syms.includes(p.sym) && mine(p));
  const found = [];
  if (KINDS.has('domain')) found.push(...pick([';c']).flatMap(lemmasAt));
  if (KINDS.has('derive')) found.push(...pick(['+', '\\']).flatMap(lemmasAt));
  if (KINDS.has('gloss')) found.push(...glossWords(synset, ctx));
  return found;
}

/** Words of a synset's definition the agent texts use, not everyday ones: at most GLOSS. */
function glossWords(synset, ctx) {
  const words = synset.gloss.toLowerCase().match(/[a-z]+/g) ?? [];
  const rare = words.filter((w) => ctx.termOf(w) && ctx.everyday(ctx.termOf(w)) <= 1000);
  return [...new Set(rare)].filter((w) => ctx.known.has(ctx.termOf(w))).slice(0, GLOSS);
}

/** A verb's nearest kinds the agent texts use, at the first level that has any. */
function verbKinds(synset, ctx) {
  let level = [synset];
  for (let step = 0; step < VERB_STEPS; step++) {
    level = level.flatMap((s) =>
      s.pointers.filter((p) => p.sym === '@').map((p) => ctx.data.verb.get(p.offset)),
    );
    const found = level.flatMap(
      (s) => s.lemmas.map(ctx.termOf).find((t) => ctx.known.has(t)) ?? [],
    );
    if (found.length > 0) return found;
  }
  return [];
}

/** For each word's term, the terms its chosen links reach that the agent texts use. */
export function wordLinks({ dict, known, termOf, everyday }) {
  const table = new Map();
  if (KINDS.size === 0) return table;
  const ctx = { known, termOf, everyday, data: {} };
  for (const file of new Set(Object.values(FILES))) ctx.data[file] = synsets(dict, file);
  for (const file of ['noun', 'verb', 'adj', 'adv'])
    for (const [word, offset] of firstSenses(dict, file)) {
      const synset = ctx.data[file].get(offset);
      const found = linksOf(word, synset, ctx);
      if (file === 'verb' && KINDS.has('verb')) found.push(...verbKinds(synset, ctx));
      const term = termOf(word);
      const terms = found.flatMap((l) => (/^[a-z]+$/.test(l) ? (termOf(l) ?? []) : []));
      const kept = terms.filter((t) => t !== term && known.has(t));
      if (term && kept.length > 0)
        table.set(term, [...new Set([...(table.get(term) ?? []), ...kept])]);
    }
  return table;
}
