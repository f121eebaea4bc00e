/**
 * The git hook's entry point: `flagstore gate pre-commit` exactly, without loading the whole CLI
 * (commander, every command, the flag store), because a hook's startup time is paid on every
 * commit. Its errors are printed as the CLI's boundary prints them, with the same exit codes.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asFlagstoreError, EXIT_CODES } from '../core/errors.js';
import { committerAgent } from '../gates/agent.js';
import { hookConfig } from '../gates/hook-config.js';
import { stagedChanges } from '../gates/staged.js';
import type { ObjectReader } from '../git/objects.js';
import { localFirstReader } from '../git/objects-local.js';
import { findRepo, type RepoPaths } from '../git/repo.js';
import { preCommit } from './gate-report.js';
import { keepHeapSmall } from './heap-growth.js';
import { warnError } from './output.js';

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

/**
 * The variable under which the shipped hook script hands over NODE_EXTRA_CA_CERTS: node reads
 * that file at start-up, tens of milliseconds on every commit, and the gate opens no TLS
 * connection. The gates it runs (which may) get the variable back.
 */
const CA_HANDOFF = 'FLAGSTORE_EXTRA_CA_CERTS';

function restoreHandedOver(env: NodeJS.ProcessEnv): void {
  const value = env[CA_HANDOFF];
  if (value === undefined) return;
  delete env[CA_HANDOFF];
  env.NODE_EXTRA_CA_CERTS ??= value;
}

/** Runs the gates where git started the hook; `objects` is made by the caller, who closes it. */
async function gates(cwd: string, objects: ObjectReader): Promise<number> {
  const [{ root, gitDir }, early, agent] = await Promise.all([
    locate(cwd),
    stagedChanges(cwd).catch(() => null),
    committerAgent(cwd),
  ]);
  const config = await hookConfig(root, gitDir);
  const atRoot = early !== null && realpathSync(cwd) === realpathSync(root);
  return preCommit({
    repo: { root, gitDir, config },
    agent,
    json: false,
    now: new Date(),
    ...(atRoot && { changes: early, objects }),
  });
}

function report(error: unknown): number {
  const e = asFlagstoreError(error);
  warnError(e);
  return EXIT_CODES[e.code];
}

/** Runs the pre-commit gates in the current folder and returns the exit code. */
export async function run(): Promise<number> {
  restoreHandedOver(process.env);
  // A first commit (or one after an upgrade) parses every flag: at 100,000 flags V8's own
  // growth let the heap reach several times what it kept.
  keepHeapSmall({ young: false });
  let objects: ObjectReader | null = null;
  try {
    const cwd = process.cwd();
    // git runs hooks at the top of the work tree, so the staged changes and the committer can
    // be read meanwhile. The staged files and HEAD's trees are read in this process where git's
    // files are plain (one git process, `diff --cached`), else by a `cat-file` started then.
    objects = localFirstReader(cwd);
    return await gates(cwd, objects);
  } catch (error) {
    return report(error);
  } finally {
    objects?.close();
  }
}
