/** The ledger's word in the critical block (src/gates/ledger-pending.ts), and a stale lock on its ref. */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withLedgerState } from '../src/gates/ledger-pending.js';
import { loadConfig } from '../src/store/config.js';
import { cli, createFlag, git, makeRepo } from './helpers.js';

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

describe('a lock file a killed process left on the ledger ref', () => {
  it('is named with the fix, instead of a minute of retries and "the ledger kept changing"', async () => {
    const root = await makeRepo();
    const id = await createFlag(root, '@a.one', 'change', '--to', '@b.two');
    const lock = join(root, '.git', 'refs', 'heads', 'flagstore.lock');
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    const res = await cli(root, ['lock', id, '--by', '@b.two']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(`the ledger's ref is locked by ${lock}`);
    expect(res.stderr).toContain(`remove ${lock}`);
  });
});
