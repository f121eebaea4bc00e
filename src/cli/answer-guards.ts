/**
 * What the answer cache's key rests on, checked (node's built-ins only): `git diff-files` sees
 * an edit in place only where the flags folder is a plain folder of this repository, and only
 * where git compares stat data as usual, which git's own configuration can change; and the
 * identities of the files it rests on, with how recent they are.
 */
import { lstatSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { fileStamps, gitConfigPaths } from '../git/discovery.js';

/**
 * The flags folder's identity (undefined when it does not exist). Throws unless every folder
 * from the work tree down to it is a real folder (no symlink: git would not look through it)
 * holding no `.git` (a nested repository or a submodule: git would not look into it).
 */
export function plainFolder(root: string, flagsDir: string): BigIntStats | undefined {
  let path = root;
  let stat: BigIntStats | undefined;
  for (const part of flagsDir.split('/').filter((p) => p !== '' && p !== '.')) {
    path = join(path, part);
    stat = lstatSync(path, { bigint: true, throwIfNoEntry: false });
    if (stat === undefined) return undefined;
    if (!stat.isDirectory()) throw new Error('flags folder: not a plain folder');
    if (lstatSync(join(path, '.git'), { throwIfNoEntry: false }) !== undefined) {
      throw new Error('flags folder: inside another repository');
    }
  }
  return stat;
}

/**
 * git's configuration files that can change how it compares stat data (core.checkStat,
 * core.trustctime, core.ignoreStat, core.fsmonitor): the repository's, the worktree's, the
 * user's and the system's, by path and identity. Files named by GIT_CONFIG_* variables are in
 * the key through the environment already.
 */
export function gitConfigFiles(gitDir: string, commonDir: string): string[] {
  return fileStamps(gitConfigPaths(gitDir, commonDir));
}

/**
 * True when a `git ls-files -v` tag (its byte) names a file whose edits `git diff-files` does
 * not report: assume-unchanged (a lowercase tag) or skip-worktree (`S`).
 */
function hidesEdits(tag: number): boolean {
  return tag === 0x53 || (tag >= 0x61 && tag <= 0x7a);
}

/** The newest change a file's identity shows (its change time: no tool sets it back). */
function note(seen: { newest: bigint }, s: BigIntStats): void {
  const newest = s.ctimeNs > s.mtimeNs ? s.ctimeNs : s.mtimeNs;
  if (newest > seen.newest) seen.newest = newest;
}

/** A file's identity (path, inode, size, times, mode); notes in `seen` how recent it is. */
export function identity(
  path: string,
  s: BigIntStats | undefined,
  seen: { newest: bigint },
): string {
  if (s === undefined) return `${path}\0-`;
  note(seen, s);
  return `${path}\0${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.mode}`;
}

/** Identities of files (see {@link identity}). */
export function identities(
  paths: string[],
  stat: (path: string) => BigIntStats | undefined,
  seen: { newest: bigint },
): string[] {
  return paths.map((path) => identity(path, stat(path), seen));
}

/**
 * How recent a file time may be for its identity to be trusted: a later write within the same
 * tick of the file system's clock would leave it unchanged (git's "racily clean" problem). A
 * time on a whole second suggests a file system that keeps only seconds (or two: FAT).
 */
export function racyMargin(newest: bigint): bigint {
  return newest % 1_000_000_000n === 0n ? 2_000_000_000n : 100_000_000n;
}

/** What `git ls-files` says of a folder: its untracked files, and whether edits hide. */
export interface FolderListing {
  untracked: string[];
  hidden: boolean;
}

/**
 * The untracked files (tag `?`) of `git ls-files -v -z` output, and whether a tracked one hides
 * its edits ({@link hidesEdits}), read from the bytes: no string is made for a tracked file.
 */
export function taggedListing(out: Buffer): FolderListing {
  const listing: FolderListing = { untracked: [], hidden: false };
  for (let at = 0; at < out.length;) {
    const nul = out.indexOf(0, at);
    const end = nul < 0 ? out.length : nul;
    const tag = out[at] ?? 0;
    if (end - at > 2 && out[at + 1] === 0x20) {
      if (tag === 0x3f) listing.untracked.push(out.toString('utf8', at + 2, end));
      else if (hidesEdits(tag)) listing.hidden = true;
    }
    at = end + 1;
  }
  return listing;
}
