/**
 * `--commit` in a revert or cherry-pick of several commits that stopped on a conflict, after the
 * user committed the resolution by hand: REVERT_HEAD or CHERRY_PICK_HEAD is gone, but the
 * sequence goes on (`sequencer/` in the work tree's git directory) until `--continue`, and a
 * flag's commit would land in the middle of it. `--commit` refuses, naming the operation and its
 * `--continue`, in the main work tree and in a linked worktree; once the sequence is over it
 * commits.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createArgs, createFlag, git, makeRepo, readFlag, tempDir } from './helpers.js';
import { commitCode, state } from './stopped-helpers.js';

/** Commits `text` as other.txt: a change no revert or pick of code.txt conflicts with. */
function commitOther(dir: string, text: string): void {
  writeFileSync(join(dir, 'other.txt'), `${text}\n`);
  git(dir, 'add', 'other.txt');
  git(dir, 'commit', '-q', '--no-verify', '-m', text);
}

/** Resolves the conflict in code.txt and commits it by hand, as a user may instead of --continue. */
function commitResolution(dir: string): void {
  writeFileSync(join(dir, 'code.txt'), 'resolved\n');
  git(dir, 'add', 'code.txt');
  git(dir, 'commit', '-q', '--no-verify', '--no-edit');
}

interface Refusal {
  error: { message: string; fix: string; details: { operation: string } };
}

describe('--commit in a stopped revert or cherry-pick of several commits', () => {
  it('refuses after the first revert was committed by hand, until git revert --continue', async () => {
    const repo = await makeRepo();
    ['zero', 'one', 'two'].forEach((text) => commitCode(repo, text));
    commitOther(repo, 'three');
    expect(() => git(repo, 'revert', '--no-edit', 'HEAD~2', 'HEAD')).toThrow();
    commitResolution(repo);
    expect(git(repo, 'status')).toContain('Revert currently in progress');
    const before = state(repo);
    const res = await cli(repo, ['--json', ...createArgs('change', '--by', '@a.one', '--commit')]);
    expect(res.code).toBe(8);
    const { error } = res.json<Refusal>();
    expect(error.details.operation).toBe('revert');
    expect(error.message).toContain('a revert is in progress');
    expect(error.fix).toContain('git revert --continue');
    expect(error.fix).toContain('git revert --abort');
    expect(state(repo)).toBe(before);
    git(repo, 'revert', '--continue', '--no-edit');
    const after = await cli(repo, [...createArgs('change', '--by', '@a.one', '--commit')]);
    expect(after.code, after.stderr).toBe(0);
  });

  it('refuses in a linked worktree whose cherry-pick goes on; the main tree commits', async () => {
    const repo = await makeRepo();
    const id = await createFlag(repo, '@a.one', 'change', '--to', '@b.two', '--commit');
    commitCode(repo, 'zero');
    const second = join(tempDir(), 'second');
    git(repo, 'worktree', 'add', '-q', '-b', 'other', second);
    commitCode(repo, 'one');
    commitOther(repo, 'two');
    commitCode(second, 'mine');
    expect(() => git(second, 'cherry-pick', 'main~1', 'main')).toThrow();
    commitResolution(second);
    expect(git(second, 'status')).toContain('Cherry-pick currently in progress');
    const before = state(second) + readFlag(second, id);
    const res = await cli(second, ['--json', 'lock', id, '--by', '@b.two', '--commit']);
    expect(res.code).toBe(8);
    const { error } = res.json<Refusal>();
    expect(error.details.operation).toBe('cherry-pick');
    expect(error.fix).toContain('git cherry-pick --continue');
    expect(error.fix).toContain('git cherry-pick --abort');
    expect(state(second) + readFlag(second, id)).toBe(before);
    const main = await cli(repo, ['lock', id, '--by', '@b.two', '--commit']);
    expect(main.code, main.stderr).toBe(0);
  });
});
