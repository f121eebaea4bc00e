/**
 * The window `--commit` must not have, widened on purpose. strace (Debian `strace`) delays every
 * creation of the work tree's `index.lock` by the traced processes by 1.5 s, while a person adds
 * a new file every few milliseconds. `git commit --only` reads the index and only then creates
 * the lock, so every add landing in the delay was overwritten (27 of 40 in a raw-git trial);
 * flagstore takes the lock before it reads the index, so each add that git accepted stays
 * staged. Skipped where strace is missing or may not trace (`.ci/run` installs it).
 */
import { execFile, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BIN, createArgs, git, makeRepo } from './helpers.js';

const execFileAsync = promisify(execFile);

const STRACE = spawnSync('strace', ['-qq', '-o', '/dev/null', 'true']).status === 0;

/** Adds one new file after another until `done`; returns the names git accepted. */
async function addWhile(repo: string, done: () => boolean): Promise<string[]> {
  const accepted: string[] = [];
  for (let n = 0; !done(); n++) {
    const name = `person-${n}.txt`;
    writeFileSync(join(repo, name), `${n}\n`);
    const added = await execFileAsync('git', ['add', '--', name], { cwd: repo }).then(
      () => true,
      () => false,
    );
    if (added) accepted.push(name);
  }
  return accepted;
}

describe.skipIf(!STRACE)('--commit beside a person adding files, its lock delayed', () => {
  it("keeps every file git accepted from the person's adds", async () => {
    const repo = await makeRepo();
    const lock = join(repo, '.git', 'index.lock');
    const delay = ['-e', 'trace=openat', '-e', 'inject=openat:delay_enter=1500000'];
    const args = [...createArgs('change', '--to', '@b.two', '--commit'), '--by', '@a.one'];
    const traced = ['-f', '-qq', '-o', '/dev/null', '-P', lock, '-P', '.git/index.lock'];
    let running = true;
    const agent = execFileAsync('strace', [...traced, ...delay, process.execPath, BIN, ...args], {
      cwd: repo,
    }).finally(() => (running = false));
    const accepted = await addWhile(repo, () => !running);
    await agent;
    const staged = git(repo, 'ls-files', '--', 'person-*.txt').split('\n').filter(Boolean);
    expect(accepted.length).toBeGreaterThan(5);
    expect(staged.sort()).toEqual([...accepted].sort());
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toMatch(
      /^flags\/\w{26}\.md$/,
    );
  });
});
