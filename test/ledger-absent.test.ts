/**
 * A read in a repository with no ledger yet starts no git to learn that the ledger ref is
 * absent (src/git/loose.ts refAbsent), and a ledger whose ref and objects git gc packed is
 * still found. git is logged by a wrapper put first on PATH: the real git runs every call.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagText, git, makeRepo, seedCreateArgs, spawnCli, tempDir } from './helpers.js';

const REAL_GIT = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();

/** An environment whose git logs each call's arguments to the returned file. */
function loggingGit(): { env: Record<string, string>; log: string } {
  const dir = tempDir('flagstore-gitlog-');
  const log = join(dir, 'calls.log');
  const wrapper = join(dir, 'git');
  writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> '${log}'\nexec '${REAL_GIT}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  const env = { PATH: `${dir}:${process.env.PATH ?? ''}`, FLAGSTORE_NO_ANSWER_CACHE: '1' };
  return { env, log };
}

const calls = (log: string): string[] =>
  existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];

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
