/**
 * What no flagstore command may change for the user: every file and the status of every path
 * except flag files (porcelain v2: index and work tree, modes, intent-to-add), HEAD and the
 * branch it is on, the stash and the branches but the ledger.
 */
import { git } from './helpers.js';
import { stashList, workTree } from './repo-state.js';

/** See {@link userState}. */
export interface UserState {
  status: string;
  head: string;
  /** The branch HEAD is on (`refs/heads/...`), or `HEAD` when it is detached. */
  branch: string;
  stash: string;
  branches: string;
  /** Work-tree files outside the flags folder: see repo-state.ts's workTree. */
  files: Record<string, string>;
}

/** The user's state, flag files of `flagsDir` left out of the status and the files. */
export function userState(repo: string, flagsDir = 'flags'): UserState {
  const status = git(repo, 'status', '--porcelain=v2', '--untracked-files=all')
    .split('\n')
    .filter((line) => line !== '' && !line.includes(` ${flagsDir}/`))
    .join('\n');
  return {
    status,
    head: git(repo, 'rev-parse', 'HEAD'),
    branch: git(repo, 'rev-parse', '--symbolic-full-name', 'HEAD'),
    stash: stashList(repo),
    branches: git(repo, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/')
      .split('\n')
      .filter((line) => !line.startsWith('refs/heads/flagstore '))
      .join('\n'),
    files: workTree(repo, [flagsDir]),
  };
}
