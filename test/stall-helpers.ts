/**
 * Processes stopped by the stall test hook (src/git/stall.ts): it says it stalls, then stops
 * itself, so a SIGCONT sent on reading its words can arrive before its SIGSTOP and be lost (the
 * process then stays stopped for good). Wait for the stop itself before going on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { BIN, cli } from './helpers.js';

/** The state letter of a process (`T`: stopped), from /proc; null once it is gone. */
export function stateOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

/** Resolves once the child is stopped (or gone), polling /proc every few milliseconds. */
export async function stopped(child: ChildProcess): Promise<void> {
  if (child.pid !== undefined) await pidStopped(child.pid);
}

/** Resolves once process `pid` is stopped (or gone), polling /proc every few milliseconds. */
export async function pidStopped(pid: number): Promise<void> {
  for (;;) {
    const state = stateOf(pid);
    if (state === null || state === 'T' || state === 't') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A process of the binary stalled before publishing, and what it wrote to stderr so far. */
export interface StalledWriter {
  child: ChildProcess;
  stderr: () => string;
}

/**
 * Starts the binary with `args` in `cwd` under FLAGSTORE_TEST_STALL_BEFORE_PUBLISH (plus `env`)
 * and resolves once it said it stalls; `stop` also waits for the stop itself (see stopped).
 */
export async function stallBeforePublish(options: {
  bin: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  stop?: boolean;
}): Promise<StalledWriter> {
  const env = { ...process.env, ...options.env, FLAGSTORE_TEST_STALL_BEFORE_PUBLISH: '1' };
  const child = spawn(process.execPath, [options.bin, ...options.args], { cwd: options.cwd, env });
  let text = '';
  // A run that ends before it stalls fails the test with what it said, not at vitest's timeout.
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('stalled before publishing')) resolve();
    });
    child.on('close', (code) => reject(new Error(`exited ${code} before stalling: ${text}`)));
  });
  if (options.stop !== false) await stopped(child);
  return { child, stderr: () => text };
}

/**
 * Two agents complete flag `id` at once: a `complete` run in `slowCwd` stalls before publishing,
 * another (in-process, in `fastRepo`) lands meanwhile, then the stalled one goes on. Gives the
 * stalled run's exit code and what it said; the caller checks what the ledger kept.
 */
export async function slowerCompletion(options: {
  id: string;
  slowCwd: string;
  fastRepo: string;
}): Promise<{ code: number | null; stderr: string }> {
  const { child, stderr } = await stallBeforePublish({
    bin: BIN,
    args: ['complete', options.id, '--by', '@slow.agent', '--notes', 'slow'],
    cwd: options.slowCwd,
    env: { NO_COLOR: '1' },
  });
  const args = ['complete', options.id, '--by', '@fast.agent', '--notes', 'fast'];
  const fast = await cli(options.fastRepo, args);
  expect(fast.code, fast.stderr).toBe(0);
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.kill('SIGCONT');
  return { code: await exit, stderr: stderr() };
}
