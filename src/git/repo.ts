/** Finding the repository and reading git settings; git runs without a shell, arguments as a list. */
import { execFile } from 'node:child_process';
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

/** Locates the repository containing `cwd`; outside one, an error that says how to make one. */
export async function findRepo(cwd: string): Promise<RepoPaths> {
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
