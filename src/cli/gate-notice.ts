/**
 * The notice a flag-writing command prints, once per clone, when the gate is not installed:
 * a critical flag blocks nothing where git runs no gate. Checking costs one `git rev-parse`
 * (started beside the write, see checkGate); a hook file that runs the gate itself is noted
 * with the identity of that file and of git's config files (which say where hooks are), so
 * later writes check it by a few `stat` calls until one of them changes. Once the notice was
 * given, nothing is checked.
 */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commonDirOf, fileStamps, gitConfigPaths } from '../git/discovery.js';
import type { Workspace } from '../services/workspace.js';
import { sanitize, warn } from './output.js';

/** What the gate check found (null: nothing to say), and the clone's state folder. */
export type GateCheck = { ok: boolean; detail: string; dir: string } | null;

const NOTED = 'gate-hook';

/** The git dir and the clone's common dir (read once per check). */
interface Git {
  gitDir: string;
  commonDir: string;
}

/**
 * The identity of the hook file and of git's config files; null when settings come from the
 * environment (then every write checks).
 */
function hookKey(git: Git, hook: string): string | null {
  if (Object.keys(process.env).some((name) => name.startsWith('GIT_CONFIG'))) return null;
  return fileStamps([...gitConfigPaths(git.gitDir, git.commonDir), hook]).join('\n');
}

/** True when the hook noted as running the gate is still there, unchanged, and still git's. */
function notedHookHolds(git: Git, dir: string): boolean {
  try {
    const noted = JSON.parse(readFileSync(join(dir, NOTED), 'utf8')) as {
      hook: string;
      key: string;
    };
    return noted.key === hookKey(git, noted.hook);
  } catch {
    return false;
  }
}

async function noteHook(git: Git, dir: string, hook: string): Promise<void> {
  const key = hookKey(git, hook);
  if (key === null) return;
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(join(dir, NOTED), JSON.stringify({ hook, key }));
}

/**
 * Starts checking whether the gate is installed; null when the notice was given already, the
 * noted hook still holds, or the check failed. Started before a write, so its git process runs
 * while the write does.
 */
export async function checkGate(ws: Workspace): Promise<GateCheck> {
  // The notice and the noted hook are the clone's: hooks are shared by its worktrees.
  const git = { gitDir: ws.gitDir, commonDir: commonDirOf(ws.gitDir) };
  const dir = join(git.commonDir, 'flagstore');
  if (existsSync(join(dir, 'gate-notice')) || notedHookHolds(git, dir)) return null;
  // The doctor's checks are loaded only here, not by every write that finds the notice given.
  const { hookState } = await import('../gates/doctor.js');
  const found = await hookState(ws.root, 'pre-commit').catch(() => null);
  if (found === null) return null;
  if (found.direct) await noteHook(git, dir, found.path).catch(() => undefined);
  return { ok: found.check.ok, detail: found.check.detail, dir };
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
  await fs.mkdir(check.dir, { recursive: true });
  await fs.writeFile(join(check.dir, 'gate-notice'), `${new Date().toISOString()}\n`);
}
