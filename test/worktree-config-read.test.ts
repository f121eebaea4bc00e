/**
 * git settings set per worktree (`extensions.worktreeConfig`, `git config --worktree`), read as
 * git reads them (review finding). flagstore reads git's config files in its own process where
 * the reading is certain and asks git otherwise; each answer here is compared with git's own in a
 * real linked worktree. The main worktree's folder came out wrong: `core.worktree` set in the
 * common dir's `config.worktree` (where git says to move it once the extension is on) was not
 * read, so a lock refusal said git records no folder for it.
 */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentIdentity } from '../src/gates/agent.js';
import { hookFile } from '../src/gates/hook-paths.js';
import { gitConfig } from '../src/git/repo.js';
import { cli, createFlag, git, makeRepo, tempDir } from './helpers.js';
import { makeSubmodule } from './submodule.js';

/** `git config --get key` in `dir`, null when unset. */
function gitSays(dir: string, key: string): string | null {
  try {
    return git(dir, 'config', '--get', key).trim();
  } catch {
    return null;
  }
}

/** A repository with a linked worktree and per-worktree settings in both worktrees. */
async function perWorktree(): Promise<{ main: string; linked: string }> {
  const main = await makeRepo();
  const linked = join(realpathSync(tempDir()), 'linked');
  git(main, 'worktree', 'add', '-q', '-b', 'side', linked);
  git(main, 'config', 'extensions.worktreeConfig', 'true');
  git(main, 'config', '--worktree', 'flagstore.agent', '@main.agent');
  git(linked, 'config', '--worktree', 'flagstore.agent', '@linked.agent');
  git(linked, 'config', '--worktree', 'core.hooksPath', join(linked, 'own-hooks'));
  return { main, linked };
}

const KEYS = ['flagstore.agent', 'core.hooksPath', 'flagstore.bin', 'core.worktree'];

describe('settings per worktree (extensions.worktreeConfig)', () => {
  it("flagstore's own keys and core.hooksPath: each worktree's, as git config says", async () => {
    const { main, linked } = await perWorktree();
    for (const dir of [main, linked]) {
      for (const key of KEYS)
        expect([dir, key, await gitConfig(dir, key)]).toEqual([dir, key, gitSays(dir, key)]);
      expect(await agentIdentity(dir, {})).toBe(gitSays(dir, 'flagstore.agent'));
      const hooks = git(dir, 'rev-parse', '--path-format=absolute', '--git-path', 'hooks').trim();
      expect((await hookFile(dir, 'pre-commit')).path).toBe(join(hooks, 'pre-commit'));
    }
    // With the extension off, git reads no config.worktree: neither does flagstore.
    git(main, 'config', 'extensions.worktreeConfig', 'false');
    for (const dir of [main, linked]) {
      for (const key of KEYS)
        expect([dir, key, await gitConfig(dir, key)]).toEqual([dir, key, gitSays(dir, key)]);
    }
    expect(gitSays(linked, 'flagstore.agent')).toBeNull();
  });

  it("the main worktree's folder from core.worktree in its config.worktree, as git finds it", async () => {
    const { sub } = await makeSubmodule();
    // Moved where git says it belongs once the extension is on (git help worktree).
    const common = git(sub, 'rev-parse', '--path-format=absolute', '--git-common-dir').trim();
    const setting = git(sub, 'config', 'core.worktree').trim();
    git(sub, 'config', 'extensions.worktreeConfig', 'true');
    git(sub, 'config', '--unset', 'core.worktree');
    git(sub, 'config', '--worktree', 'core.worktree', setting);
    expect((await cli(sub, ['init'])).code).toBe(0);
    const id = await createFlag(sub, '@a.one', 'change', '--to', '@b.two', '--commit');
    const side = join(realpathSync(tempDir()), 'side');
    git(sub, 'worktree', 'add', '-q', side);
    expect((await cli(sub, ['lock', id, '--by', '@b.two'])).code).toBe(0);
    const refused = await cli(side, ['lock', id, '--by', '@b.two']);
    expect(refused.code).toBe(6);
    const folder = git(side, `--git-dir=${common}`, 'rev-parse', '--show-toplevel').trim();
    expect(folder).toBe(sub);
    expect(refused.stderr).toContain(`is your own lock, taken in your other worktree ${folder}:`);
    expect(refused.stderr).toContain(`cd ${folder} && flagstore unlock ${id}`);
  });
});
