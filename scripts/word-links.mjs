// WordNet links beside a noun's kinds, for scripts/word-kinds.mjs (since round 28), of any word's
// commonest sense, noun, verb, adjective or adverb:
// - its topic (";c": "affidavit" -> law, "algebra" -> math);
// - words of the same root ("+", and an adjective's or adverb's "\\" pertainym: "invigilate" ->
//   supervise, "fiduciary" -> trust, "surgical" -> surgery).
// Each keeps only terms the pool's agent texts use. Round 28 also measured a verb's kinds and
// words of a sense's definition (docs/catalog.md, round 28), with this script as of commit
// 0e67c40, and kept neither.
import { firstSenses, readSynsets } from './wordnet.mjs';

/** The data file of each part of speech a pointer names (`s`: a satellite adjective). */
const FILES = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
/** The pointers followed, in this order: the topic, then derivation and pertainym. */
const LINKS = [[';c'], ['+', '\\']];

/** The lemmas one word's commonest sense links to. */
function linksOf(word, synset, data) {
  const at = synset.lemmas.indexOf(word) + 1;
  const mine = (p) => p.src === 0 || p.src === at;
  return LINKS.flatMap((syms) =>
    synset.pointers.filter((p) => syms.includes(p.sym) && mine(p)),
  ).flatMap((p) => {
    const target = data[FILES[p.pos]].get(p.offset);
    return p.tgt > 0 ? [target.lemmas[p.tgt - 1]] : target.lemmas;
  });
}

/** For each word's term, the terms its links reach that the agent texts use. */
export function wordLinks({ dict, known, termOf }) {
  const data = {};
  for (const file of new Set(Object.values(FILES))) data[file] = readSynsets(dict, file);
  const table = new Map();
  for (const file of ['noun', 'verb', 'adj', 'adv'])
    for (const [word, offset] of firstSenses(dict, file)) {
      const term = termOf(word);
      const linked = linksOf(word, data[file].get(offset), data);
      const kept = linked.flatMap((l) => termOf(l) ?? []).filter((t) => t !== term && known.has(t));
      if (term && kept.length > 0)
        table.set(term, [...new Set([...(table.get(term) ?? []), ...kept])]);
    }
  return table;
}
