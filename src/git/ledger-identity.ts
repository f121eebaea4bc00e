/**
 * Whether a branch under the ledger's name holds a flag ledger: its tip was committed by
 * flagstore's ledger identity, as every ledger commit is (src/git/ledger.ts). Any other tip is
 * other work on a branch of that name (a teammate's code branch named `flagstore`, made to try
 * the tool): `init` does not start the clone's ledger there, and `sync` refuses to merge it,
 * since the merge it pushed would hold only the flags folder over that branch's files.
 */
import { commitCommitterEmail } from '../core/git-records.js';
import { LEDGER_EMAIL } from './ledger.js';
import { type LedgerTip, readTip, syncGit } from './ledger-read.js';
import { localObjects } from './objects-local.js';

/** A ref's tip, and whether it is a ledger's ({@link readTip}'s answer and failures). */
export interface CheckedTip extends LedgerTip {
  ledger: boolean;
}

/**
 * The tip of a ref that should hold a ledger (a fetched remote one), null when the ref does
 * not exist. The commit just read is read again in this process (loose ones are cached, packed
 * ones read from the pack): no git process where readTip started none.
 */
export function readCheckedTip(root: string, ref: string): CheckedTip | null {
  const tip = readTip(root, ref);
  if (tip === null) return null;
  return { ...tip, ledger: commitCommitterEmail(commitBody(root, tip.commit)) === LEDGER_EMAIL };
}

/** A commit object's body, read in this process where it can be, else by git. */
function commitBody(root: string, commit: string): Buffer {
  const local = localObjects(root, [commit])?.get(commit);
  if (local?.type === 'commit') return local.content;
  return Buffer.from(syncGit(root, ['cat-file', 'commit', commit]), 'utf8');
}
