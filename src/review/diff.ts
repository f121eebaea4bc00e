/** Review service: resolve what to compare, read both sides, and classify every flag change. */
import { FlagstoreError } from '../core/errors.js';
import { withProgress } from '../core/progress.js';
import { localCommit } from '../git/local-commit.js';
import { looseStore, REF_ABSENT, refFilesValue } from '../git/loose.js';
import { mergeBase, resolveCommit } from '../git/objects.js';
import { git, gitConfig } from '../git/repo.js';
import { shellWords } from '../git/shell-word.js';
import { remoteNames } from '../sync/remote-name.js';
import type { Workspace } from '../services/workspace.js';
import { diffSnapshots, type FlagChange } from './changes.js';
import {
  commitEntries,
  commitSnapshot,
  entriesSnapshot,
  idOfPath,
  workTreeSnapshot,
  workTreeVersions,
  type Snapshot,
} from './snapshot.js';

/** The two sides of a review: commit ids, or null for "the work tree" / "nothing". */
export interface ReviewRange {
  /** Base commit id; null when there is no base (a repository without the default branch). */
  base: string | null;
  /** Head commit id; null means the work tree. */
  head: string | null;
  /** How the range was written, for reports. */
  label: string;
}

/** The result of a review: the range and every change. */
export interface Review {
  range: ReviewRange;
  changes: FlagChange[];
}

/** A ref's commit or null; HEAD and the usual branches are read in this process where certain. */
async function tryResolve(root: string, ref: string): Promise<string | null> {
  const local = localCommit(root, ref);
  if (local !== undefined) return local;
  try {
    return await resolveCommit(root, ref);
  } catch {
    return null;
  }
}

/** A branch's name, and its commit when already resolved (else null). */
interface Branch {
  name: string;
  oid: string | null;
}

/**
 * Whether `refs/remotes/origin/HEAD` is known absent from the ref files of a plain repository
 * (neither its file nor a packed-refs line), where `git symbolic-ref` could only fail: one git
 * process fewer in every `check` and `diff` of a repository without it. Anything else asks git.
 */
function remoteHeadAbsent(root: string): boolean {
  const store = looseStore(root);
  return store !== null && refFilesValue(store.gitDir, 'refs/remotes/origin/HEAD') === REF_ABSENT;
}

/** The default branch: the remote's HEAD when known, else main, else master. */
export async function defaultBranch(root: string): Promise<Branch | null> {
  if (!remoteHeadAbsent(root)) return (await remoteHead(root)) ?? (await usualBranch(root));
  return usualBranch(root);
}

/** The branch `refs/remotes/origin/HEAD` names (`origin/main`), or null. */
async function remoteHead(root: string): Promise<Branch | null> {
  try {
    const ref = (
      await git(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'])
    ).trim();
    return ref ? { name: ref, oid: null } : null;
  } catch {
    return null;
  }
}

/** The first of main, master, origin/main and origin/master that names a commit, or null. */
async function usualBranch(root: string): Promise<Branch | null> {
  for (const name of ['main', 'master', 'origin/main', 'origin/master']) {
    const oid = await tryResolve(root, name);
    if (oid !== null) return { name, oid };
  }
  return null;
}

/**
 * The merge base of HEAD with the default branch, or null. The branch's commit found while
 * looking for it is not asked again, and a HEAD on that very commit is its own merge base.
 */
export async function defaultBase(root: string): Promise<{ base: string | null; label: string }> {
  // An unborn HEAD has no base whatever the default branch is: it is not looked for.
  const head = await tryResolve(root, 'HEAD');
  const branch = head === null ? null : await defaultBranch(root);
  if (branch === null || head === null) return { base: null, label: 'work tree' };
  const branchOid = branch.oid ?? (await resolveCommit(root, branch.name));
  return {
    base: branchOid === head ? head : await mergeBase(root, branchOid, head),
    label: `merge-base(${branch.name}, HEAD)...work tree`,
  };
}

/** A fetch of the whole history from the clone's one remote; said in words when it has several. */
async function fetchFromOnlyRemote(root: string): Promise<string> {
  const remotes = await remoteNames(root).catch((): string[] => []);
  const only = remotes.length === 1 ? remotes[0] : undefined;
  return only === undefined
    ? 'git fetch --unshallow followed by the remote its commits came from'
    : shellWords(['git', 'fetch', '--unshallow', only]);
}

/**
 * The fetch that brings a shallow clone the history of `ref`: from the remote and branch a local
 * branch follows (git then deepens every shallow boundary the clone has), or, for a local branch
 * following none, what is missing said plainly; else the bare fetch from the default remote.
 */
async function unshallowFetch(root: string, ref: string): Promise<{ fetch: string; why: string }> {
  const why = `${ref}, or its history with HEAD, is not here`;
  const tracked = /^origin\/(.+)$/.exec(ref)?.[1];
  if (tracked !== undefined) {
    return { fetch: `git fetch --unshallow origin ${tracked}:refs/remotes/${ref}`, why };
  }
  const local = await git(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${ref}`]).then(
    () => true,
    () => false,
  );
  if (!local) return { fetch: 'git fetch --unshallow', why };
  const remote = await gitConfig(root, `branch.${ref}.remote`);
  const merge = (await gitConfig(root, `branch.${ref}.merge`))?.replace(/^refs\/heads\//, '');
  if (remote === null || remote === '.' || merge === undefined) {
    const cut = `${ref} is a local branch following no remote, and its history with HEAD is cut off here`;
    return { fetch: await fetchFromOnlyRemote(root), why: cut };
  }
  return { fetch: shellWords(['git', 'fetch', '--unshallow', remote, merge]), why };
}

/**
 * The error for a base that a shallow clone (what actions/checkout makes by default) lacks, or
 * whose history with HEAD it lacks; null when the clone is complete.
 */
async function shallowError(root: string, ref: string): Promise<FlagstoreError | null> {
  const answer = await git(root, ['rev-parse', '--is-shallow-repository']).catch(() => '');
  if (answer.trim() !== 'true') return null;
  const { fetch, why } = await unshallowFetch(root, ref);
  return new FlagstoreError('usage', `this clone is shallow: ${why}`, {
    fix: `${fetch} (in GitHub Actions: actions/checkout with fetch-depth: 0)`,
  });
}

/** Parses `base...head`, `base..head` or `base` into commit ids; refs are validated by git. */
export async function resolveRange(root: string, spec: string | undefined): Promise<ReviewRange> {
  if (spec === undefined) {
    const { base, label } = await defaultBase(root);
    return { base, head: null, label };
  }
  const match = /^(.*?)(\.\.\.?)(.*)$/.exec(spec);
  if (match === null)
    return { base: await resolveCommit(root, spec), head: null, label: `${spec}...work tree` };
  const [, left = '', dots, right = ''] = match;
  const [base, head] = await Promise.all([
    resolveCommit(root, left || 'HEAD'),
    resolveCommit(root, right || 'HEAD'),
  ]).catch(async (error: unknown) => {
    throw (await shallowError(root, left)) ?? error;
  });
  if (dots === '..') return { base, head, label: spec };
  const common = await mergeBase(root, base, head);
  if (common === null) {
    const shallow = await shallowError(root, left);
    if (shallow !== null) throw shallow;
    throw new FlagstoreError('usage', `${left} and ${right} share no history`, {
      fix: `flagstore diff ${left}..${right}`,
    });
  }
  return { base: common, head, label: spec };
}

/** Reads one side of a range. */
export function snapshotAt(ws: Workspace, commit: string | null): Promise<Snapshot> {
  return commit === null ? workTreeSnapshot(ws) : commitSnapshot(ws, commit);
}

/**
 * Flag ids whose file git finds changed between the base commit and the head (a commit, or the
 * work tree when null): blob ids and the index's file stamps, so an unchanged file is neither
 * read nor parsed.
 */
async function changedIds(ws: Workspace, base: string, head: string | null): Promise<Set<string>> {
  const sides = head === null ? [base] : [base, head];
  const args = ['diff', '--name-only', '--no-renames', '--no-ext-diff', '--ignore-submodules'];
  const out = await git(ws.root, [...args, '-z', ...sides, '--', `${ws.config.flags_dir}/`]);
  return new Set(out.split('\0').flatMap((path) => idOfPath(path) ?? []));
}

/** Only the versions of a snapshot whose id is in `ids`. */
function only<T>(all: Map<string, T>, ids: Set<string>): Map<string, T> {
  return new Map([...all].filter(([id]) => ids.has(id)));
}

/**
 * Every flag change in a range (`workTree`: the work tree's snapshot when the caller has it).
 * Only the files git finds changed are compared (and the work tree's files git does not track):
 * at 100,000 flags, parsing every blob of the base took 20 s and 600 MB for a range that
 * changed 40 flags.
 */
export async function reviewRange(
  ws: Workspace,
  range: ReviewRange,
  workTree?: Snapshot,
): Promise<Review> {
  const { base, head } = range;
  if (base === null) {
    const all = head === null && workTree !== undefined ? workTree : await snapshotAt(ws, head);
    return { range, changes: diffSnapshots(new Map(), all) };
  }
  const changes = await withProgress(ws.progress, () => compareSides(ws, { base, head, workTree }));
  return { range, changes };
}

/** The flag changes between a base commit and a head (a commit, or the work tree). */
async function compareSides(
  ws: Workspace,
  sides: { base: string; head: string | null; workTree: Snapshot | undefined },
): Promise<FlagChange[]> {
  const { base, head, workTree } = sides;
  ws.progress('comparing the flag files of the range');
  const [tree, changed] = await Promise.all([commitEntries(ws, base), changedIds(ws, base, head)]);
  // One side after the other: both sides share the blob parse cache file.
  const after =
    head === null ? workSide(ws, { tree, changed, workTree }) : await changedAt(ws, head, changed);
  const before = await entriesSnapshot(ws, only(tree, changed));
  return diffSnapshots(before, only(after, changed));
}

/**
 * The work tree's side, adding to `changed` the files only one side has: the caller's snapshot,
 * or else the changed files only, read without the rest (at 100,000 flags reading every
 * work-tree file for a range of 40 changes cost `diff` 3.5 s of its 8 and most of its 330 MB).
 */
function workSide(
  ws: Workspace,
  sides: { tree: Map<string, unknown>; changed: Set<string>; workTree: Snapshot | undefined },
): Snapshot {
  const { tree, changed, workTree } = sides;
  const present = workTree ?? new Set(ws.flags.workIds());
  untrackedChanges(tree, present, changed);
  if (workTree !== undefined) return workTree;
  return workTreeVersions(
    ws,
    [...changed].filter((id) => present.has(id)),
  );
}

/**
 * Adds to `changed` the flags only one side has that git did not name: the work tree's files git
 * does not track (a created flag not yet added), and the base's files the index no longer holds.
 */
function untrackedChanges(
  tree: Map<string, unknown>,
  after: Pick<ReadonlySet<string>, 'has' | 'keys'>,
  changed: Set<string>,
): void {
  for (const id of after.keys()) if (!tree.has(id)) changed.add(id);
  for (const id of tree.keys()) if (!after.has(id)) changed.add(id);
}

/** A commit's flags among `changed`. */
async function changedAt(ws: Workspace, head: string, changed: Set<string>): Promise<Snapshot> {
  return entriesSnapshot(ws, only(await commitEntries(ws, head), changed));
}
