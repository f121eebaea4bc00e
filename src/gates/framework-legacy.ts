/**
 * The gate run as the pre-commit framework's `.legacy` hook. `pre-commit install` (and
 * `prek install`) moves a hook it finds (ours, or a hand-written one with our line) to
 * `<hook>.legacy` and runs it before its own hooks, with PRE_COMMIT_RUNNING_LEGACY (prek:
 * PREK_RUNNING_LEGACY) set; when the configuration that tool reads carries our `flagstore` hook
 * too, that run is the second of two. The framework's run is the one kept: it is what
 * `flagstore doctor` checks and what the framework's lifecycle maintains.
 */
import { existsSync } from 'node:fs';
import { hookFiles } from './hook-paths.js';
import { HOOK_NAMES } from './hook-text.js';
import { frameworkCarrier, type FrameworkTool } from './precommit-config.js';

/** What each tool sets while it runs a hook it moved aside. */
const FRAMEWORK_LEGACY_ENVS: Record<string, FrameworkTool> = {
  PRE_COMMIT_RUNNING_LEGACY: 'pre-commit',
  PREK_RUNNING_LEGACY: 'prek',
};

/** The tool running this gate as a moved-aside hook, or null when none is. */
function legacyRunner(env: NodeJS.ProcessEnv): FrameworkTool | null {
  const name = Object.keys(FRAMEWORK_LEGACY_ENVS).find((key) => (env[key] ?? '') !== '');
  return name === undefined ? null : (FRAMEWORK_LEGACY_ENVS[name] ?? null);
}

/**
 * True when this gate run is the framework running a moved-aside hook and the configuration
 * that tool reads runs the gate itself in every hook this one can be (each hook with a `.legacy`
 * file): the gate then runs once, in the framework's own hook. Whichever hook is running, a hook
 * the configuration leaves out keeps the legacy run, so the gate never runs zero times.
 */
export async function runByFrameworkToo(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  const tool = legacyRunner(env);
  if (tool === null) return false;
  const files = await hookFiles(root, HOOK_NAMES);
  const moved = HOOK_NAMES.filter((_, i) => existsSync(`${files[i]?.path}.legacy`));
  if (moved.length === 0) return false;
  const carries = frameworkCarrier(root, tool);
  return moved.every(carries);
}
