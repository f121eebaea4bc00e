import { describeHeldOutSet } from './held-out-helpers.js';

/**
 * Integrity of the frozen held-out set `test6` (test/data/search-eval-test6.json) and of the
 * catalog written with it (test/data/claude-agents-e). Only the data is checked: the search is
 * never called, so nothing in this file can be used to tune against the set.
 */
describeHeldOutSet({
  file: 'search-eval-test6.json',
  split: 'test6',
  counts: {
    files: 30,
    sqlite: 20,
    fixture: 22,
    claude: 25,
    claude_b: 25,
    claude_c: 25,
    claude_d: 25,
    claude_e: 25,
  },
  folders: {
    fixture: 'catalog',
    claude: 'claude-agents',
    claude_b: 'claude-agents-b',
    claude_c: 'claude-agents-c',
    claude_d: 'claude-agents-d',
    claude_e: 'claude-agents-e',
  },
  newFolder: 'claude-agents-e',
});
