/**
 * Processes stopped by the stall test hook (src/git/stall.ts): it says it stalls, then stops
 * itself, so a SIGCONT sent on reading its words can arrive before its SIGSTOP and be lost (the
 * process then stays stopped for good). Wait for the stop itself before going on.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The state letter of a process (`T`: stopped), from /proc; null once it is gone. */
function stateOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

/** Resolves once the child is stopped (or gone), polling /proc every few milliseconds. */
export async function stopped(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  for (;;) {
    const state = stateOf(pid);
    if (state === null || state === 'T' || state === 't') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
