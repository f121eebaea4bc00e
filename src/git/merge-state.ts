/**
 * An operation stopped in this work tree, which `--commit` must not commit into: during a merge
 * or a cherry-pick git refuses to commit one file on its own ("cannot do a partial commit during
 * a merge"); during a rebase (stopped at an `edit` or on a conflict), a revert or `git am` it
 * accepts one, which would land the flag inside the rebase's replay or end the revert.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';

/** One stopped operation: the path git keeps in the git directory while it runs, how to finish it. */
interface Stopped {
  readonly path: string;
  readonly name: string;
  readonly finish: string;
  readonly why: Why;
}

/** Why a commit of the flag file alone is refused, and what to do with the file meanwhile. */
interface Why {
  readonly reason: string;
  readonly meanwhile: string;
}

const PARTIAL: Why = {
  reason: 'git refuses a partial commit then',
  meanwhile: "the operation's commit can include its file",
};
const ENDS: Why = {
  reason: 'git would take the commit and end the revert, its conflicts left in the work tree',
  meanwhile: 'commit its file once the revert is over',
};
const REPLAY: Why = {
  reason: "the commit would land in the operation's replay, not on your branch",
  meanwhile: 'commit its file once the operation is over',
};

/** In the order git itself looks: `rebase-apply/applying` is `git am`, the rest of it a rebase. */
const STOPPED: readonly Stopped[] = [
  { path: 'MERGE_HEAD', name: 'merge', finish: 'git commit', why: PARTIAL },
  { path: 'CHERRY_PICK_HEAD', name: 'cherry-pick', finish: 'git commit', why: PARTIAL },
  { path: 'REVERT_HEAD', name: 'revert', finish: 'git revert --continue', why: ENDS },
  { path: 'rebase-merge', name: 'rebase', finish: 'git rebase --continue', why: REPLAY },
  { path: 'rebase-apply/applying', name: 'am', finish: 'git am --continue', why: REPLAY },
  { path: 'rebase-apply', name: 'rebase', finish: 'git rebase --continue', why: REPLAY },
];

/**
 * Refuses `--commit` while a merge, a cherry-pick, a revert, a rebase or `git am` is in progress
 * in the work tree whose git directory is `gitDir` (a linked worktree's own), before anything is
 * written.
 */
export function refuseMidMerge(gitDir: string): void {
  const stopped = STOPPED.find((op) => existsSync(join(gitDir, op.path)));
  if (stopped === undefined) return;
  const { name, finish, why } = stopped;
  const label = name === 'am' ? 'git am' : name;
  throw new FlagstoreError(
    'git',
    `--commit cannot commit the flag file on its own while a ${label} is in progress (${why.reason}); nothing was written`,
    {
      fix: `run the command without --commit (the flag is recorded all the same; ${why.meanwhile}), or finish the ${label} (${finish}) or leave it (git ${name} --abort) and run it again`,
      details: { operation: name },
    },
  );
}
