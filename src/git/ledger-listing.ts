/**
 * The ledger's flag files at a tip through a listing kept by tree id (src/store/kept-listing.ts):
 * the same tree's is taken as it is, another tree's is carried to the tip by what changed
 * between the two (one `git diff-tree`, src/git/ledger-diff.ts), and only where that cannot
 * tell is the tip listed in full (`git ls-tree -r`). The reads (src/sync/ledger-view.ts) and
 * the pre-commit gate (src/gates/ledger-pending.ts) both take it.
 */
import type { KeptListing } from '../core/ledger-layout.js';
import { fannedChanges, type LedgerChange } from './ledger-diff.js';
import type { LedgerTip } from './ledger-read.js';
import { readLedgerListing } from './ledger-tree.js';

const byId = ([a]: [string, string], [b]: [string, string]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A kept listing of a wholly fanned-out folder carried to another tree by the files that
 * differ between the two (one `git diff-tree`), sorted by id as a full listing is; null where
 * the kept listing held flat files or the diff cannot tell (see fannedChanges).
 */
export function updatedListing(
  root: string,
  at: { kept: KeptListing; tree: string; dir: string },
): { files: [string, string][]; fanned: true } | null {
  if (!at.kept.fanned || at.kept.dir !== at.dir) return null;
  const changes = fannedChanges(root, { from: at.kept.tree, to: at.tree, dir: at.dir });
  if (changes === null) return null;
  return { files: withChanges(at.kept.files, changes), fanned: true };
}

/** Files sorted by id with changes applied (a null blob id: gone), still sorted by id. */
function withChanges(files: [string, string][], changes: LedgerChange[]): [string, string][] {
  const changed = new Map(changes.map(({ id, oid }) => [id, oid]));
  const kept: [string, string][] = [];
  for (const entry of files) {
    const oid = changed.get(entry[0]);
    if (oid === undefined) kept.push(entry);
    else if (oid !== null) kept.push([entry[0], oid]);
    changed.delete(entry[0]);
  }
  const added = [...changed].filter((e): e is [string, string] => e[1] !== null);
  return added.length === 0 ? kept : [...kept, ...added].sort(byId);
}

/**
 * True when a kept listing is the tip's as it is: the same tree and folder, and, where the
 * folder held flat files, the same commit (two copies of one flag are decided by the commit's
 * history, which the same tree can have otherwise).
 */
export function keptFits(kept: KeptListing, at: { tip: LedgerTip; dir: string }): boolean {
  if (kept.tree !== at.tip.tree || kept.dir !== at.dir) return false;
  return kept.fanned || kept.commit === at.tip.commit;
}

/**
 * The listing of a tip's flags folder (flat or fanned out): `kept` itself where it fits
 * ({@link keptFits}), else carried from it ({@link updatedListing}) or listed in full. A caller
 * keeps what it gets when it is not `kept`.
 */
export function listingAt(
  root: string,
  at: { tip: LedgerTip; dir: string; kept: KeptListing | null },
): KeptListing {
  const { tip, dir, kept } = at;
  if (kept !== null && keptFits(kept, at)) return kept;
  const of = { tree: tip.tree, commit: tip.commit, dir };
  const carried = kept === null ? null : updatedListing(root, { kept, tree: tip.tree, dir });
  if (carried !== null) return { ...of, ...carried };
  const full = readLedgerListing(root, { ...tip, dir });
  return { ...of, fanned: full.fanned, files: [...full.files] };
}
