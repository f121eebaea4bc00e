/**
 * `--commit`'s refusal of a taken index lock in flagstore's own words (review finding): it
 * imitated git's "Unable to create '...': File exists" so the lock checks would read it. The
 * lock flagstore takes now records who took it (process, host, time), and a refusal names the
 * holder: flagstore's, running or gone, or a git command's (git records none) since the file's
 * time. A lock whose flagstore taker was killed ends the wait at once, and the fix removes it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commitPaths } from '../src/git/commit.js';
import { lockHolder, takeIndexLock } from '../src/git/index-lock.js';
import { busyIndexRepo, refusedCommit } from './busy-index.js';
import { BIN, cli, createArgs, git, makeRepo } from './helpers.js';

/** A process id that ran on this host and has ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}

describe('who holds the index lock', () => {
  it('a lock a killed flagstore left: refused at once naming it, and the fix works as printed', async () => {
    const repo = await makeRepo();
    const lock = join(repo, '.git', 'index.lock');
    const pid = deadPid();
    const since = '2026-01-02T03:04:05.000Z';
    writeFileSync(lock, `${JSON.stringify({ flagstore: { pid, host: hostname(), since } })}\n`);
    const res = await cli(repo, [
      ...createArgs('change', '--to', '@b.two', '--commit'),
      '--by',
      '@a.one',
    ]);
    expect(res.code).toBe(8);
    expect(res.stderr).not.toMatch(/File exists/);
    expect(res.stderr).toContain(
      `${lock} was taken at ${since} by flagstore process ${pid} on ${hostname()}, which no longer runs`,
    );
    const fix = /fix: remove (\S+) and commit the flag: (.*)$/m.exec(res.stderr);
    expect(fix?.[1]).toBe(lock);
    rmSync(lock);
    execFileSync('sh', ['-c', fix![2]!], { cwd: repo, stdio: 'pipe' });
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toMatch(/^flags\//);
  });

  it("a live flagstore's lock is waited for and named with its process, host and time", async () => {
    const { repo, lock } = await busyIndexRepo(takeIndexLock);
    const holder = lockHolder(lock);
    expect(holder).toMatchObject({ pid: process.pid, host: hostname() });
    const { message, fix } = await refusedCommit(repo);
    expect(message).toContain(
      `held by flagstore, process ${process.pid} on ${hostname()}, since ${holder!.since}, still running`,
    );
    expect(fix).toMatch(/^wait for it to finish/);
    // git sees flagstore's lock as any lock: it refuses to take the index meanwhile.
    expect(() => git(repo, 'add', 'flags/x.md')).toThrow(/index\.lock/);
    rmSync(lock);
  });

  it("git's own lock (no record) is named as a git command's, since the file's time", async () => {
    const { repo } = await busyIndexRepo();
    const { message } = await refusedCommit(repo);
    expect(message).toMatch(/held since \S+Z by a git command or another tool/);
    expect(message).not.toMatch(/File exists/);
  });

  it('a commit leaves no lock behind, and holds one with its record while it runs', async () => {
    const repo = await makeRepo();
    const lock = join(repo, '.git', 'index.lock');
    takeIndexLock(lock);
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({
      flagstore: { pid: process.pid },
    });
    rmSync(lock);
    writeFileSync(join(repo, 'flags', 'x.md'), 'text\n');
    await commitPaths({ root: repo, paths: ['flags/x.md'], message: 'flag x' });
    expect(existsSync(lock)).toBe(false);
  });

  it('leaves no lock when its record cannot be written (a file size limit: EFBIG)', async () => {
    const repo = await makeRepo();
    const lock = join(repo, '.git', 'index.lock');
    const module = pathToFileURL(join(dirname(BIN), '..', 'dist', 'git', 'index-lock.js')).href;
    // The built module in a process whose writes fail as on a full disk (SIGXFSZ handled, so
    // the write returns EFBIG instead of killing it).
    const script = `process.on('SIGXFSZ', () => {});
      const { takeIndexLock } = await import(process.env.MODULE);
      try { takeIndexLock(process.env.LOCK); console.log('taken'); } catch (e) { console.log(e.code); }`;
    const run = spawnSync(
      'sh',
      [
        '-c',
        'ulimit -f 0 && exec "$@"',
        'sh',
        process.execPath,
        '--input-type=module',
        '-e',
        script,
      ],
      { env: { ...process.env, MODULE: module, LOCK: lock }, encoding: 'utf8' },
    );
    expect(run.stdout.trim()).toBe('EFBIG');
    expect(existsSync(lock)).toBe(false);
  });
});
