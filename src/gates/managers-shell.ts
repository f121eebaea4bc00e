/**
 * husky and simple-git-hooks: managers whose configuration is shell text (`.husky/<hook>`
 * files, package.json commands), so the gate is our one line in them.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { SetupReport } from '../core/setup.js';
import {
  callsScript,
  HOOK_LINE,
  HOOK_NAMES,
  insertLine,
  removeLines,
  type HookName,
} from './hook-text.js';
import {
  dependsOn,
  readText,
  removeFile,
  writeConfig,
  writeIfChanged,
  type HookManager,
} from './manager.js';

/**
 * Adds our line to a husky hook. A copy checked out with CR LF ends (core.autocrlf) is made LF:
 * its shell reads `fi\r` and fails every commit with a syntax error (init's `.gitattributes`
 * line then keeps it LF).
 */
async function ensureHuskyHook(root: string, hook: HookName, report: SetupReport): Promise<void> {
  const rel = `.husky/${hook}`;
  const raw = readText(root, rel);
  const text = raw?.includes('\r\n') ? raw.replace(/\r\n/g, '\n') : raw;
  const mended = text !== raw ? ' (CR LF line ends made LF)' : '';
  if (text !== null && callsScript(text)) {
    if (mended === '') return void report.unchanged.push(rel);
    await writeIfChanged(root, rel, raw ?? null, text);
    return void report.created.push(`${rel}${mended}`);
  }
  const next = text === null ? `${HOOK_LINE}\n` : insertLine(text, HOOK_LINE);
  if (next === null) return void report.manual.push(`add this line to ${rel}:\n  ${HOOK_LINE}`);
  await writeIfChanged(root, rel, raw ?? null, next);
  report.created.push(text === null ? rel : `${rel} (our line added)${mended}`);
}

/**
 * Whether a hook path is in husky's runner folder (`.husky/_`, git-ignored: a new worktree or
 * clone has none until husky runs).
 */
export function inHuskyRunner(path: string): boolean {
  return path.includes('.husky/_');
}

/** husky: `.husky/pre-commit` and `.husky/pre-merge-commit` carry our line. */
export const husky: HookManager = {
  name: 'husky',
  inUse: (root, texts) =>
    existsSync(join(root, '.husky')) ||
    dependsOn(root, 'husky') ||
    texts.some((t) => t.includes('husky')),
  async ensure(root, report) {
    for (const hook of HOOK_NAMES) await ensureHuskyHook(root, hook, report);
  },
  async remove(root, report) {
    for (const hook of HOOK_NAMES) {
      const rel = `.husky/${hook}`;
      const text = readText(root, rel);
      if (text === null || !callsScript(text)) continue;
      const rest = removeLines(text);
      if (rest.trim() === '') await removeFile(root, rel);
      else await writeIfChanged(root, rel, text, rest);
      report.removed.push(rest.trim() === '' ? rel : `${rel} (our line)`);
    }
  },
  carries: (root, hook) => callsScript(readText(root, `.husky/${hook}`) ?? ''),
  owns: (text, path) => inHuskyRunner(path) || /husky/.test(text),
  // sh reads `\r` as part of each word: husky then fails every commit (init makes the file LF).
  breaks: (root, hook) =>
    readText(root, `.husky/${hook}`)?.includes('\r') === true
      ? `.husky/${hook} has CR LF line ends: husky fails every commit`
      : null,
};

const SGH_FILES = ['.simple-git-hooks.json', 'simple-git-hooks.json'];

interface SghConfig {
  rel: string;
  text: string | null;
  /** The object holding hook commands (package.json's key, or the whole file). */
  hooks: Record<string, unknown>;
  write: (hooks: Record<string, unknown>) => string;
}

function indentOf(text: string): string {
  return /^([ \t]+)"/m.exec(text)?.[1] ?? '  ';
}

function sghConfig(root: string): SghConfig | null {
  for (const rel of SGH_FILES) {
    const text = readText(root, rel);
    if (text === null) continue;
    const hooks = JSON.parse(text) as Record<string, unknown>;
    return { rel, text, hooks, write: (h) => `${JSON.stringify(h, null, indentOf(text))}\n` };
  }
  const text = readText(root, 'package.json');
  if (text === null) return null;
  const pkg = JSON.parse(text) as Record<string, unknown>;
  const own = pkg['simple-git-hooks'];
  // Listed without configuration beside a `.husky` folder: husky runs the hooks, and running
  // simple-git-hooks would overwrite husky's runner (it writes into core.hooksPath, `.husky/_`).
  const listed = dependsOn(root, 'simple-git-hooks') && !existsSync(join(root, '.husky'));
  if (own === undefined && !listed) return null;
  const hooks = (typeof own === 'object' && own !== null ? own : {}) as Record<string, unknown>;
  const write = (h: Record<string, unknown>) =>
    `${JSON.stringify({ ...pkg, 'simple-git-hooks': h }, null, indentOf(text))}\n`;
  return { rel: 'package.json', text, hooks, write };
}

/**
 * simple-git-hooks writes hook files only when it runs: run the project's own copy (no
 * network) so the changed configuration takes effect now, or say how.
 */
async function applySgh(root: string, report: SetupReport): Promise<void> {
  const bin = join(root, 'node_modules', '.bin', 'simple-git-hooks');
  if (!existsSync(bin)) {
    report.manual.push('to apply the simple-git-hooks change: npx simple-git-hooks');
    return;
  }
  await promisify(execFile)(bin, [], { cwd: root, env: { ...process.env, INIT_CWD: root } });
  report.created.push('git hooks (ran simple-git-hooks)');
}

function command(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** simple-git-hooks: our line first in the `pre-commit` and `pre-merge-commit` commands. */
export const simpleGitHooks: HookManager = {
  name: 'simple-git-hooks',
  inUse: (root) => sghConfig(root) !== null,
  async ensure(root, report) {
    const config = sghConfig(root);
    if (config === null) return;
    const hooks = { ...config.hooks };
    const missing = HOOK_NAMES.filter((hook) => !callsScript(command(hooks[hook])));
    for (const hook of missing) {
      const old = command(hooks[hook]);
      hooks[hook] = old.trim() === '' ? HOOK_LINE : `${HOOK_LINE}\n${old}`;
    }
    const label = `${config.rel} (simple-git-hooks ${missing.join(', ')})`;
    if (missing.length === 0) return void report.unchanged.push(`${config.rel} (simple-git-hooks)`);
    await writeConfig(root, config.rel, config.text, config.write(hooks));
    report.created.push(label);
    await applySgh(root, report);
  },
  async remove(root, report) {
    const config = sghConfig(root);
    if (config === null) return;
    const hooks = { ...config.hooks };
    const ours = HOOK_NAMES.filter((hook) => callsScript(command(hooks[hook])));
    if (ours.length === 0) return;
    for (const hook of ours) {
      const rest = removeLines(command(hooks[hook])).trim();
      if (rest === '') delete hooks[hook];
      else hooks[hook] = rest;
    }
    await writeConfig(root, config.rel, config.text, config.write(hooks));
    report.removed.push(`${config.rel} (simple-git-hooks ${ours.join(', ')})`);
  },
  /** Its hook file is the command itself: when that lacks our line, the gate does not run. */
  carries: () => false,
  owns: (text) => text.includes('SKIP_SIMPLE_GIT_HOOKS'),
};
