import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeHeldOutSet, LETTERS } from './held-out-helpers.js';

/**
 * Integrity of the frozen held-out search sets (test/data/search-eval-<split>.json) and of the
 * catalog written with each. Only the data is checked: the search is never called, so nothing in
 * this file can be used to tune against a set. A new round adds its letter to `LETTERS`
 * (held-out-helpers.ts).
 */
const SEED = { files: 30, sqlite: 20, fixture: 22, claude: 25 };

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

describe('held-out sets', () => {
  it('are each checked here: every test/data/search-eval-test<n>.json has its round', () => {
    const files = readdirSync(resolve(import.meta.dirname, 'data'))
      .map((name) => /^search-eval-test(\d+)\.json$/.exec(name)?.[1])
      .filter((n) => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    expect(files).toEqual(LETTERS.map((_, index) => index + 3));
  });
});
