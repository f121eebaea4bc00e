/**
 * `--commit` while a merge or a cherry-pick stops on a conflict: git refuses to commit one file
 * then ("cannot do a partial commit during a merge"). flagstore used to write the flag, then fail
 * with a fix (`git add` and `git commit -- <flag>`) that git refuses the same way. It now refuses
 * before it writes anything, and says how to finish or leave the merge.
 */
import { describe, expect, it } from 'vitest';
import { cli, createArgs, createFlag, git, makeRepo, readFlag } from './helpers.js';
import { commitCode, state } from './stopped-helpers.js';

/** Two branches that change one line differently, `side` merged (or picked) into main. */
function conflictOn(repo: string, how: 'merge' | 'cherry-pick'): void {
  git(repo, 'checkout', '-q', '-b', 'side');
  commitCode(repo, 'side');
  git(repo, 'checkout', '-q', 'main');
  commitCode(repo, 'main');
  const args = how === 'merge' ? ['merge', '--no-edit', 'side'] : ['cherry-pick', 'side'];
  expect(() => git(repo, ...args)).toThrow();
}

describe('--commit during a merge or a cherry-pick', () => {
  it('create --commit refuses before writing, naming the merge and the way out', async () => {
    const repo = await makeRepo();
    conflictOn(repo, 'merge');
    const before = state(repo);
    const res = await cli(repo, ['--json', ...createArgs('change', '--by', '@a.one', '--commit')]);
    expect(res.code).toBe(8);
    const error = res.json<{ error: { message: string; fix: string } }>().error;
    expect(error.message).toContain('a merge is in progress');
    expect(error.fix).toContain('git merge --abort');
    expect(error.fix).toContain('without --commit');
    expect(state(repo)).toBe(before);
    const plain = await cli(repo, [...createArgs('change', '--by', '@a.one')]);
    expect(plain.code).toBe(0);
  });

  it('lock --commit in a cherry-pick refuses and leaves the flag as it was', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    conflictOn(repo, 'cherry-pick');
    const before = state(repo) + readFlag(repo, id);
    const res = await cli(repo, ['lock', id, '--by', '@b.two', '--commit']);
    expect(res.code).toBe(8);
    expect(res.stderr).toContain('a cherry-pick is in progress');
    expect(res.stderr).toContain('git cherry-pick --abort');
    expect(state(repo) + readFlag(repo, id)).toBe(before);
  });
});
