/**
 * The ledger across clones: fetch and push `refs/heads/<ledger>` and nothing else. Diverged
 * ledgers are merged file by file into a two-parent commit, in plumbing; the remote's
 * fast-forward check decides races, and a rejected writer fetches and decides again.
 */
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import {
  buildTree,
  commitTree,
  compareAndSwap,
  isAncestor,
  readBlobs,
  readTip,
  writeBlobs,
} from '../git/ledger.js';
import { ledgerFolderOf, fanUpdates } from '../git/ledger-tree.js';
import { mergeBase } from '../git/objects.js';
import { git, gitConfig, gitMessage } from '../git/repo.js';
import { mergeFlagFile } from './merge-driver.js';
import { mergeCopies } from './ledger-store.js';
import { lockBusy } from '../git/commit.js';
import { backoff, MAX_ATTEMPTS, type LedgerWriter, type Publisher } from './ledger-write.js';

/** A remote and the ledger branch on it. */
export interface RemoteLedger {
  remote: string;
  branch: string;
}

/** The remote to sync with: the option, else the current branch's remote, else origin. */
export async function remoteFor(root: string, option?: string): Promise<string> {
  const remotes = (await git(root, ['remote'])).split('\n').filter(Boolean);
  let configured: string | null = null;
  try {
    const branch = (await git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD'])).trim();
    configured = await gitConfig(root, `branch.${branch}.remote`);
  } catch {
    configured = null;
  }
  const remote = option ?? configured ?? (remotes.includes('origin') ? 'origin' : remotes[0]);
  if (remote === undefined || !remotes.includes(remote)) {
    throw new FlagstoreError('usage', `no remote named ${remote ?? '(none)'} in this repository`, {
      fix: 'git remote add origin <url>',
      details: { remotes },
    });
  }
  return remote;
}

function trackingRef(r: RemoteLedger): string {
  return `refs/remotes/${r.remote}/${r.branch}`;
}

/** Fetches only the ledger branch; its commit on the remote, or null when it has none yet. */
export async function fetchLedger(root: string, r: RemoteLedger): Promise<string | null> {
  const spec = `+refs/heads/${r.branch}:${trackingRef(r)}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await git(root, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', r.remote, spec]);
      return readTip(root, trackingRef(r))?.commit ?? null;
    } catch (error) {
      const detail = gitMessage(error);
      if (/couldn't find remote ref/i.test(detail)) return null;
      // Another agent of this clone is updating the same tracking ref: wait and fetch again.
      if (!lockBusy(detail) || attempt >= MAX_ATTEMPTS) throw fetchFailed(r, detail);
      await backoff(attempt);
    }
  }
}

function fetchFailed(r: RemoteLedger, detail: string): FlagstoreError {
  return new FlagstoreError('git', `git fetch ${r.remote} failed: ${detail}`, {
    fix: `git fetch ${r.remote}`,
  });
}

/** Pushes one ledger commit; false when the remote refused it (not a fast-forward). */
export async function pushLedger(root: string, r: RemoteLedger, commit: string): Promise<boolean> {
  try {
    await git(root, [
      'push',
      '--quiet',
      '--no-verify',
      r.remote,
      `${commit}:refs/heads/${r.branch}`,
    ]);
  } catch (error) {
    const detail = gitMessage(error);
    if (/rejected|non-fast-forward|fetch first|failed to update ref|stale info/i.test(detail)) {
      return false;
    }
    throw new FlagstoreError('git', `git push ${r.remote} failed: ${detail}`);
  }
  await git(root, ['update-ref', trackingRef(r), commit]).catch(() => '');
  return true;
}

/** The merged text of one flag whose two ledger versions differ. */
async function mergeOne(texts: {
  base: string | null;
  ours: string | null;
  theirs: string | null;
}): Promise<string | null> {
  const { base, ours, theirs } = texts;
  if (ours === null || theirs === null) return ours ?? theirs;
  if (base !== null) {
    const merged = await mergeFlagFile({ base, ours, theirs });
    if (!merged.conflict) return merged.text;
  }
  return mergeCopies(theirs, ours);
}

/**
 * A two-parent commit merging two diverged ledger commits, flag by flag (by id, so a flat and a
 * fanned-out ledger merge like any two); the result is fanned out.
 */
async function mergeCommits(w: LedgerWriter, ours: string, theirs: string): Promise<string> {
  const common = await mergeBase(w.root, ours, theirs);
  const [o, t, b] = (await Promise.all(
    [ours, theirs, common].map((c) =>
      c === null ? new Map<string, string>() : ledgerFolderOf(w.root, c, w.dir),
    ),
  )) as [Map<string, string>, Map<string, string>, Map<string, string>];
  const changed = [...t].filter(([id, oid]) => o.get(id) !== oid).map(([id]) => id);
  const blobs = readBlobs(w.root, [
    ...new Set(changed.flatMap((n) => [o.get(n), t.get(n), b.get(n)]).filter(isString)),
  ]);
  const text = (oid: string | undefined): string | null =>
    oid === undefined ? null : (blobs.get(oid) ?? null);
  const merged: { id: string; text: string }[] = [];
  for (const id of changed) {
    const result = await mergeOne({
      base: text(b.get(id)),
      ours: text(o.get(id)),
      theirs: text(t.get(id)),
    });
    if (result !== null) merged.push({ id, text: result });
  }
  const oids = await writeBlobs(
    w.root,
    merged.map((m) => m.text),
    join(w.gitDir, 'flagstore'),
  );
  const base = `${ours}^{tree}`;
  const changes = new Map(merged.map((m, i) => [m.id, oids[i] as string]));
  const updates = fanUpdates(w.root, { tree: base, dir: w.dir, changes });
  return commitTree(w.root, {
    tree: await buildTree(w.root, { gitDir: w.gitDir, base, updates }),
    parents: [ours, theirs],
    message: `flags: merge the remote ledger\n\nFlagstore-Action: merge\n`,
    author: 'flagstore',
  });
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}

/** Brings a commit into the local ledger: fast-forward, or a merge commit; compare-and-swap. */
export async function integrate(w: LedgerWriter, commit: string): Promise<void> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (attempt > 1) await backoff(attempt);
    const local = readTip(w.root, w.ref);
    if (local?.commit === commit) return;
    if (local !== null && (await isAncestor(w.root, commit, local.commit))) return;
    const next =
      local === null || (await isAncestor(w.root, local.commit, commit))
        ? commit
        : await mergeCommits(w, local.commit, commit);
    const change = { ref: w.ref, next, old: local?.commit ?? null, reason: 'flagstore: sync' };
    if (await compareAndSwap(w.root, change)) return;
  }
  throw new FlagstoreError('conflict', 'the local flag ledger kept changing during sync', {
    fix: 'flagstore sync',
  });
}

/** Fetches the remote ledger and brings it into the local one; the remote's commit or null. */
export async function catchUp(w: LedgerWriter, r: RemoteLedger): Promise<string | null> {
  const remote = await fetchLedger(w.root, r);
  if (remote !== null) await integrate(w, remote);
  return remote;
}

/** Decides against the remote's tip; a write is granted only when its push lands. */
export function remotePublisher(w: LedgerWriter, r: RemoteLedger): Publisher {
  return {
    base: async () => {
      await catchUp(w, r);
      return readTip(w.root, w.ref);
    },
    publish: async (commit, base) => {
      if (!(await pushLedger(w.root, r, commit))) return false;
      const change = { ref: w.ref, next: commit, old: base?.commit ?? null, reason: 'flagstore' };
      if (!(await compareAndSwap(w.root, change))) await integrate(w, commit);
      return true;
    },
  };
}
