/**
 * The refusal of your own lock taken in the main worktree, where the main worktree's git dir is
 * not its `.git` folder: a repository made with `git init --separate-git-dir` (git records no
 * folder for the main worktree) and a submodule (its git dir `.git/modules/<name>` names its
 * folder in `core.worktree`). The refusal must never tell the user to `cd` into the git dir.
 */
import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, createFlag, emptyRepo, git, tempDir } from './helpers.js';
import { makeSubmodule } from './submodule.js';
import { call, closeAll, connectInProcess, errorOf } from './mcp-helpers.js';

afterEach(closeAll);

/** A repository set up as makeRepo's, made in `work` with its git dir apart, in `store`. */
async function separateRepo(): Promise<{ work: string; store: string }> {
  const base = realpathSync(tempDir());
  const [work, store] = [join(base, 'work'), join(base, 'store.git')];
  mkdirSync(work);
  emptyRepo(work, ['--separate-git-dir', store]);
  git(work, 'config', 'commit.gpgsign', 'false');
  expect((await cli(work, ['init'])).code).toBe(0);
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '--no-verify', '-m', 'init');
  return { work, store };
}

const lock = (where: string, id: string) => cli(where, ['lock', id, '--by', '@b.two']);

describe('your own lock taken in the main worktree', () => {
  it('made with --separate-git-dir: says git records no folder for it, and sends nobody into the git dir', async () => {
    const { work, store } = await separateRepo();
    const id = await createFlag(work, '@a.one', 'change', '--to', '@b.two', '--commit');
    const other = join(realpathSync(tempDir()), 'other');
    git(work, 'worktree', 'add', '-q', other);
    expect((await lock(work, id)).code).toBe(0);
    const refused = await lock(other, id);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain(
      `is your own lock, taken in your main worktree, whose folder git does not record`,
    );
    expect(refused.stderr).not.toContain(store);
    expect(refused.stderr).toContain(
      `fix: in the worktree that took it, once the work there is done: flagstore unlock ${id}; then lock it here.`,
    );
    // On MCP the fix is still the release there, then a lock here, not a forced unlock.
    const there = await connectInProcess(other, { by: '@b.two' });
    expect(errorOf(await call(there, 'lock_flag', { id })).fix).toContain(
      `release it in the worktree that took it, once the work there is done (in a shell: flagstore unlock ${id}), then call lock_flag {"id":"${id}"}`,
    );
  });

  it('of a submodule: names the folder its core.worktree gives, not its git dir under .git/modules', async () => {
    const { sub } = await makeSubmodule();
    expect((await cli(sub, ['init'])).code).toBe(0);
    const id = await createFlag(sub, '@a.one', 'change', '--to', '@b.two', '--commit');
    const side = join(realpathSync(tempDir()), 'side');
    git(sub, 'worktree', 'add', '-q', side);
    expect((await lock(sub, id)).code).toBe(0);
    const refused = await lock(side, id);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toContain(`is your own lock, taken in your other worktree ${sub}:`);
    expect(refused.stderr).toContain(`cd ${sub} && flagstore unlock ${id}`);
    expect(refused.stderr).not.toContain('modules');
  });
});
