/** A repository checked out as a submodule, for tests of git dirs under `.git/modules`. */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { git, identify, makeRepo, tempDir } from './helpers.js';

/**
 * A fresh repository (from {@link makeRepo}) added as the submodule `sub` of a new superproject,
 * with a committer set in the submodule: its git dir is the superproject's `.git/modules/sub`.
 */
export async function makeSubmodule(): Promise<{ superRepo: string; sub: string }> {
  const source = await makeRepo();
  const superRepo = realpathSync(tempDir());
  git(superRepo, 'init', '-q', '-b', 'main');
  git(superRepo, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', source, 'sub');
  const sub = join(superRepo, 'sub');
  identify(sub);
  return { superRepo, sub };
}
