/**
 * A merge or a cherry-pick stopped in this work tree: git then refuses to commit one file on
 * its own ("cannot do a partial commit during a merge"), which is what `--commit` does.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';

/** The operations that hold a partial commit back, by the file git keeps while one runs. */
const STOPPED = [
  { file: 'MERGE_HEAD', name: 'merge' },
  { file: 'CHERRY_PICK_HEAD', name: 'cherry-pick' },
] as const;

/**
 * Refuses `--commit` while a merge or a cherry-pick is in progress in the work tree whose git
 * directory is `gitDir` (a linked worktree's own), before anything is written.
 */
export function refuseMidMerge(gitDir: string): void {
  const stopped = STOPPED.find((op) => existsSync(join(gitDir, op.file)));
  if (stopped === undefined) return;
  const op = stopped.name;
  throw new FlagstoreError(
    'git',
    `--commit cannot commit the flag file on its own while a ${op} is in progress (git refuses a partial commit then); nothing was written`,
    {
      fix: `run the command without --commit (the flag is recorded all the same; the ${op}'s commit can include its file), or finish the ${op} (git commit) or leave it (git ${op} --abort) and run it again`,
      details: { operation: op },
    },
  );
}
