/** Finding the repository and reading git settings; git runs without a shell, arguments as a list. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecFileOptionsWithStringEncoding } from 'node:child_process';
import { FlagstoreError } from '../core/errors.js';
import { childProcess } from './child-process.js';
import { nearestDotGit } from './discovery.js';

/**
 * `execFile` as a promise, as node's `promisify` makes it (a failure carries the output), with
 * `child_process` loaded on first use (child-process.ts).
 */
export function execFileText(
  file: string,
  args: string[],
  options: ExecFileOptionsWithStringEncoding,
): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    childProcess().execFile(file, args, options, (error, stdout, stderr) => {
      if (error === null) resolve({ stdout });
      else reject(Object.assign(error, { stdout, stderr }));
    });
  });
}

/** A repository's work tree and its git directory. */
export interface RepoPaths {
  root: string;
  gitDir: string;
}

/**
 * The error to report when starting git failed (git missing, or the folder gone), else null:
 * node says `spawn git ENOENT` for both.
 */
export function spawnFailure(error: unknown, cwd: string): FlagstoreError | null {
  const e = error as NodeJS.ErrnoException;
  if (e.code !== 'ENOENT' || !String(e.message).includes('spawn git')) return null;
  if (!existsSync(cwd)) return new FlagstoreError('not_a_repo', `folder ${cwd} does not exist`);
  return new FlagstoreError('git', 'git is not installed or not on PATH', { fix: 'install git' });
}

/** Runs git with an argument list in a folder (and an environment) and returns its output. */
export async function git(cwd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await execFileText('git', args, {
      cwd,
      maxBuffer: 512 * 1024 * 1024,
      encoding: 'utf8',
      ...(env && { env }),
    });
    return stdout;
  } catch (error) {
    throw spawnFailure(error, cwd) ?? error;
  }
}

/** git's own words for a failure: its standard error, else the error's message. */
export function gitMessage(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  return (e.stderr || e.message || String(error)).trim();
}

/** Runs git, and reports any failure as `git <command> failed: <what git said>`. */
export async function gitOrFail(
  cwd: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  try {
    return await git(cwd, args, env);
  } catch (error) {
    if (error instanceof FlagstoreError) throw error;
    throw new FlagstoreError('git', `git ${args[0]} failed: ${gitMessage(error)}`);
  }
}

/** A `.git` folder git would take as it is: a real git directory (HEAD, objects, refs). */
function isGitDir(dir: string): boolean {
  return ['HEAD', 'objects', 'refs'].every((name) => existsSync(join(dir, name)));
}

/**
 * Whether git would use this `.git` folder with its work tree right here: owned by the user
 * (else git's safe.directory rule decides) and not moved away by `core.worktree` or `bare`.
 */
function plainRepo(dotGit: string, owner: number): boolean {
  if (process.getuid !== undefined && owner !== process.getuid()) return false;
  if (!isGitDir(dotGit)) return false;
  let config = '';
  try {
    config = readFileSync(join(dotGit, 'config'), 'utf8');
  } catch {
    return false;
  }
  return !/^\s*(worktree\s*=|bare\s*=\s*true)/im.test(config);
}

/**
 * The common case without starting git (a process per command otherwise): the nearest `.git`
 * (src/git/discovery.ts) when it is a plain directory. Anything less plain asks git to decide:
 * a `.git` file (linked worktrees, submodules), a bare repository, another owner.
 */
function nearestGitDir(cwd: string): RepoPaths | null {
  const found = nearestDotGit(cwd);
  if (found === null || found.linked || !plainRepo(found.gitDir, found.owner)) return null;
  return { root: found.root, gitDir: found.gitDir };
}

/** Locates the repository containing `cwd`; outside one, an error that says how to make one. */
export async function findRepo(cwd: string): Promise<RepoPaths> {
  const near = nearestGitDir(cwd);
  if (near !== null) return near;
  try {
    const out = await git(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir']);
    const [root, gitDir] = out.trim().split('\n');
    if (root && gitDir) return { root, gitDir };
  } catch (error) {
    if (error instanceof FlagstoreError) throw error;
  }
  throw new FlagstoreError(
    'not_a_repo',
    `${cwd} is not inside a git repository (with a work tree)`,
    {
      fix: 'git init && flagstore init',
    },
  );
}

/** Reads one git config value, or null when unset. */
export async function gitConfig(cwd: string, key: string): Promise<string | null> {
  try {
    const value = (await git(cwd, ['config', '--get', key])).trim();
    return value === '' ? null : value;
  } catch {
    return null;
  }
}
