import { describeHeldOutSet } from './held-out-helpers.js';

/**
 * Integrity of the set `test3` (test/data/search-eval-test3.json), frozen and held out in the
 * third round, and of the catalog written with it (test/data/claude-agents-b). Measured once at
 * the end of that round, it is part of the tuning pool now; test/search-eval.test.ts guards the
 * search's figures on it. Only the data is checked here.
 */
describeHeldOutSet({
  file: 'search-eval-test3.json',
  split: 'test3',
  counts: { files: 30, sqlite: 20, fixture: 22, claude: 25, claude_b: 25 },
  folders: { fixture: 'catalog', claude: 'claude-agents', claude_b: 'claude-agents-b' },
  newFolder: 'claude-agents-b',
});
