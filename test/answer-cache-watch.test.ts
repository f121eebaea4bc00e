/**
 * The answer cache with a watcher of the flags folder (`flagstore watch`), real processes all
 * through: a warm read asks the watcher instead of running `git diff-files`, and every change
 * (an edit in place, a create, a delete, a rename, a checkout, a linked worktree's edit) is
 * seen by the very next read, and a watcher vouches for no other folder and no other
 * flagstore version than its own; a stopped watcher (the hit's wait runs out), a killed one, or a
 * new one makes the read fall back to git with the right answer. src/cli/answer-watch.ts, docs/performance.md.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { LIST, expected, outcome, run, seeded, writeFlag } from './answer-helpers.js';
import { packageVersion } from '../src/store/package.js';
import { askWatcher } from '../src/store/watch-socket.js';
import { git, spawnCli, tempDir } from './helpers.js';
import { pidStopped } from './stall-helpers.js';

const started: number[] = [];

afterAll(() => {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
});

/** Starts a watcher for the repository; its pid. */
async function startWatcher(repo: string): Promise<number> {
  const started_ = await spawnCli(repo, ['watch', '--json']);
  expect(started_.code).toBe(0);
  const pid = (JSON.parse(started_.stdout) as { pid: number }).pid;
  started.push(pid);
  return pid;
}

/**
 * Reads after the change's file times have settled: the read must give what the full CLI gives
 * and keep it (a watcher that vouched for a kept answer wrongly would make it a stale hit).
 */
async function readsRight(repo: string) {
  await sleep(200);
  const now = await run(repo, LIST);
  expect(now.trace).toEqual(['miss', 'kept']);
  expect(outcome(now)).toEqual(outcome(await expected(repo, LIST)));
  return now.stdout;
}

/** A read the watcher vouched for: a hit with `git diff-files` not run. */
async function vouched(repo: string) {
  const now = await run(repo, LIST);
  expect(now.trace).toEqual(['watched', 'hit']);
  return now.stdout;
}

const A1 = '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1';
const NEW = '01JD3ZQ8XKQ5V7W9Y2B4C6D8B7';

describe('the answer cache with a watcher', () => {
  it('sees an edit, a create, a delete, a rename and a checkout on the very next read', async () => {
    const repo = await seeded();
    await startWatcher(repo);
    let before = await readsRight(repo);
    expect(await vouched(repo)).toBe(before);
    const changes = [
      () => writeFlag(repo, A1, { impact_level: 'high' }),
      () => writeFlag(repo, NEW),
      () => rmSync(join(repo, 'flags', `${NEW}.md`)),
      () => renameSync(join(repo, 'flags', `${A1}.md`), join(repo, 'flags', `${NEW}.md`)),
      () => git(repo, 'checkout', '-q', '--', 'flags'),
    ];
    for (const change of changes) {
      change();
      const now = await readsRight(repo);
      expect(now).not.toBe(before);
      before = now;
    }
    rmSync(join(repo, 'flags', `${NEW}.md`));
    writeFlag(repo, A1, { impact_level: 'high' });
    git(repo, 'commit', '-qam', 'edit', '--no-verify');
    writeFlag(repo, A1, { impact_level: 'low' });
    git(repo, 'commit', '-qam', 'edit again', '--no-verify');
    await readsRight(repo);
    git(repo, 'checkout', '-q', 'HEAD~1');
    const checkedOut = await readsRight(repo);
    expect(checkedOut).toContain('"impact_level": "high"');
    expect(await vouched(repo)).toBe(checkedOut);
  });

  it('runs `git diff-files` on no vouched hit, and in the look-up of a miss once, unless vouched for', async () => {
    const repo = await seeded();
    await startWatcher(repo);
    // The same GIT_TRACE on every run: the variable is in the answer's name.
    const traced = join(tempDir('flagstore-git-trace-'), 'git');
    const diffFiles = async (trace: string[]) => {
      writeFileSync(traced, '');
      const now = await run(repo, LIST, { GIT_TRACE: traced });
      expect(now.trace).toEqual(trace);
      return readFileSync(traced, 'utf8')
        .split('\n')
        .filter((line) => / git diff-files /.test(line));
    };
    await sleep(200);
    await diffFiles(['miss', 'kept']);
    expect(await diffFiles(['watched', 'hit'])).toHaveLength(0);
    writeFlag(repo, A1, { impact_level: 'high' });
    await sleep(200);
    // The look-up's list (git's, the watcher's token having moved) serves the run's first key.
    expect(await diffFiles(['miss', 'kept'])).toHaveLength(2);
    // Staged: the index moved, no flag file did. The list the watcher vouched for held with the
    // kept index only; the miss must ask git afresh, or its first key differs from its second.
    expect(await diffFiles(['watched', 'hit'])).toHaveLength(0);
    git(repo, 'add', 'flags');
    await sleep(200);
    expect(await diffFiles(['watched', 'miss', 'kept'])).toHaveLength(2);
  });

  it("keeps a linked worktree's watcher and answers apart from the main one's", async () => {
    const repo = await seeded();
    const linked = join(tempDir('flagstore-watch-wt-'), 'linked');
    git(repo, 'worktree', 'add', '-q', linked, '-b', 'side');
    await startWatcher(repo);
    await startWatcher(linked);
    const mainBefore = await readsRight(repo);
    await readsRight(linked);
    writeFlag(linked, A1, { impact_level: 'high' });
    expect(await readsRight(linked)).toContain('"impact_level": "high"');
    expect(await vouched(repo)).toBe(mainBefore);
    // A watcher vouches for its own folder only (a config naming another flags folder, say), and
    // to its own flagstore's code only (one started before an upgrade or a rebuild runs the old
    // code): the version alone, which every dev build shares, is not enough.
    const status = JSON.parse((await spawnCli(linked, ['watch', '--status', '--json'])).stdout);
    const version = packageVersion();
    expect(status).toMatchObject({ running: true, version, same_code: true });
    const linkedGitDir = git(linked, 'rev-parse', '--absolute-git-dir').trim();
    const ask = (request: string) => askWatcher(linkedGitDir, request, 2000);
    const code = String(status.code);
    expect(code.endsWith(` ${version}`)).toBe(true);
    expect(await ask(`token ${code} ${join(linked, 'flags')}`)).toMatch(/^ok /);
    expect(await ask(`token ${code} ${join(repo, 'flags')}`)).toBe('unknown');
    expect(await ask(`token ${version} ${join(linked, 'flags')}`)).toBe('unknown');
    expect(await ask(`token 1${code} ${join(linked, 'flags')}`)).toBe('unknown');
  });

  it('answers through git once the wait for a stopped watcher (SIGSTOP) runs out', async () => {
    const repo = await seeded();
    const pid = await startWatcher(repo);
    const before = await readsRight(repo);
    expect(await vouched(repo)).toBe(before);
    process.kill(pid, 'SIGSTOP');
    await pidStopped(pid);
    // The kernel takes the connection and the request, and nothing answers: only the hit's wait
    // (150 ms) running out lets it go on, with git's list (no `watched`). Without it, it hangs.
    const stalled = await run(repo, LIST);
    expect(stalled.trace).toEqual(['hit']);
    expect(stalled.stdout).toBe(before);
    writeFlag(repo, A1, { impact_level: 'high' });
    expect(await readsRight(repo)).toContain('"impact_level": "high"');
    process.kill(pid, 'SIGCONT');
  });

  it('falls back to git with the right answer when the watcher is killed or new', async () => {
    const repo = await seeded();
    const pid = await startWatcher(repo);
    await readsRight(repo);
    expect((await spawnCli(repo, ['watch'])).stdout).toBe(
      `already watching ${join(repo, 'flags')} (pid ${pid}, flagstore ${packageVersion()})\n`,
    );
    process.kill(pid, 'SIGKILL');
    writeFlag(repo, A1, { impact_level: 'low' });
    const killed = await readsRight(repo);
    expect((await spawnCli(repo, ['watch', '--status'])).stdout).toMatch(/^no watcher answers/);
    // A new watcher vouches for nothing kept before it: the read asks git, then notes its token.
    await startWatcher(repo);
    const first = await run(repo, LIST);
    expect(first.trace).toEqual(['hit', 'renoted']);
    expect(outcome(first)).toEqual(outcome(await expected(repo, LIST)));
    expect(await vouched(repo)).toBe(killed);
    expect((await spawnCli(repo, ['watch', '--stop'])).stdout).toMatch(/^stopped watching/);
    expect((await spawnCli(repo, ['watch', '--status'])).stdout).toBe(
      'no watcher runs for this repository\n',
    );
  });
});
