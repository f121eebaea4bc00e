/** `check` under GitHub Actions when `$GITHUB_STEP_SUMMARY` cannot be written. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, createFlag, git, makeRepo, tempDir } from './helpers.js';

describe('check with a step summary it cannot write', () => {
  it('keeps its verdict and its findings, and warns about the summary instead of crashing', async () => {
    const repo = await makeRepo();
    const missing = join(tempDir(), 'no-such-folder', 'summary.md');
    const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: missing };
    const passed = await cli(repo, ['check'], env);
    expect(passed.stdout).toContain('check passed');
    expect(passed.stderr).toMatch(/warning: .*step summary.*no-such-folder/);
    expect(passed.stderr).not.toMatch(/bug in flagstore/);
    expect(passed.code).toBe(0);
    await createFlag(repo, '@db.pg', 'security', '--impact', 'critical', '--to', '@api.web');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'flag');
    const failed = await cli(repo, ['check'], env);
    expect(failed.stdout).toMatch(/check failed: 1 error/);
    expect(failed.code).toBe(3);
  });
});
