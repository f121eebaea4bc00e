/** A repository's user-visible state (work tree, index, stash), to prove a run lost nothing. */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './helpers.js';

function walk(root: string, dir: string, out: Record<string, string>, except: string[]): void {
  for (const name of readdirSync(join(root, dir))) {
    const rel = dir === '' ? name : `${dir}/${name}`;
    if (except.includes(rel)) continue;
    const stats = lstatSync(join(root, rel));
    if (stats.isSymbolicLink()) out[rel] = `-> ${readlinkSync(join(root, rel))}`;
    else if (stats.isDirectory()) walk(root, rel, out, except);
    else
      out[rel] = `${(stats.mode & 0o777).toString(8)} ${readFileSync(join(root, rel), 'latin1')}`;
  }
}

/**
 * Every work-tree file but `.git` and the `except` folders (relative paths): its mode and its
 * bytes (latin1, one character a byte), or a symlink's target.
 */
export function workTree(repo: string, except: string[] = []): Record<string, string> {
  const tree: Record<string, string> = {};
  walk(repo, '', tree, ['.git', ...except]);
  return tree;
}

/** The stash, each entry's commit and subject. */
export function stashList(repo: string): string {
  return git(repo, 'stash', 'list', '--format=%H %s');
}

/** Every work-tree file (content and mode, symlink targets), the index, and the stash. */
export function repoState(repo: string): {
  tree: Record<string, string>;
  index: string;
  stash: string;
} {
  return { tree: workTree(repo), index: git(repo, 'ls-files', '-s'), stash: stashList(repo) };
}
