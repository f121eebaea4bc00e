/** Reading files straight from git's object database: refs, trees and blobs in one batch. */
import { spawn } from 'node:child_process';
import { FlagstoreError } from '../core/errors.js';
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
  return out
    .split('\0')
    .filter(Boolean)
    .flatMap((line) => {
      const tab = line.indexOf('\t');
      const [, type, oid] = line.slice(0, tab).split(' ');
      return type === 'blob' && oid ? [{ oid, path: line.slice(tab + 1) }] : [];
    });
}

/**
 * Reads many objects (ids or `<commit>:<path>` names) through one `git cat-file --batch`
 * process; names that do not exist map to null.
 */
export function readObjects(root: string, names: string[]): Promise<Map<string, string | null>> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return Promise.resolve(new Map());
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: root });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new FlagstoreError('git', `git cat-file failed (exit ${code})`));
      else resolve(parseBatch(Buffer.concat(chunks), unique));
    });
    child.stdin.end(`${unique.join('\n')}\n`);
  });
}

function parseBatch(out: Buffer, names: string[]): Map<string, string | null> {
  const result = new Map<string, string | null>();
  let pos = 0;
  for (const name of names) {
    const eol = out.indexOf(10, pos);
    const header = out.subarray(pos, eol).toString('utf8');
    pos = eol + 1;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      result.set(name, null);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    result.set(name, out.subarray(pos, pos + size).toString('utf8'));
    pos += size + 1;
  }
  return result;
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
