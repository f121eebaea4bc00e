/**
 * `check` in a shallow clone, what actions/checkout makes by default: the pull request's base
 * (origin/<GITHUB_BASE_REF>) is not fetched, and once fetched its history with HEAD is not here.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo, tempDir } from './helpers.js';

const ACTIONS = { GITHUB_ACTIONS: 'true', GITHUB_BASE_REF: 'main' };

describe('check in a shallow clone', () => {
  it('names the fetch that brings the base and its history, and passes once it is run', async () => {
    const origin = await makeRepo();
    git(origin, 'checkout', '-q', '-b', 'feature');
    await createFlag(origin, '@db.pg', 'change', '--to', '@api.web');
    git(origin, 'add', '-A');
    git(origin, 'commit', '-q', '--no-verify', '-m', 'flag');
    const clone = join(tempDir(), 'clone');
    const url = `file://${origin}`;
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', url, clone]);
    const missing = await cli(clone, ['check'], ACTIONS);
    expect(missing.code).toBe(2);
    const fetch = 'git fetch --unshallow origin main:refs/remotes/origin/main';
    expect(missing.stderr).toContain(fetch);
    expect(missing.stderr).toContain('fetch-depth: 0');
    git(clone, 'fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main');
    const unrelated = await cli(clone, ['check'], ACTIONS);
    expect(unrelated.stderr).toContain(fetch);
    git(clone, ...fetch.split(' ').slice(1));
    const passed = await cli(clone, ['check'], ACTIONS);
    expect(passed.code, passed.stderr).toBe(0);
    expect(passed.stdout).toMatch(/check passed/);
  });
});
