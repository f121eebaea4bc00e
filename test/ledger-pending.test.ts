/** The ledger's word in the critical block (src/gates/ledger-pending.ts), read from real trees. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLedgerState } from '../src/gates/ledger-pending.js';
import { loadConfig } from '../src/store/config.js';
import { createFlag, git, makeRepo } from './helpers.js';

describe('the ledger view of the critical block', () => {
  it('reads the flags folder the config names now, not the one it cached', async () => {
    const root = await makeRepo();
    const id = await createFlag(
      root,
      '@a.one',
      'security',
      '--impact',
      'critical',
      '--to',
      '@b.two',
    );
    const tree = git(root, 'rev-parse', 'refs/heads/flagstore^{tree}').trim();
    const repo = { root, gitDir: join(root, '.git'), config: loadConfig(root) };
    expect((await withLedgerState(repo, [], tree)).map((f) => f.id)).toEqual([id]);
    const moved = { ...repo, config: { ...repo.config, flags_dir: 'elsewhere' } };
    expect(await withLedgerState(moved, [], tree)).toEqual([]);
  });
});
