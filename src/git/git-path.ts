/**
 * `git rev-parse --path-format=absolute --git-path hooks/<name> --git-common-dir` computed in
 * this process where that is certain (git 2.39's path.c and abspath.c): with `core.hooksPath`
 * unset, `<common dir>/hooks/<name>`; set, its value (`~/` expanded from HOME, a relative path
 * taken from the work tree's root, where git runs) with `/<name>`; each path made real as git's
 * strbuf_realpath_forgiving makes it. Null (ask git) for a config git could read otherwise
 * (src/git/config-read.ts), a bare or moved work tree, `~user/`, `%(prefix)/`, an empty value,
 * a dangling symbolic link or anything but a missing folder on the way.
 */
import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { configBool } from '../core/git-config.js';
import { configDirs, dirsConfigValues } from './config-read.js';

/** A path with each existing part's symbolic links resolved and `.`/`..` taken as git does. */
export function realForgiving(path: string): string | null {
  let resolved = '/';
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      resolved = resolved.slice(0, resolved.lastIndexOf('/')) || '/';
      continue;
    }
    const next = resolved === '/' ? `/${part}` : `${resolved}/${part}`;
    const real = realOrMissing(next);
    if (real === null) return null;
    resolved = real;
  }
  return resolved;
}

/** The real path of `path` (its parent real already), itself when missing, null when unsure. */
function realOrMissing(path: string): string | null {
  try {
    return realpathSync.native(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return null;
    // A dangling symbolic link: git goes on along its target.
    return lstatSync(path, { throwIfNoEntry: false }) === undefined ? path : null;
  }
}

/** The hooks folder `core.hooksPath` names, before it is made real; null: ask git. */
function hooksFolder(value: string | true, root: string): string | null {
  if (value === true || value === '' || value.startsWith('%(prefix)/')) return null;
  if (value.startsWith('~')) {
    const home = process.env.HOME;
    if (!/^~(?:\/|$)/.test(value) || home === undefined) return null;
    value = `${home}${value.slice(1)}`;
  }
  return isAbsolute(value) ? value : `${root}/${value}`;
}

/** Where git finds hooks and its common dir, as `--git-path` and `--git-common-dir` say them. */
export interface HookPaths {
  /** One path per name, in their order. */
  paths: string[];
  commonDir: string;
}

/**
 * The hooks folder of the work tree at `root` before it is made real, with its common dir; null
 * for a repository git must read (bare, or `core.worktree` set: the work tree is elsewhere).
 */
function hooksFolderOf(root: string): { folder: string; commonDir: string } | null {
  const dirs = configDirs(root);
  const keys = ['core.hookspath', 'core.bare', 'core.worktree'];
  const values = dirs === null ? null : dirsConfigValues(dirs, keys);
  if (dirs === null || values === null || values.has('core.worktree')) return null;
  if (values.has('core.bare') && configBool(values.get('core.bare')) !== false) return null;
  const hooksPath = values.get('core.hookspath');
  const folder = hooksPath === undefined ? `${dirs.commonDir}/hooks` : hooksFolder(hooksPath, root);
  return folder === null ? null : { folder, commonDir: dirs.commonDir };
}

/** The hook files git runs for `names` in the work tree at `root`; null: ask git. */
export function plainHookPaths(root: string, names: readonly string[]): HookPaths | null {
  if (!isAbsolute(root)) return null;
  const found = hooksFolderOf(root);
  const commonDir = found === null ? null : realForgiving(found.commonDir);
  if (found === null || commonDir === null) return null;
  const paths = names.map((name) => realForgiving(`${found.folder}/${name}`));
  return paths.every((path): path is string => path !== null) ? { paths, commonDir } : null;
}
