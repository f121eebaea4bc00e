/**
 * A sparse checkout (`git sparse-checkout set`) that leaves the flags folder out: the flags are
 * in git (reads take them from the ledger) but no flag file can be written, committed or
 * checked in this work tree. Commands that need the files say so before they write anything.
 */
import { existsSync } from 'node:fs';
import { FlagstoreError } from '../core/errors.js';
import { checkCommitIdentity } from '../git/commit.js';
import { refuseMidMerge } from '../git/merge-state.js';
import { isSparseCheckout } from '../git/sparse-checkout.js';
import type { Workspace } from './workspace.js';

/**
 * True when the flags folder is absent from a sparse checkout (git/sparse-checkout.ts). A plain
 * stat while the folder is there.
 */
export async function flagsLeftOut(
  ws: Pick<Workspace, 'flagsDir' | 'gitDir' | 'root'>,
): Promise<boolean> {
  return !existsSync(ws.flagsDir) && (await isSparseCheckout(ws.root, ws.gitDir));
}

/** The command that brings the flags folder (and the shared hook script) into the checkout. */
export function sparseFix(ws: Pick<Workspace, 'config'>): string {
  return `git sparse-checkout add ${ws.config.flags_dir} .flagstore`;
}

/**
 * Refuses `what` (a flag file write, a commit, a check of the files) in a sparse checkout that
 * leaves the flags folder out, naming the command that brings it in.
 */
export async function refuseLeftOut(ws: Workspace, what: string): Promise<void> {
  if (!(await flagsLeftOut(ws))) return;
  throw new FlagstoreError(
    'usage',
    `${what} needs the flags folder ${ws.config.flags_dir}/, which this sparse checkout leaves out`,
    {
      fix: sparseFix(ws),
      details: { path: ws.flagsDir },
    },
  );
}

/**
 * What a write checks before it writes anything: a sparse checkout that leaves the flags folder
 * out refuses a new file and a commit (a transition alone is recorded in the ledger, which
 * every read sees), a commit needs git's identity, and git refuses to commit one file while a
 * merge or a cherry-pick is in progress.
 */
export async function checkWritePlace(
  ws: Workspace,
  write: { commit: boolean; creates: boolean },
): Promise<void> {
  if (write.creates) await refuseLeftOut(ws, 'writing a new flag file');
  if (write.commit) await refuseLeftOut(ws, '--commit');
  if (write.commit) refuseMidMerge(ws.gitDir);
  if (write.commit) await checkCommitIdentity(ws.root);
}
