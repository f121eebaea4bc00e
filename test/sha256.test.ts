/** flagstore in a SHA-256 repository (git init --object-format=sha256): the ledger's writes. */
import { describe, expect, it } from 'vitest';
import { cli, createFlag, emptyRepo, git, tempDir } from './helpers.js';
import { ledgerPath } from '../src/core/ledger-layout.js';

describe('a SHA-256 repository', () => {
  it('creates the ledger, then locks and completes through it', async () => {
    const repo = emptyRepo(tempDir(), ['--object-format=sha256']);
    expect((await cli(repo, ['init'])).code).toBe(0);
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    expect((await cli(repo, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    expect((await cli(repo, ['complete', id, '--by', '@b.two', '--notes', 'Done.'])).code).toBe(0);
    const tip = git(repo, 'rev-parse', 'refs/heads/flagstore').trim();
    expect(tip).toMatch(/^[0-9a-f]{64}$/);
    expect(git(repo, 'show', `flagstore:${ledgerPath('flags', id)}`)).toContain(
      'status: completed',
    );
    git(repo, 'fsck', '--strict');
  });
});
