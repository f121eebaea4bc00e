/**
 * An index lock a flagstore process on another host took (a work tree on a shared file system):
 * whether that process still runs cannot be checked from here, so the lock is never removed. The
 * commit waited its whole patience (45 s) and said to wait. Since flagstore holds the index lock
 * for two git processes, one that stays the same file for FLAGSTORE_HELD_LOCK_MS (10 s) now ends
 * the wait, naming the holder's host, process and age, with the command to remove the lock once
 * the user has seen that process gone; `doctor` names it too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { takeIndexLock } from '../src/git/index-lock.js';
import { watchLocks } from '../src/git/lock-watch.js';
import { BIN, cli, createArgs, git, makeRepo } from './helpers.js';
import { doctorCheck } from './doctor-check.js';

const STRACE = spawnSync('strace', ['-qq', '-o', '/dev/null', 'true']).status === 0;

const HOST = 'build-7.example';

/** A lock record a flagstore on `host` wrote `minutes` ago. */
function otherHostLock(lock: string, host = HOST, minutes = 3): void {
  const since = new Date(Date.now() - minutes * 60_000).toISOString();
  writeFileSync(lock, `${JSON.stringify({ flagstore: { pid: 4242, host, since } })}\n`);
}

const indexLock = (repo: string) => doctorCheck(repo, 'index lock');

describe('an index lock a flagstore on another host holds', () => {
  it('ends the wait naming host, process and age; the lock stays; the fix works as printed', async () => {
    const repo = await makeRepo();
    const lock = join(repo, '.git', 'index.lock');
    otherHostLock(lock);
    const record = readFileSync(lock, 'utf8');
    const res = await cli(
      repo,
      [...createArgs('change', '--to', '@b.two', '--commit'), '--by', '@a.one'],
      { FLAGSTORE_HELD_LOCK_MS: '300' },
    );
    expect(res.code).toBe(8);
    expect(res.stderr).toContain(`held by flagstore, process 4242 on ${HOST}, since `);
    expect(res.stderr).toContain(
      `(3m ago): ${HOST} is another host, so whether it still runs cannot be checked from here`,
    );
    expect(readFileSync(lock, 'utf8')).toBe(record);
    const fix =
      /fix: on (\S+), check whether process 4242 still runs \(ps -p 4242\); only once it is gone, remove the lock: rm (\S+); then commit the flag: (.*)$/m.exec(
        res.stderr,
      );
    expect(fix?.slice(1, 3)).toEqual([HOST, lock]);
    rmSync(lock);
    execFileSync('sh', ['-c', fix![3]!], { cwd: repo, stdio: 'pipe' });
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toMatch(/^flags\//);
  });

  it('doctor names it with the same fix, and a killed local holder with a plain removal', async () => {
    const repo = await makeRepo();
    expect((await indexLock(repo))?.ok).toBe(true);
    const lock = join(repo, '.git', 'index.lock');
    otherHostLock(lock);
    const found = await indexLock(repo);
    expect(found?.ok).toBe(false);
    expect(found?.detail).toContain(`${lock}: held by flagstore, process 4242 on ${HOST}`);
    expect(found?.fix).toBe(
      `on ${HOST}, check whether process 4242 still runs (ps -p 4242); only once it is gone, remove the lock: rm ${lock}; then run your git command again`,
    );
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    otherHostLock(lock, hostname());
    writeFileSync(lock, readFileSync(lock, 'utf8').replace('4242', String(dead)));
    expect((await indexLock(repo))?.fix).toBe(
      `nothing holds it (its process was killed): rm ${lock}`,
    );
    rmSync(lock);
    takeIndexLock(lock);
    expect((await indexLock(repo))?.ok).toBe(true);
    rmSync(lock);
    expect(existsSync(lock)).toBe(false);
  });

  it('the watch ends the wait only for a holder it cannot check, once it has seen it that long', async () => {
    const repo = await makeRepo();
    const lock = join(repo, '.git', 'index.lock');
    otherHostLock(lock);
    const watch = watchLocks();
    const now = Date.now();
    expect(watch.stuck(lock, now)).toBeNull();
    expect(watch.stuck(lock, now + 9_000)).toBeNull();
    const stuck = watch.stuck(lock, now + 10_000);
    expect(stuck?.path).toBe(lock);
    // The watch hands over the record it decided on: the message names that holder.
    expect(stuck?.state).toEqual({ holder: expect.objectContaining({ host: HOST }), runs: null });
    // A live holder here (this process) is waited for through the whole patience.
    rmSync(lock);
    takeIndexLock(lock);
    const live = watchLocks();
    expect(live.stuck(lock, now)).toBeNull();
    expect(live.stuck(lock, now + 10_000)).toBeNull();
    rmSync(lock);
  });

  it.skipIf(!STRACE)("reads the lock's record once a poll (strace counts the opens)", async () => {
    const repo = await makeRepo();
    const lock = join(repo, '.git', 'index.lock');
    otherHostLock(lock);
    const watch = pathToFileURL(join(BIN, '..', '..', 'dist', 'git', 'lock-watch.js')).href;
    // Three polls: at first sight, before and at the held-lock time (an out-of-sight holder).
    const script = `import { watchLocks } from ${JSON.stringify(watch)};
      const w = watchLocks(); const now = Date.now();
      const polls = [0, 9000, 10000].map((ms) => w.stuck(process.argv[1], now + ms) !== null);
      console.log(JSON.stringify(polls));`;
    const trace = join(repo, 'trace');
    const node = [process.execPath, '--input-type=module', '-e', script, lock];
    const out = execFileSync('strace', [
      '-qq',
      '-e',
      'trace=openat',
      '-P',
      lock,
      '-o',
      trace,
      ...node,
    ]);
    expect(JSON.parse(out.toString())).toEqual([false, false, true]);
    const opens = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => l.includes('openat('));
    expect(opens).toHaveLength(3);
    rmSync(lock);
  });
});
