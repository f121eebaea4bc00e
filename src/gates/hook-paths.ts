/**
 * Where git looks for a hook, as git itself resolves it (`core.hooksPath` from any config
 * scope, `~` expanded, relative to the work tree), and whether that is inside this repository:
 * flagstore never writes a hooks folder outside it, since other repositories may share it.
 */
import { realpathSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { plainHookPaths } from '../git/git-path.js';
import { gitOrFail } from '../git/repo.js';
import type { HookName } from './hook-text.js';

/** The hook file git runs for a hook name, and how to name it to the user. */
export interface HookFile {
  path: string;
  /** Relative to the work tree when the file is in it, else absolute. */
  label: string;
  /** False when the file is outside the work tree and the git folder (a shared hooks folder). */
  inside: boolean;
}

function real(path: string): string {
  let dir = path;
  const rest: string[] = [];
  while (dirname(dir) !== dir) {
    try {
      return [realpathSync(dir), ...rest.reverse()].join(sep);
    } catch {
      rest.push(dir.slice(dirname(dir).length + 1));
      dir = dirname(dir);
    }
  }
  return path;
}

function within(path: string, folder: string): boolean {
  const rel = relative(real(folder), real(path));
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

/** A hook file found by `git rev-parse --git-path`, labelled and placed. */
function placed(path: string, root: string, commonDir: string): HookFile {
  if (within(path, root)) return { path, label: relative(real(root), real(path)), inside: true };
  return { path, label: path, inside: within(path, commonDir) };
}

/**
 * The hook files git runs for these names, in their order, as `git rev-parse --git-path`
 * resolves each: computed in this process where that is certain (src/git/git-path.ts), else
 * from a single git process. A label is relative to the work tree when the file
 * is in it (`.git/hooks/pre-commit` in a plain repository), else the path itself: the git folder
 * of a submodule (`<superproject>/.git/modules/<name>`) or of a linked worktree's repository is
 * elsewhere, and `.git` there is a file.
 */
export async function hookFiles(root: string, names: readonly HookName[]): Promise<HookFile[]> {
  const known = plainHookPaths(root, names);
  if (known !== null)
    return names.map((_, i) => placed(known.paths[i] ?? '', root, known.commonDir));
  const args = names.flatMap((name) => ['--git-path', `hooks/${name}`]);
  const out = await gitOrFail(root, [
    'rev-parse',
    '--path-format=absolute',
    ...args,
    '--git-common-dir',
  ]);
  const lines = out.trim().split('\n');
  const commonDir = lines[names.length] ?? '';
  return names.map((_, i) => placed(lines[i] ?? '', root, commonDir));
}

/** The hook file git runs for `name` in this repository ({@link hookFiles} for one name). */
export async function hookFile(root: string, name: HookName): Promise<HookFile> {
  const [file] = await hookFiles(root, [name]);
  return file as HookFile;
}
