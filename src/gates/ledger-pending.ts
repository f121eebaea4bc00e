/**
 * The ledger's word in the critical-flag block: a flag completed in the ledger (in another
 * worktree or clone) no longer blocks, and a pending flag only the ledger holds does. The
 * ledger's flags are summarised through the hook's blob cache, and the result is cached by the
 * flags folder and the ledger's tree id, which the caller read (the hook asks for it in the batch
 * that reads the staged files). The blob parses are the run's (see blob-parses.ts).
 */
import { join } from 'node:path';
import { ledgerRef } from '../git/ledger.js';
import { readLedgerFolder } from '../git/ledger-tree.js';
import { loadStamped, saveStamped } from '../store/cache.js';
import type { Config } from '../store/config.js';
import { withParses, type BlobParses, type FlagSummary } from './blob-parses.js';

/** A repository as the gates see it. */
export interface LedgerRepo {
  root: string;
  gitDir: string;
  config: Config;
}

interface LedgerView {
  tree: string;
  /** The flags folder read in that tree (the config may move it). */
  dir: string;
  pending: FlagSummary[];
  /** Ids of valid flags the ledger holds as completed. */
  done: string[];
}

const VERSION = 4;

async function viewOf(repo: LedgerRepo, tree: string, parses: BlobParses): Promise<LedgerView> {
  const path = join(repo.gitDir, 'flagstore', 'cache-ledger-gate.json');
  const cached = loadStamped<LedgerView>(path, VERSION);
  const dir = repo.config.flags_dir;
  if (cached?.tree === tree && cached.dir === dir) {
    parses.answeredElsewhere();
    return cached;
  }
  // Flat or fanned out (src/core/ledger-layout.ts): each flag as its file in a flat folder;
  // the ledger branch's history decides between two copies of one flag.
  const commit = ledgerRef(repo.config.ledger.branch);
  const entries = [...readLedgerFolder(repo.root, { tree, dir, commit })].map(([id, blob]) => ({
    mode: '100644',
    blob,
    path: `${dir}/${id}.md`,
  }));
  const parsed = await parses.parse(repo.root, entries);
  const view: LedgerView = {
    tree,
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
 * The staged pending flags, corrected by the ledger's state: the tree of its tip, null when
 * there is no ledger (then they are unchanged). `parses`: the run's blob parses (without them,
 * the call keeps its own).
 */
export async function withLedgerState(
  repo: LedgerRepo,
  staged: FlagSummary[],
  tree: string | null,
  parses?: BlobParses,
): Promise<FlagSummary[]> {
  if (tree === null) return staged;
  const view = await withParses(repo.gitDir, parses, (own) => viewOf(repo, tree, own));
  const done = new Set(view.done);
  const fromLedger = new Map(view.pending.map((f) => [f.id, f]));
  const kept = staged.filter((f) => !done.has(f.id)).map((f) => fromLedger.get(f.id) ?? f);
  const seen = new Set(kept.map((f) => f.id));
  return [...kept, ...view.pending.filter((f) => !seen.has(f.id) && !done.has(f.id))];
}
