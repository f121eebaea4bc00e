/** The ref move tests' repository, built once per test file and copied. */
import { oncePerFile } from './per-file.js';
import { withNext } from './ref-helpers.js';
import { copyRepo } from './template-copy.js';

/**
 * A repository as {@link withNext} makes it (a ledger, and a commit on its tip not yet on the
 * ref), built once per test file and copied: the same commits, without a create and two git
 * processes per test (a copy refreshes its index's file stamps: one).
 */
export async function nextCopy(): Promise<{ root: string; old: string; next: string }> {
  const built = await oncePerFile('ref-next', withNext);
  return { ...built, root: copyRepo(built.root) };
}
