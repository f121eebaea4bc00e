/** Helpers for tests that kill the hook while a gate runs. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { makeRepo, tempDir } from './helpers.js';
import { commitInBackground, configureGates, read, stageUnderEdit } from './gate-helpers.js';

/** Waits for a file with at least one full line, and returns its text. */
export async function waitFor(path: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (text.includes('\n')) return text;
    }
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${path}`);
}

/** A gate that records the hook's and its own pid, then sleeps. */
export const SLEEPER = (pids: string) =>
  `  commands:\n    - name: sleeper\n      command: [node, -e, 'require("fs").writeFileSync(process.argv[1], process.ppid + " " + process.pid + "\\n"); setTimeout(() => {}, 120000)', ${JSON.stringify(pids)}]\n`;

/** A repository whose only gate sleeps, with a.ts staged as `staged` and edited beyond that. */
export async function sleeperRepo(): Promise<{ repo: string; pids: string }> {
  const repo = await makeRepo();
  const pids = join(tempDir(), 'pids');
  configureGates(repo, SLEEPER(pids));
  stageUnderEdit(repo, 'a.ts', 'staged\n', 'staged\nunstaged work\n');
  return { repo, pids };
}

/** Starts `git commit`, waits until the gate runs, and sends `signal` to the hook process. */
export async function killHook(
  repo: string,
  pids: string,
  signal: NodeJS.Signals,
): Promise<{ code: number; gate: number }> {
  const running = commitInBackground(repo);
  const [hook = '', gate = ''] = (await waitFor(pids)).trim().split(' ');
  expect(read(repo, 'a.ts')).toBe('staged\n');
  process.kill(Number(hook), signal);
  return { code: (await running).code, gate: Number(gate) };
}

/**
 * True while a process runs. A zombie (killed, not yet reaped by whoever adopted it) has
 * ended: `kill -0` still finds it, so its state in /proc is read where there is one.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = join('/proc', String(pid), 'stat');
  if (!existsSync(stat)) return true;
  const state = /\) (\S)/.exec(readFileSync(stat, 'utf8'))?.[1];
  return state !== 'Z' && state !== 'X';
}

/**
 * Waits for a process to end; true when it did. The hook's watchdog polls once a second, and
 * on a loaded machine its `sleep` and `kill` start late: 20 s leaves room for that, far short
 * of the sleeper's 120 s.
 */
export async function waitDead(pid: number): Promise<boolean> {
  for (let i = 0; i < 400 && alive(pid); i++) await sleep(50);
  return !alive(pid);
}
