import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, readFlag, tempDir } from './helpers.js';
import { committedFlag } from './flag-repo.js';

// Which lock state `list --all-branches` shows when a branch and the ledger disagree: the newer
// one by the flag's own times, a release (`unlocked_at`) included; a completion over any lock.

interface BranchFlag {
  id: string;
  status: string;
  locked: boolean;
  locked_by: string | null;
  from: string;
}

async function allBranches(repo: string): Promise<Map<string, BranchFlag>> {
  const res = await cli(repo, ['--json', 'list', '--all-branches', '--status', 'all']);
  expect(res.code, res.stderr).toBe(0);
  return new Map(res.json<{ flags: BranchFlag[] }>().flags.map((f) => [f.id, f]));
}

async function ok(repo: string, ...args: string[]): Promise<void> {
  const res = await cli(repo, args);
  expect(res.code, res.stderr).toBe(0);
}

/** Commits a lock of the flag on a new branch `feature`, then goes back to main. */
async function lockOnFeature(repo: string, id: string, by: string): Promise<void> {
  git(repo, 'checkout', '-q', '-b', 'feature');
  await ok(repo, 'lock', id, '--by', by);
  git(repo, 'commit', '-q', '--no-verify', '-am', 'lock on feature');
  git(repo, 'checkout', '-q', 'main');
}

describe('list --all-branches: the newer lock state wins', () => {
  it('shows a lock committed on a branch as released once the ledger records a later unlock', async () => {
    const { repo, id } = await committedFlag();
    await lockOnFeature(repo, id, '@b.two');
    expect((await allBranches(repo)).get(id)).toMatchObject({ locked: true, from: 'feature' });
    await ok(repo, 'unlock', id, '--by', '@b.two');
    expect((await allBranches(repo)).get(id)).toMatchObject({
      locked: false,
      locked_by: null,
      from: 'ledger',
    });
  });

  it('shows a release committed on one branch over a lock committed earlier on another', async () => {
    const { repo, id } = await committedFlag();
    await lockOnFeature(repo, id, '@b.two');
    git(repo, 'checkout', '-q', 'feature');
    await ok(repo, 'unlock', id, '--by', '@b.two');
    git(repo, 'commit', '-q', '--no-verify', '-am', 'release on a second branch');
    git(repo, 'branch', '-q', '-f', 'released');
    git(repo, 'reset', '-q', '--hard', 'HEAD~1');
    git(repo, 'checkout', '-q', 'main');
    // As in a clone that never synced: only the branches say what happened.
    git(repo, 'update-ref', '-d', 'refs/heads/flagstore');
    expect((await allBranches(repo)).get(id)).toMatchObject({ locked: false, from: 'released' });
  });

  it('shows a lock committed after the ledger released the flag, and a completion over a later lock', async () => {
    const { repo, id } = await committedFlag();
    const done = await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'second flag');
    await ok(repo, 'lock', id, '--by', '@b.two');
    await ok(repo, 'unlock', id, '--by', '@b.two');
    await ok(repo, 'complete', done, '--by', '@b.two');
    // Another clone, which never synced the ledger, locks both later and commits on a branch.
    const clone = join(tempDir(), 'clone');
    git(tempDir(), 'clone', '-q', repo, clone);
    git(clone, 'checkout', '-q', '-b', 'feature');
    await ok(clone, 'lock', id, '--by', '@c.three');
    await ok(clone, 'lock', done, '--by', '@c.three');
    git(clone, 'commit', '-q', '--no-verify', '-am', 'locks in the clone');
    git(repo, 'fetch', '-q', clone, 'feature:feature');
    const seen = await allBranches(repo);
    expect(seen.get(id)).toMatchObject({ locked: true, locked_by: '@c.three', from: 'feature' });
    expect(seen.get(done)).toMatchObject({ status: 'completed', locked: false, from: 'ledger' });
  });

  it('shows the lock committed on a branch in a clone without the ledger', async () => {
    const { repo, id } = await committedFlag();
    await lockOnFeature(repo, id, '@b.two');
    const clone = join(tempDir(), 'clone');
    git(tempDir(), 'clone', '-q', '--no-tags', '--single-branch', '-b', 'main', repo, clone);
    git(clone, 'fetch', '-q', 'origin', 'feature:refs/remotes/origin/feature');
    expect(git(clone, 'branch', '-a')).not.toContain('flagstore');
    // The clone's own copy (main's, never locked, no ledger) is older than the branch's lock.
    expect(readFlag(clone, id)).not.toContain('locked: true');
    expect((await allBranches(clone)).get(id)).toMatchObject({
      locked: true,
      locked_by: '@b.two',
      from: 'origin/feature',
    });
  });
});
