/** Which remote the ledger syncs with, and the error that names the remotes there are. */
import { FlagstoreError } from '../core/errors.js';
import { looseStore } from '../git/loose.js';
import { headBranch } from '../git/ref-files.js';
import { plainRemoteNames } from '../git/remote-names.js';
import { git, gitConfig } from '../git/repo.js';
import { shellWord } from '../git/shell-word.js';

/** The remote to sync with: the option, else the current branch's remote, else origin. */
export async function remoteFor(root: string, option?: string): Promise<string> {
  const remotes = await remoteNames(root);
  const branch = await currentBranch(root);
  const configured = branch === null ? null : await gitConfig(root, `branch.${branch}.remote`);
  const remote = option ?? configured ?? (remotes.includes('origin') ? 'origin' : remotes[0]);
  if (remote === undefined || !remotes.includes(remote)) throw noSuchRemote(remote, remotes);
  return remote;
}

/** The remotes `git remote` lists: from the config files where certain, else from git. */
export async function remoteNames(root: string): Promise<string[]> {
  const known = plainRemoteNames(root);
  if (known !== null) return known;
  return (await git(root, ['remote'])).split('\n').filter(Boolean);
}

/** HEAD's branch, or null when detached: from the HEAD file where certain, else from git. */
async function currentBranch(root: string): Promise<string | null> {
  const store = looseStore(root);
  const known = store === null ? undefined : headBranch(store.gitDir);
  if (known !== undefined) return known;
  return git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']).then(
    (out) => out.trim(),
    () => null,
  );
}

/** No remote at all (add one), or a name that is not one of `remotes` (use one of them). */
function noSuchRemote(remote: string | undefined, remotes: string[]): FlagstoreError {
  const [first] = remotes;
  if (remote === undefined || first === undefined) {
    const what =
      remote === undefined
        ? 'this repository has no remote to sync the ledger with'
        : `no remote named ${remote} in this repository, which has no remote`;
    return new FlagstoreError('usage', what, {
      fix: 'git remote add origin <url>',
      details: { remotes },
    });
  }
  const pick = remotes.includes('origin') ? 'origin' : first;
  return new FlagstoreError(
    'usage',
    `no remote named ${remote} in this repository (its remotes: ${remotes.join(', ')})`,
    { fix: `flagstore sync --remote ${shellWord(pick)}`, details: { remotes } },
  );
}
