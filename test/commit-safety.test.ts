/**
 * `--commit` and the user's index: a killed or refused commit never leaves the flag staged (the
 * user's next commit would carry it), never changes the user's staged work, and a git lock left
 * behind is named with a fix that works as printed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { lockPathIn, STUCK_MS, watchLocks } from '../src/git/lock-watch.js';
import { slowFilter } from './commit-helpers.js';
import { BIN, cli, createArgs, git, makeRepo, staleIndexLock, tempDir } from './helpers.js';

/** A repository with staged work the user is in the middle of: a new file and a partly staged one. */
async function repoWithStagedWork(): Promise<string> {
  const repo = await makeRepo();
  writeFileSync(join(repo, 'part.txt'), 'one\n');
  git(repo, 'add', 'part.txt');
  git(repo, 'commit', '-q', '--no-verify', '-m', 'part');
  writeFileSync(join(repo, 'part.txt'), 'one\ntwo\n');
  git(repo, 'add', 'part.txt');
  writeFileSync(join(repo, 'part.txt'), 'one\ntwo\nthree (not staged)\n');
  writeFileSync(join(repo, 'mine.txt'), 'my staged work\n');
  git(repo, 'add', 'mine.txt');
  return repo;
}

/** What the user's index holds and how the work tree differs from it. */
function indexState(repo: string): string {
  return [
    git(repo, 'ls-files', '--stage', '-t'),
    git(repo, 'diff', '--cached'),
    git(repo, 'diff'),
  ].join('\n--\n');
}

/** The index line `git ls-files --stage -t` shows for a committed file. */
function flagEntry(repo: string, path: string): string {
  return `H ${git(repo, 'ls-files', '--stage', '--', path)}`;
}

/** Runs a printed fix as a user would paste it. */
function runAsPrinted(repo: string, command: string): void {
  execFileSync('sh', ['-c', command], { cwd: repo, stdio: 'pipe' });
}

describe('--commit and the user index', () => {
  it('killed between its git steps: the flag is not staged, the next commit holds only the user work', async () => {
    const repo = await repoWithStagedWork();
    const args = [...createArgs('change', '--to', '@b.two', '--commit'), '--by', '@a.one'];
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: repo,
      env: { ...process.env, FLAGSTORE_TEST_STALL_BEFORE_COMMIT: '1' },
    });
    let stderr = '';
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('stalled before committing')) resolve();
      }),
    );
    child.kill('SIGKILL');
    // The flag is untracked, unknown to the index; the user's staged and unstaged work is as
    // it was, and the temporary index the commit made is gone.
    const status = git(repo, 'status', '--porcelain', '--', 'flags');
    expect(status).toMatch(/^\?\? flags\/\w{26}\.md\n$/);
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('mine.txt\npart.txt\n');
    git(repo, 'commit', '-q', '--no-verify', '-m', 'my work');
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n')).toEqual([
      'mine.txt',
      'part.txt',
    ]);
    expect(git(repo, 'show', 'HEAD:part.txt')).toBe('one\ntwo\n');
    expect(existsSync(join(repo, status.slice(3).trim()))).toBe(true);
  });

  it('killed while its gits run: nothing committed, nothing staged, the user work as it was', async () => {
    const repo = await repoWithStagedWork();
    const before = indexState(repo);
    const head = git(repo, 'rev-parse', 'HEAD');
    const filters = tempDir();
    const [ready, go] = [join(filters, 'ready'), join(filters, 'go')];
    slowFilter(repo, `touch '${ready}'; while [ ! -f '${go}' ]; do sleep 0.05; done; cat`);
    const args = [...createArgs('change', '--to', '@b.two', '--commit'), '--by', '@a.one'];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: repo, stdio: 'pipe' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    while (!existsSync(ready)) await sleep(20);
    child.kill('SIGKILL');
    await exited;
    writeFileSync(go, '');
    await sleep(300);
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
    expect(indexState(repo)).toBe(before);
    // The next commit removes the temporary index the killed process left, once a minute old.
    const temps = join(repo, '.git', 'flagstore');
    const aMinuteAgo = new Date(Date.now() - 61_000);
    for (const name of readdirSync(temps).filter((n) => n.startsWith('index-')))
      utimesSync(join(temps, name), aMinuteAgo, aMinuteAgo);
    const res = await cli(repo, [
      ...createArgs('change', '--to', '@b.two', '--commit'),
      '--by',
      '@a.one',
    ]);
    expect(res.code, res.stderr).toBe(0);
    expect(
      readdirSync(join(repo, '.git', 'flagstore')).filter((n) => n.startsWith('index-')),
    ).toEqual([]);
  });

  it('a user pre-commit hook that refuses does not stop --commit; the user commit still runs it', async () => {
    const repo = await repoWithStagedWork();
    const hooks = tempDir();
    writeFileSync(join(hooks, 'pre-commit'), '#!/bin/sh\necho "hook says no" >&2\nexit 1\n', {
      mode: 0o755,
    });
    git(repo, 'config', 'core.hooksPath', hooks);
    const before = indexState(repo);
    const res = await cli(repo, [
      ...createArgs('change', '--to', '@b.two', '--commit'),
      '--by',
      '@a.one',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const flag = theFlagFileCommitted(repo);
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe(flag);
    // The user's index gained the committed flag and nothing else changed.
    expect(indexState(repo).replace(flagEntry(repo, flag), '')).toBe(before);
    expect(() => git(repo, 'commit', '-q', '-m', 'my work')).toThrow(/hook says no/);
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe(flag);
  });

  it('a lock left by a crashed git: exit 8 at once, names the lock and what to check; the fix works as printed', async () => {
    const repo = await repoWithStagedWork();
    const lock = staleIndexLock(repo);
    const res = await cli(repo, [
      ...createArgs('change', '--to', '@b.two', '--commit'),
      '--by',
      '@a.one',
    ]);
    expect(res.code).toBe(8);
    expect(res.stderr).toContain(`git's lock file ${lock} has stayed in place`);
    expect(res.stderr).toMatch(/make sure no git process is running in this repository/);
    const fix = /fix: .*commit the flag: (.*)$/m.exec(res.stderr)?.[1];
    expect(fix).toMatch(/^git add -- .* && git commit -m '.*' -- /);
    rmSync(lock);
    runAsPrinted(repo, fix!);
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toMatch(
      /^flags\/\w{26}\.md$/,
    );
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('mine.txt\npart.txt\n');
    expect(git(repo, 'diff', '--name-only')).toBe('part.txt\n');
  });
});

function theFlagFileCommitted(repo: string): string {
  return git(repo, 'log', '-1', '--name-only', '--format=', '--', 'flags').trim();
}

describe('telling a busy git lock from a stuck one', () => {
  const refusal = (path: string): string =>
    `fatal: Unable to create '${path}': File exists.\n\nAnother git process seems to be running`;

  it('reads the lock path from git refusals, and none from other failures', () => {
    expect(lockPathIn(refusal('/r/.git/index.lock'))).toBe('/r/.git/index.lock');
    expect(lockPathIn("error: cannot lock ref 'HEAD': is at 1 but expected 2")).toBeNull();
  });

  it('a fresh lock is waited for; the same lock after the limit is stuck; a new lock starts the count again', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.git'));
    const lock = join(dir, '.git', 'index.lock');
    writeFileSync(lock, '');
    const start = Date.now();
    utimesSync(lock, new Date(start), new Date(start));
    const watch = watchLocks();
    expect(watch.stuck(lock, start)).toBeNull();
    expect(watch.stuck(lock, start + STUCK_MS - 1)).toBeNull();
    expect(watch.stuck(lock, start + STUCK_MS + 1)).toMatchObject({ path: lock });
    rmSync(lock);
    expect(watch.stuck(lock, start + STUCK_MS + 2)).toBeNull();
    writeFileSync(lock, '');
    const later = new Date(start + STUCK_MS);
    utimesSync(lock, later, later);
    expect(watch.stuck(lock, start + STUCK_MS + 3)).toBeNull();
  });

  it('an old lock is stuck once this process has watched it a moment, not at first sight', () => {
    const dir = tempDir();
    const lock = join(dir, 'index.lock');
    writeFileSync(lock, '');
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(lock, old, old);
    const watch = watchLocks();
    const now = Date.now();
    expect(watch.stuck(lock, now)).toBeNull();
    expect(watch.stuck(lock, now + 999)).toBeNull();
    expect(watch.stuck(lock, now + 1000)?.heldMs).toBeGreaterThan(3_000_000);
  });
});
