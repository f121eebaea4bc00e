import { describeHeldOutSet } from './held-out-helpers.js';

/**
 * Integrity of the frozen held-out search sets (test/data/search-eval-<split>.json) and of the
 * catalog written with each. Only the data is checked: the search is never called, so nothing in
 * this file can be used to tune against a set. A new round adds a line here.
 */
const SEED = { files: 30, sqlite: 20, fixture: 22, claude: 25 };

describeHeldOutSet({
  split: 'test3',
  counts: { ...SEED, claude_b: 25 },
  newFolder: 'claude-agents-b',
});
describeHeldOutSet({
  split: 'test4',
  counts: { ...SEED, claude_b: 25, claude_c: 25 },
  newFolder: 'claude-agents-c',
});
describeHeldOutSet({
  split: 'test5',
  counts: { ...SEED, claude_b: 25, claude_c: 25, claude_d: 25 },
  newFolder: 'claude-agents-d',
});
describeHeldOutSet({
  split: 'test6',
  counts: { ...SEED, claude_b: 25, claude_c: 25, claude_d: 25, claude_e: 25 },
  newFolder: 'claude-agents-e',
});
describeHeldOutSet({
  split: 'test7',
  counts: { ...SEED, claude_b: 25, claude_c: 25, claude_d: 25, claude_e: 25, claude_f: 25 },
  newFolder: 'claude-agents-f',
});
describeHeldOutSet({
  split: 'test8',
  counts: {
    ...SEED,
    claude_b: 25,
    claude_c: 25,
    claude_d: 25,
    claude_e: 25,
    claude_f: 25,
    claude_g: 25,
  },
  newFolder: 'claude-agents-g',
});
describeHeldOutSet({
  split: 'test9',
  counts: {
    ...SEED,
    claude_b: 25,
    claude_c: 25,
    claude_d: 25,
    claude_e: 25,
    claude_f: 25,
    claude_g: 25,
    claude_h: 25,
  },
  newFolder: 'claude-agents-h',
});
