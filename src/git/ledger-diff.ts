/**
 * What changed in a ledger's flags folder between two of its trees, for the listing the reads
 * keep by tree id (src/sync/ledger-view.ts): one `git diff-tree -r` of the two folders, which
 * reads only the folders that differ, instead of listing every flag again.
 */
import { parseRawDiff } from '../core/git-records.js';
import { ledgerEntry } from '../core/ledger-layout.js';
import { syncGit } from './ledger-read.js';

/** One flag file that changed between two trees: its id and new blob id (null: it is gone). */
export interface LedgerChange {
  id: string;
  oid: string | null;
  /** Its blob id in `from` (null: it was added). */
  was: string | null;
}

const NO_BLOB = /^0+$/;

/**
 * A gitlink's mode (a submodule's commit): no file, so a flag file that became one is gone
 * (`ls-tree -r` lists it as a commit; ledger-diff-local.ts answers the same).
 */
export const GITLINK = '160000';

function diffFolders(root: string, at: { from: string; to: string; dir: string }): string | null {
  const args = [
    'diff-tree',
    '-r',
    '-z',
    '--no-renames',
    `${at.from}:${at.dir}`,
    `${at.to}:${at.dir}`,
  ];
  try {
    return syncGit(root, args);
  } catch {
    return null;
  }
}

/**
 * The fanned-out flag files that differ between the flags folders of two trees (`from` and `to`,
 * tree or commit ids). null where this cannot tell and the caller lists `to` in full: git cannot
 * read either folder (absent, pruned, a repository git refuses), or a file directly in the
 * folder changed (a flat copy, whose standing is decided by history; see pickCopies).
 */
export function fannedChanges(
  root: string,
  at: { from: string; to: string; dir: string },
): LedgerChange[] | null {
  const out = diffFolders(root, at);
  if (out === null) return null;
  const changes: LedgerChange[] = [];
  for (const change of parseRawDiff(out)) {
    if (!change.path.includes('/')) return null;
    const entry = ledgerEntry(change.path);
    if (entry === null) continue;
    const gone = change.status === 'D' || change.mode === GITLINK;
    const was = NO_BLOB.test(change.from) ? null : change.from;
    changes.push({ id: entry.id, oid: gone ? null : change.blob, was });
  }
  return changes;
}
