/**
 * Two `flagstore watch` started at the same moment (src/services/watch-daemon.ts): one start at
 * a time, so exactly one watcher runs and the other says so and exits. Real processes: the first
 * is stopped (the stall hook) after it found no watcher and before it takes the socket, and the
 * second starts meanwhile; without the start lock both found none and the second replaced the
 * first's socket, leaving it running and unreachable. Two starts taking over the same start lock
 * a killed watcher left: the one that looked second removed the lock the first had just made
 * (round mend50); it now moves it aside, sees it is not the dead one, and puts it back.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTaken } from '../src/services/watch-daemon.js';
import { takeLock, type HeldLock, type Holder } from '../src/store/start-lock.js';
import { askWatcher, socketPath } from '../src/store/watch-socket.js';
import { BIN, makeRepo, tempDir } from './helpers.js';
import { pidStopped } from './stall-helpers.js';

const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) {
    child.kill('SIGCONT');
    child.kill('SIGTERM');
  }
});

/** A watcher's process, what it said so far, and its exit code once it ends. */
interface Watcher {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<number | null>;
}

/**
 * Starts `flagstore watch --foreground`, stalling before it takes the socket, or before it
 * takes over a start lock whose holder is gone.
 */
function startWatcher(repo: string, stall: 'LISTEN' | 'TAKEOVER' = 'LISTEN'): Watcher {
  const env = { ...process.env, NO_COLOR: '1', [`FLAGSTORE_TEST_STALL_BEFORE_${stall}`]: '1' };
  const child = spawn(process.execPath, [BIN, 'watch', '--foreground'], { cwd: repo, env });
  children.push(child);
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, stderr: () => text, exit };
}

/** Resolves once `said()` matches, or fails with what was said if the process ends first. */
async function until(child: ChildProcess, said: () => string, pattern: RegExp): Promise<void> {
  while (!pattern.test(said())) {
    if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${said()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The pid of the watcher answering on the repository's socket, or null. */
async function answering(gitDir: string): Promise<number | null> {
  const line = await askWatcher(gitDir, 'status', 2000);
  return line === null ? null : (JSON.parse(line) as { pid: number }).pid;
}

describe('two watchers started at once', () => {
  it('run one: the other waits for its start, says it runs, and exits', async () => {
    const repo = await makeRepo();
    mkdirSync(join(repo, 'flags'), { recursive: true });
    const gitDir = join(repo, '.git');
    const first = startWatcher(repo);
    await until(first.child, first.stderr, /stalled before/);
    await pidStopped(first.child.pid ?? 0);
    const second = startWatcher(repo);
    // The second either waits for the first's start, or (without the lock) found no watcher too.
    await until(second.child, second.stderr, /waiting for the watcher|stalled before/);
    first.child.kill('SIGCONT');
    while ((await answering(gitDir)) === null) await new Promise((r) => setTimeout(r, 20));
    second.child.kill('SIGCONT');
    // Until the second ends, or (without the lock) answers on the socket in the first's place.
    let pid: number | null = first.child.pid ?? 0;
    while (second.child.exitCode === null && pid === first.child.pid) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      pid = await answering(gitDir);
    }
    expect(pid).toBe(first.child.pid);
    expect(await second.exit).toBe(6);
    expect(second.stderr()).toContain(
      `error: a watcher already runs for this repository (pid ${first.child.pid})`,
    );
    expect(first.child.exitCode).toBeNull();
  });

  it('taking over a dead start lock, never take over the lock another start took meanwhile', async () => {
    const repo = await makeRepo();
    const gitDir = join(repo, '.git');
    const lock = `${socketPath(gitDir)}.lock`;
    mkdirSync(dirname(lock), { recursive: true });
    writeFileSync(lock, String(spawnSync('true').pid));
    // The second saw the dead holder and stops before taking over; the first takes over meanwhile.
    const second = startWatcher(repo, 'TAKEOVER');
    await until(second.child, second.stderr, /stalled before/);
    await pidStopped(second.child.pid ?? 0);
    const first = startWatcher(repo);
    await until(first.child, first.stderr, /stalled before/);
    await pidStopped(first.child.pid ?? 0);
    second.child.kill('SIGCONT');
    // It waits for the first's start, or (removing the first's lock, as it did) starts too.
    let pid: number | null = null;
    while (!/waiting for the watcher/.test(second.stderr()) && pid === null) {
      if (second.child.exitCode !== null) break;
      // A missing socket answers at once: let the second's output in between.
      await new Promise((resolve) => setTimeout(resolve, 20));
      pid = await answering(gitDir);
    }
    expect(pid).toBeNull();
    expect(second.stderr()).toContain(`waiting for the watcher starting in pid ${first.child.pid}`);
    first.child.kill('SIGCONT');
    expect(await second.exit).toBe(6);
    expect(await answering(gitDir)).toBe(first.child.pid);
    expect(first.child.exitCode).toBeNull();
  });

  it('give up a start whose lock another start took over meanwhile, and leave that lock', async () => {
    const repo = await makeRepo();
    mkdirSync(join(repo, 'flags'), { recursive: true });
    const gitDir = join(repo, '.git');
    const lock = `${socketPath(gitDir)}.lock`;
    const first = startWatcher(repo);
    await until(first.child, first.stderr, /stalled before/);
    await pidStopped(first.child.pid ?? 0);
    // A third start's lock in its place (the moment removeStale cannot put the first's back).
    rmSync(lock);
    writeFileSync(lock, String(process.pid));
    const earlier = new Date(Date.now() - 60_000);
    utimesSync(lock, earlier, earlier);
    first.child.kill('SIGCONT');
    // Until it ends, or (starting all the same) answers on the socket.
    let pid: number | null = null;
    while (first.child.exitCode === null && pid === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      pid = await answering(gitDir);
    }
    expect(pid).toBeNull();
    expect(await first.exit).toBe(6);
    expect(first.stderr()).toContain('another watcher took over the start meanwhile');
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
  });

  it('take over a start lock whose holder is gone, and wait for one whose holder runs', async () => {
    const path = join(tempDir(), 'sock.lock');
    writeFileSync(path, String(spawnSync('true').pid));
    const lock = (await takeLock(path, { waitMs: 0 })) as HeldLock;
    expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    expect(await takeLock(path, { waitMs: 40 })).toEqual({ pid: process.pid, elsewhere: false });
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('never take over a start lock held in another host or PID namespace, whose pid means nothing here', async () => {
    const path = join(tempDir(), 'sock.lock');
    const dead = spawnSync('true').pid;
    writeFileSync(path, `${dead} 0123456789ab`);
    expect(await takeLock(path, { waitMs: 40 })).toEqual({ pid: dead, elsewhere: true });
    expect(readFileSync(path, 'utf8')).toBe(`${dead} 0123456789ab`);
    // The start gives up (after 5 s) saying where its holder runs, and names no kill of a pid
    // that means another process here; for a holder of this place it does.
    const socket = path.replace(/\.lock$/, '');
    const given = startTaken(socket, (await takeLock(path, { waitMs: 0 })) as Holder);
    expect(given.ok ? null : [given.error.message, given.error.fix]).toEqual([
      `another watcher has been starting for a while (pid ${dead}, in another host or PID namespace)`,
      `flagstore watch --status; if none runs: rm ${path}`,
    ]);
    const here = startTaken(socket, { pid: dead, elsewhere: false });
    expect(here.ok ? null : here.error.fix).toBe(
      `flagstore watch --status; if none runs: kill ${dead}, or rm ${path}`,
    );
  });

  it('know a start lock no longer theirs once another file took its place', async () => {
    const path = join(tempDir(), 'sock.lock');
    const lock = (await takeLock(path, { waitMs: 0 })) as HeldLock;
    expect(lock.still()).toBe(true);
    rmSync(path);
    writeFileSync(path, String(process.pid));
    // Its own time, as a file made in another clock tick has (the inode may well be the same).
    const earlier = new Date(Date.now() - 60_000);
    utimesSync(path, earlier, earlier);
    expect(lock.still()).toBe(false);
    lock.release();
    expect(existsSync(path)).toBe(true);
  });

  it('take over a start lock left without a pid (its holder killed before writing it)', async () => {
    const path = join(tempDir(), 'sock.lock');
    writeFileSync(path, '');
    const lock = await takeLock(path, { waitMs: 2000 });
    expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    (lock as HeldLock).release();
  });
});
