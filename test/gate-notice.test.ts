import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHANGE,
  cli,
  createArgs,
  createFlag,
  git,
  makeRepo,
  seedCreateArgs,
  tempDir,
} from './helpers.js';

const NOTICE = 'critical flags block no commit here';

/** A repository set up by init, whose pre-commit hook was then taken away. */
async function ungatedRepo(): Promise<string> {
  const repo = await makeRepo();
  rmSync(join(repo, '.git', 'hooks', 'pre-commit'));
  return repo;
}

const seedCreate = seedCreateArgs({ to: '@b.two' });

describe('the missing-gate notice', () => {
  it('is said once per clone, by whichever flag-writing command comes first', async () => {
    const repo = await ungatedRepo();
    const seed = await cli(repo, seedCreate);
    expect(seed.code).toBe(0);
    expect(seed.stderr).toContain(NOTICE);
    expect(seed.json<{ success: boolean }>().success).toBe(true);
    const again = await cli(repo, seedCreate);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain(NOTICE);
    const native = await cli(repo, [...createArgs(), '--by', '@a.one']);
    expect(native.code).toBe(0);
    expect(native.stderr).not.toContain(NOTICE);
    // Hooks are shared by a clone's worktrees: a second worktree is not told again.
    const other = join(tempDir(), 'other');
    git(repo, 'worktree', 'add', '-q', other, '-b', 'other');
    const there = await cli(other, [...createArgs(), '--by', '@a.one']);
    expect(there.code).toBe(0);
    expect(there.stderr).not.toContain(NOTICE);
  });

  it('is said by reply, and never where the gate is installed', async () => {
    const gated = await makeRepo();
    const ask = () => createFlag(gated, '@a.one', 'information_request', '--to', '@b.two');
    const [question, asked] = [await ask(), await ask()];
    const quiet = await cli(gated, ['reply', question, '--by', '@b.two', '--change', CHANGE]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain(NOTICE);
    // The installed hook is noted, so later writes compare a few stats instead of asking git.
    expect(existsSync(join(gated, '.git', 'flagstore', 'gate-hook'))).toBe(true);
    rmSync(join(gated, '.git', 'hooks', 'pre-commit'));
    const said = await cli(gated, ['reply', asked, '--by', '@b.two', '--change', CHANGE]);
    expect(said.code).toBe(0);
    expect(said.stderr).toContain(NOTICE);
  });

  it('is said once the noted hook no longer runs: core.hooksPath moved to an empty folder', async () => {
    const gated = await makeRepo();
    const ask = () => createFlag(gated, '@a.one', 'information_request', '--to', '@b.two');
    const [question, asked] = [await ask(), await ask()];
    const quiet = await cli(gated, ['reply', question, '--by', '@b.two', '--change', CHANGE]);
    expect(quiet.stderr).not.toContain(NOTICE);
    // The hook file is untouched; only git's config (part of the note's key) says where hooks are.
    git(gated, 'config', 'core.hooksPath', tempDir());
    const said = await cli(gated, ['reply', asked, '--by', '@b.two', '--change', CHANGE]);
    expect(said.code).toBe(0);
    expect(said.stderr).toContain(NOTICE);
  });

  it("is said in a worktree whose relative core.hooksPath (husky's) has no hook, with doctor's fix", async () => {
    const repo = await makeRepo();
    // As husky sets it up: a relative hooks path, its folder not committed (so a new worktree
    // lacks it until `npm install` runs there). The main worktree's hook runs the gate.
    mkdirSync(join(repo, '.husky', '_'), { recursive: true });
    copyFileSync(
      join(repo, '.git', 'hooks', 'pre-commit'),
      join(repo, '.husky', '_', 'pre-commit'),
    );
    git(repo, 'config', 'core.hooksPath', '.husky/_');
    const gated = await cli(repo, [...createArgs(), '--by', '@a.one']);
    expect(gated.stderr).not.toContain(NOTICE);
    const other = join(tempDir(), 'other');
    git(repo, 'worktree', 'add', '-q', other, '-b', 'other');
    const there = await cli(other, [...createArgs(), '--by', '@a.one']);
    expect(there.code).toBe(0);
    expect(there.stderr).toContain(NOTICE);
    expect(there.stderr).toContain('fix: npm install --save-dev husky && npx husky;');
    const again = await cli(other, [...createArgs(), '--by', '@a.one']);
    expect(again.stderr).not.toContain(NOTICE);
    // A third worktree lacks the hook too: its hooks folder is its own, so it is told as well.
    const third = join(tempDir(), 'third');
    git(repo, 'worktree', 'add', '-q', third, '-b', 'third');
    const told = await cli(third, [...createArgs(), '--by', '@a.one']);
    expect(told.stderr).toContain(NOTICE);
  });
});
