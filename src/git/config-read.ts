/**
 * git's config files read in this process where the reading is certain (src/core/git-config.ts):
 * a plain repository (src/git/loose.ts: its own `.git` folder, no includes, no `GIT_DIR` or
 * `GIT_CONFIG*` variables), no `config.worktree`, plain lines. Anything else answers null: ask git.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { configValues, type ConfigValues } from '../core/git-config.js';
import { gitConfigPaths } from './discovery.js';
import { looseStore } from './loose.js';

/** git's config files from the lowest priority to the highest (the last value wins). */
function configFiles(gitDir: string): string[] {
  const [local, , home, xdg, system] = gitConfigPaths(gitDir, gitDir);
  // A file git does not read (no HOME, say) is an empty path.
  return [system, xdg, home, local].filter((file): file is string => !!file);
}

/**
 * The last value of each of `keys` (lower case) over every config file of the git dir, or null
 * when git could read one of them otherwise.
 */
export function readConfigValues(gitDir: string, keys: readonly string[]): ConfigValues | null {
  if (statSync(join(gitDir, 'config.worktree'), { throwIfNoEntry: false }) !== undefined) {
    return null;
  }
  const merged: ConfigValues = new Map();
  for (const file of configFiles(gitDir)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const values = configValues(text, keys);
    if (values === null) return null;
    for (const [key, value] of values) merged.set(key, value);
  }
  return merged;
}

/**
 * `git config --get <key>` of the work tree at `root` as this process reads it: the value, null
 * when unset, or undefined when git must be asked (not a plain repository, a line not plain, a
 * key given without a value).
 */
export function plainConfigValue(root: string, key: string): string | null | undefined {
  // `section.key` only: a subsection (`branch.<name>.remote`) is not read here.
  if (!/^[A-Za-z0-9-]+\.[A-Za-z][A-Za-z0-9-]*$/.test(key)) return undefined;
  const store = looseStore(root);
  const values = store === null ? null : readConfigValues(store.gitDir, [key.toLowerCase()]);
  if (values === null) return undefined;
  const value = values.get(key.toLowerCase());
  if (value === true) return undefined;
  return value ?? null;
}
