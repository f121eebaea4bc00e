/**
 * Published locks a catch-up ended: a lock the local ledger held (pushed, so the remote had it)
 * that a completion from another clone overrode. The merge reports unpublished locks it gave
 * away (lost-locks.ts); a completion over a pushed lock usually arrives by fast-forward, so it is
 * found here, by comparing the local ledger's copies before and after.
 */
import type { Flag } from '../core/types.js';
import type { LedgerChange } from '../git/ledger-diff.js';
import { ledgerChanges } from '../git/ledger-diff-local.js';
import { readBlobsHere } from '../git/ledger-read.js';
import { readLedgerFolder } from '../git/ledger-tree.js';
import { parseFlagFile } from '../store/flag-file.js';
import type { LostLock } from './lost-locks.js';
import type { LedgerWriter } from './ledger-write.js';

/** Two commits of the local ledger: its tip before a catch-up and the one it moves to. */
export interface LedgerMove {
  from: string;
  to: string;
}

/** Every flag file that differs between two commits, by listing both (flat copies included). */
function listedChanges(w: LedgerWriter, at: LedgerMove): LedgerChange[] {
  const [before, after] = [at.from, at.to].map((commit) =>
    readLedgerFolder(w.root, { tree: commit, dir: w.dir, commit }),
  ) as [Map<string, string>, Map<string, string>];
  return [...after]
    .filter(([id, oid]) => before.get(id) !== oid)
    .map(([id, oid]) => ({ id, oid, was: before.get(id) ?? null }));
}

/** A copy that holds a lock (the text is checked before it is parsed: most copies hold none). */
function lockedCopy(text: string | undefined): (Flag & { locked_by: string }) | null {
  if (text === undefined || !/^locked:\s*(?!false\b)/m.test(text)) return null;
  const flag = parseFlagFile(text).flag;
  if (flag === null || !flag.locked || flag.locked_by === null) return null;
  return flag.status === 'completed' ? null : (flag as Flag & { locked_by: string });
}

/** A flag file present, and different, in both commits. */
type Changed = LedgerChange & { was: string; oid: string };

/** The notice for a changed copy whose lock another agent's completion ended; null otherwise. */
function endedBy(c: Changed, texts: Map<string, string>): LostLock | null {
  const held = lockedCopy(texts.get(c.was));
  const text = held === null ? undefined : texts.get(c.oid);
  const now = text === undefined ? null : parseFlagFile(text).flag;
  if (held === null || now?.status !== 'completed' || now.completed_by === held.locked_by) {
    return null;
  }
  return {
    id: c.id,
    holder: held.locked_by,
    winner: now.completed_by,
    reason: 'completed',
    at: now.completed_at,
    pushed: true,
  };
}

/**
 * Locks the local ledger held at `at.from` whose flags are completed by another agent at `at.to`
 * (ids in `known`, reported already by the merge, are left out). Reads the changed copies only,
 * both sides in one batch, in this process where the objects allow (else `git diff-tree` and
 * one `git cat-file`).
 */
export function completedOverLocks(w: LedgerWriter, at: LedgerMove, known: LostLock[]): LostLock[] {
  const skip = new Set(known.map((l) => l.id));
  const changes = (ledgerChanges(w.root, { ...at, dir: w.dir }) ?? listedChanges(w, at)).filter(
    (c): c is Changed => c.oid !== null && c.was !== null && !skip.has(c.id),
  );
  if (changes.length === 0) return [];
  const texts = readBlobsHere(
    w.root,
    changes.flatMap((c) => [c.was, c.oid]),
  );
  return changes.flatMap((c) => endedBy(c, texts) ?? []);
}
