/**
 * Many clones, one truth: `sync` records the work tree's flag changes in the ledger, fetches
 * the remote's ledger branch, merges it in and pushes the ledger back, retrying until it lands.
 * Only `refs/heads/<ledger>` is fetched and pushed: never the user's branch, HEAD, index or stash.
 */
import { FlagstoreError } from '../core/errors.js';
import { readTip } from '../git/ledger-read.js';
import type { InitReport } from '../services/init.js';
import type { Workspace } from '../services/workspace.js';
import { ensureDriverConfig } from './install.js';
import { catchUp, pushLedger, remotePublisher, type RemoteLedger } from './ledger-remote.js';
import { backoff, type Publisher } from './ledger-write.js';
import { remoteFor } from './remote-name.js';
import { lostLockLine, type LostLock } from './lost-locks.js';

/** How a sync runs. */
export interface SyncOptions {
  /** Remote name (default: the branch's upstream remote, else origin). */
  remote?: string | undefined;
  /** Attempts before giving up when others keep pushing first. */
  attempts?: number;
}

/** What a sync did. */
export interface SyncReport {
  remote: string;
  /** The ledger branch synced. */
  branch: string;
  /** The ledger commit recording work-tree flag changes, when there were any. */
  recorded: string | null;
  /** The ledger commit both sides now hold, or null when there is no ledger anywhere yet. */
  ledger: string | null;
  attempts: number;
  /** Locks this clone took and never published that the remote's ledger gave to others. */
  lost_locks: LostLock[];
}

const DEFAULT_ATTEMPTS = 40;

/** The remote ledger to sync with. */
export async function remoteLedger(ws: Workspace, remote?: string): Promise<RemoteLedger> {
  return { remote: await remoteFor(ws.root, remote), branch: ws.config.ledger.branch };
}

/**
 * The remote ledger's publisher for a write that is synced (see publisherFor in
 * services/synced-write.ts); local locks its catch-ups lose are added to `lost`.
 */
export async function remotePublisherFor(
  ws: Workspace,
  o: { remote?: string | undefined; lost: LostLock[] },
): Promise<Publisher> {
  return remotePublisher(ws.flags.ledger, await remoteLedger(ws, o.remote), o.lost);
}

/**
 * The error of a sync that could not push. The merge that lost local locks stays in the local
 * ledger, so the next sync cannot list them: this error does (`lost_locks` in its details).
 */
function gaveUp(r: RemoteLedger, attempts: number, lost: LostLock[]): FlagstoreError {
  const losses = lost.map((l) => `; ${lostLockLine(l)}`);
  return new FlagstoreError(
    'conflict',
    `could not push the flag ledger to ${r.remote}/${r.branch} after ${attempts} attempts (others kept pushing first)${losses.join('')}`,
    { fix: 'flagstore sync', details: { lost_locks: lost } },
  );
}

/**
 * Records local flag changes, then fetches, merges and pushes the ledger until it lands.
 * A clone's git config gets the merge driver if it lacks it (for when branches meet). A lock
 * the remote already published wins over a local lock never published: the report lists those.
 */
export async function syncFlags(ws: Workspace, options: SyncOptions = {}): Promise<SyncReport> {
  const r = await remoteLedger(ws, options.remote);
  await ensureDriverConfig(ws, { created: [], unchanged: [], manual: [] } satisfies InitReport);
  const w = ws.flags.ledger;
  const lost: LostLock[] = [];
  const fetched = await catchUp(w, r, lost);
  const recorded = await ws.flags.recordWorkTree();
  const max = options.attempts ?? DEFAULT_ATTEMPTS;
  for (let attempt = 1; attempt <= max; attempt++) {
    // Nothing to push when the ledger is the remote's, fetched and taken in, with nothing since.
    const remote = attempt === 1 ? fetched : await catchUp(w, r, lost);
    const local = readTip(w.root, w.ref);
    const report = { remote: r.remote, branch: r.branch, recorded, attempts: attempt };
    const done = { ...report, lost_locks: lost };
    if (local === null) return { ...done, ledger: remote };
    if (local.commit === remote || (await pushLedger(w.root, r, local.commit))) {
      return { ...done, ledger: local.commit };
    }
    await backoff(attempt);
  }
  throw gaveUp(r, max, lost);
}
