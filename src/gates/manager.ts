/** What flagstore needs from a hook manager: find it, put the gate in its configuration, take it out. */
import { existsSync, mkdirSync, promises as fs, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { withLineEndsOf } from '../core/line-ends.js';
import type { SetupReport } from '../core/setup.js';
import { writeAtomic } from '../store/atomic.js';
import type { HookName } from './hook-text.js';

/** One hook manager (husky, lefthook, pre-commit, prek, simple-git-hooks). */
export interface HookManager {
  name: string;
  /** True when the repository uses this manager (a configuration file, a dependency, its hook). */
  inUse(root: string, hookTexts: string[]): boolean;
  /** Adds the gate to the manager's configuration, idempotently, and reports what changed. */
  ensure(root: string, report: SetupReport): Promise<void>;
  /** Takes out only what {@link ensure} added. */
  remove(root: string, report: SetupReport): Promise<void>;
  /** Whether the configuration runs the gate in this hook. */
  carries(root: string, hook: HookName): boolean;
  /** True when a hook file git runs was written by this manager (it reads its configuration). */
  owns(hookText: string, hookPath: string): boolean;
  /** Why the manager fails the hook even though its configuration carries the gate, or null. */
  breaks?(root: string, hook: HookName): string | null;
  /**
   * True when the manager's hook first runs the hook it moved aside, `<hook>.legacy`, when that
   * file is executable (the pre-commit framework's migration mode).
   */
  runsLegacy?: boolean;
}

/** The text of a repository file, or null when absent or unreadable. */
export function readText(root: string, rel: string): string | null {
  try {
    return readFileSync(join(root, rel), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Writes a repository file in one step when its text changed; true when it did. Its folder is
 * made when missing (husky in devDependencies before `npx husky` made `.husky/`).
 */
export async function writeIfChanged(
  root: string,
  rel: string,
  before: string | null,
  after: string,
): Promise<boolean> {
  if (before === after) return false;
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeAtomic(join(root, rel), after);
  return true;
}

/**
 * Writes a configuration file a hook manager reads, with the line ends it had: its tool reads
 * CR LF as well, and the user's file keeps every line flagstore did not change as it was.
 */
export function writeConfig(
  root: string,
  rel: string,
  before: string | null,
  after: string,
): Promise<boolean> {
  return writeIfChanged(root, rel, before, withLineEndsOf(before, after));
}

/** Deletes a repository file when present. */
export async function removeFile(root: string, rel: string): Promise<boolean> {
  if (!existsSync(join(root, rel))) return false;
  await fs.rm(join(root, rel), { force: true });
  return true;
}

/** package.json as an object (empty when absent or not JSON). */
export function packageJson(root: string): Record<string, unknown> {
  try {
    return JSON.parse(readText(root, 'package.json') ?? '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** True when package.json lists a package in any dependency section. */
export function dependsOn(root: string, name: string): boolean {
  const pkg = packageJson(root);
  return ['dependencies', 'devDependencies', 'optionalDependencies'].some((section) => {
    const deps = pkg[section];
    return typeof deps === 'object' && deps !== null && name in deps;
  });
}
