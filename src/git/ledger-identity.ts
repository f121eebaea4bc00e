/**
 * Whether a branch under the ledger's name holds a flag ledger: its tip was committed by
 * flagstore's ledger identity, as every ledger commit is (src/git/ledger.ts). Any other tip is
 * other work on a branch of that name (a teammate's code branch named `flagstore`, made to try
 * the tool): `init` does not start the clone's ledger there, and `sync` refuses to merge it,
 * since the merge it pushed would hold only the flags folder over that branch's files.
 */
import { commitCommitterEmail, commitTreeId, type BatchObject } from '../core/git-records.js';
import { LEDGER_EMAIL } from './ledger.js';
import { type LedgerTip, readTip, syncGit } from './ledger-read.js';
import { looseStore, refFilesValue, REF_ABSENT } from './loose.js';
import { localObjects } from './objects-local.js';

/** A ref's tip, and whether it is a ledger's ({@link readTip}'s answer and failures). */
export interface CheckedTip extends LedgerTip {
  ledger: boolean;
}

/**
 * The tip of a ref that should hold a ledger (a fetched remote one), null when the ref does not
 * exist. Its commit is read once, in this process where git's files are plain (loose or packed:
 * it gives the tree and the committer both); else git reads the tip, and the commit is read after.
 */
export function readCheckedTip(root: string, ref: string): CheckedTip | null {
  const here = commitHere(root, ref);
  if (here === null) return null;
  const tree = here === undefined ? null : commitTreeId(here.content);
  if (here !== undefined && tree !== null) {
    return { commit: here.sha, tree, ledger: byLedger(here.content) };
  }
  const tip = readTip(root, ref);
  if (tip === null) return null;
  return { ...tip, ledger: byLedger(commitBody(root, tip.commit)) };
}

/** True when a commit's committer is flagstore's ledger identity. */
function byLedger(commit: Buffer): boolean {
  return commitCommitterEmail(commit) === LEDGER_EMAIL;
}

/** The ref's commit read in this process: null when the ref does not exist, undefined: ask git. */
function commitHere(root: string, ref: string): BatchObject | null | undefined {
  const store = looseStore(root);
  const id = store === null ? null : refFilesValue(store.gitDir, ref);
  if (id === REF_ABSENT) return null;
  const found = id === null ? undefined : localObjects(root, [id])?.get(id);
  return found?.type === 'commit' ? found : undefined;
}

/** A commit object's body, read in this process where it can be, else by git. */
function commitBody(root: string, commit: string): Buffer {
  const local = localObjects(root, [commit])?.get(commit);
  if (local?.type === 'commit') return local.content;
  return Buffer.from(syncGit(root, ['cat-file', 'commit', commit]), 'utf8');
}
