/**
 * The notice a flag-writing command prints, once per hooks folder, when the gate is not
 * installed: a critical flag blocks nothing where git runs no gate. A clone's worktrees share
 * its hooks, unless `core.hooksPath` is relative (husky's `.husky/_`), which each worktree
 * resolves in its own folder: so each worktree keeps its own record (that it was told, and the
 * hook found to run the gate), and the clone keeps the hook files it was told about, which
 * another worktree resolving the same file is not told again. Checking costs one
 * `git rev-parse` (started beside the write, see checkGate); a hook file that runs the gate
 * itself is noted with the identity of that file and of git's config files (which say where
 * hooks are), so later writes check it by a few `stat` calls until one of them changes. Once
 * the notice was given in a worktree, nothing is checked there.
 */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commonDirOf, fileStamps, gitConfigPaths } from '../git/discovery.js';
import type { Workspace } from '../services/workspace.js';
import { sanitize, warn } from './output.js';

/** What the gate check found (null: nothing to say), and the clone's state folder. */
export type GateCheck = {
  ok: boolean;
  detail: string;
  fix: string | null;
  hook: string;
  dirs: StateDirs;
} | null;

const NOTED = 'gate-hook';
const SAID = 'gate-notice';
/** In the clone's folder: the hook files the notice was given about, one a line. */
const SAID_HOOKS = 'gate-notice-hooks';

/** The worktree's state folder and the clone's (the same in the main worktree). */
interface StateDirs {
  own: string;
  clone: string;
}

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

/** True when the clone's record says the notice was given about this hook file. */
function saidAbout(dirs: StateDirs, hook: string): boolean {
  const path = join(dirs.clone, SAID_HOOKS);
  return existsSync(path) && readFileSync(path, 'utf8').split('\n').includes(hook);
}

/** Records that this worktree was told, and the hook file when the clone's record lacks it. */
async function recordSaid(dirs: StateDirs, hook: string | null): Promise<void> {
  await fs.mkdir(dirs.own, { recursive: true });
  await fs.mkdir(dirs.clone, { recursive: true });
  await fs.writeFile(join(dirs.own, SAID), `${new Date().toISOString()}\n`);
  if (hook !== null) await fs.appendFile(join(dirs.clone, SAID_HOOKS), `${hook}\n`);
}

/**
 * Starts checking whether the gate is installed; null when the notice was given already, the
 * noted hook still holds, or the check failed. Started before a write, so its git process runs
 * while the write does.
 */
export async function checkGate(ws: Workspace): Promise<GateCheck> {
  const git = { gitDir: ws.gitDir, commonDir: commonDirOf(ws.gitDir) };
  const dirs = { own: join(git.gitDir, 'flagstore'), clone: join(git.commonDir, 'flagstore') };
  if (existsSync(join(dirs.own, SAID)) || notedHookHolds(git, dirs.own)) return null;
  // The doctor's checks are loaded only here, not by every write that finds the notice given.
  const { hookState } = await import('../gates/doctor.js');
  const found = await hookState(ws.root, 'pre-commit').catch(() => null);
  if (found === null) return null;
  if (found.direct) await noteHook(git, dirs.own, found.path).catch(() => undefined);
  const { ok, detail, fix } = found.check;
  return { ok, detail, fix, hook: found.path, dirs };
}

/**
 * Warns (on stderr) that commits are not gated here, the first time it is noticed in this
 * worktree about this hook file.
 */
export async function noticeMissingGate(
  ws: Workspace,
  started: Promise<GateCheck> = checkGate(ws),
): Promise<void> {
  const check = await started;
  if (check === null || check.ok) return;
  const said = saidAbout(check.dirs, check.hook);
  if (!said) {
    const fix = check.fix ?? 'flagstore init';
    warn(
      `note: ${sanitize(check.detail)}; critical flags block no commit here (fix: ${sanitize(fix)}; check: flagstore doctor). Said once.`,
    );
  }
  await recordSaid(check.dirs, said ? null : check.hook);
}
