/** Reading files straight from git's object database: refs, trees and blobs in one batch. */
import { posix, relative, sep } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { parseBatch, parseLsTree, type BatchObject } from '../core/git-records.js';
import { childProcess } from './child-process.js';
import { spawnFailure } from './git-failure.js';
import { git } from './repo.js';

/** One blob listed from a tree: its object id and its path inside the repository. */
export interface TreeEntry {
  oid: string;
  path: string;
}

const OID = /^[0-9a-f]{40,64}$/;

/**
 * Resolves a user-given ref to a commit id. The ref is checked by git itself and can never be
 * read as an option (`--end-of-options`, and a leading `-` is refused outright).
 */
export async function resolveCommit(root: string, ref: string): Promise<string> {
  const bad = (): FlagstoreError =>
    new FlagstoreError('usage', `"${ref}" is not a commit, branch or tag in this repository`, {
      fix: 'git branch --all',
      details: { ref },
    });
  if (ref === '' || ref.startsWith('-') || /[\s\0]/.test(ref)) throw bad();
  try {
    const out = await git(root, [
      'rev-parse',
      '--verify',
      '--quiet',
      '--end-of-options',
      `${ref}^{commit}`,
    ]);
    const oid = out.trim();
    if (OID.test(oid)) return oid;
  } catch {
    throw bad();
  }
  throw bad();
}

/** The merge base of two commit ids, or null when they share no history. */
export async function mergeBase(root: string, a: string, b: string): Promise<string | null> {
  try {
    return (await git(root, ['merge-base', a, b])).trim() || null;
  } catch {
    return null;
  }
}

/** Blobs under a folder of a commit (non-recursive below it: flag folders are flat). */
export async function listTree(root: string, commit: string, dir: string): Promise<TreeEntry[]> {
  const out = await git(root, ['ls-tree', '-z', '--full-tree', commit, '--', `${dir}/`]);
  return parseLsTree(out).flatMap(({ type, oid, path }) =>
    type === 'blob' ? [{ oid, path }] : [],
  );
}

/**
 * The files among `paths` (absolute, inside `root`) that HEAD does not hold; every one of them
 * before the first commit. One `git ls-tree` per folder.
 */
export async function notInHead(root: string, paths: string[]): Promise<string[]> {
  const rel = (path: string) => relative(root, path).split(sep).join('/');
  const held = new Set<string>();
  for (const dir of new Set(paths.map((p) => posix.dirname(rel(p))))) {
    const entries = await listTree(root, 'HEAD', dir).catch(() => []);
    for (const entry of entries) held.add(entry.path);
  }
  return paths.filter((path) => !held.has(rel(path)));
}

/** One object read by name: its id, type and content. */
export type GitObject = BatchObject;

/**
 * A `git cat-file --batch` process started before the caller knows what to read, so that git's
 * start-up overlaps other work (the hook starts it beside `git diff --cached`). It reads once;
 * a reader that is never read must be closed, or its process keeps node alive.
 */
export interface ObjectReader {
  /** Reads objects by name; names that do not exist are absent from the result. */
  read(names: string[]): Promise<Map<string, GitObject>>;
  /** Ends the process when it was never read; harmless after a read. */
  close(): void;
}

/** Starts a batch reader in a folder of the repository. */
export function openObjectReader(root: string): ObjectReader {
  const child = childProcess().spawn('git', ['cat-file', '--batch'], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A git that exits early reports through its exit code; a write to its closed stdin must not throw.
  child.stdin.on('error', () => undefined);
  const exit = new Promise<number | null>((resolve, reject) => {
    child.on('error', (error) => reject(spawnFailure(error, root) ?? error));
    child.on('close', resolve);
  });
  exit.catch(() => undefined);
  let used = false;
  return {
    async read(names) {
      if (used) throw new FlagstoreError('internal', 'an object reader reads only once');
      used = true;
      const unique = [...new Set(names)];
      child.stdin.end(unique.length > 0 ? `${unique.join('\n')}\n` : '');
      const code = await exit;
      if (code !== 0) throw new FlagstoreError('git', `git cat-file failed (exit ${code})`);
      return parseBatch(unique, Buffer.concat(chunks));
    },
    close() {
      if (used) return;
      used = true;
      child.stdin.end();
    },
  };
}

/**
 * Reads many objects (ids, `<commit>:<path>` or `:<path>` names) through one
 * `git cat-file --batch` process; names that do not exist are absent from the result.
 */
export function readObjects(root: string, names: string[]): Promise<Map<string, GitObject>> {
  if (names.length === 0) return Promise.resolve(new Map());
  return openObjectReader(root).read(names);
}

/** Reads objects as UTF-8 text; names that do not exist map to null. */
export async function readTexts(
  root: string,
  names: string[],
): Promise<Map<string, string | null>> {
  const objects = await readObjects(root, names);
  return new Map(names.map((name) => [name, objects.get(name)?.content.toString('utf8') ?? null]));
}

/** Branch refs: local branches and remote-tracking branches (not symbolic `HEAD`s). */
export async function branchRefs(root: string): Promise<{ name: string; oid: string }[]> {
  const out = await git(root, [
    'for-each-ref',
    '--format=%(objectname) %(refname:short) %(symref)',
    'refs/heads',
    'refs/remotes',
  ]);
  return out
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      const [oid, name, symref] = line.split(' ');
      return oid && name && !symref ? [{ oid, name }] : [];
    });
}

/** Local and remote-tracking branches whose history contains a commit (not symbolic `HEAD`s). */
export async function branchesContaining(root: string, commit: string): Promise<string[]> {
  const out = await git(root, [
    'for-each-ref',
    '--format=%(refname:short) %(symref)',
    '--contains',
    commit,
    'refs/heads',
    'refs/remotes',
  ]);
  return out.split('\n').flatMap((line) => {
    const [name, symref] = line.split(' ');
    return name && !symref ? [name] : [];
  });
}
