/**
 * The gate run as the pre-commit framework's `.legacy` hook. `pre-commit install` moves a hook
 * it finds (ours, or a hand-written one with our line) to `<hook>.legacy` and runs it before its
 * own hooks, with PRE_COMMIT_RUNNING_LEGACY set; when the framework's configuration carries our
 * `repo: local` hook too, that run is the second of two. The framework's run is the one kept:
 * it is what `flagstore doctor` checks and what the framework's lifecycle maintains.
 */
import { existsSync } from 'node:fs';
import { hookFile } from './hook-paths.js';
import { HOOK_NAMES, type HookName } from './hook-text.js';
import { frameworkCarries } from './precommit-config.js';

/** What pre-commit (pre-commit.com) sets while it runs a hook it moved aside. */
export const FRAMEWORK_LEGACY_ENV = 'PRE_COMMIT_RUNNING_LEGACY';

/**
 * True when this gate run is the pre-commit framework running a moved-aside hook and the
 * framework's configuration runs the gate itself in every hook this one can be (each hook with
 * a `.legacy` file): the gate then runs once, in the framework's own hook. Whichever hook is
 * running, a hook the configuration leaves out keeps the legacy run, so the gate never runs zero
 * times.
 */
export async function runByFrameworkToo(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  if ((env[FRAMEWORK_LEGACY_ENV] ?? '') === '') return false;
  const moved: HookName[] = [];
  for (const name of HOOK_NAMES) {
    if (existsSync(`${(await hookFile(root, name)).path}.legacy`)) moved.push(name);
  }
  return moved.length > 0 && moved.every((name) => frameworkCarries(root, name));
}
