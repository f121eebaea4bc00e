/**
 * Reading the ledger branch: its tip, a folder of its tree, blobs. Read in this process where
 * the repository is plain (loose.ts), else by git; git's failure (a repository it refuses, a
 * missing object) is thrown as src/git/git-failure.ts reports it, never read as "no ledger" or
 * "no flags". An absent ref or folder is an answer, not a failure.
 */
import { commitTreeId, parseBatch, parseLsTree, type BatchObject } from '../core/git-records.js';
import { childProcess } from './child-process.js';
import { gitFailure } from './git-failure.js';
import { looseTip, REF_ABSENT } from './loose.js';
import { localObjects } from './objects-local.js';

/** The ledger's tip: its commit and that commit's tree. */
export interface LedgerTip {
  commit: string;
  tree: string;
}

/** Runs git synchronously; its failure is thrown as git-failure.ts reports it. */
export function syncGit(root: string, args: string[], input?: string): string {
  try {
    return childProcess().execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(input === undefined ? {} : { input }),
    });
  } catch (error) {
    throw gitFailure(error, { cwd: root, command: args[0] ?? '' });
  }
}

/**
 * The tip of a ref (commit and tree), or null when the ref does not exist. Synchronous; read
 * in this process where it can be (src/git/loose.ts), else by git, whose failure (a repository
 * it refuses, a ref at a missing commit, a commit whose tree is missing) is thrown, never
 * taken for "no ledger".
 */
export function readTip(root: string, ref: string): LedgerTip | null {
  return filesFirst(root, ref, () => gitTip(root, ref));
}

/**
 * The tip of a ref that a batch read could not read as a commit: null when the ref does not
 * exist (the usual case, a repository without a ledger: one look at the ref files, or one git
 * run where they are not plain), else {@link readTip}'s answer or git's failure.
 */
export function tipAfterMiss(root: string, ref: string): LedgerTip | null {
  return filesFirst(root, ref, () => (refTarget(root, ref) === null ? null : gitTip(root, ref)));
}

/**
 * The tip as the ref files tell it where they are plain (src/git/loose.ts, and a linked
 * worktree's common dir: src/git/objects-local.ts), else `byGit`'s.
 */
function filesFirst(root: string, ref: string, byGit: () => LedgerTip | null): LedgerTip | null {
  const loose = looseTip(root, ref);
  if (loose === REF_ABSENT) return null;
  if (loose !== null) return loose;
  const local = localTip(root, ref);
  return local === undefined ? byGit() : local;
}

/**
 * The tip read in this process by the objects reader (a linked worktree's refs and objects,
 * packs too): null when the ref does not exist, undefined when git must read it.
 */
function localTip(root: string, ref: string): LedgerTip | null | undefined {
  const objects = localObjects(root, [ref]);
  if (objects === null) return undefined;
  const commit = objects.get(ref);
  if (commit === undefined) return null;
  const tree = commit.type === 'commit' ? commitTreeId(commit.content) : null;
  return tree === null ? undefined : { commit: commit.sha, tree };
}

/** The tip of a ref as git reads it (see {@link readTip}). */
function gitTip(root: string, ref: string): LedgerTip | null {
  const out = syncGit(
    root,
    ['cat-file', '--batch-check=%(objectname) %(objecttype)'],
    `${ref}^{commit}\n${ref}^{tree}\n`,
  );
  const [commit, tree] = out
    .split('\n')
    .map((line) => /^([0-9a-f]{40,64}) (?:commit|tree)$/.exec(line)?.[1]);
  if (commit !== undefined && tree !== undefined) return { commit, tree };
  // A ref that names an object git cannot read as a tree (a missing commit or tree): git says so.
  const named = commit ?? refTarget(root, ref);
  if (named !== null) readableTree(root, named);
  return null;
}

/** The object id a ref holds (that object may be missing), or null when there is no such ref. */
function refTarget(root: string, ref: string): string | null {
  try {
    const args = ['rev-parse', '--verify', '--quiet', '--end-of-options', ref];
    const out = childProcess().execFileSync('git', args, { cwd: root, stdio: 'pipe' });
    return out.toString('utf8').trim() || null;
  } catch (error) {
    // `--quiet` makes "no such ref" an exit code of 1 and nothing said.
    if ((error as { status?: number }).status === 1) return null;
    throw gitFailure(error, { cwd: root, command: 'rev-parse' });
  }
}

/**
 * Throws git's failure when git cannot read a tree (or a commit's): a missing object, or a
 * repository git refuses; returns when it can.
 */
function readableTree(root: string, tree: string): void {
  try {
    childProcess().execFileSync('git', ['ls-tree', tree], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    throw gitFailure(error, { cwd: root, command: `ls-tree ${tree}` });
  }
}

/**
 * `git ls-tree <options> <tree>:<dir>`'s output, or '' when the folder is absent from the
 * tree; git's failure (the tree itself missing, a repository git refuses) is thrown.
 */
export function listFolder(root: string, at: { tree: string; dir: string }, options: string[]) {
  try {
    return syncGit(root, ['ls-tree', ...options, `${at.tree}:${at.dir}`]);
  } catch (error) {
    // Only git's own refusal ("fatal: ...") can mean an absent folder, if the tree is readable;
    // a failure of the run itself (too much output, a signal) is never read as "no flags".
    if (!(error instanceof Error && error.message.includes('fatal:'))) throw error;
    readableTree(root, at.tree);
    return '';
  }
}

/** Blob ids by file name of a folder of a tree (a flat folder); empty when it is absent. */
export function readFolder(root: string, tree: string, dir: string): Map<string, string> {
  const out = listFolder(root, { tree, dir }, ['-z']);
  const files = new Map<string, string>();
  for (const item of parseLsTree(out)) if (item.type === 'blob') files.set(item.path, item.oid);
  return files;
}

/** Reads blobs by id in one `git cat-file --batch`, synchronously; absent ids are left out. */
export function readBlobs(root: string, oids: string[]): Map<string, string> {
  if (oids.length === 0) return new Map();
  let out: Buffer;
  try {
    out = childProcess().execFileSync('git', ['cat-file', '--batch'], {
      cwd: root,
      input: `${oids.join('\n')}\n`,
      maxBuffer: 1024 * 1024 * 1024,
      stdio: 'pipe',
    });
  } catch (error) {
    throw gitFailure(error, { cwd: root, command: 'cat-file' });
  }
  return blobTexts(parseBatch(oids, out));
}

/** The blobs among objects read, as UTF-8 texts by name. */
function blobTexts(objects: Iterable<[string, BatchObject]>): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [name, object] of objects) {
    if (object.type === 'blob') texts.set(name, object.content.toString('utf8'));
  }
  return texts;
}

/**
 * {@link readBlobs}, read in this process where the objects are loose or in a pack it reads
 * (objects-local.ts), else by one `git cat-file --batch`: for the few blobs a sync compares.
 */
export function readBlobsHere(root: string, oids: string[]): Map<string, string> {
  const local = oids.length === 0 ? new Map<string, BatchObject>() : localObjects(root, oids);
  return local === null ? readBlobs(root, oids) : blobTexts(local);
}
