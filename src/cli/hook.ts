/**
 * The git hook's entry point: `flagstore gate pre-commit` exactly, without loading the whole CLI
 * (commander, every command, the flag store), because a hook's startup time is paid on every
 * commit. Its errors are printed as the CLI's boundary prints them, with the same exit codes.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXIT_CODES, FlagstoreError } from '../core/errors.js';
import { committerAgent } from '../gates/agent.js';
import { hookConfig } from '../gates/hook-config.js';
import { stagedChanges } from '../gates/staged.js';
import { findRepo, type RepoPaths } from '../git/repo.js';
import { preCommit } from './gate-report.js';
import { palette, sanitize, warn } from './output.js';

/**
 * Where the repository is, without running git when git itself started us: a commit hook runs
 * at the top of the work tree with GIT_INDEX_FILE set, and GIT_DIR set for linked worktrees.
 */
async function locate(cwd: string): Promise<RepoPaths> {
  const env = process.env;
  if (env.GIT_INDEX_FILE !== undefined && env.GIT_WORK_TREE === undefined) {
    if (env.GIT_DIR !== undefined) return { root: cwd, gitDir: resolve(cwd, env.GIT_DIR) };
    const dotGit = join(cwd, '.git');
    if (existsSync(join(dotGit, 'HEAD')) && statSync(dotGit).isDirectory()) {
      return { root: cwd, gitDir: dotGit };
    }
  }
  return findRepo(cwd);
}

/** Runs the pre-commit gates in the current folder and returns the exit code. */
export async function run(): Promise<number> {
  try {
    const cwd = process.cwd();
    // git runs hooks at the top of the work tree, so the staged changes can be read meanwhile.
    const [{ root, gitDir }, early] = await Promise.all([
      locate(cwd),
      stagedChanges(cwd).catch(() => null),
    ]);
    const config = await hookConfig(root, gitDir);
    const agent = await committerAgent(root);
    const changes = early !== null && realpathSync(cwd) === realpathSync(root) ? early : undefined;
    const repo = { root, gitDir, config };
    return await preCommit({
      repo,
      agent,
      json: false,
      now: new Date(),
      ...(changes && { changes }),
    });
  } catch (error) {
    const e =
      error instanceof FlagstoreError
        ? error
        : new FlagstoreError('internal', `unexpected error: ${String(error)}`);
    const c = palette();
    warn(`${c.red('error:')} ${sanitize(e.message)}`);
    if (e.fix) warn(`${c.dim('  fix:')} ${sanitize(e.fix)}`);
    return EXIT_CODES[e.code];
  }
}
