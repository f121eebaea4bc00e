/**
 * Hook installation for `flagstore init`: the shared hook script is committed under
 * `.flagstore/hooks/`; every hook manager the repository uses (husky, lefthook, pre-commit, prek,
 * simple-git-hooks) gets the gate in its own configuration, so its normal lifecycle keeps it;
 * and the hook file git runs gets one line that calls the script, unless a manager owns that
 * file or it lies outside the repository (then the exact line to add is printed).
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SetupReport } from '../core/setup.js';
import { git, gitConfig } from '../git/repo.js';
import { FLAGSTORE_BIN, PACKAGE_ROOT } from '../store/package.js';
import { hookFile, hookFiles } from './hook-paths.js';
import {
  callsScript,
  EARLIER_LINES,
  holdsRepoLine,
  EARLIER_SHIMS,
  HOOK_LINE,
  HOOK_NAMES,
  HOOK_SCRIPT,
  insertLine,
  SHIM,
  type HookName,
} from './hook-text.js';
import { dependsOn, type HookManager } from './manager.js';
import { outsideHookFix } from './outside-hook.js';
import { husky, simpleGitHooks } from './managers-shell.js';
import { prek, preCommitFramework } from './managers-framework.js';
import { lefthook } from './managers-yaml.js';

export { HOOK_LINE, HOOK_SCRIPT } from './hook-text.js';

/** Every hook manager flagstore knows, in the order init visits them. */
export const MANAGERS: HookManager[] = [husky, lefthook, preCommitFramework, prek, simpleGitHooks];

/** SHA-256 of hook scripts earlier versions shipped: unedited copies are refreshed by init. */
const EARLIER_SCRIPTS = new Set([
  '51806457c8d4380e84d942b24aff40938364f3c6403ffd8f0e267f9598c588ed',
  '01cbdec9adac84e5bcab4a0f217f371638b93b876c73d9fbee8944162c79a543',
  'eafafd267553ef615e2cee0ec6da8460607af54c1efcb418a7dd3e930676bbda',
  '726f32a1d46a8e0ab60cfd1fea3da6e8668a295b1c02f289fe09f7a936251d2b',
]);

async function writeExecutable(path: string, text: string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  await fs.writeFile(path, text, { mode: 0o755 });
}

/** True when the hook script at this path is an unedited copy some flagstore shipped. */
export function isShippedScript(text: string): boolean {
  return EARLIER_SCRIPTS.has(sha256(text)) || text === shippedScript();
}

function shippedScript(): string {
  return readFileSync(join(PACKAGE_ROOT, 'hooks', 'pre-commit'), 'utf8');
}

/**
 * Writes the shipped hook script when absent, an unedited earlier version or a CR LF copy of
 * one; keeps edits.
 */
async function ensureScript(root: string, report: SetupReport): Promise<void> {
  const target = join(root, HOOK_SCRIPT);
  const shipped = shippedScript();
  const existing = existsSync(target) ? readFileSync(target, 'utf8') : null;
  // A copy checked out with CR LF ends (core.autocrlf) is the shipped script all the same.
  const earlier =
    existing !== null && existing !== shipped && isShippedScript(existing.replace(/\r\n/g, '\n'));
  if (existing !== null && !earlier) return void report.unchanged.push(HOOK_SCRIPT);
  await writeExecutable(target, shipped);
  report.created.push(earlier ? `${HOOK_SCRIPT} (updated)` : HOOK_SCRIPT);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function ensureBin(root: string, report: SetupReport): Promise<void> {
  if ((await gitConfig(root, 'flagstore.bin')) === FLAGSTORE_BIN)
    return void report.unchanged.push('git config flagstore.bin');
  await git(root, ['config', '--local', 'flagstore.bin', FLAGSTORE_BIN]);
  report.created.push('git config flagstore.bin');
}

function hasEarlierLine(text: string): boolean {
  return EARLIER_LINES.some((line) => text.split('\n').includes(line));
}

/** The new text of a hook file git runs, or null when our line cannot be placed safely. */
function chained(text: string | null): { text: string; note: string } | null {
  if (text === null) return { text: SHIM, note: '' };
  if (EARLIER_SHIMS.includes(text)) return { text: SHIM, note: ' (updated)' };
  const earlier = EARLIER_LINES.find((line) => text.split('\n').includes(line));
  if (earlier !== undefined) {
    return {
      text: text
        .split('\n')
        .map((l) => (l === earlier ? HOOK_LINE : l))
        .join('\n'),
      note: ' (updated)',
    };
  }
  const inserted = insertLine(text, HOOK_LINE);
  return inserted === null ? null : { text: inserted, note: ' (our line added)' };
}

/**
 * True when the hook file already runs the script as this version writes it. A file outside
 * the repository must also be executable and hold the line for outside folders: init cannot
 * change it, and says how.
 */
function runsScript(text: string | null, path: string, inside: boolean): boolean {
  if (text === null || EARLIER_SHIMS.includes(text) || hasEarlierLine(text)) return false;
  if (!inside && holdsRepoLine(text)) return false;
  const runs = inside || (statSync(path).mode & 0o111) !== 0;
  return runs && (text === SHIM || callsScript(text));
}

async function ensureHookFile(root: string, name: HookName, report: SetupReport): Promise<void> {
  const { path, label, inside } = await hookFile(root, name);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (runsScript(text, path, inside)) {
    return void report.unchanged.push(label);
  }
  if (MANAGERS.some((m) => m.owns(text ?? '', path))) return;
  if (!inside) return void report.manual.push(outsideHookFix(path, '\n  '));
  const next = chained(text);
  if (next === null) {
    return void report.manual.push(
      `add this line to ${label} (before any exit or exec):\n  ${HOOK_LINE}`,
    );
  }
  await writeExecutable(path, next.text);
  report.created.push(`${label}${next.note}`);
}

async function hookTexts(root: string): Promise<string[]> {
  const files = await hookFiles(root, HOOK_NAMES);
  return files.flatMap((f) => (existsSync(f.path) ? [readFileSync(f.path, 'utf8')] : []));
}

/** Installs the script, the managers' entries and the hook files; idempotent. */
export async function installHooks(root: string, report: SetupReport): Promise<void> {
  await ensureScript(root, report);
  await ensureBin(root, report);
  const texts = await hookTexts(root);
  for (const manager of MANAGERS.filter((m) => m.inUse(root, texts))) {
    await manager.ensure(root, report);
  }
  for (const name of HOOK_NAMES) await ensureHookFile(root, name, report);
  const hooksPath = await gitConfig(root, 'core.hooksPath');
  // With another manager in use (lefthook installed after husky), its hooks run the gate.
  const others = MANAGERS.some((m) => m !== husky && m.inUse(root, texts));
  // A linked worktree shares core.hooksPath=.husky/_ but not husky's git-ignored runner folder.
  const runs = (hooksPath ?? '').startsWith('.husky') && existsSync(join(root, hooksPath ?? ''));
  if (husky.inUse(root, texts) && !others && !runs) {
    report.manual.push(`to run hooks through husky: ${huskySetup(root)}`);
  }
}

/**
 * What makes husky's hooks run here: `npx husky` once it is installed (a new worktree of a
 * project that lists husky has no node_modules yet: `npm install` first).
 */
export function huskySetup(root: string): string {
  if (existsSync(join(root, 'node_modules', '.bin', 'husky'))) return 'npx husky';
  return dependsOn(root, 'husky')
    ? 'npm install && npx husky'
    : 'npm install --save-dev husky && npx husky';
}
