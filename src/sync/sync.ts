/** Many clones, one truth: commit flag changes, fetch, rebase, push, retry until it lands. */
import { setTimeout as sleep } from 'node:timers/promises';
import { FlagstoreError } from '../core/errors.js';
import { commitPaths } from '../git/commit.js';
import { git } from '../git/repo.js';
import {
  dropLastCommit,
  fetchUpstream,
  pushHead,
  rebaseOnto,
  upstreamOf,
  type Upstream,
} from '../git/remote.js';
import { transitionFlag, type TransitionRequest } from '../services/flags.js';
import type { InitReport } from '../services/init.js';
import type { Workspace } from '../services/workspace.js';
import { tempFilesPathspec } from '../store/atomic.js';
import { ensureDriverConfig } from './install.js';

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
  branch: string;
  /** The commit of local flag changes, when there were any. */
  committed: string | null;
  attempts: number;
}

const DEFAULT_ATTEMPTS = 40;

/** Random, growing pause between attempts so racing clones spread out. */
function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(50 * 2 ** Math.min(attempt, 5), 1500);
  return sleep(25 + Math.floor(Math.random() * ceiling));
}

/** Commits changed flag files (only them); returns the commit, or null when nothing changed. */
export async function commitFlagChanges(ws: Workspace, message: string): Promise<string | null> {
  const paths = [ws.config.flags_dir, tempFilesPathspec(ws.config.flags_dir)];
  const status = await git(ws.root, ['status', '--porcelain', '--', ...paths]);
  if (status.trim() === '') return null;
  return commitPaths({ root: ws.root, paths, message });
}

/** Brings the branch level with its upstream: fetch, then rebase local commits onto it. */
async function catchUp(ws: Workspace, up: Upstream): Promise<boolean> {
  const exists = await fetchUpstream(ws.root, up);
  if (exists) await rebaseOnto(ws.root, up);
  return exists;
}

/** The upstream to sync with; a clone's git config gets the merge driver if it lacks it. */
async function prepare(ws: Workspace, remote: string | undefined): Promise<Upstream> {
  const up = await upstreamOf(ws.root, remote);
  await ensureDriverConfig(ws, { created: [], unchanged: [], manual: [] } satisfies InitReport);
  return up;
}

function gaveUp(up: Upstream, attempts: number, message: string): FlagstoreError {
  return new FlagstoreError(
    'conflict',
    `could not push to ${up.remote}/${up.branch} after ${attempts} attempts: ${message}`,
    {
      fix: 'flagstore sync',
    },
  );
}

/**
 * Commits flag changes and pushes them, rebasing and retrying while others push first. It shows
 * no status line: git and ssh may ask for a password or passphrase on the terminal meanwhile.
 */
export async function syncFlags(ws: Workspace, options: SyncOptions = {}): Promise<SyncReport> {
  const up = await prepare(ws, options.remote);
  const committed = await commitFlagChanges(ws, 'flags: sync local flag changes');
  const max = options.attempts ?? DEFAULT_ATTEMPTS;
  let last = '';
  for (let attempt = 1; attempt <= max; attempt++) {
    await catchUp(ws, up);
    const pushed = await pushHead(ws.root, up);
    if (pushed.ok) return { remote: up.remote, branch: up.branch, committed, attempts: attempt };
    last = pushed.message;
    await backoff(attempt);
  }
  throw gaveUp(up, max, last);
}

/** A transition decided by the remote: granted only when the push that records it lands. */
export async function transitionSynced(
  ws: Workspace,
  request: TransitionRequest,
  options: SyncOptions = {},
): Promise<Awaited<ReturnType<typeof transitionFlag>> & { attempts: number }> {
  const up = await prepare(ws, options.remote);
  await commitFlagChanges(ws, 'flags: sync local flag changes');
  const max = options.attempts ?? DEFAULT_ATTEMPTS;
  let last = '';
  for (let attempt = 1; attempt <= max; attempt++) {
    await catchUp(ws, up);
    const result = await transitionFlag(ws, { ...request, now: new Date(), commit: true });
    const pushed = await pushHead(ws.root, up);
    if (pushed.ok) return { ...result, attempts: attempt };
    last = pushed.message;
    await dropLastCommit(ws.root);
    await backoff(attempt);
  }
  throw gaveUp(up, max, last);
}
