/**
 * The ledger's word in the critical-flag block: a flag completed in the ledger (in another
 * worktree or clone) no longer blocks, and a pending flag only the ledger holds does. The
 * ledger's flags are summarised through the hook's blob cache, and the result is cached by the
 * flags folder and the ledger's tip commit, which the caller read once (the hook asks for it in
 * the batch that reads the staged files): the commit, not its tree, since its history decides
 * between two copies of one flag. The blob parses are the run's (see blob-parses.ts).
 */
import { join } from 'node:path';
import type { LedgerTip } from '../git/ledger-read.js';
import { listingAt } from '../git/ledger-listing.js';
import { loadStamped, saveStamped } from '../store/cache.js';
import type { Config } from '../store/config.js';
import { keptFiles } from '../store/kept-listing.js';
import { withParses, type BlobParses, type FlagSummary } from './blob-parses.js';

/** A repository as the gates see it. */
export interface LedgerRepo {
  root: string;
  gitDir: string;
  config: Config;
}

interface LedgerView {
  commit: string;
  /** The flags folder read in that tree (the config may move it). */
  dir: string;
  pending: FlagSummary[];
  /** Ids of valid flags the ledger holds as completed. */
  done: string[];
}

const VERSION = 5;

async function viewOf(repo: LedgerRepo, tip: LedgerTip, parses: BlobParses): Promise<LedgerView> {
  const path = join(repo.gitDir, 'flagstore', 'cache-ledger-gate.json');
  const cached = loadStamped<LedgerView>(path, VERSION);
  const dir = repo.config.flags_dir;
  if (cached?.commit === tip.commit && cached.dir === dir) {
    parses.answeredElsewhere();
    return cached;
  }
  // Flat or fanned out (src/core/ledger-layout.ts): each flag as its file in a flat folder;
  // the tip's history decides between two copies of one flag. Through the listing the reads
  // keep by tree id: after a write, carried to the new tree by what changed.
  const files = keptFiles(join(repo.gitDir, 'flagstore'), (kept) =>
    listingAt(repo.root, { tip, dir, kept }),
  );
  const entries = [...files].map(([id, blob]) => ({
    mode: '100644',
    blob,
    path: `${dir}/${id}.md`,
  }));
  const parsed = await parses.parse(repo.root, entries);
  const view: LedgerView = {
    commit: tip.commit,
    dir,
    pending: parsed.flatMap((p) => (p.pending === null ? [] : [p.pending])),
    done: parsed.flatMap((p) =>
      p.pending === null && p.errors.length === 0 && p.id !== null ? [p.id] : [],
    ),
  };
  await saveStamped(path, VERSION, view);
  return view;
}

/**
 * Ids among `ids` whose staged copy is a valid, completed flag: a completion on either copy
 * counts, as in every reader (a flag completed by hand, or on a branch pulled before its
 * ledger). Only the ledger's pending flags that are not staged as pending are looked up.
 */
async function stagedDone(
  repo: LedgerRepo,
  ids: string[],
  parses: BlobParses,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  // One pathspec, the folder: a path per id could pass git more than the system's argument limit.
  // The run's listing of it, which the staged flags' read may have made already.
  const dir = repo.config.flags_dir;
  const wanted = new Set(ids.map((id) => `${dir}/${id}.md`));
  const listing = await parses.listing(repo.root, dir);
  const entries = listing.entries().filter((e) => wanted.has(e.path));
  const parsed = await parses.parse(repo.root, entries);
  return new Set(
    parsed.flatMap((p) =>
      p.pending === null && p.errors.length === 0 && p.id !== null ? [p.id] : [],
    ),
  );
}

/**
 * The staged pending flags, corrected by the ledger's state at its tip (as the caller read it),
 * null when there is no ledger (then they are unchanged). `parses`: the run's blob parses (without them,
 * the call keeps its own). A flag the ledger holds as pending but the index as completed is done;
 * a flag pending in both is the staged copy with the ledger's lock.
 */
export async function withLedgerState(
  repo: LedgerRepo,
  staged: FlagSummary[],
  tip: LedgerTip | null,
  parses?: BlobParses,
): Promise<FlagSummary[]> {
  if (tip === null) return staged;
  return withParses(repo.gitDir, parses, async (own) => {
    const view = await viewOf(repo, tip, own);
    const done = new Set(view.done);
    const fromLedger = new Map(view.pending.map((f) => [f.id, f]));
    // The ledger decides the lock; impact, target and texts are the staged copy's, as in every
    // reader (a flag escalated to critical by hand blocks, as list shows it).
    const kept = staged
      .filter((f) => !done.has(f.id))
      .map((f) => ({ ...f, locked: fromLedger.get(f.id)?.locked ?? f.locked }));
    const seen = new Set(kept.map((f) => f.id));
    const only = view.pending.filter((f) => !seen.has(f.id) && !done.has(f.id));
    const doneHere = await stagedDone(
      repo,
      only.map((f) => f.id),
      own,
    );
    return [...kept, ...only.filter((f) => !doneHere.has(f.id))];
  });
}
