/** The test helper userState itself: it reads a detached HEAD too, and tells it from a branch. */
import { describe, expect, it } from 'vitest';
import { git, makeRepo } from './helpers.js';
import { userState } from './user-state.js';

describe('userState', () => {
  it('reads a detached HEAD, and tells it from the branch at the same commit', async () => {
    const repo = await makeRepo();
    const onBranch = userState(repo);
    git(repo, 'checkout', '-q', '--detach');
    const detached = userState(repo);
    expect(detached.branch.trim()).toBe('HEAD');
    expect(detached.head).toBe(onBranch.head);
    expect(detached).not.toEqual(onBranch);
  });
});
