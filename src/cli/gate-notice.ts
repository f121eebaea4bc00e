/**
 * The notice a flag-writing command prints, once per clone, when the gate is not installed:
 * a critical flag blocks nothing where git runs no gate. It costs one `git rev-parse` while
 * the gate is installed (started beside the write, see checkGate), and nothing once the notice
 * was given.
 */
import { existsSync, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { commonDirOf } from '../git/discovery.js';
import type { Workspace } from '../services/workspace.js';
import { sanitize, warn } from './output.js';

/** What the gate check found: whether the hook is installed, and what is wrong otherwise. */
export type GateCheck = { ok: boolean; detail: string } | null;

/** Where the notice is noted: hooks are shared by every worktree of a clone, and so is this. */
function marker(ws: Workspace): string {
  return join(commonDirOf(ws.gitDir), 'flagstore', 'gate-notice');
}

/**
 * Starts checking whether the gate is installed; null when the notice was given already (or the
 * check failed). Started before a write, so its git process runs while the write does.
 */
export async function checkGate(ws: Workspace): Promise<GateCheck> {
  if (existsSync(marker(ws))) return null;
  // The doctor's checks are loaded only here, not by every write that finds the notice given.
  const { hookCheck } = await import('../gates/doctor.js');
  return hookCheck(ws.root, 'pre-commit').catch(() => null);
}

/** Warns (on stderr) that commits are not gated here, the first time it is noticed. */
export async function noticeMissingGate(
  ws: Workspace,
  started: Promise<GateCheck> = checkGate(ws),
): Promise<void> {
  const check = await started;
  if (check === null || check.ok) return;
  warn(
    `note: ${sanitize(check.detail)}; critical flags block no commit in this clone (fix: flagstore init; check: flagstore doctor). Said once.`,
  );
  await fs.mkdir(dirname(marker(ws)), { recursive: true });
  await fs.writeFile(marker(ws), `${new Date().toISOString()}\n`);
}
