/**
 * An operation stopped in this work tree, which `--commit` must not commit into: during a merge
 * or a cherry-pick git refuses to commit one file on its own ("cannot do a partial commit during
 * a merge"); during a rebase (stopped at an `edit` or on a conflict), a revert or `git am` it
 * accepts one, which would land the flag inside the rebase's replay or end the revert; during a
 * bisect it would land on the commit under test, which `git bisect reset` leaves behind (the
 * flag file going with it). A revert or cherry-pick of several commits that stopped, once the
 * user has committed the resolution by hand, keeps only its `sequencer/` folder until
 * `--continue`: a commit then would land in the middle of the user's sequence. A detached HEAD
 * alone is no stopped operation: CI checks out one, and a commit there is what the user asked for.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';

/**
 * One stopped operation: the path git keeps in the git directory while it runs, how to finish
 * it, and how to leave it (`git <name> --abort` unless said).
 */
interface Stopped {
  readonly path: string;
  readonly name: string;
  readonly finish: string;
  readonly why: Why;
  readonly leave?: string;
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
const AMID: Why = {
  reason: 'the commit would land among the patches git am is applying',
  meanwhile: 'commit its file once the operation is over',
};
const AMONG: Why = {
  reason:
    'the commit would land among the commits it has still to make, and its --continue would go on from there',
  meanwhile: 'commit its file once the operation is over',
};
const LEFT: Why = {
  reason: 'the commit would land on the commit under test, which git bisect reset leaves behind',
  meanwhile: 'its file stays in the work tree through the bisect',
};

/**
 * The operations, the first found named: `rebase-apply/applying` is `git am`, the rest of
 * `rebase-apply` a rebase (as git's status tells them apart).
 */
const STOPPED: readonly Stopped[] = [
  { path: 'MERGE_HEAD', name: 'merge', finish: 'git commit', why: PARTIAL },
  { path: 'CHERRY_PICK_HEAD', name: 'cherry-pick', finish: 'git commit', why: PARTIAL },
  { path: 'REVERT_HEAD', name: 'revert', finish: 'git revert --continue', why: ENDS },
  { path: 'rebase-merge', name: 'rebase', finish: 'git rebase --continue', why: REPLAY },
  { path: 'rebase-apply/applying', name: 'am', finish: 'git am --continue', why: AMID },
  { path: 'rebase-apply', name: 'rebase', finish: 'git rebase --continue', why: REPLAY },
  {
    path: 'BISECT_LOG',
    name: 'bisect',
    finish: 'git bisect reset once it names the commit',
    why: LEFT,
    leave: 'git bisect reset',
  },
];

/**
 * A revert or cherry-pick of several commits stopped part way (`sequencer/` in the git
 * directory), told apart as git's status does: by the first command of its to-do list.
 */
function sequence(gitDir: string): Stopped | undefined {
  const folder = join(gitDir, 'sequencer');
  if (!existsSync(folder)) return undefined;
  let todo = '';
  try {
    todo = readFileSync(join(folder, 'todo'), 'utf8');
  } catch {
    // A to-do list that cannot be read still means a sequence is in progress.
  }
  const name = /^\s*revert\b/.test(todo) ? 'revert' : 'cherry-pick';
  return { path: 'sequencer', name, finish: `git ${name} --continue`, why: AMONG };
}

/**
 * Refuses `--commit` while a merge, a cherry-pick, a revert (of one commit or a sequence of
 * them), a rebase, `git am` or a bisect is in progress in the work tree whose git directory is
 * `gitDir` (a linked worktree's own), before anything is written.
 */
export function refuseMidMerge(gitDir: string): void {
  const stopped = STOPPED.find((op) => existsSync(join(gitDir, op.path))) ?? sequence(gitDir);
  if (stopped === undefined) return;
  const { name, finish, why, leave = `git ${name} --abort` } = stopped;
  const label = name === 'am' ? 'git am' : name;
  throw new FlagstoreError(
    'git',
    `--commit cannot commit the flag file on its own while a ${label} is in progress (${why.reason}); nothing was written`,
    {
      fix: `run the command without --commit (the flag is recorded all the same; ${why.meanwhile}), or finish the ${label} (${finish}) or leave it (${leave}) and run it again`,
      details: { operation: name },
    },
  );
}
