import { describeHeldOutSet } from './held-out-helpers.js';

/**
 * Integrity of the frozen held-out search sets (test/data/search-eval-<split>.json) and of the
 * catalog written with each. Only the data is checked: the search is never called, so nothing in
 * this file can be used to tune against a set. A new round adds a line here.
 */
const SEED = { files: 30, sqlite: 20, fixture: 22, claude: 25 };

/** Rounds in order: each set's new Claude Code catalog, claude_b for test3 onwards. */
const LETTERS = [
  'b',
  'c',
  'd',
  'e',
  'f',
  'g',
  'h',
  'i',
  'j',
  'k',
  'l',
  'm',
  'n',
  'o',
  'p',
  'q',
  'r',
  's',
  't',
  'u',
  'v',
  'w',
  'x',
  'y',
  'z',
];

/** Tasks per catalog of round `index` (0 for test3): the seed's, and 25 on each Claude catalog. */
function counts(index: number): Record<string, number> {
  const claude = LETTERS.slice(0, index + 1).map((letter) => [`claude_${letter}`, 25]);
  return { ...SEED, ...Object.fromEntries(claude) };
}

for (const [index, letter] of LETTERS.entries()) {
  describeHeldOutSet({
    split: `test${index + 3}`,
    counts: counts(index),
    newFolder: `claude-agents-${letter}`,
  });
}
