/**
 * One try at committing exactly the given paths with git's plumbing, never `git commit`: the
 * commit is made from a temporary index (HEAD's tree plus the paths as the work tree has them);
 * then, holding the user's index lock (taken before the index is read, as `git add` takes it),
 * HEAD moves by compare-and-swap and the paths, and only they, are recorded in the index. A
 * `git commit --only` reads the index before it locks it (and keeps the lock while the hooks
 * run), so a `git add` landing in between was lost. No user hook runs here: a flag is validated
 * when it is written, and the pre-commit gate is for the user's commits (docs/gates.md).
 */
import { copyFileSync, existsSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { configBool } from '../core/git-config.js';
import { commitTreeId, parseTreeObject } from '../core/git-records.js';
import { isLfsPointer, LFS_POINTER_REFUSAL } from '../core/lfs-pointer.js';
import { nearestDotGit } from './discovery.js';
import { gitToEnd } from './git-to-end.js';
import { takeIndexLock, userIndex } from './index-lock.js';
import { gitConfig } from './repo.js';
import { newTempIndex, removeTempIndex } from './temp-index.js';

/** What one try commits. */
export interface PathsCommit {
  root: string;
  paths: string[];
  message: string;
  /** Called after the commit object is made, before the index is locked and HEAD moves. */
  beforeMove: () => Promise<void>;
  /** Called once HEAD is the new commit, before the user's index records the paths. */
  moved: (commit: string) => void;
}

/** HEAD as the try found it: its commit and tree, none on an unborn branch. */
interface Head {
  gitDir: string;
  commit: string | null;
  tree: string | null;
}

/**
 * Commits the paths on top of HEAD and records them in the user's index; returns the commit
 * (HEAD itself when the paths are as HEAD has them: no empty commit). Throws git's `cannot lock
 * ref` when another commit moved HEAD meanwhile (the caller tries again on the new HEAD), and
 * IndexLockTaken while another process holds the user's index.
 */
export async function commitPathsOnce(request: PathsCommit): Promise<string> {
  const { root, paths, message } = request;
  const head = await readHead(root);
  const { tree, entries } = await treeWithPaths(head, root, paths);
  let commit = head.commit;
  if (tree !== head.tree) {
    const parent = head.commit === null ? [] : ['-p', head.commit];
    const args = ['commit-tree', ...(await signing(root)), tree, ...parent, '-m', message];
    commit = (await gitToEnd(root, args)).trim();
  }
  await request.beforeMove();
  await withIndexLock(root, head.gitDir, async (locked) => {
    if (commit !== head.commit) {
      const subject = message.split('\n')[0];
      const reflog = head.commit === null ? `commit (initial): ${subject}` : `commit: ${subject}`;
      // An empty old value: HEAD's branch must still be unborn.
      await gitToEnd(root, ['update-ref', '-m', reflog, 'HEAD', commit!, head.commit ?? '']);
      request.moved(commit!);
    }
    // The entries the commit holds, not the files read again: a clean filter runs once, and a
    // file changed meanwhile is recorded as committed (the change shows as not staged).
    const env = { ...process.env, GIT_INDEX_FILE: locked };
    await gitToEnd(root, ['update-index', ...entries], env);
  });
  return commit!;
}

/**
 * Runs `update` holding the user's index lock as git holds it: `index.lock` created exclusively
 * (index-lock.ts: with flagstore's record of who took it; IndexLockTaken when it exists) before
 * the index is read; a copy of the index, changed by
 * `update`, then renamed over the index, and the lock removed. On a failure the index is as it
 * was. (git would read an empty `index.lock` as a broken index, so the copy has its own name.)
 */
async function withIndexLock(
  root: string,
  gitDir: string,
  update: (copy: string) => Promise<void>,
) {
  const index = userIndex(root, gitDir);
  const lock = `${index}.lock`;
  takeIndexLock(lock);
  let copy: string | null = null;
  try {
    copy = newTempIndex(gitDir, 'copy');
    if (existsSync(index)) copyKeepingTime(index, copy);
    await update(copy);
    renameSync(copy, index);
  } finally {
    if (copy !== null) removeTempIndex(copy);
    rmSync(lock, { force: true });
  }
}

/**
 * `-S` when `commit.gpgSign` is on: `git commit` signs then, `git commit-tree` (plumbing) only
 * when asked. The key is git's choice as for `git commit` (user.signingKey, else the committer).
 */
async function signing(root: string): Promise<string[]> {
  const value = await gitConfig(root, 'commit.gpgsign');
  return value !== null && configBool(value) === true ? ['-S'] : [];
}

/**
 * The git directory (where the temporary index goes) and HEAD, read in this process where the
 * files answer for certain, else by `git rev-parse`.
 */
async function readHead(root: string): Promise<Head> {
  return (await localHead(root)) ?? gitHead(root);
}

/**
 * HEAD read without git: the git dir as git finds it from the work tree, HEAD's commit (none on
 * an unborn branch) and its tree as src/git/objects-local.ts reads them; null when git must say
 * (a linked worktree, replaced objects or objects it cannot read, other ref storage).
 */
async function localHead(root: string): Promise<Head | null> {
  const found = nearestDotGit(root);
  if (found?.root !== root) return null;
  // Loaded here: objects.ts brings node:child_process, which a write without --commit never loads.
  const { localObjects } = await import('./objects-local.js');
  const objects = localObjects(root, ['HEAD^{commit}']);
  if (objects === null) return null;
  const commit = objects.get('HEAD^{commit}');
  if (commit === undefined) return { gitDir: found.gitDir, commit: null, tree: null };
  const tree = commitTreeId(commit.content);
  return tree === null ? null : { gitDir: found.gitDir, commit: commit.sha, tree };
}

/** The git directory and HEAD by one `git rev-parse` (two on an unborn branch). */
async function gitHead(root: string): Promise<Head> {
  try {
    const args = ['rev-parse', '--absolute-git-dir', 'HEAD', 'HEAD^{tree}'];
    const [gitDir, commit, tree] = (await gitToEnd(root, args)).trim().split('\n');
    return { gitDir: gitDir!, commit: commit!, tree: tree! };
  } catch (error) {
    // An unborn branch: git printed the directory, then refused HEAD.
    const gitDir = (await gitToEnd(root, ['rev-parse', '--absolute-git-dir'])).trim();
    if (gitDir === '') throw error;
    return { gitDir, commit: null, tree: null };
  }
}

/** The commit's tree and the `git update-index` arguments that record its paths as it has them. */
interface PathsTree {
  tree: string;
  entries: string[];
}

/**
 * HEAD's tree with the paths as the work tree has them (clean filters, autocrlf and LFS applied
 * as `git add` applies them; a missing file is taken out), written through a temporary index
 * (temp-index.ts: one a killed process left is removed by the next); with the paths' entries
 * in it, so the user's index records what was committed without reading the files again.
 */
async function treeWithPaths(head: Head, root: string, paths: string[]): Promise<PathsTree> {
  const file = newTempIndex(head.gitDir, 'commit');
  const env = { ...process.env, GIT_INDEX_FILE: file };
  try {
    await gitToEnd(
      root,
      ['read-tree', ...(head.commit === null ? ['--empty'] : [head.commit])],
      env,
    );
    await gitToEnd(root, ['update-index', '--add', '--remove', '--', ...paths], env);
    const tree = (await gitToEnd(root, ['write-tree'], env)).trim();
    return { tree, entries: await committedEntries(root, tree, paths) };
  } finally {
    removeTempIndex(file);
  }
}

/**
 * The `git update-index` arguments that record the paths as `tree` holds them (`--cacheinfo`
 * mode, blob and path; `--force-remove` for a path it does not hold). The blobs and their
 * folders were just written, so they are read here without a git process where the object files
 * allow it. Refuses a tree where a clean filter (`filter=lfs`) turned a flag file into a Git LFS
 * pointer: git would hold the pointer, not the flag.
 */
async function committedEntries(root: string, tree: string, paths: string[]): Promise<string[]> {
  // `<tree>:<path>` takes a path from the top of the tree, with forward slashes.
  const inTree = paths.map((path) => relative(root, resolve(root, path)).split(sep).join('/'));
  const folder = (path: string): string =>
    `${tree}:${path.slice(0, Math.max(path.lastIndexOf('/'), 0))}`;
  const names = [...new Set(inTree.flatMap((path) => [`${tree}:${path}`, folder(path)]))];
  const { localFirstReader } = await import('./objects-local.js');
  const reader = localFirstReader(root);
  const objects = await reader.read(names).finally(() => reader.close());
  const pointer = paths.find((_, i) =>
    isLfsPointer(objects.get(`${tree}:${inTree[i]}`)?.content.toString('utf8') ?? ''),
  );
  if (pointer !== undefined) throw lfsRefusal(pointer, paths);
  const added: string[] = [];
  const removed: string[] = [];
  for (const path of inTree) {
    const parent = objects.get(folder(path));
    const name = path.slice(path.lastIndexOf('/') + 1);
    const items =
      parent?.type === 'tree' ? parseTreeObject(parent.content, parent.sha.length / 2) : [];
    const item = items.find((entry) => entry.name === name);
    if (item === undefined) removed.push(path);
    else added.push('--cacheinfo', `${item.mode},${item.oid},${path}`);
  }
  return [
    ...(added.length > 0 ? ['--add', ...added] : []),
    ...(removed.length > 0 ? ['--force-remove', '--', ...removed] : []),
  ];
}

function lfsRefusal(pointer: string, paths: string[]): FlagstoreError {
  return new FlagstoreError(
    'git',
    `the flag file was written but not committed: ${pointer}: ${LFS_POINTER_REFUSAL}`,
    {
      fix: 'flagstore doctor prints the .gitattributes lines that keep flags/*.md plain text; then run the command again with --commit',
      details: { paths },
    },
  );
}

/**
 * Copies the index with its modification time (to the millisecond, never later): git takes an
 * entry whose file changed in the same second as the index was written for "racily clean" and
 * compares its content, and a copy dated now would make git trust such an entry's stat data, so
 * the user's next `git add` of a file rewritten in that second would see no change.
 */
function copyKeepingTime(from: string, to: string): void {
  copyFileSync(from, to);
  const { atime, mtime } = statSync(from);
  utimesSync(to, atime, mtime);
}
