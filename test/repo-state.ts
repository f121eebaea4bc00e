/** A repository's user-visible state (work tree, index, stash), to prove a run lost nothing. */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './helpers.js';

function walk(root: string, dir: string, out: Record<string, string>): void {
  for (const name of readdirSync(join(root, dir))) {
    const rel = dir === '' ? name : `${dir}/${name}`;
    if (rel === '.git') continue;
    const stats = lstatSync(join(root, rel));
    if (stats.isSymbolicLink()) out[rel] = `-> ${readlinkSync(join(root, rel))}`;
    else if (stats.isDirectory()) walk(root, rel, out);
    else out[rel] = `${(stats.mode & 0o777).toString(8)} ${readFileSync(join(root, rel), 'utf8')}`;
  }
}

/** Every work-tree file (content and mode, symlink targets), the index, and the stash. */
export function repoState(repo: string): {
  tree: Record<string, string>;
  index: string;
  stash: string;
} {
  const tree: Record<string, string> = {};
  walk(repo, '', tree);
  return {
    tree,
    index: git(repo, 'ls-files', '-s'),
    stash: git(repo, 'stash', 'list', '--format=%H %s'),
  };
}
