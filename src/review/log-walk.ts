/**
 * Many flags' histories from one `git log` walk of the flags folder and one `cat-file --batch`
 * (a report's 200 histories were 400 git processes). Each flag's commits are found as
 * `git log -- <file>` finds them: git's default history simplification for that one file,
 * replayed over the whole graph (see {@link walkFile}), newest first by commit date.
 */
import { readTexts } from '../git/objects.js';
import { gitOrFail } from '../git/repo.js';
import type { Workspace } from '../services/workspace.js';
import {
  entriesAlong,
  flagLog,
  flagPath,
  metaOf,
  withWorkTree,
  type Commit,
  type FlagHistory,
} from './log.js';

/** A commit of the walk: its fields, its commit time, and the blobs its first-parent diff set. */
interface WalkCommit extends Commit {
  time: number;
  /** Wanted paths the commit changed against its first parent (or the empty tree): blob or null. */
  set: Map<string, string | null>;
}

/** The whole graph from HEAD, with each commit's changes to the wanted paths. */
interface FolderWalk {
  commits: Map<string, WalkCommit>;
  head: string | null;
}

const FORMAT = '--format=%x1e%H%x1f%P%x1f%ct%x1f%an%x1f%aI%x1f%s';
const NO_BLOB = /^0+$/;
/** The most files named on the walk's command line (about 40 bytes each); more walk the folder. */
const MAX_PATHSPECS = 1000;
/** Paths git's raw output prints as they are: printable ASCII without quotes or backslashes. */
const PLAIN_PATH = /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/;

/** The wanted paths a record's raw diff lines set: each path's new blob, or null when deleted. */
function blobsSet(lines: string[], wanted: Set<string>): Map<string, string | null> {
  const set = new Map<string, string | null>();
  for (const line of lines) {
    const tab = line.indexOf('\t');
    const path = line.slice(tab + 1);
    if (!line.startsWith(':') || tab < 0 || !wanted.has(path)) continue;
    const blob = line.slice(0, tab).split(' ')[3] ?? '';
    set.set(path, NO_BLOB.test(blob) ? null : blob);
  }
  return set;
}

function parseCommit(record: string, wanted: Set<string>): WalkCommit {
  const [header = '', ...lines] = record.split('\n');
  const [commit = '', parents = '', time = '0', author = '', date = '', subject = ''] =
    header.split('\x1f');
  const list = parents.split(' ').filter(Boolean);
  const set = blobsSet(lines, wanted);
  return { commit, parents: list, author, date, subject, time: Number(time), set };
}

/**
 * Every commit reachable from HEAD (`--full-history --sparse`: none pruned, real parents), each
 * with its first-parent diff of the wanted paths; an empty walk when HEAD is unborn.
 */
async function walkFolder(root: string, o: { dir: string; paths: string[] }): Promise<FolderWalk> {
  const args = ['log', '--full-history', '--sparse'];
  const diff = ['--diff-merges=first-parent', '--raw', '--no-renames', '--no-abbrev', '--root'];
  // The files themselves while their names fit a command line: the first commit's raw lines
  // then name the wanted files, not every file of the folder (100,000 lines at 100,000 flags).
  const specs = o.paths.length <= MAX_PATHSPECS ? o.paths : [o.dir];
  const out = await gitOrFail(root, [...args, ...diff, FORMAT, 'HEAD', '--', ...specs]);
  const wanted = new Set(o.paths);
  const commits = new Map<string, WalkCommit>();
  let head: string | null = null;
  for (const record of out.split('\x1e')) {
    if (record === '') continue;
    const commit = parseCommit(record, wanted);
    head ??= commit.commit;
    commits.set(commit.commit, commit);
  }
  return { commits, head };
}

/** The blob of a path at each commit asked for: set by the commit, else its first parent's. */
function blobReader(walk: FolderWalk, path: string): (id: string) => string | null {
  const known = new Map<string, string | null>();
  return (start) => {
    const chain: string[] = [];
    let id: string | undefined = start;
    let blob: string | null = null;
    while (id !== undefined) {
      const seen = known.get(id);
      if (seen !== undefined) {
        blob = seen;
        break;
      }
      const commit = walk.commits.get(id);
      chain.push(id);
      if (commit === undefined) break;
      if (commit.set.has(path)) {
        blob = commit.set.get(path) ?? null;
        break;
      }
      id = commit.parents[0];
    }
    for (const link of chain) known.set(link, blob);
    return blob;
  };
}

/** Inserts after every commit at least as new: git's date-ordered list, ties first in first out. */
function insertByDate(queue: WalkCommit[], commit: WalkCommit): void {
  let at = queue.length;
  while (at > 0 && (queue[at - 1]?.time ?? 0) < commit.time) at -= 1;
  queue.splice(at, 0, commit);
}

/**
 * The parents git follows from a commit for one file, and whether it shows the commit: the
 * first parent with the same blob alone (the commit hidden), else every parent (shown); a root
 * commit is shown when it holds the file.
 */
function simplified(c: WalkCommit, blobAt: (id: string) => string | null): [string[], boolean] {
  const own = blobAt(c.commit);
  if (c.parents.length === 0) return [[], own !== null];
  const same = c.parents.find((p) => blobAt(p) === own);
  return same === undefined ? [c.parents, true] : [[same], false];
}

/** The commits `git log --reverse -- <path>` lists, oldest first, each with the file's blob. */
function walkFile(walk: FolderWalk, path: string): { commits: Commit[]; blobs: (string | null)[] } {
  const blobAt = blobReader(walk, path);
  const first = walk.head === null ? undefined : walk.commits.get(walk.head);
  const queue = first === undefined ? [] : [first];
  const seen = new Set(queue.map((c) => c.commit));
  const shown: WalkCommit[] = [];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const [parents, show] = simplified(next, blobAt);
    if (show) shown.push(next);
    for (const id of parents) {
      const parent = walk.commits.get(id);
      if (parent === undefined || seen.has(id)) continue;
      seen.add(id);
      insertByDate(queue, parent);
    }
  }
  shown.reverse();
  const commits = shown.map(({ commit, parents, author, date, subject }) => ({
    ...{ commit, parents, author, date, subject },
  }));
  return { commits, blobs: shown.map((c) => blobAt(c.commit)) };
}

/** One flag's history, or why it has none (as {@link flagLog} throws it). */
export type HistoryResult = FlagHistory | Error;

function settle<T>(run: () => T): T | Error {
  try {
    return run();
  } catch (error) {
    return error as Error;
  }
}

/**
 * The histories {@link flagLog} gives, for many flags at once: one walk of the flags folder and
 * one read of the blobs. When the walk fails (an unborn HEAD, say) each flag is asked alone, so
 * the answers and messages stay {@link flagLog}'s.
 */
export async function flagLogs(ws: Workspace, raws: string[]): Promise<Map<string, HistoryResult>> {
  const results = new Map<string, HistoryResult>();
  const flags = raws.flatMap((raw) => {
    const found = settle(() => flagPath(ws, raw));
    if (found instanceof Error) results.set(raw, found);
    return found instanceof Error ? [] : [{ raw, ...found }];
  });
  if (flags.length === 0) return results;
  const paths = flags.map((f) => f.path);
  // A path git would quote in its raw lines (not plain ASCII) is asked for alone.
  const plain = paths.every((p) => PLAIN_PATH.test(p));
  const walk = plain
    ? await walkFolder(ws.root, { dir: ws.config.flags_dir, paths }).catch(() => null)
    : null;
  if (walk === null || walk.head === null) {
    for (const { raw } of flags)
      results.set(raw, await flagLog(ws, raw).catch((error: unknown) => error as Error));
    return results;
  }
  const walks = flags.map((f) => walkFile(walk, f.path));
  const texts = await readTexts(
    ws.root,
    walks.flatMap((w) => w.blobs.filter((b): b is string => b !== null)),
  );
  flags.forEach((flag, index) => {
    const { commits, blobs } = walks[index] ?? { commits: [], blobs: [] };
    const along = entriesAlong(
      flag,
      commits.map((c) => metaOf(c, [])),
      (_, at) => {
        const blob = blobs[at];
        return blob === null || blob === undefined ? null : texts.get(blob);
      },
    );
    results.set(
      flag.raw,
      settle(() => withWorkTree(ws, flag, along)),
    );
  });
  return results;
}
