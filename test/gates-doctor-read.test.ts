/**
 * `doctor` reads the hook file git runs once: every verdict it gives is about one text. The hook
 * file is a FIFO here, fed once by the test: a second read would wait for a writer that never
 * comes, and the test would fail on its time-out (the doctor is killed then) instead of passing.
 * It also looks at the file once (one `stat`, counted by strace where it may trace): the
 * verdicts "absent" and "not executable" come from the same look as the text. A hooks path git
 * refuses is reported as git's error, not a crash.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { BIN, cli, git, makeRepo } from './helpers.js';

/** A hook another tool wrote, which runs no gate: doctor judges it past its first look. */
const FOREIGN = '#!/bin/sh\necho "some other tool"\n';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const STRACE = spawnSync('strace', ['-qq', '-o', '/dev/null', 'true']).status === 0;

/** The `stat`s by path that follow links in a trace: realpath's `lstat`s and `fstat`s aside. */
function statsOf(trace: string): number {
  return trace
    .split('\n')
    .filter((line) => /\b(statx|stat|newfstatat|stat64)\(/.test(line))
    .filter((line) => !/SYMLINK_NOFOLLOW|AT_EMPTY_PATH/.test(line)).length;
}

describe('doctor and the hook file', () => {
  it.skipIf(!STRACE)(
    'looks at it with one stat',
    async () => {
      const repo = await makeRepo();
      const hook = join(repo, '.git', 'hooks', 'pre-commit');
      const trace = join(repo, '.git', 'doctor.trace');
      const traced = ['-f', '-qq', '-o', trace, '-e', 'trace=%%stat', '-P', hook];
      execFileSync('strace', [...traced, process.execPath, BIN, 'doctor'], { cwd: repo });
      expect(statsOf(readFileSync(trace, 'utf8'))).toBe(1);
    },
    20_000,
  );

  it('reads it once, and judges that text', async () => {
    const repo = await makeRepo();
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    rmSync(hook);
    execFileSync('mkfifo', ['-m', '755', hook]);
    const child = spawn(process.execPath, [BIN, '--json', 'doctor'], {
      cwd: repo,
      env: { ...process.env, NO_COLOR: '1' },
    });
    onTestFinished(() => void child.kill('SIGKILL'));
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exit = new Promise<void>((resolve) => child.on('close', () => resolve()));
    // The one writer: opening the FIFO waits for doctor's read, closing it ends that read.
    await writeFile(hook, FOREIGN);
    await exit;
    const checks = (JSON.parse(stdout) as { checks: Check[] }).checks;
    expect(checks.find((c) => c.name === 'pre-commit')).toMatchObject({
      ok: false,
      detail: '.git/hooks/pre-commit does not run the gate (replaced or rewritten)',
    });
  }, 20_000);

  it("reports git's refusal of core.hooksPath (a file) as a git error with exit 8, no stack", async () => {
    const repo = await makeRepo();
    await writeFile(join(repo, 'a.txt'), '');
    git(repo, 'config', 'core.hooksPath', 'a.txt');
    const res = await cli(repo, ['doctor']);
    expect(res.code).toBe(8);
    expect(res.stderr).toContain('git rev-parse failed: fatal: Invalid path');
    expect(res.stderr).not.toMatch(/\n\s+at |this is a bug/);
  });
});
