/**
 * Writing the ledger: decide against a tip, write blobs, a tree and a commit, then publish it
 * with a compare-and-swap (the local ref) or a push (the remote's fast-forward check). On a
 * lost race the decision is made again against the new tip, so a writer that stalled in its
 * critical section can never overwrite what landed meanwhile.
 */
import { hostname } from 'node:os';
import { pause as sleep } from '../core/pause.js';
import { backoffMs } from '../core/retry.js';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { ledgerPath } from '../core/ledger-layout.js';
import {
  buildTree,
  commitTree,
  compareAndSwap,
  requireBlobs,
  writeBlobs,
  writeFileBlobs,
  type TreeUpdate,
} from '../git/ledger.js';
import { readTip, type LedgerTip } from '../git/ledger-read.js';
import { fanUpdates } from '../git/ledger-tree.js';
import { missingObject } from '../git/git-failure.js';
import { canMoveRefFiles } from '../git/ref-files-write.js';
import { startRefUpdate, type RefUpdate } from '../git/ref-update.js';
import { headBranch } from '../git/ref-files.js';
import { git } from '../git/repo.js';
import { stallForTests } from '../git/stall.js';
import { commonDirOf } from '../git/discovery.js';
import { refuseHeldLock, watchHeldLock, type HeldLock } from '../git/ref-lock.js';
import type { LedgerPlace } from './ledger-view.js';

/** A ledger place and the git dir its temporary index goes into. */
export interface LedgerWriter extends LedgerPlace {
  gitDir: string;
  /** Flag ids present in the work tree, for adoption into a new ledger. */
  workIds: () => string[];
}

/** New texts of flag files, and what the commit says about them. */
export interface Proposal {
  /** New file contents: text, or bytes where the file holds invalid UTF-8 to keep. */
  changes: { id: string; text: string | Uint8Array }[];
  subject: string;
  /** The acting agent, shown as the commit's author. */
  agent: string | null;
  action: string;
}

/** Where the ledger's base comes from and where a new commit goes. */
export interface Publisher {
  /** The tip to decide against (a remote publisher fetches it at most once between publishes). */
  base: () => Promise<LedgerTip | null>;
  /** Called once the decision on `base` proposes a change (before its objects are written). */
  prepare?: () => void;
  /** Publishes a commit made on `base`; false when someone else got there first. */
  publish: (commit: string, base: LedgerTip | null) => Promise<boolean>;
  /** Lets go of what `base` made ready for a publish that did not come (the write ended). */
  release?: () => void;
}

/** How many times a write re-decides after losing the compare-and-swap before it gives up. */
export const MAX_ATTEMPTS = 60;

/** Random, growing pause between attempts so racing writers spread out ({@link backoffMs}). */
export function backoff(attempt: number): Promise<void> {
  return sleep(backoffMs(attempt));
}

/**
 * The current branch of a work tree, or `(detached)`: read from its own HEAD file each time
 * (worktrees of one repository, and one long-running process, see different and changing
 * branches), asking git when that file cannot be read or is a reftable placeholder.
 */
async function branchOf(w: LedgerWriter): Promise<string> {
  const branch = headBranch(w.gitDir);
  if (branch !== undefined) return branch ?? '(detached)';
  return git(w.root, ['symbolic-ref', '--quiet', '--short', 'HEAD']).then(
    (out) => out.trim(),
    () => '(detached)',
  );
}

async function message(w: LedgerWriter, p: Proposal): Promise<string> {
  const trailers = [
    `Flagstore-Action: ${p.action}`,
    `Flagstore-Agent: ${p.agent ?? '(unnamed)'}`,
    `Flagstore-Branch: ${await branchOf(w)}`,
    `Flagstore-Where: ${hostname()}:${w.root}`,
    ...p.changes.map((c) => `Flagstore-Flag: ${c.id}`),
  ];
  return `${p.subject}\n\n${trailers.join('\n')}\n`;
}

/** Every flag file of the work tree as blobs: the first ledger adopts the flags already there. */
async function adoption(w: LedgerWriter): Promise<TreeUpdate[]> {
  const ids = w.workIds();
  const oids = await writeFileBlobs(
    w.root,
    ids.map((id) => `${w.dir}/${id}.md`),
  );
  return ids.map((id, i) => ({ path: ledgerPath(w.dir, id), oid: oids[i] as string }));
}

/** The first ledger commit: the flags the work tree holds, as they are (null when none). */
async function adopt(w: LedgerWriter): Promise<LedgerTip | null> {
  const updates = await adoption(w);
  if (updates.length === 0) return null;
  const tree = await buildTree(w.root, { gitDir: w.gitDir, base: null, updates });
  const p = { changes: [], subject: `flags: adopt ${updates.length} flag(s)`, agent: null };
  const commit = await commitTree(w.root, {
    tree,
    parents: [],
    message: await message(w, { ...p, action: 'adopt' }),
    author: 'flagstore',
  });
  return { commit, tree };
}

/**
 * Writes the commit for a proposal on a tip; null when it changes nothing. Without a ledger,
 * the work tree's flags are adopted first, in a commit of their own. Files go into the fan-out
 * (src/core/ledger-layout.ts); a tip that still holds flags flat has them all moved there by
 * this commit, once, compare-and-swapped like any write.
 */
export async function proposeCommit(
  w: LedgerWriter,
  start: LedgerTip | null,
  p: Proposal,
): Promise<string | null> {
  const tip = start ?? (await adopt(w));
  const tree = await proposalTree(w, tip, p);
  if (tip !== null && tree === tip.tree) return start === null ? tip.commit : null;
  return commitTree(w.root, {
    tree,
    parents: tip === null ? [] : [tip.commit],
    message: await message(w, p),
    author: p.agent ?? 'flagstore',
  });
}

/** The proposal's blobs, and the tree on `tip` that holds them. */
async function blobsAndTree(w: LedgerWriter, tip: LedgerTip | null, p: Proposal): Promise<string> {
  const oids = await writeBlobs(
    w.root,
    p.changes.map((c) => c.text),
    join(w.gitDir, 'flagstore'),
  );
  stallForTests('TREE');
  const changes = new Map(p.changes.map((c, i) => [c.id, oids[i] as string]));
  const base = tip?.tree ?? null;
  const updates = fanUpdates(w.root, { tree: base, dir: w.dir, changes, commit: tip?.commit });
  const tree = await buildTree(w.root, { gitDir: w.gitDir, base, updates });
  requireBlobs(w.root, oids);
  return tree;
}

/**
 * {@link blobsAndTree}, made once more when an object it wrote is missing: `git gc` pruned it
 * between the check that found it there (and freshened it) and the tree's use of it, as git's
 * own object writer allows. Written again it is new, which prune leaves alone.
 */
async function proposalTree(w: LedgerWriter, tip: LedgerTip | null, p: Proposal): Promise<string> {
  try {
    return await blobsAndTree(w, tip, p);
  } catch (error) {
    if (!(error instanceof FlagstoreError) || !missingObject(error.message)) throw error;
    return blobsAndTree(w, tip, p);
  }
}

/**
 * Publishes to the local ledger ref with a compare-and-swap: in this process where the
 * repository is plain (src/git/ref-files-write.ts: no git at all), else by a git started once an
 * attempt's decision proposes a change (`prepare`, src/git/ref-update.ts), so its start-up
 * overlaps the object writes; a write that ends as a refusal or a no-op starts none.
 */
export function localPublisher(w: LedgerWriter): Publisher {
  let early: RefUpdate | undefined;
  let base: LedgerTip | null = null;
  const release = (): void => {
    early?.cancel();
    early = undefined;
  };
  return {
    base: () => {
      release();
      base = readTip(w.root, w.ref);
      return Promise.resolve(base);
    },
    prepare: () => {
      release();
      const inProcess = base !== null && canMoveRefFiles(w.root, { ref: w.ref, reason: REASON });
      if (!inProcess) early = startRefUpdate(w.root, REASON);
    },
    publish: (commit, tip) => {
      const change = { ref: w.ref, next: commit, old: tip?.commit ?? null, reason: REASON };
      const started = early;
      early = undefined;
      return compareAndSwap(w.root, { ...change, early: started });
    },
    release,
  };
}

const REASON = 'flagstore: ledger write';

/** What a decision produced: the proposal to record, and a value for the caller. */
export interface Decision<T> {
  proposal: Proposal | null;
  value: T;
}

/** The ledger ref's lock file; read only after a lost race, not on every write. */
function refLockPath(w: LedgerWriter): string {
  return join(commonDirOf(w.gitDir), `${w.ref}.lock`);
}

/**
 * Decides against the tip, records, publishes; on a lost race decides again against the new
 * tip. `decide` throws to refuse (the refusal then reflects the newest state).
 */
export async function writeLedger<T>(
  w: LedgerWriter,
  decide: (tip: LedgerTip | null) => Decision<T>,
  publisher: Publisher = localPublisher(w),
): Promise<{ value: T; commit: string | null }> {
  // A lock file a killed or stopped writer holds fails every attempt: named, not retried for long.
  let held: HeldLock | null = null;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      const tip = await publisher.base();
      const { proposal, value } = decide(tip);
      if (proposal !== null) publisher.prepare?.();
      const commit = proposal === null ? null : await proposeCommit(w, tip, proposal);
      if (commit === null) return { value, commit: tip?.commit ?? null };
      stallForTests('PUBLISH');
      if (await publisher.publish(commit, tip)) return { value, commit };
    } finally {
      publisher.release?.();
    }
    held = watchHeldLock(refLockPath(w), held);
    await backoff(attempt);
  }
  refuseHeldLock(refLockPath(w), held);
  throw new FlagstoreError(
    'conflict',
    `the flag ledger (${w.ref}) kept changing under this write (${MAX_ATTEMPTS} attempts); nothing was written`,
    { fix: 'retry the command' },
  );
}
