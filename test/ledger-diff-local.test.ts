/**
 * The ledger's changes between two commits read in this process (src/git/ledger-diff-local.ts,
 * which sync uses to find pushed locks a completion ended) agree with `git diff-tree`'s
 * (fannedChanges): flags created in new fan-out folders, locked, completed, all at once; and a
 * flat copy is left to the caller, as git's answer is; a gitlink counts as gone.
 */
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo } from './helpers.js';
import { commitLedger } from './ledger-helpers.js';
import { flatLedgerPath, ledgerPath } from '../src/core/ledger-layout.js';
import { fannedChanges, type LedgerChange } from '../src/git/ledger-diff.js';
import { ledgerChanges } from '../src/git/ledger-diff-local.js';

const byId = (changes: LedgerChange[] | null) =>
  changes === null ? null : [...changes].sort((x, y) => (x.id < y.id ? -1 : 1));

describe('ledger changes read in this process', () => {
  it('agree with git diff-tree between every two ledger commits, and leave flat copies to the caller', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    expect((await cli(repo, ['complete', id, '--by', '@b.two'])).code).toBe(0);
    const commits = git(repo, 'rev-list', 'flagstore').trim().split('\n');
    expect(commits.length).toBeGreaterThanOrEqual(4);
    for (const from of commits) {
      for (const to of commits) {
        const at = { from, to, dir: 'flags' };
        const local = ledgerChanges(repo, at);
        expect(local).not.toBeNull();
        expect(byId(local)).toEqual(byId(fannedChanges(repo, at)));
      }
    }
    const tip = commits[0] as string;
    // A gitlink where a flag file was: gone, as git diff-tree has it.
    commitLedger(repo, 'refs/heads/flagstore', [`160000 ${tip}\t${ledgerPath('flags', id)}`]);
    const linked = { from: tip, to: git(repo, 'rev-parse', 'flagstore').trim(), dir: 'flags' };
    expect(ledgerChanges(repo, linked)).toEqual(fannedChanges(repo, linked));
    const copy = git(repo, 'rev-parse', `flagstore:${ledgerPath('flags', id)}`).trim();
    commitLedger(repo, 'refs/heads/flagstore', [`100644 ${copy}\t${flatLedgerPath('flags', id)}`]);
    const flat = git(repo, 'rev-parse', 'flagstore').trim();
    expect(ledgerChanges(repo, { from: tip, to: flat, dir: 'flags' })).toBeNull();
  });
});
