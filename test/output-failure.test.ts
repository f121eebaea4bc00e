/**
 * Standard output that cannot be written (a full disk, here /dev/full) is an I/O error reported
 * on standard error with its fix and exit 9, never a stack trace: on a miss, on a kept answer's
 * hit, for the seed's JSON and for a table (src/cli/std-fd.ts, src/cli/errors.ts).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN, createFlag, makeRepo } from './helpers.js';

/** Runs the binary with standard output on /dev/full. */
function toFullDisk(repo: string, args: string[]): { code: number | null; stderr: string } {
  const full = openSync('/dev/full', 'w');
  try {
    const env = { ...process.env, NO_COLOR: '1', FLAGSTORE_AGENT: '@a.one' };
    const res = spawnSync(process.execPath, [BIN, ...args], {
      cwd: repo,
      env,
      stdio: ['ignore', full, 'pipe'],
      encoding: 'utf8',
    });
    return { code: res.status, stderr: res.stderr };
  } finally {
    closeSync(full);
  }
}

function expectReported(run: { code: number | null; stderr: string }): void {
  expect(run.stderr).toContain('ENOSPC');
  expect(run.stderr).toContain('fix: ');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(run.code).toBe(9);
}

describe.skipIf(!existsSync('/dev/full'))('standard output on a full disk', () => {
  it('is an I/O error with its fix, cold and from a kept answer, in every output mode', async () => {
    const repo = await makeRepo();
    await createFlag(repo, '@a.one', 'change', '--to', '@b.two');
    for (const args of [['list', '--json'], ['get-agent-flags', '@b.two'], ['list']]) {
      expectReported(toFullDisk(repo, args));
      // The first run kept no answer it could not print; a run to a pipe keeps one, then a hit.
      spawnSync(process.execPath, [BIN, ...args], { cwd: repo, env: { ...process.env } });
      expectReported(toFullDisk(repo, args));
    }
  });
});
