/**
 * The notice a flag-writing command prints, once per clone, when the gate is not installed:
 * a critical flag blocks nothing where git runs no gate. It costs one `git rev-parse` while
 * the gate is installed, and nothing once the notice was given.
 */
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Workspace } from '../services/workspace.js';
import { sanitize, warn } from './output.js';

/** Warns (on stderr) that commits are not gated here, the first time it is noticed. */
export async function noticeMissingGate(ws: Workspace): Promise<void> {
  const marker = join(ws.gitDir, 'flagstore', 'gate-notice');
  if (existsSync(marker)) return;
  // The doctor's checks are loaded only here, not by every write that finds the notice given.
  const { hookCheck } = await import('../gates/doctor.js');
  const check = await hookCheck(ws.root, 'pre-commit').catch(() => null);
  if (check === null || check.ok) return;
  warn(
    `note: ${sanitize(check.detail)}; critical flags block no commit in this clone (fix: flagstore init; check: flagstore doctor). Said once.`,
  );
  await fs.mkdir(join(ws.gitDir, 'flagstore'), { recursive: true });
  await fs.writeFile(marker, `${new Date().toISOString()}\n`);
}
