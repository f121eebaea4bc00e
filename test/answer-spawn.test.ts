/**
 * How the answer cache starts `git diff-files` (src/git/spawn-to-file.ts): through node's process
 * handle, without `child_process`, and only a git that exited with status 0 and no signal counts.
 * A git that dies by a signal, or a node that would warn about `process.binding`, must never
 * make a stale answer or a changed one.
 */
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runToFile, type FileRun } from '../src/git/spawn-to-file.js';
import { tempDir } from './helpers.js';
import { LIST, expected, outcome, run, seeded, warm, writeFlag } from './answer-helpers.js';

const A1 = '01JD3ZQ8XKQ5V7W9Y2B4C6D8A1';

/** Runs `sh -c script` with its output to a file; the outcome and what it wrote. */
async function sh(script: string): Promise<{ ok: boolean; out: string }> {
  const dir = tempDir();
  const path = join(dir, 'out');
  const fd = openSync(path, 'w+');
  const job: FileRun = { file: 'sh', args: ['-c', script], cwd: dir, env: process.env, stdout: fd };
  try {
    await runToFile(job);
    return { ok: true, out: readFileSync(path, 'utf8') };
  } catch {
    return { ok: false, out: readFileSync(path, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

/**
 * A folder holding a `git` that runs the real one, except `diff-files` once `<dir>/die` exists:
 * that git kills itself with SIGTERM before it writes anything.
 */
function gitThatDies(): { path: string; die: () => void } {
  const dir = tempDir('flagstore-fake-git-');
  mkdirSync(join(dir, 'bin'));
  const real = process.env.PATH ?? '';
  const script = [
    '#!/bin/sh',
    `if [ "$2" = diff-files ] && [ -e '${dir}/die' ]; then kill -TERM $$; fi`,
    `PATH='${real}' exec git "$@"`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'bin', 'git'), script);
  chmodSync(join(dir, 'bin', 'git'), 0o755);
  return { path: `${join(dir, 'bin')}:${real}`, die: () => writeFileSync(join(dir, 'die'), '') };
}

describe('runToFile', () => {
  it('resolves once the process exited with status 0, its output in the file', async () => {
    expect(await sh('printf "a\\0b"')).toEqual({ ok: true, out: 'a\0b' });
  });

  it('rejects a non-zero exit, a signal, a missing program and a NUL', async () => {
    expect((await sh('printf x; exit 3')).ok).toBe(false);
    // Killed by a signal, the process handle reports status 0: the signal must be looked at.
    expect(await sh('kill -TERM $$; printf late')).toEqual({ ok: false, out: '' });
    const dir = tempDir();
    const missing = { file: 'no-such-program-here', args: [], cwd: dir, env: process.env };
    await expect(runToFile({ ...missing, stdout: 1 })).rejects.toThrow();
    await expect(
      runToFile({ ...missing, file: 'sh', args: ['-c', 'x\0'], stdout: 1 }),
    ).rejects.toThrow('NUL');
  });
});

describe('answer cache: the git it starts', () => {
  it('a git diff-files killed by a signal gives no answer from the cache', async () => {
    const repo = await seeded();
    const fake = gitThatDies();
    const env = { PATH: fake.path };
    const before = await warm(repo, LIST, env);
    fake.die();
    await sleep(200);
    // An edit in place changes neither the folder nor the index: only diff-files can tell.
    const path = writeFlag(repo, A1, { impact_level: 'high' });
    expect(readFileSync(path, 'utf8')).toContain('high');
    const after = await run(repo, LIST, env);
    expect(after.trace[0]).toBe('miss');
    expect(after.trace).toContain('not kept: no state key');
    expect(outcome(after)).toEqual(outcome(await expected(repo, LIST)));
    expect(after.stdout).not.toBe(before.stdout);
  });

  it('under --pending-deprecation: no warning, and still fresh', async () => {
    const repo = await seeded();
    const env = { NODE_OPTIONS: '--pending-deprecation' };
    const before = await warm(repo, LIST, env);
    expect(before.stderr).toBe('');
    await sleep(200);
    writeFlag(repo, A1, { impact_level: 'high' });
    const after = await run(repo, LIST, env);
    expect(after.trace[0]).toBe('miss');
    expect(after.stderr).toBe('');
    expect(outcome(after)).toEqual(outcome(await expected(repo, LIST)));
    expect(after.stdout).not.toBe(before.stdout);
  });
});
