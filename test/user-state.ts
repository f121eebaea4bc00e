/**
 * What no flagstore command may change for the user: the status of every path except flag
 * files (porcelain v2: index and work tree, modes, intent-to-add), HEAD, the stash and branches.
 */
import { git } from './helpers.js';

/** See {@link userState}. */
export interface UserState {
  status: string;
  head: string;
  stash: string;
  branches: string;
}

/** The user's state, flag files of `flagsDir` left out of the status. */
export function userState(repo: string, flagsDir = 'flags'): UserState {
  const status = git(repo, 'status', '--porcelain=v2', '--untracked-files=all')
    .split('\n')
    .filter((line) => line !== '' && !line.includes(` ${flagsDir}/`))
    .join('\n');
  return {
    status,
    head: git(repo, 'rev-parse', 'HEAD'),
    stash: git(repo, 'stash', 'list'),
    branches: git(repo, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/')
      .split('\n')
      .filter((line) => !line.startsWith('refs/heads/flagstore '))
      .join('\n'),
  };
}
