import { describeHeldOutSet } from './held-out-helpers.js';

/**
 * Integrity of the held-out set `test3` (test/data/search-eval-test3.json) and of the catalog
 * written with it (test/data/claude-agents-b). The search is never called here.
 */
describeHeldOutSet({
  file: 'search-eval-test3.json',
  split: 'test3',
  counts: { files: 30, sqlite: 20, fixture: 22, claude: 25, claude_b: 25 },
  folders: { fixture: 'catalog', claude: 'claude-agents', claude_b: 'claude-agents-b' },
  newFolder: 'claude-agents-b',
});
