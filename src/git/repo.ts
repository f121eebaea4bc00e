/** Finding the repository and reading git settings; git runs without a shell, arguments as a list. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ExecFileOptionsWithStringEncoding } from 'node:child_process';
import { FlagstoreError } from '../core/errors.js';
import { configBool } from '../core/git-config.js';
import { childProcess } from './child-process.js';
import { plainConfigValue } from './config-read.js';
import { linkedCommonDir, nearestDotGit } from './discovery.js';
import { gitFailure, gitMessage, notARepository, spawnFailure } from './git-failure.js';
import { shellWord } from './shell-word.js';

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

/** Runs git, and reports any failure as `git <command> failed: <what git said>`. */
export async function gitOrFail(
  cwd: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<string> {
  try {
    return await git(cwd, args, env);
  } catch (error) {
    throw gitFailure(error, { cwd, command: args[0] ?? '' });
  }
}

/** A `.git` folder git would take as it is: a real git directory (HEAD, objects, refs). */
function isGitDir(dir: string): boolean {
  return ['HEAD', 'objects', 'refs'].every((name) => existsSync(join(dir, name)));
}

/**
 * True when git takes the repository for another user's (its safe.directory rule then
 * decides): another owner, or git's own test switch that makes every owner differ.
 */
function otherOwner(owner: number): boolean {
  const assumed = process.env.GIT_TEST_ASSUME_DIFFERENT_OWNER;
  if (assumed !== undefined && configBool(assumed) !== false) return true;
  return process.getuid !== undefined && owner !== process.getuid();
}

/**
 * Whether git would use this `.git` folder with its work tree right here: owned by the user
 * (else git's safe.directory rule decides), not moved away by `core.worktree` or `bare`, and
 * with no `[extensions]` section (a format such as reftable, which this git may not know:
 * git then says so).
 */
function plainRepo(dotGit: string, owner: number): boolean {
  if (otherOwner(owner) || !isGitDir(dotGit)) return false;
  let config = '';
  try {
    config = readFileSync(join(dotGit, 'config'), 'utf8');
  } catch {
    return false;
  }
  return !/^\s*(worktree\s*=|bare\s*=\s*true|\[extensions\b)/im.test(config);
}

/**
 * The repository's own git dir (the common dir) of a linked worktree's git dir: one git made
 * (`<common dir>/worktrees/<name>`, with its HEAD, no `config.worktree`, owned by the user);
 * null for any other `.git` file (a submodule's, `--separate-git-dir`'s), which git finds.
 */
function linkedCommon(gitDir: string): string | null {
  const common = linkedCommonDir(gitDir);
  if (common === null || !existsSync(join(gitDir, 'HEAD'))) return null;
  const owner = statSync(common, { throwIfNoEntry: false })?.uid;
  return owner === undefined || otherOwner(owner) ? null : common;
}

/**
 * The common case without starting git (a process per command otherwise): the nearest `.git`
 * (src/git/discovery.ts) when it is a plain directory or a plain repository's linked worktree.
 * Anything less plain asks git to decide: a submodule, a bare repository, another owner,
 * extensions.
 */
function nearestGitDir(cwd: string): RepoPaths | null {
  const found = nearestDotGit(cwd);
  const common = found?.linked ? linkedCommon(found.gitDir) : found?.gitDir;
  if (found === null || !common || !plainRepo(common, found.owner)) return null;
  return { root: found.root, gitDir: found.gitDir };
}

/**
 * Locates the repository containing `cwd`; outside one, an error that says how to make one.
 * git refusing the repository (another owner, a format it does not know) is reported in git's
 * words with the fix (src/git/git-failure.ts).
 */
export async function findRepo(cwd: string): Promise<RepoPaths> {
  const near = nearestGitDir(cwd);
  if (near !== null) return near;
  try {
    const out = await git(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir']);
    const [root, gitDir] = out.trim().split('\n');
    if (root && gitDir) return { root, gitDir };
  } catch (error) {
    if (error instanceof FlagstoreError) throw error;
    if (!notARepository(gitMessage(error))) throw gitFailure(error, { cwd, command: 'rev-parse' });
  }
  throw await noWorkTree(cwd);
}

/**
 * Why `cwd` has no work tree, with the fix that gives it one: a bare repository is cloned beside
 * itself (`git init` there changes nothing), the inside of a `.git` folder is left for its work tree, and
 * anywhere else a repository is made.
 */
async function noWorkTree(cwd: string): Promise<FlagstoreError> {
  const place = await git(cwd, ['rev-parse', '--is-bare-repository', '--absolute-git-dir']).then(
    (out) => out.trim().split('\n'),
    () => [],
  );
  const [bare, gitDir] = place;
  if (bare === 'true' && gitDir) {
    // Beside the bare repository: a relative name would clone into it, wherever cwd is.
    const clone = join(dirname(gitDir), `${basename(gitDir).replace(/\.git$/, '') || 'repo'}-work`);
    return new FlagstoreError(
      'not_a_repo',
      `${cwd} is a bare git repository: it has no work tree for flag files`,
      {
        fix: `git clone ${shellWord(gitDir)} ${shellWord(clone)} && cd ${shellWord(clone)} && flagstore init`,
      },
    );
  }
  if (bare === 'false' && gitDir) {
    const tree = basename(gitDir) === '.git' ? dirname(gitDir) : null;
    return new FlagstoreError(
      'not_a_repo',
      `${cwd} is inside the git folder ${gitDir}, not in its work tree`,
      { fix: tree === null ? 'cd into the work tree of this repository' : `cd ${shellWord(tree)}` },
    );
  }
  return new FlagstoreError('not_a_repo', `${cwd} is not inside a git repository`, {
    fix: 'git init && flagstore init',
  });
}

/**
 * Reads one git config value (`git config --get`: the last one), or null when unset or empty:
 * from the config files in this process where that is certain (src/git/config-read.ts), else
 * from git.
 */
export async function gitConfig(cwd: string, key: string): Promise<string | null> {
  const known = plainConfigValue(cwd, key);
  if (known !== undefined) return known === '' ? null : known;
  try {
    const value = (await git(cwd, ['config', '--get', key])).trim();
    return value === '' ? null : value;
  } catch {
    return null;
  }
}
