/**
 * Which locks a ledger merge with no common base lost without their ever being published. Two
 * clones' ledgers share no commit when each began its own (a flag committed on the code branch,
 * locked in a clone before its first sync: that lock never left it), or when the remote's
 * ledger was written again from a new root (its history squashed by hand): a lock of the second
 * kind was pushed, and the remote's history still holds it. Those are not "never pushed": a
 * completion that ended one is reported by completed-locks.ts, as the merge with a base does.
 */
import type { Flag } from '../core/types.js';
import { fannedVersions } from '../git/ledger-copies.js';
import { readBlobsHere } from '../git/ledger-read.js';
import type { LedgerWriter } from './ledger-write.js';
import { unpublished, type LostLock } from './lost-locks.js';

/** A lock the merge took from this clone, and the local copy that held it. */
export interface Loss {
  lost: LostLock;
  ours: Flag | null;
}

/**
 * The losses of a merge with the remote's ledger `theirs.commit` whose lock was never published.
 * With a common commit, every one (the merge decided by that base); with none, those no version
 * of the remote's ledger held: one `git log` and one `git cat-file` for them all.
 */
export function neverPublished(
  w: LedgerWriter,
  theirs: { commit: string; common: string | null },
  losses: Loss[],
): LostLock[] {
  if (theirs.common !== null || losses.length === 0) return losses.map((loss) => loss.lost);
  const ids = losses.map((l) => l.lost.id);
  const seen = fannedVersions(w.root, { commit: theirs.commit, dir: w.dir, ids });
  const texts = readBlobsHere(
    w.root,
    [...seen.values()].flatMap((versions) => [...versions]),
  );
  const held = ({ lost, ours }: Loss): boolean =>
    ours !== null &&
    [...(seen.get(lost.id) ?? [])].some((oid) => !unpublished(texts.get(oid) ?? null, ours));
  return losses.filter((loss) => !held(loss)).map((loss) => loss.lost);
}
