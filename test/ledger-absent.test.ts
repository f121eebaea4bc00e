/**
 * A read in a repository with no ledger yet starts no git to learn that the ledger ref is
 * absent (src/git/loose.ts refAbsent), and a ledger whose ref and objects git gc packed is
 * still found. git is logged by a wrapper put first on PATH: the real git runs every call.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calls, loggingGit } from './git-log.js';
import { flagText, git, makeRepo, seedCreateArgs, spawnCli } from './helpers.js';

describe('the ledger ref, read in this process', () => {
  it('is known absent without starting git, and hand-written flags are still read', async () => {
    const repo = await makeRepo();
    writeFileSync(
      join(repo, 'flags', '01JAAAAAAAAAAAAAAAAAAAAAAA.md'),
      flagText('01JAAAAAAAAAAAAAAAAAAAAAAA'),
    );
    const { env, log } = loggingGit();
    const listed = await spawnCli(repo, ['list', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('01JAAAAAAAAAAAAAAAAAAAAAAA');
    expect(calls(log).filter((c) => c.includes('flagstore'))).toEqual([]);
    // The wrapper is the git flagstore starts: a write through it is logged.
    const made = await spawnCli(repo, seedCreateArgs({ to: '@c.d' }), env);
    expect(made.code, made.stderr).toBe(0);
    expect(calls(log).some((c) => c.startsWith('update-ref'))).toBe(true);
  });

  it('is found when it and its objects are packed (git gc): the next write builds on it', async () => {
    const repo = await makeRepo();
    const first = await spawnCli(repo, seedCreateArgs({ to: '@c.d' }));
    expect(first.code, first.stderr).toBe(0);
    git(repo, 'gc', '-q');
    expect(existsSync(join(repo, '.git', 'refs', 'heads', 'flagstore'))).toBe(false);
    const second = await spawnCli(repo, seedCreateArgs({ to: '@e.f' }));
    expect(second.code, second.stderr).toBe(0);
    expect(git(repo, 'rev-list', '--count', 'refs/heads/flagstore').trim()).toBe('2');
    const files = git(repo, 'ls-tree', '-r', '--name-only', 'refs/heads/flagstore').trim();
    expect(files.split('\n').filter((f) => f.endsWith('.md'))).toHaveLength(2);
  });
});
