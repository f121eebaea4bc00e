/**
 * `--commit` by git's plumbing where `git commit` had its own rules: an unborn branch (the
 * first commit, no index yet), and `commit.gpgSign`, which `git commit-tree` follows only
 * when asked; HEAD read from its files (packed too) or, in a linked worktree, by git; and the
 * user's index copied with its time, so git still checks a file changed in the index's second;
 * a temporary index a killed commit left is removed by the next.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitPaths } from '../src/git/commit.js';
import { ORPHAN_INDEX_MS } from '../src/git/temp-index.js';
import { cli, createArgs, emptyRepo, git, makeRepo, spawnCli, tempDir } from './helpers.js';

const CREATE = [...createArgs('change', '--to', '@b.two', '--commit'), '--by', '@a.one'];

describe('--commit by plumbing', () => {
  it('on an unborn branch: the first commit, recorded in a new index, nothing else staged', async () => {
    const repo = emptyRepo();
    expect((await cli(repo, ['init'])).code).toBe(0);
    const res = await cli(repo, CREATE);
    expect(res.code, res.stderr).toBe(0);
    const files = git(repo, 'show', '--name-only', '--format=', 'HEAD').trim();
    expect(files).toMatch(/^flags\/\w{26}\.md$/);
    expect(git(repo, 'reflog', '-1', '--format=%gs')).toMatch(/^commit \(initial\): flag /);
    expect(git(repo, 'ls-files')).toBe(`${files}\n`);
    expect(git(repo, 'branch', '--show-current').trim()).toBe('main');
  });

  it('with commit.gpgSign on, signs as git commit does: a failing signer refuses, nothing moves', async () => {
    const repo = await makeRepo();
    git(repo, 'config', 'commit.gpgSign', 'true');
    git(repo, 'config', 'gpg.program', 'false');
    const [head, index] = [git(repo, 'rev-parse', 'HEAD'), git(repo, 'ls-files', '--stage')];
    const res = await cli(repo, CREATE);
    expect(res.code).toBe(8);
    expect(res.stderr).toContain('gpg failed to sign');
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(repo, 'ls-files', '--stage')).toBe(index);
  });

  it('on the branch HEAD names: packed refs and objects read here, a linked worktree by git', async () => {
    const repo = await makeRepo();
    git(repo, 'gc', '-q');
    const tip = git(repo, 'rev-parse', 'HEAD').trim();
    expect((await cli(repo, CREATE)).code).toBe(0);
    expect(git(repo, 'rev-parse', 'main~1').trim()).toBe(tip);
    const worktree = join(tempDir(), 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', worktree, tip);
    const res = await cli(worktree, CREATE);
    expect(res.code, res.stderr).toBe(0);
    expect(git(repo, 'rev-parse', 'side~1').trim()).toBe(tip);
    expect(git(repo, 'rev-parse', 'main~1').trim()).toBe(tip);
    const added = git(worktree, 'show', '--name-only', '--format=', 'HEAD').trim();
    expect(git(worktree, 'ls-files', '--', added).trim()).toBe(added);
  });

  it("keeps the index's time: a file changed in the index's second still shows as changed", async () => {
    const repo = await makeRepo();
    // ctime always differs on a rewrite: without it, only the index's time tells git to look.
    git(repo, 'config', 'core.trustctime', 'false');
    const mine = join(repo, 'mine.txt');
    const second = new Date(Date.now() - 60_000);
    writeFileSync(mine, 'aaaa\n');
    utimesSync(mine, second, second);
    git(repo, 'add', 'mine.txt');
    utimesSync(join(repo, '.git', 'index'), second, second);
    // Rewritten in the second the index was written, same size: "racily clean".
    writeFileSync(mine, 'bbbb\n');
    utimesSync(mine, second, second);
    expect((await cli(repo, CREATE)).code).toBe(0);
    expect(git(repo, 'status', '--porcelain', '--', 'mine.txt')).toBe('AM mine.txt\n');
  });

  it("removes the temporary indexes a killed commit or ledger write left, and only a dead process's", async () => {
    const repo = await makeRepo();
    const folder = join(repo, '.git', 'flagstore');
    mkdirSync(folder, { recursive: true });
    // Above Linux's highest process id: no process has it.
    const dead = ['index-commit-4194305-0badf00d', 'index-ledger-4194305-0badf00d.lock'];
    // A dead id's index under a minute old may be a live writer's in another PID namespace; so
    // may a copy of the user's index, dated as the index is (old), but changed just now.
    const young = 'index-ledger-4194305-0000beef';
    const copy = 'index-copy-4194305-0000beef';
    const kept = [`index-ledger-${process.pid}-0badf00d`, 'index-notes-4194305', young, copy];
    const old = new Date(Date.now() - 2 * ORPHAN_INDEX_MS);
    for (const name of [...dead, ...kept]) {
      writeFileSync(join(folder, name), '');
      if (name !== young) utimesSync(join(folder, name), old, old);
    }
    expect((await cli(repo, CREATE)).code).toBe(0);
    const left = readdirSync(folder).filter((name) => name.startsWith('index-'));
    expect(left.sort()).toEqual(kept.sort());
  });

  it('records the flag in the index GIT_INDEX_FILE names, relative to the top as git reads it', async () => {
    const repo = await makeRepo();
    execFileSync('git', ['read-tree', 'HEAD'], {
      cwd: repo,
      env: { ...process.env, GIT_INDEX_FILE: 'alt-index' },
    });
    mkdirSync(join(repo, 'sub'));
    const res = await spawnCli(join(repo, 'sub'), CREATE, { GIT_INDEX_FILE: 'alt-index' });
    expect(res.code, res.stderr).toBe(0);
    const added = git(repo, 'show', '--name-only', '--format=', 'HEAD').trim();
    const listed = execFileSync('git', ['ls-files', '--', added], {
      cwd: repo,
      env: { ...process.env, GIT_INDEX_FILE: 'alt-index' },
    });
    expect(listed.toString().trim()).toBe(added);
    expect(existsSync(join(repo, 'sub', 'alt-index'))).toBe(false);
  });

  it('names a young index lock that stayed taken through the wait, and does not say to remove it', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo, 'mine.txt'), 'mine\n');
    const lock = join(repo, '.git', 'index.lock');
    writeFileSync(lock, '');
    const request = { root: repo, paths: ['mine.txt'], message: 'mine', patienceMs: 200 };
    const error = await commitPaths(request).catch((e: unknown) => e);
    expect(String(error)).toContain(`git's lock file ${lock} stayed taken while flagstore waited`);
    expect(String((error as { fix?: string }).fix)).not.toContain('remove');
  });
});
