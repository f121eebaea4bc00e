/**
 * The state a hot answer depends on, read without loading flagstore (node's built-ins only):
 * the repository found as git finds a plain one, the ledger's tip read from the ref files, the
 * git index's checksum, the flag files git sees as changed or untracked (`git status`)
 * with their file identities, and the catalog's agent files. See docs/performance.md.
 */
import { spawn } from 'node:child_process';
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { readSync, realpathSync, statSync, type BigIntStats } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A repository as the answer cache finds it. */
export interface FoundRepo {
  root: string;
  gitDir: string;
  /** The git dir shared by all worktrees (refs, packed-refs). */
  commonDir: string;
}

/** Where the commands read, as the full code found it (see `answerPlaces` in hot.ts). */
export interface Places {
  root: string;
  gitDir: string;
  flagsDir: string;
  catalogDirs: string[];
  ledgerRef: string;
}

/** A state key: the text to compare, and whether a file in it changed too recently to trust. */
export interface StateKey {
  text: string;
  racy: boolean;
}

/** Variables that change where git looks: with any set, the answer cache stays out of the way. */
const GIT_PLACE_ENV = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_NAMESPACE',
];

/** The git dir a `.git` entry names: the folder itself, or a `gitdir:` file's target. */
function dotGitTarget(dir: string): string | null {
  const dotGit = join(dir, '.git');
  const stat = statSync(dotGit, { throwIfNoEntry: false });
  if (stat === undefined) return null;
  if (stat.isDirectory()) return dotGit;
  const match = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
  if (match === null) throw new Error('not a gitdir file');
  const target = (match[1] as string).trim();
  return isAbsolute(target) ? target : resolve(dir, target);
}

/** The repository holding `cwd`, or null for anything unusual (git then decides, slowly). */
export function findRepo(cwd: string): FoundRepo | null {
  if (GIT_PLACE_ENV.some((name) => process.env[name] !== undefined)) return null;
  try {
    let dir = realpathSync.native(cwd);
    if (/(^|\/)\.git(\/|$)/.test(dir)) return null;
    for (;;) {
      const gitDir = dotGitTarget(dir);
      if (gitDir !== null) return { root: dir, gitDir, commonDir: commonDirOf(gitDir) };
      if (dirname(dir) === dir) return null;
      dir = dirname(dir);
    }
  } catch {
    return null;
  }
}

/** The git dir shared by all worktrees of the one `gitDir` belongs to. */
export function commonDirOf(gitDir: string): string {
  let common: string;
  try {
    common = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
  } catch {
    return gitDir;
  }
  return isAbsolute(common) ? common : resolve(gitDir, common);
}

/** A file's text, or null when it does not exist; any other failure throws. */
function textOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The ledger ref's value as stored (a loose ref, else its packed-refs line); throws if unusual. */
function refValue(repo: FoundRepo, ref: string): string {
  if (statSync(join(repo.commonDir, 'reftable'), { throwIfNoEntry: false })) {
    throw new Error('reftable');
  }
  const loose = textOrNull(join(repo.commonDir, ref));
  if (loose !== null) {
    if (!/^[0-9a-f]{40,64}\n?$/.test(loose)) throw new Error('not a plain ref');
    return `loose ${loose.trim()}`;
  }
  const packed = textOrNull(join(repo.commonDir, 'packed-refs')) ?? '';
  const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
  return `packed ${line ?? 'none'}`;
}

/**
 * The git index's identity (inode, times in nanoseconds, size) and trailing checksum, or `none`.
 * The checksum alone is not enough: with `index.skipHash` (set by `feature.manyFiles`) it is all
 * zeros, and a checkout that changes only blob ids leaves the size and the tail as they were.
 */
function indexChecksum(gitDir: string): string {
  let fd: number;
  try {
    fd = openSync(join(gitDir, 'index'), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw error;
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    const size = Number(stat.size);
    const tail = Buffer.alloc(Math.min(32, size));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return `${stat.ino}:${stat.mtimeNs}:${stat.ctimeNs}:${size}:${tail.toString('hex')}`;
  } finally {
    closeSync(fd);
  }
}

/** The paths of `git status --porcelain -z` output (a rename or copy also names its origin). */
export function statusPaths(out: string): string[] {
  const paths: string[] = [];
  const tokens = out.split('\0');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (token.length < 4) continue;
    paths.push(token.slice(3));
    if (token[0] === 'R' || token[0] === 'C') paths.push(tokens[++i] ?? '');
  }
  return paths;
}

/**
 * What `git status` reports in a folder: changed, deleted, untracked and ignored files, each
 * file by itself. Its output goes into the key as it is; the paths it names are returned too.
 * git compares the content of files whose stat data cannot be trusted ("racily clean").
 */
function gitStatus(root: string, dir: string): Promise<{ out: string; paths: string[] }> {
  return new Promise((resolveStatus, reject) => {
    const args = ['--literal-pathspecs', '--no-optional-locks', 'status', '--porcelain', '-z'];
    const child = spawn('git', [...args, '-uall', '--ignored', '--', dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const out = Buffer.concat(chunks).toString('utf8');
      if (code !== 0) reject(new Error(`git status: exit ${code}`));
      else resolveStatus({ out, paths: statusPaths(out) });
    });
  });
}

/** Identities of files (path, inode, size, times, mode); notes in `seen` how recent they are. */
function identities(
  paths: string[],
  stat: (path: string) => BigIntStats | undefined,
  seen: { newest: bigint },
): string[] {
  return paths.map((path) => {
    const s = stat(path);
    if (s === undefined) return `${path}\0-`;
    if (s.mtimeNs > seen.newest) seen.newest = s.mtimeNs;
    return `${path}\0${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.mode}`;
  });
}

/** The catalog's agent files with their identities, as the catalog reads them (symlinks followed). */
function catalogParts(root: string, dirs: string[], seen: { newest: bigint }): string[] {
  const follow = (path: string) => statSync(path, { bigint: true, throwIfNoEntry: false });
  return dirs.flatMap((dir) => {
    let names: string[];
    try {
      names = readdirSync(join(root, dir));
    } catch (error) {
      return [`${dir}\0${(error as NodeJS.ErrnoException).code ?? 'error'}`];
    }
    const files = names.filter((name) => name.endsWith('.md') && !name.startsWith('.')).sort();
    return identities(
      files.map((name) => join(root, dir, name)),
      follow,
      seen,
    );
  });
}

/**
 * How recent a file time may be for its identity to be trusted: a later write within the same
 * tick of the file system's clock would leave it unchanged (git's "racily clean" problem). A
 * time on a whole second suggests a file system that keeps only seconds (or two: FAT).
 */
function racyMargin(newest: bigint): bigint {
  return newest % 1_000_000_000n === 0n ? 2_000_000_000n : 100_000_000n;
}

/**
 * The state key of the places a command reads. `catalog`: include the agent files (brief).
 * Throws for anything the key cannot cover (a symlinked flags folder, reftable, a git error).
 */
export async function stateKey(
  repo: FoundRepo,
  places: Places,
  catalog: boolean,
): Promise<StateKey> {
  const startNs = BigInt(Date.now()) * 1_000_000n;
  const listing = gitStatus(repo.root, places.flagsDir);
  listing.catch(() => undefined);
  const flagsDir = lstatSync(join(repo.root, places.flagsDir), { throwIfNoEntry: false });
  if (flagsDir !== undefined && !flagsDir.isDirectory()) throw new Error('flags folder');
  const seen = { newest: 0n };
  const parts = [refValue(repo, places.ledgerRef), indexChecksum(repo.gitDir)];
  if (catalog) parts.push(...catalogParts(repo.root, places.catalogDirs, seen));
  const noFollow = (path: string) =>
    lstatSync(join(repo.root, path), { bigint: true, throwIfNoEntry: false });
  const status = await listing;
  parts.push(status.out, ...identities(status.paths, noFollow, seen));
  const racy = seen.newest > startNs - racyMargin(seen.newest);
  return { text: parts.join('\n'), racy };
}

/**
 * The running code: this file and hot.js beside it (which prints the answers), and the package's
 * version, since npm gives every installed file the same time and a new hot.js may keep its size.
 */
export function codeStamp(): string | null {
  const here = fileURLToPath(import.meta.url);
  const files = [here, join(dirname(here), 'hot.js')].map((file) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat === undefined ? null : `${stat.mtimeMs}:${stat.size}`;
  });
  if (files.includes(null)) return null;
  const manifest = join(dirname(here), '..', '..', 'package.json');
  const version = textOrNull(manifest);
  if (version === null) return null;
  return [...files, /"version":\s*"([^"]*)"/.exec(version)?.[1]].join(' ');
}
