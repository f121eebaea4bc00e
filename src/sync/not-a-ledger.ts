/**
 * What init and sync say of a remote branch under the ledger's name whose tip flagstore did
 * not commit (src/git/ledger-identity.ts): other work there, left alone, and the fix.
 */
import { FlagstoreError } from '../core/errors.js';
import { CONFIG_FILE } from '../store/config.js';

/** The fix: the ledger under another name, shared by every clone through the committed file. */
const OTHER_LEDGER_FIX = `name another ledger branch in ${CONFIG_FILE} (ledger: { branch: flagstore-ledger }, the key ledger.branch) and commit that, then run flagstore sync`;

/**
 * The refusal of a remote ledger branch (`origin/flagstore`) at `commit`, which flagstore did
 * not commit: nothing of it was taken into the ledger and nothing was pushed there.
 */
export function notALedger(name: string, commit: string): FlagstoreError {
  return new FlagstoreError(
    'conflict',
    `${name} is not a flag ledger: flagstore did not commit its tip ${commit.slice(0, 12)}, so it is other work on a branch of the ledger's name; it was left alone (nothing merged into the ledger, nothing pushed)`,
    { fix: OTHER_LEDGER_FIX, details: { branch: name, commit } },
  );
}
