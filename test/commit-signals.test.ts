/**
 * `--commit` under a terminal's Ctrl-C or a SIGTERM sent to its whole process group (real
 * processes, real signals): the git running finishes, then the process exits before HEAD
 * moves, leaving nothing in the index; and the patience against locks does not count the time the commit's
 * own git processes run (held here by a slow clean filter, as no user hook runs in them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { commitPaths } from '../src/git/commit.js';
import { slowFilter } from './commit-helpers.js';
import { BIN, createArgs, git, makeRepo, tempDir } from './helpers.js';

/** `create --commit` as the leader of its own process group, as a shell runs a job. */
function createInOwnGroup(repo: string): { child: ChildProcess; exited: Promise<number | null> } {
  const args = [...createArgs('change', '--to', '@b.two', '--commit'), '--by', '@a.one'];
  const child = spawn(process.execPath, [BIN, ...args], { cwd: repo, detached: true });
  child.stdout?.resume();
  child.stderr?.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

/** The index's flag entries, read without taking git's index lock. */
const flagEntries = (repo: string): string => git(repo, 'ls-files', '--', 'flags/*.md');

/** The user's next moves all work: nothing of flagstore's is left in the index. */
function userCanGoOn(repo: string): void {
  writeFileSync(join(repo, 'README.md'), 'work in progress\n');
  git(repo, 'add', 'README.md');
  git(repo, 'stash');
  git(repo, 'stash', 'pop');
  git(repo, 'commit', '-q', '--no-verify', '-am', 'mine');
  expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('README.md');
}

describe('--commit and signals to its process group', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s while the commit builds its tree: git ends, then exit 128+n before HEAD moves; nothing staged',
    async (signal) => {
      const repo = await makeRepo();
      const filters = tempDir();
      const [ready, go] = [join(filters, 'ready'), join(filters, 'go')];
      slowFilter(repo, `touch '${ready}'; while [ ! -f '${go}' ]; do sleep 0.05; done; cat`);
      const head = git(repo, 'rev-parse', 'HEAD');
      const { child, exited } = createInOwnGroup(repo);
      while (!existsSync(ready)) await sleep(20);
      process.kill(-child.pid!, signal);
      await sleep(100);
      writeFileSync(go, '');
      expect(await exited).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
      expect(existsSync(join(repo, '.git', 'index.lock'))).toBe(false);
      expect(git(repo, 'status', '--porcelain')).toMatch(/^\?\? flags\/\w{26}\.md\n$/);
      userCanGoOn(repo);
    },
  );

  it('SIGINT while it waits for a ref lock: exit 130, the flag is not in the index', async () => {
    const repo = await makeRepo();
    const refLock = join(repo, '.git', 'refs', 'heads', 'main.lock');
    writeFileSync(refLock, '');
    const { child, exited } = createInOwnGroup(repo);
    // The flag is written, and its commit is refused the branch's lock while it exists.
    while (!/\?\? flags\//.test(git(repo, 'status', '--porcelain'))) await sleep(20);
    await sleep(300);
    process.kill(-child.pid!, 'SIGINT');
    expect(await exited).toBe(130);
    rmSync(refLock);
    expect(flagEntries(repo)).toBe('');
    expect(git(repo, 'status', '--porcelain')).toMatch(/^\?\? flags\/\w{26}\.md\n$/);
    userCanGoOn(repo);
  });
});

describe('--commit patience', () => {
  it('a git run longer than the patience does not use it up: a lock after it is still waited for', async () => {
    const repo = await makeRepo();
    const filters = tempDir();
    const refLock = join(repo, '.git', 'refs', 'heads', 'main.lock');
    const once = join(filters, 'once');
    // First run: takes longer than the patience, then another process takes the branch's lock.
    slowFilter(
      repo,
      `[ -f '${once}' ] || { touch '${once}'; sleep 1.2; touch '${refLock}'; }; cat`,
    );
    writeFileSync(join(repo, 'flags', 'new.md'), 'a flag\n');
    const commit = commitPaths({
      root: repo,
      paths: ['flags/new.md'],
      message: 'm',
      patienceMs: 1000,
    });
    while (!existsSync(refLock)) await sleep(20);
    // Longer than git's own wait for a ref lock (core.filesRefLockTimeout, 100 ms).
    await sleep(400);
    rmSync(refLock);
    const hash = await commit;
    expect(git(repo, 'log', '-1', '--format=%H').trim()).toBe(hash);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });
});
