/**
 * `flagstore doctor`, hooks part: is the gate really installed in this clone? Each hook git
 * runs must reach the script, directly or through its manager's configuration.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gitConfig } from '../git/repo.js';
import { isSparseCheckout } from '../git/sparse-checkout.js';
import { hookFile } from './hook-paths.js';
import { callsScript, HOOK_NAMES, HOOK_SCRIPT, type HookName } from './hook-text.js';
import { huskySetup, MANAGERS } from './install.js';
import type { HookManager } from './manager.js';
import { inHuskyRunner } from './managers-shell.js';
import { outsideHookFix } from './outside-hook.js';

/** One finding of `doctor`. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** What to run when it is not ok. */
  fix: string | null;
}

const INIT = 'flagstore init';

function check(name: string, ok: boolean, detail: string, fix: string | null = INIT): DoctorCheck {
  return { name, ok, detail, fix: ok ? null : fix };
}

/** Whether the hook git runs for `name` reaches the script, and through what. */
export async function hookCheck(root: string, name: HookName): Promise<DoctorCheck> {
  return (await hookState(root, name)).check;
}

/**
 * {@link hookCheck}, with the hook file's path and whether that file itself runs the gate
 * (`direct`: its verdict then holds while the file and git's config files are unchanged).
 */
export async function hookState(
  root: string,
  name: HookName,
): Promise<{ check: DoctorCheck; path: string; direct: boolean }> {
  const { path, label, inside } = await hookFile(root, name);
  // Looked at and read once: every verdict below is about this file and text (git may run
  // another file meanwhile).
  const { found, text } = lookAt(path);
  if (text !== null && callsScript(text)) {
    return { check: check(name, true, `${label} runs the gate`), path, direct: true };
  }
  const hook = { name, path, label, found, text };
  const verdict = managedCheck(root, hook);
  return { check: inside ? verdict : byHand(verdict, path), path, direct: false };
}

/**
 * A file as one `stat` finds it: whether it exists, and its text when it can be run (null when
 * it is absent or not executable).
 */
function lookAt(path: string): { found: boolean; text: string | null } {
  const stat = statSync(path, { throwIfNoEntry: false });
  const runs = stat !== undefined && (stat.mode & 0o111) !== 0;
  return { found: stat !== undefined, text: runs ? readFileSync(path, 'utf8') : null };
}

/**
 * True when the manager's hook runs the gate through the hook it moved aside: pre-commit's hook
 * runs `<hook>.legacy` from its own folder, when executable, and counts its exit status.
 */
function runsMovedGate(manager: HookManager, path: string): boolean {
  if (manager.runsLegacy !== true) return false;
  const legacy = lookAt(`${path}.legacy`).text;
  return legacy !== null && callsScript(legacy);
}

/**
 * A failed check of a hook in a folder outside this repository (a shared `core.hooksPath`):
 * `flagstore init` never changes such a folder, so the fix is the line to add there by hand.
 */
function byHand(found: DoctorCheck, path: string): DoctorCheck {
  if (found.ok) return found;
  return { ...found, fix: outsideHookFix(path, ' ') };
}

/**
 * {@link hookCheck} for a hook file that does not run the script itself: `text` as read, null
 * when the file is absent (`found` false) or not executable.
 */
function managedCheck(
  root: string,
  hook: { name: HookName; path: string; label: string; found: boolean; text: string | null },
): DoctorCheck {
  const { name, path, label, text } = hook;
  if (!hook.found) {
    const fix = inHuskyRunner(path) ? huskySetup(root) : INIT;
    return check(name, false, `no hook at ${label}: git runs no gate`, fix);
  }
  if (text === null) return check(name, false, `${label} is not executable: git skips it`);
  const manager = MANAGERS.find((m) => m.owns(text, path));
  if (manager === undefined) {
    return check(name, false, `${label} does not run the gate (replaced or rewritten)`);
  }
  const broken = manager.breaks?.(root, name) ?? null;
  const carried = broken === null && manager.carries(root, name);
  if (!carried && runsMovedGate(manager, path)) {
    const how = `${label} (${manager.name}) runs the gate from ${label}.legacy, the hook it moved aside (its migration mode; \`${manager.name} install -f\` deletes that file)`;
    return check(name, true, how);
  }
  if (broken !== null) return check(name, false, broken);
  return carried
    ? check(name, true, `${label} (${manager.name}) runs the gate`)
    : check(
        name,
        false,
        `${manager.name} runs ${label} without the gate (its configuration lost it)`,
      );
}

/**
 * Whether the shared script is in the work tree. A sparse checkout that leaves `.flagstore/`
 * out has it in git but not on disk: the hook then lets every commit through unchecked.
 */
async function scriptCheck(root: string, gitDir: string | undefined): Promise<DoctorCheck> {
  if (existsSync(join(root, HOOK_SCRIPT))) return check('script', true, `${HOOK_SCRIPT} present`);
  if (gitDir === undefined || !(await isSparseCheckout(root, gitDir))) {
    return check('script', false, `${HOOK_SCRIPT} is missing`);
  }
  const why = `${HOOK_SCRIPT} is not in this sparse checkout: commits here are not checked`;
  return check('script', false, why, 'git sparse-checkout add .flagstore');
}

/** Every check of the gate installation in this clone (`gitDir`: to tell a sparse checkout). */
export async function hookChecks(root: string, gitDir?: string): Promise<DoctorCheck[]> {
  const bin = await gitConfig(root, 'flagstore.bin');
  const checks = [
    await scriptCheck(root, gitDir),
    check(
      'flagstore.bin',
      bin !== null && existsSync(bin),
      bin === null ? 'git config flagstore.bin is not set' : `the hook runs ${bin}`,
    ),
  ];
  for (const name of HOOK_NAMES) checks.push(await hookCheck(root, name));
  return checks;
}
