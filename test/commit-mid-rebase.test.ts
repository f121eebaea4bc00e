/**
 * `--commit` while a rebase (or a revert) is stopped: git accepts a commit of one file then, so
 * the flag's commit used to land inside the rebase's replay (on its detached HEAD, so in the
 * rebased branch) or end a stopped revert. It now refuses before it writes anything, as during a
 * merge (test/commit-mid-merge.test.ts), in the main work tree and in a linked worktree, whose
 * own git directory holds its rebase's state.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createArgs, createFlag, git, makeRepo, readFlag, tempDir } from './helpers.js';
import { commitCode, state } from './stopped-helpers.js';

/**
 * A new branch rebased onto the one checked out in `dir` (with `backend`, `--merge` or `--apply`,
 * whose state is `rebase-apply` as git am's is), stopped on a conflict in code.txt.
 */
function conflictedRebase(dir: string, side: string, backend = '--merge'): void {
  const base = git(dir, 'branch', '--show-current').trim();
  git(dir, 'checkout', '-q', '-b', side);
  commitCode(dir, side);
  git(dir, 'checkout', '-q', base);
  commitCode(dir, base);
  git(dir, 'checkout', '-q', side);
  expect(() => git(dir, 'rebase', backend, base)).toThrow();
}

/** `git rebase -i` in `dir` stopped at an `edit` of its branch's last commit (no conflict). */
function stoppedAtEdit(dir: string): void {
  commitCode(dir, 'one');
  commitCode(dir, 'two');
  const env = { ...process.env, GIT_SEQUENCE_EDITOR: 'sed -i -e s/^pick/edit/' };
  execFileSync('git', ['rebase', '-i', 'HEAD~1'], { cwd: dir, env, stdio: 'ignore' });
}

describe('--commit during a rebase or a revert', () => {
  it('create --commit in a rebase stopped at an edit refuses before writing', async () => {
    const repo = await makeRepo();
    stoppedAtEdit(repo);
    const before = state(repo);
    const res = await cli(repo, ['--json', ...createArgs('change', '--by', '@a.one', '--commit')]);
    expect(res.code).toBe(8);
    const error = res.json<{ error: { message: string; fix: string } }>().error;
    expect(error.message).toContain('a rebase is in progress');
    expect(error.fix).toContain('git rebase --continue');
    expect(error.fix).toContain('git rebase --abort');
    expect(error.fix).toContain('without --commit');
    expect(state(repo)).toBe(before);
  });

  it('lock --commit in a conflicted rebase of a linked worktree refuses; the main tree commits', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    const second = join(tempDir(), 'second');
    git(repo, 'worktree', 'add', '-q', '-b', 'other', second);
    conflictedRebase(second, 'side');
    const before = state(second) + readFlag(second, id);
    const res = await cli(second, ['lock', id, '--by', '@b.two', '--commit']);
    expect(res.code).toBe(8);
    expect(res.stderr).toContain('a rebase is in progress');
    expect(state(second) + readFlag(second, id)).toBe(before);
    const main = await cli(repo, ['lock', id, '--by', '@b.two', '--commit']);
    expect(main.code).toBe(0);
  });

  it.each(['--merge', '--apply'])(
    'create --commit in a conflicted rebase %s of the main tree refuses',
    async (backend) => {
      const repo = await makeRepo();
      conflictedRebase(repo, 'side', backend);
      const before = state(repo);
      const res = await cli(repo, [...createArgs('change', '--by', '@a.one', '--commit')]);
      expect(res.code).toBe(8);
      expect(res.stderr).toContain('a rebase is in progress');
      expect(res.stderr).toContain('git rebase --abort');
      expect(state(repo)).toBe(before);
    },
  );

  it('create --commit in a stopped revert refuses and keeps the revert going', async () => {
    const repo = await makeRepo();
    commitCode(repo, 'one');
    commitCode(repo, 'two');
    expect(() => git(repo, 'revert', '--no-edit', 'HEAD~1')).toThrow();
    const before = state(repo);
    const res = await cli(repo, [...createArgs('change', '--by', '@a.one', '--commit')]);
    expect(res.code).toBe(8);
    expect(res.stderr).toContain('a revert is in progress');
    expect(res.stderr).toContain('git revert --abort');
    expect(state(repo)).toBe(before);
    git(repo, 'revert', '--abort');
  });

  it('create --commit in a stopped git am refuses, naming git am', async () => {
    const repo = await makeRepo();
    git(repo, 'checkout', '-q', '-b', 'side');
    commitCode(repo, 'side');
    const patches = tempDir();
    git(repo, 'format-patch', '-q', '-1', '-o', patches);
    git(repo, 'checkout', '-q', 'main');
    commitCode(repo, 'main');
    const patch = join(patches, readdirSync(patches)[0] ?? '');
    expect(() => git(repo, 'am', '-q', patch)).toThrow();
    const before = state(repo);
    const res = await cli(repo, [...createArgs('change', '--by', '@a.one', '--commit')]);
    expect(res.code).toBe(8);
    expect(res.stderr).toContain('a git am is in progress');
    expect(res.stderr).toContain('git am --abort');
    expect(state(repo)).toBe(before);
  });
});
