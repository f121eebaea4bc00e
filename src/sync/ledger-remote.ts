/**
 * The ledger across clones: fetch and push `refs/heads/<ledger>` and nothing else. Diverged
 * ledgers are merged file by file into a two-parent commit, in plumbing; the remote's
 * fast-forward check decides races, and a rejected writer fetches and decides again.
 */
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { backoffMs, withRetries } from '../core/retry.js';
import { buildTree, commitTree, compareAndSwap, writeBlobs } from '../git/ledger.js';
import { type LedgerTip, readBlobsHere, readTip } from '../git/ledger-read.js';
import { type CheckedTip, readCheckedTip } from '../git/ledger-identity.js';
import { fanUpdates, flatFiles, readLedgerFolder } from '../git/ledger-tree.js';
import { flatBases } from '../git/ledger-copies.js';
import { mergeBase } from '../git/objects.js';
import { followRef } from '../git/ref-update.js';
import { gitMessage } from '../git/git-failure.js';
import { git } from '../git/repo.js';
import { shellWord } from '../git/shell-word.js';
import { mergeFlagBytes } from './merge-driver.js';
import { mergeCopies } from './merge-two.js';
import { notALedger } from './not-a-ledger.js';
import { lockBusy } from '../git/commit.js';
import { lostLock, parsedCopy, type LostLock, type ParsedCopy } from './lost-locks.js';
import { completedOverLocks } from './completed-locks.js';
import { neverPublished, type Loss } from './published-locks.js';
import { backoff, MAX_ATTEMPTS, type LedgerWriter, type Publisher } from './ledger-write.js';

/** A remote and the ledger branch on it. */
export interface RemoteLedger {
  remote: string;
  branch: string;
}

function trackingRef(r: RemoteLedger): string {
  return `refs/remotes/${r.remote}/${r.branch}`;
}

/**
 * Fetches only the ledger branch; its commit on the remote, or null when it has none yet. A tip
 * flagstore did not commit (a code branch of the ledger's name) is refused with the fix.
 */
export async function fetchLedger(root: string, r: RemoteLedger): Promise<string | null> {
  const tip = await fetchTip(root, r);
  if (tip?.ledger === false) throw notALedger(`${r.remote}/${r.branch}`, tip.commit);
  return tip?.commit ?? null;
}

async function fetchTip(root: string, r: RemoteLedger): Promise<CheckedTip | null> {
  const spec = `+refs/heads/${r.branch}:${trackingRef(r)}`;
  const fetch = async () => {
    await git(root, ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', r.remote, spec]);
    return readCheckedTip(root, trackingRef(r));
  };
  try {
    // Another agent of this clone may be updating the same tracking ref: wait and fetch again.
    return await withRetries(fetch, {
      again: (error) => lockBusy(gitMessage(error)),
      wait: backoffMs,
      tries: MAX_ATTEMPTS,
    });
  } catch (error) {
    const detail = gitMessage(error);
    if (/couldn't find remote ref/i.test(detail)) return null;
    throw fetchFailed(r, detail);
  }
}

function fetchFailed(r: RemoteLedger, detail: string): FlagstoreError {
  // A remote's name may hold `$(...)`, which git accepts: the fix's commands quote it.
  const name = shellWord(r.remote);
  return new FlagstoreError('git', `git fetch ${r.remote} failed: ${detail}`, {
    fix: `check where ${r.remote} points (git remote get-url ${name}) and that git fetch ${name} works there, then run the command again`,
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
  await followRef(root, trackingRef(r), commit);
  return true;
}

/** The merged text of one flag whose two ledger versions differ; ours is parsed already. */
async function mergeOne(texts: {
  /** undefined: no common base asked for (see nextTip). */
  base: string | null | undefined;
  ours: ParsedCopy | null;
  theirs: string | null;
}): Promise<string | null> {
  const { base, theirs } = texts;
  if (texts.ours === null || theirs === null) return texts.ours?.text ?? theirs;
  const { text: ours, flag } = texts.ours;
  // With no base (an older flagstore's copies), our lock state stands unless theirs completed.
  if (base === undefined) return mergeCopies(ours, theirs, { ledger: flag });
  if (base !== null) {
    // As bytes: a CRLF copy (an agent's editor) merges as LF and comes back CRLF.
    const bytes = { base: Buffer.from(base), ours: Buffer.from(ours), theirs: Buffer.from(theirs) };
    // The remote's new lock is published (first published wins over our unpublished one).
    const merged = await mergeFlagBytes(bytes, { published: 'theirs' }, { ours: flag });
    if (!merged.conflict) return merged.bytes.toString('utf8');
  }
  return mergeCopies(theirs, ours, { work: flag });
}

/**
 * A two-parent commit merging two diverged ledger commits, flag by flag (by id, so a flat and a
 * fanned-out ledger merge like any two); the result is fanned out. Local locks the remote's
 * ledger overrode are added to `lost`.
 */
async function mergeCommits(
  w: LedgerWriter,
  ours: LedgerTip,
  theirs: { commit: string; base: boolean; common: string | null },
  lost: LostLock[],
): Promise<string> {
  const common = theirs.base ? theirs.common : null;
  // b: the common ancestor's files; for an older flagstore's commit, filled by olderBases.
  const [o, t, b] = [ours.commit, theirs.commit, common].map((c) =>
    c === null
      ? new Map<string, string>()
      : readLedgerFolder(w.root, { tree: c, dir: w.dir, commit: c }),
  ) as [Map<string, string>, Map<string, string>, Map<string, string>];
  const changed = [...t].filter(([id, oid]) => o.get(id) !== oid).map(([id]) => id);
  if (!theirs.base) olderBases(w, { commit: theirs.commit, changed, bases: b });
  const blobs = readBlobsHere(w.root, [
    ...new Set(changed.flatMap((n) => [o.get(n), t.get(n), b.get(n)].flatMap((x) => x ?? []))),
  ]);
  const text = (oid: string | undefined): string | null =>
    oid === undefined ? null : (blobs.get(oid) ?? null);
  const merged: { id: string; text: string }[] = [];
  const losses: Loss[] = [];
  for (const id of changed) {
    const copies = {
      base: theirs.base || b.has(id) ? text(b.get(id)) : undefined,
      ours: parsedCopy(text(o.get(id))),
      theirs: text(t.get(id)),
    };
    const result = await mergeOne(copies);
    if (result === null) continue;
    merged.push({ id, text: result });
    const gone = lostLock({ id, base: copies.base ?? null, ours: copies.ours, merged: result });
    // An older flagstore's commit follows ours, so our locks were pushed (completed-locks.ts).
    if (gone !== null && theirs.base) losses.push({ lost: gone, ours: copies.ours?.flag ?? null });
  }
  lost.push(...neverPublished(w, theirs, losses));
  const oids = await writeBlobs(
    w.root,
    merged.map((m) => m.text),
    join(w.gitDir, 'flagstore'),
  );
  // The tree id itself, not `<commit>^{tree}`: loose, it is read and updated in this process.
  const base = ours.tree;
  const changes = new Map(merged.map((m, i) => [m.id, oids[i] as string]));
  const updates = fanUpdates(w.root, { tree: base, dir: w.dir, changes, commit: ours.commit });
  return commitTree(w.root, {
    tree: await buildTree(w.root, { gitDir: w.gitDir, base, updates }),
    parents: [ours.commit, theirs.commit],
    message: `flags: merge the remote ledger\n\nFlagstore-Action: merge\n`,
    author: 'flagstore',
  });
}

/**
 * The bases of an older flagstore's flat copies (see {@link nextTip}): each flat file's version
 * when the ledger last moved it, what that flagstore last knew and started from; set into
 * `bases` (id -> blob id). Its other copies (and flat ones with no such version) keep no base.
 */
function olderBases(
  w: LedgerWriter,
  at: { commit: string; changed: string[]; bases: Map<string, string> },
): void {
  const flat = flatFiles(w.root, `${at.commit}^{tree}`, w.dir);
  const changed = new Map(
    at.changed.flatMap((id) => (flat.has(id) ? [[id, flat.get(id) as string]] : [])),
  );
  for (const [id, oid] of flatBases(w.root, { commit: at.commit, dir: w.dir, flat: changed })) {
    at.bases.set(id, oid);
  }
}

/**
 * What the local ledger moves to, to hold `commit` too: `commit` itself when it follows the local
 * tip, else a merge. An older flagstore (which writes flags flat and reads only flat files) that
 * wrote into or merged a fanned-out ledger holds flat copies again: its commit follows ours, but
 * fast forward would drop our flags (its merge keeps only its own flat copies) or take back our
 * locks. Its files are then merged in by id: a flat copy three-way, from its version when the
 * ledger moved it (what that flagstore last knew: its own lock or unlock since stands, a stale
 * copy changes nothing), any other as a copy with no base (a flag missing on its side is kept,
 * our locks stand, a completion from either side counts).
 */
async function nextTip(
  w: LedgerWriter,
  at: { local: LedgerTip | null; commit: string; common: string | null },
  lost: LostLock[],
): Promise<string> {
  const { local, commit, common } = at;
  if (local === null) return commit;
  const follows = common === local.commit;
  const older = follows && flatAfterFanOut(w, local.tree, `${commit}^{tree}`);
  if (follows && !older) return commit;
  return mergeCommits(w, local, { commit, base: !older, common }, lost);
}

/** True when the local tree is fanned out and `tree` holds flat files again. */
function flatAfterFanOut(w: LedgerWriter, local: string, tree: string): boolean {
  // Cheapest first: a fast-forward to a fanned-out tree (the usual case) reads one folder.
  if (flatFiles(w.root, tree, w.dir).size === 0) return false;
  if (flatFiles(w.root, local, w.dir).size > 0) return false;
  return readLedgerFolder(w.root, { tree: local, dir: w.dir }).size > 0;
}

/**
 * Brings a commit of the remote's ledger into the local one: fast-forward, or a merge commit;
 * compare-and-swap. Local locks the merge that landed lost, and locks it held that another
 * agent's completion ended, are added to `lost`.
 */
export async function integrate(
  w: LedgerWriter,
  commit: string,
  lost: LostLock[] = [],
): Promise<void> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (attempt > 1) await backoff(attempt);
    const local = readTip(w.root, w.ref);
    if (local?.commit === commit) return;
    // One git merge-base answers both ancestries: it names the older commit when one holds the
    // other, and is the merge's base when they diverged.
    const common = local === null ? null : await mergeBase(w.root, local.commit, commit);
    if (common === commit) return;
    const found: LostLock[] = [];
    const next = await nextTip(w, { local, commit, common }, found);
    if (local !== null)
      found.push(...completedOverLocks(w, { from: local.commit, to: next }, found));
    const change = { ref: w.ref, next, old: local?.commit ?? null, reason: 'flagstore: sync' };
    if (await compareAndSwap(w.root, change)) {
      lost.push(...found);
      return;
    }
  }
  throw new FlagstoreError('conflict', 'the local flag ledger kept changing during sync', {
    fix: 'flagstore sync',
  });
}

/**
 * Fetches the remote ledger and brings it into the local one; the remote's commit or null.
 * Local locks the remote's ledger overrode are added to `lost`.
 */
export async function catchUp(
  w: LedgerWriter,
  r: RemoteLedger,
  lost: LostLock[] = [],
): Promise<string | null> {
  const remote = await fetchLedger(w.root, r);
  if (remote !== null) await integrate(w, remote, lost);
  return remote;
}

/**
 * Decides against the remote's tip; a write is granted only when its push lands. The remote's
 * ledger is fetched once per push: a base asked for again before the next push (an id resolved
 * against the remote's ledger, then the write's first decision) is read from the local ledger
 * that fetch brought up to date. A rejected push fetches again for the next decision. Local
 * locks a catch-up lost are added to `lost`, as `sync` lists them.
 */
export function remotePublisher(w: LedgerWriter, r: RemoteLedger, lost: LostLock[]): Publisher {
  let fetched = false;
  return {
    base: async () => {
      if (!fetched) await catchUp(w, r, lost);
      fetched = true;
      return readTip(w.root, w.ref);
    },
    publish: async (commit, base) => {
      fetched = false;
      if (!(await pushLedger(w.root, r, commit))) return false;
      const change = { ref: w.ref, next: commit, old: base?.commit ?? null, reason: 'flagstore' };
      if (!(await compareAndSwap(w.root, change))) await integrate(w, commit);
      return true;
    },
  };
}
