/**
 * git's config files read in this process where the reading is certain (src/core/git-config.ts):
 * the work tree's own `.git` (a folder, or a linked worktree's `.git` file and its `commondir`),
 * owned by the user, no `config.worktree`, no `GIT_DIR` or `GIT_CONFIG*` variables, no includes,
 * plain lines. Anything else answers null (or undefined): ask git.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalKey, configValues, type ConfigValues } from '../core/git-config.js';
import { CONFIG_ENV, commonDirOf, gitConfigPaths, nearestDotGit } from './discovery.js';

/** Variables that move the git dir or add settings: with any of them set, git decides. */
const READ_ENV = [
  'GIT_DIR',
  'GIT_COMMON_DIR',
  'GIT_WORK_TREE',
  ...CONFIG_ENV,
  'GIT_CONFIG_NOSYSTEM',
  'GIT_TEST_ASSUME_DIFFERENT_OWNER',
];

/** A work tree's git dir and the common dir its repository's config lives in. */
export interface ConfigDirs {
  gitDir: string;
  commonDir: string;
}

/** True when every path is the user's own (git's safe.directory rule decides otherwise). */
function ownedByUser(paths: string[]): boolean {
  const uid = process.getuid?.();
  return uid !== undefined && paths.every((path) => statSync(path).uid === uid);
}

/**
 * The git dir and common dir of the work tree at `root` (its `.git` right there), or null when
 * git must say: Windows, a variable set, another owner, a `.git` file git could read otherwise, a
 * `config.worktree` (read only with `extensions.worktreeConfig`).
 */
export function configDirs(root: string): ConfigDirs | null {
  // On Windows git's system config is elsewhere, and paths are spelt otherwise: git reads.
  if (process.platform === 'win32') return null;
  if (READ_ENV.some((name) => process.env[name] !== undefined)) return null;
  try {
    const found = nearestDotGit(root);
    if (found?.root !== root) return null;
    const commonDir = commonDirOf(found.gitDir);
    if (!statSync(found.gitDir).isDirectory() || !statSync(commonDir).isDirectory()) return null;
    if (!ownedByUser([root, found.gitDir, commonDir])) return null;
    const worktreeConfig = join(found.gitDir, 'config.worktree');
    if (statSync(worktreeConfig, { throwIfNoEntry: false }) !== undefined) return null;
    return { gitDir: found.gitDir, commonDir };
  } catch {
    return null;
  }
}

/** git's config files from the lowest priority to the highest (the last value wins). */
function configFiles(dirs: ConfigDirs): string[] {
  const [local, , home, xdg, system] = gitConfigPaths(dirs.gitDir, dirs.commonDir);
  // A file git does not read (no HOME, say) is an empty path.
  return [system, xdg, home, local].filter((file): file is string => !!file);
}

/**
 * What `read` finds in each config file, from the lowest priority to the highest (a missing file
 * is skipped); null when it answers null for one of them.
 */
export function eachConfigFile<T>(dirs: ConfigDirs, read: (text: string) => T | null): T[] | null {
  const found: T[] = [];
  for (const file of configFiles(dirs)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const read1 = read(text);
    if (read1 === null) return null;
    found.push(read1);
  }
  return found;
}

/** The last value of each of `keys` (as configValues takes them) over every config file. */
export function dirsConfigValues(dirs: ConfigDirs, keys: readonly string[]): ConfigValues | null {
  const each = eachConfigFile(dirs, (text) => configValues(text, keys));
  if (each === null) return null;
  const merged: ConfigValues = new Map();
  for (const values of each) for (const [key, value] of values) merged.set(key, value);
  return merged;
}

/**
 * The last value of each of `keys` (lower case) over every config file of a plain `.git` folder
 * (src/git/loose.ts has checked it), or null when git could read one of them otherwise.
 */
export function readConfigValues(gitDir: string, keys: readonly string[]): ConfigValues | null {
  if (statSync(join(gitDir, 'config.worktree'), { throwIfNoEntry: false }) !== undefined) {
    return null;
  }
  return dirsConfigValues({ gitDir, commonDir: gitDir }, keys);
}

/**
 * `git config --get <key>` of the work tree at `root` as this process reads it: the (last)
 * value, null when unset, or undefined when git must be asked (see {@link configDirs}, a line
 * not plain, a key given without a value). A subsection (`branch.<name>.remote`) is read too.
 */
export function plainConfigValue(root: string, key: string): string | null | undefined {
  const canonical = canonicalKey(key);
  if (canonical === null) return undefined;
  const dirs = configDirs(root);
  const values = dirs === null ? null : dirsConfigValues(dirs, [canonical]);
  if (values === null) return undefined;
  const value = values.get(canonical);
  if (value === true) return undefined;
  return value ?? null;
}
