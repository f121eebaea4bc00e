import { describeHeldOutSet } from './held-out-helpers.js';

/**
 * Integrity of the frozen held-out set `test5` (test/data/search-eval-test5.json) and of the
 * catalog written with it (test/data/claude-agents-d). Only the data is checked: the search is
 * never called, so nothing in this file can be used to tune against the set.
 */
describeHeldOutSet({
  file: 'search-eval-test5.json',
  split: 'test5',
  counts: {
    files: 30,
    sqlite: 20,
    fixture: 22,
    claude: 25,
    claude_b: 25,
    claude_c: 25,
    claude_d: 25,
  },
  folders: {
    fixture: 'catalog',
    claude: 'claude-agents',
    claude_b: 'claude-agents-b',
    claude_c: 'claude-agents-c',
    claude_d: 'claude-agents-d',
  },
  newFolder: 'claude-agents-d',
});
