/** Whether a work tree is a sparse checkout (`git sparse-checkout set`). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { git } from './repo.js';

/**
 * True when git applies sparse-checkout patterns to this work tree: the patterns file
 * (`<gitdir>/info/sparse-checkout`, per worktree) is there and `core.sparseCheckout` is on.
 * `git sparse-checkout disable` keeps the file and turns the setting off. No git process
 * runs without the file.
 */
export async function isSparseCheckout(root: string, gitDir: string): Promise<boolean> {
  if (!existsSync(join(gitDir, 'info', 'sparse-checkout'))) return false;
  try {
    return (
      (await git(root, ['config', '--bool', '--get', 'core.sparseCheckout'])).trim() === 'true'
    );
  } catch {
    return false;
  }
}
