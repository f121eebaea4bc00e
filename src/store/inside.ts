/** Whether a path, symlinks resolved, stays inside the repository. */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';

/** The real path of a path, or of its nearest existing ancestor (for one not created yet). */
function realOrAncestor(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : realOrAncestor(parent);
  }
}

/**
 * Where a path really leads when that is outside the repository root (a committed symlink to
 * anywhere on the machine); undefined when it stays inside.
 */
export function realPathOutside(root: string, path: string): string | undefined {
  const real = realOrAncestor(path);
  const rel = relative(realOrAncestor(root), real);
  return rel === '..' || rel.startsWith(`..${'/'}`) || isAbsolute(rel) ? real : undefined;
}
