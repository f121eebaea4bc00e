/** Finding the repository and reading git settings; git runs without a shell, arguments as a list. */
import { execFile } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { FlagstoreError } from '../core/errors.js';

const run = promisify(execFile);

/** A repository's work tree and its git directory. */
export interface RepoPaths {
  root: string;
  gitDir: string;
}

/** Runs git with an argument list in a folder and returns its standard output. */
export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd,
    maxBuffer: 256 * 1024 * 1024,
    encoding: 'utf8',
  });
  return stdout;
}

/** Variables that change how git finds a repository: with any of them set, git itself decides. */
const DISCOVERY_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
];

/**
 * The common case without starting git (a process per command otherwise): the nearest folder
 * above the real `cwd` holding a `.git` directory with a HEAD. Null asks git to decide: a `.git`
 * file (linked worktrees, submodules), discovery variables, or nothing found.
 */
function nearestGitDir(cwd: string): RepoPaths | null {
  if (DISCOVERY_ENV.some((name) => process.env[name] !== undefined)) return null;
  let dir: string;
  try {
    dir = realpathSync(cwd);
  } catch {
    return null;
  }
  for (;;) {
    const dotGit = join(dir, '.git');
    const stat = statSync(dotGit, { throwIfNoEntry: false });
    if (stat?.isDirectory() && existsSync(join(dotGit, 'HEAD')))
      return { root: dir, gitDir: dotGit };
    if (stat !== undefined && !stat.isDirectory()) return null;
    if (dirname(dir) === dir) return null;
    dir = dirname(dir);
  }
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
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' &&
      !String(error).includes('spawn git')
    ) {
      throw new FlagstoreError('not_a_repo', `folder ${cwd} does not exist`);
    }
    if (String(error).includes('spawn git ENOENT')) {
      throw new FlagstoreError('git', 'git is not installed or not on PATH', {
        fix: 'install git',
      });
    }
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
