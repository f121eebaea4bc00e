/** Reading what will be committed: staged changes and blobs straight from the index. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  nulRecords,
  parseIndexListing,
  parseRawDiff,
  type RawChange,
} from '../core/git-records.js';
import { gitRun } from '../git/git-input.js';
import { readObjects } from '../git/objects.js';
import { git, gitOrFail } from '../git/repo.js';

/** Environment for git calls on user paths: pathspecs are literal, never globs or magic. */
const LITERAL_ENV = { ...process.env, GIT_LITERAL_PATHSPECS: '1' };

/**
 * One staged change against HEAD (renames are add + delete); mode and blob id of the staged
 * version (zeros when deleted).
 */
export type StagedChange = RawChange;

/** One index entry: mode, blob id and path. */
export interface IndexEntry {
  mode: string;
  blob: string;
  path: string;
}

/** Runs git (argument list, index from the environment, so GIT_INDEX_FILE is respected). */
export function gitOut(root: string, args: string[]): Promise<string> {
  return gitOrFail(root, args, LITERAL_ENV);
}

/** The changes staged for the next commit (against the empty tree before the first commit). */
export async function stagedChanges(root: string): Promise<StagedChange[]> {
  const out = await gitOut(root, [
    'diff',
    '--cached',
    '--raw',
    '--no-renames',
    '-z',
    '--no-abbrev',
  ]);
  return parseRawDiff(out);
}

/** Index entries under the given paths (all of the index when none is given). */
export async function indexEntries(root: string, paths: string[] = []): Promise<IndexEntry[]> {
  return (await indexListing(root, paths)).entries();
}

/** Index entries, parsed on demand, and a hash of the listing as its key. */
export interface IndexListing {
  key: string;
  entries: () => IndexEntry[];
}

/** Index entries under the given paths, parsed on demand, and a hash of the listing as its key. */
export async function indexListing(root: string, paths: string[] = []): Promise<IndexListing> {
  const args = ['ls-files', '-s', '-z'];
  const out = await gitOut(root, paths.length > 0 ? [...args, '--', ...paths] : args);
  return { key: createHash('sha1').update(out).digest('hex'), entries: () => parseListing(out) };
}

function parseListing(out: string): IndexEntry[] {
  return parseIndexListing(out).map(({ mode, blob, path }) => ({ mode, blob, path }));
}

/** The tree id of a folder in HEAD, or an empty string (no HEAD yet, or no such folder). */
export async function headTree(root: string, dir: string): Promise<string> {
  return git(root, ['rev-parse', '--verify', '-q', `HEAD:${dir}`]).then(
    (out) => out.trim(),
    () => '',
  );
}

/**
 * The unstaged edits: each path whose working-tree version differs from the index, status `A`
 * for an intent-to-add entry (`git add -N`). Without renames: `diff.renames` would otherwise
 * pair a deleted file with an intent-to-add one and name only the latter.
 */
export async function unstagedChanges(root: string): Promise<StagedChange[]> {
  const args = ['diff', '--raw', '--no-renames', '--ignore-submodules', '-z', '--no-abbrev'];
  return parseRawDiff(await gitOut(root, args));
}

/** Paths whose working-tree version differs from the index (unstaged edits). */
export async function unstagedPaths(root: string): Promise<string[]> {
  return (await unstagedChanges(root)).map((change) => change.path);
}

/** Paths with unmerged index entries (a merge in conflict). */
export async function unmergedPaths(root: string): Promise<string[]> {
  const out = await gitOut(root, ['ls-files', '-u', '-z']);
  return [...new Set(parseIndexListing(out).map((item) => item.path))];
}

/** Reads many blobs by id with one `git cat-file --batch` process. */
export async function readBlobs(root: string, blobs: string[]): Promise<Map<string, Buffer>> {
  const objects = await readObjects(root, blobs);
  return new Map([...objects].map(([name, object]) => [name, object.content]));
}

/**
 * The content a checkout writes for each path of the index: line-end conversion
 * (`core.autocrlf`, `eol`), clean/smudge filters and the other attributes (read from the index,
 * as a checkout reads them) applied. `git checkout-index --temp` writes the copies into
 * `scratch`, a folder of ours that serves as its work tree, never into the user's; it is
 * removed after. A path git does not write (a submodule, a failing required filter) is absent.
 */
export async function readCheckedOut(
  root: string,
  o: { gitDir: string; scratch: string; paths: string[] },
): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  if (o.paths.length === 0) return files;
  const env = { ...process.env };
  if (env.GIT_INDEX_FILE) env.GIT_INDEX_FILE = resolve(root, env.GIT_INDEX_FILE);
  const args = ['--git-dir', o.gitDir, '--work-tree', o.scratch];
  await fs.mkdir(o.scratch, { recursive: true });
  try {
    const { stdout: out } = await gitRun(o.scratch, {
      args: [...args, 'checkout-index', '--temp', '-z', '--stdin'],
      input: o.paths.map((path) => `${path}\0`).join(''),
      env,
    });
    for (const record of nulRecords(out)) {
      const tab = record.indexOf('\t');
      const copy = await fs.readFile(join(o.scratch, record.slice(0, tab))).catch(() => null);
      if (copy !== null) files.set(record.slice(tab + 1), copy);
    }
  } finally {
    await fs.rm(o.scratch, { recursive: true, force: true });
  }
  return files;
}
