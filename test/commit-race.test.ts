/**
 * A person staging work while agents commit flags with `--commit` in the same tree (real
 * processes side by side): the person's last `git add` is what the index holds after every
 * round (the adds retry while flagstore holds the index lock, as a person would). With
 * `git commit --only`, which reads the index before locking it, an add landing in between was
 * overwritten; that window is narrow (5 losses in 800 adds beside a tight loop of raw git
 * commits), so these rounds check the outcome rather than guard against it every run, and
 * the second test stages at a fixed point of the commit, between its commit and its lock.
 * test/commit-race-strace.test.ts widens the window with strace and fails on the old commit.
 */
import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN, createArgs, git, makeRepo, spawnCli } from './helpers.js';
import { stopped } from './stall-helpers.js';

const execFileAsync = promisify(execFile);
const ROUNDS = 4;
const AGENTS = 3;

/** `git add` as a person retries it while another process holds the index lock. */
async function addUntilDone(repo: string, path: string): Promise<void> {
  for (;;) {
    try {
      await execFileAsync('git', ['add', '--', path], { cwd: repo });
      return;
    } catch (error) {
      if (!/index\.lock/.test(String((error as { stderr?: string }).stderr))) throw error;
    }
  }
}

/** The person stages new content of `mine.txt` until `done` says stop; returns the last. */
async function stageWhile(repo: string, round: number, done: () => boolean): Promise<string> {
  let text = '';
  for (let add = 0; add === 0 || !done(); add++) {
    text = `round ${round} add ${add}\n`;
    writeFileSync(join(repo, 'mine.txt'), text);
    await addUntilDone(repo, 'mine.txt');
  }
  return text;
}

describe('a person staging beside agents committing flags', () => {
  it(`the last add stays staged through ${ROUNDS} rounds of ${AGENTS} commits`, async () => {
    const repo = await makeRepo();
    const commits = () => Number(git(repo, 'rev-list', '--count', 'HEAD'));
    const before = commits();
    for (let round = 0; round < ROUNDS; round++) {
      let running = AGENTS;
      const agents = Array.from({ length: AGENTS }, async () => {
        const args = [...createArgs('change', '--to', '@b.two', '--commit'), '--by', '@a.one'];
        const res = await spawnCli(repo, args).finally(() => running--);
        expect(res.code, res.stderr).toBe(0);
      });
      const last = await stageWhile(repo, round, () => running === 0);
      await Promise.all(agents);
      expect(git(repo, 'show', ':mine.txt'), `round ${round}`).toBe(last);
    }
    expect(commits()).toBe(before + ROUNDS * AGENTS);
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('mine.txt\n');
    expect(git(repo, 'status', '--porcelain', '--', 'flags')).toBe('');
  });

  it('what the person stages while the commit is stopped before its lock is all kept', async () => {
    const repo = await makeRepo();
    const args = [...createArgs('change', '--to', '@b.two', '--commit'), '--by', '@a.one'];
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: repo,
      env: { ...process.env, FLAGSTORE_TEST_STALL_BEFORE_COMMIT: '1' },
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    let stderr = '';
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('stalled before committing')) resolve();
      }),
    );
    await stopped(child);
    // The commit is made, HEAD not yet moved: the person stages, and marks a file to add.
    writeFileSync(join(repo, 'mine.txt'), 'staged meanwhile\n');
    writeFileSync(join(repo, 'later.txt'), 'intent only\n');
    git(repo, 'add', 'mine.txt');
    git(repo, 'add', '-N', 'later.txt');
    child.kill('SIGCONT');
    expect(await exited).toBe(0);
    expect(git(repo, 'show', ':mine.txt')).toBe('staged meanwhile\n');
    expect(git(repo, 'status', '--porcelain', '--', 'later.txt', 'flags')).toBe(' A later.txt\n');
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toMatch(
      /^flags\/\w{26}\.md$/,
    );
  });
});
