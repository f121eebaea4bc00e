import { describeHeldOutSet } from './held-out-helpers.js';

/**
 * Integrity of the frozen held-out set `test4` (test/data/search-eval-test4.json) and of the
 * catalog written with it (test/data/claude-agents-c). Only the data is checked: the search is
 * never called, so nothing in this file can be used to tune against the set.
 */
describeHeldOutSet({
  file: 'search-eval-test4.json',
  split: 'test4',
  counts: { files: 30, sqlite: 20, fixture: 22, claude: 25, claude_b: 25, claude_c: 25 },
  folders: {
    fixture: 'catalog',
    claude: 'claude-agents',
    claude_b: 'claude-agents-b',
    claude_c: 'claude-agents-c',
  },
  newFolder: 'claude-agents-c',
});
