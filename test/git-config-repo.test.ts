/**
 * Config values, hook paths and remote names read in this process (src/git/config-read.ts,
 * src/git/git-path.ts, src/git/remote-names.ts) against real git in temp repositories: the same
 * answer as `git config --get`, `git rev-parse --git-path` and `git remote`, or none (ask git).
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { plainConfigValue } from '../src/git/config-read.js';
import { plainHookPaths } from '../src/git/git-path.js';
import { plainRemoteNames } from '../src/git/remote-names.js';
import { git, tempDir } from './helpers.js';

const saved = { ...process.env };
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

/** A new repository with its own HOME (no user config but what a test writes). */
function repo(): string {
  process.env.HOME = tempDir();
  delete process.env.XDG_CONFIG_HOME;
  const dir = tempDir();
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

/** {@link repo} with one commit, so that a linked worktree can be added. */
function committedRepo(): string {
  const dir = repo();
  git(dir, '-c', 'user.name=A', '-c', 'user.email=a@b', 'commit', '-q', '--allow-empty', '-m', 'a');
  return dir;
}

/** `git config --get` as gitConfig reads it: the value, or null (unset, empty, or git failed). */
function gitGet(dir: string, key: string): string | null {
  try {
    return git(dir, 'config', '--get', key).trim() || null;
  } catch {
    return null;
  }
}

describe('git config --get read in this process', () => {
  it('agrees with git on subsections, duplicates and the user config; leaves the rest to git', () => {
    const dir = repo();
    git(dir, 'config', 'branch.main.remote', 'origin');
    git(dir, 'config', '--add', 'branch.main.remote', 'upstream');
    git(dir, 'config', 'branch.Feature/X.y.remote', 'fork');
    writeFileSync(
      join(process.env.HOME as string, '.gitconfig'),
      '[merge "flagstore"]\n\tdriver = d\n',
    );
    const keys = [
      'branch.main.remote',
      'branch.Main.remote',
      'branch.Feature/X.y.remote',
      'branch.feature/x.y.remote',
      'merge.flagstore.driver',
      'merge.FlagStore.driver',
    ];
    for (const key of keys) expect(plainConfigValue(dir, key), key).toBe(gitGet(dir, key));
    git(dir, 'config', 'merge.flagstore.driver', 'local');
    expect(plainConfigValue(dir, 'merge.flagstore.driver')).toBe('local');
    // An include, config.worktree, GIT_CONFIG_GLOBAL: git reads.
    git(dir, 'config', 'include.path', '/nonexistent');
    expect(plainConfigValue(dir, 'merge.flagstore.driver')).toBeUndefined();
    git(dir, 'config', '--unset', 'include.path');
    writeFileSync(join(dir, '.git', 'config.worktree'), '');
    expect(plainConfigValue(dir, 'merge.flagstore.driver')).toBeUndefined();
    git(dir, 'config', 'extensions.worktreeConfig', 'true');
    expect(plainConfigValue(dir, 'merge.flagstore.driver')).toBeUndefined();
    process.env.GIT_CONFIG_GLOBAL = '/dev/null';
    expect(plainConfigValue(dir, 'branch.main.remote')).toBeUndefined();
  });

  it('reads a linked worktree through its commondir, and a subfolder is left to git', () => {
    const dir = committedRepo();
    git(dir, 'config', 'branch.side.remote', 'origin');
    const linked = join(tempDir(), 'linked');
    git(dir, 'worktree', 'add', '-q', '-b', 'side', linked);
    expect(plainConfigValue(linked, 'branch.side.remote')).toBe('origin');
    mkdirSync(join(dir, 'sub'));
    expect(plainConfigValue(join(dir, 'sub'), 'branch.side.remote')).toBeUndefined();
  });
});

/** `git rev-parse --path-format=absolute --git-path hooks/<name> --git-common-dir` run in `cwd`. */
function revParse(cwd: string): { paths: string[]; commonDir: string } {
  const out = git(cwd, 'rev-parse', '--path-format=absolute', '--git-path', 'hooks/pre-commit');
  const more = git(
    cwd,
    'rev-parse',
    '--path-format=absolute',
    '--git-path',
    'hooks/x',
    '--git-common-dir',
  );
  const [x, commonDir] = more.trim().split('\n');
  return { paths: [out.trim(), x as string], commonDir: commonDir as string };
}

describe('hook paths computed in this process', () => {
  it('agree with git rev-parse --git-path: unset, absolute, relative, ~/, .., symbolic links', () => {
    const dir = repo();
    const elsewhere = tempDir();
    mkdirSync(join(elsewhere, 'real'));
    symlinkSync(join(elsewhere, 'real'), join(dir, 'link'));
    mkdirSync(join(dir, 'sub'));
    const values = [
      undefined,
      join(elsewhere, 'hooks'),
      '.githooks',
      'hooks/',
      './a/../b',
      'link/../up',
      'link/inner',
      '~/hooks',
      '~',
      `${elsewhere}/../team-hooks`,
    ];
    for (const value of values) {
      if (value !== undefined) git(dir, 'config', 'core.hooksPath', value);
      // git resolves a relative path from the work tree's root, wherever it runs.
      expect(plainHookPaths(dir, ['pre-commit', 'x']), value).toEqual(revParse(join(dir, 'sub')));
    }
  });

  it('agree in a linked worktree, and leave ~user/, %(prefix)/ and bare repositories to git', () => {
    const dir = committedRepo();
    const linked = join(tempDir(), 'linked');
    git(dir, 'worktree', 'add', '-q', '-b', 'side', linked);
    expect(plainHookPaths(linked, ['pre-commit', 'x'])).toEqual(revParse(linked));
    git(dir, 'config', 'core.hooksPath', 'rel');
    expect(plainHookPaths(linked, ['pre-commit', 'x'])).toEqual(revParse(linked));
    for (const value of ['~root/hooks', '%(prefix)/hooks', '']) {
      git(dir, 'config', 'core.hooksPath', value);
      expect(plainHookPaths(dir, ['pre-commit']), value).toBeNull();
    }
    git(dir, 'config', '--unset', 'core.hooksPath');
    git(dir, 'config', 'core.bare', 'true');
    expect(plainHookPaths(linked, ['pre-commit'])).toBeNull();
  });
});

/** What `git remote` lists. */
const gitRemotes = (dir: string): string[] => git(dir, 'remote').split('\n').filter(Boolean);

describe('remote names read in this process', () => {
  it('agree with git remote: sorted, the user config, the legacy form, a section with no key', () => {
    const dir = repo();
    expect(plainRemoteNames(dir)).toEqual(gitRemotes(dir));
    git(dir, 'remote', 'add', 'zeta', '/z');
    git(dir, 'remote', 'add', 'Alpha', '/a');
    writeFileSync(
      join(process.env.HOME as string, '.gitconfig'),
      '[remote "mine"]\n\turl = /m\n[remote "empty"]\n[remote.Legacy]\n\turl = /l\n',
    );
    expect(plainRemoteNames(dir)).toEqual(gitRemotes(dir));
    expect(plainRemoteNames(dir)).toEqual(['Alpha', 'legacy', 'mine', 'zeta']);
  });

  it('leave the legacy remotes and branches folders, a key git fails on, to git', () => {
    const dir = repo();
    git(dir, 'remote', 'add', 'origin', '/o');
    for (const folder of ['remotes', 'branches']) {
      mkdirSync(join(dir, '.git', folder), { recursive: true });
      writeFileSync(join(dir, '.git', folder, 'old'), 'URL: /old\n');
      expect(plainRemoteNames(dir), folder).toBeNull();
      rmSync(join(dir, '.git', folder, 'old'));
    }
    expect(plainRemoteNames(dir)).toEqual(['origin']);
    git(dir, 'config', 'remote.origin.prune', 'maybe');
    expect(plainRemoteNames(dir)).toBeNull();
  });
});
