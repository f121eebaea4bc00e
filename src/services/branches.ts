/** Flags from every branch, read in one batch from git's object database and merged by id. */
import { instant } from '../core/instant.js';
import { byPriority } from '../core/rules.js';
import { withProgress } from '../core/progress.js';
import type { Flag } from '../core/types.js';
import { branchRefs, listTree, type TreeEntry } from '../git/objects.js';
import { flagMatcher, type ListFilter } from './flags.js';
import type { Workspace } from './workspace.js';
import type { LocatedProblem, ParsedFlag } from '../store/flag-file.js';
import type { StoredFlag } from '../store/flag-store.js';
import { checkName, flagEntries, parseBlobs } from '../review/snapshot.js';

/** A flag as seen across branches: the newest version, and every branch that has the file. */
export interface BranchFlag {
  flag: Flag;
  branches: string[];
  /** The branch whose version is shown. */
  from: string;
}

/** A flag file that does not validate on some branch. */
export interface BranchProblem {
  branch: string;
  path: string;
  problems: LocatedProblem[];
}

/** One branch's flag files by id (a tree listing's entries, nothing parsed). */
interface BranchTree {
  branch: string;
  entries: Map<string, TreeEntry>;
}

/**
 * The time of a flag's latest recorded transition: creation, lock, release (`unlocked_at`) or
 * completion, the latest instant (not the greatest text: a time may carry an offset). Each is
 * written by the agent that made it, so of two copies of a flag the one with the later time holds
 * the later lock state, whichever branch or ledger it was read from.
 */
export function transitionTime(flag: Flag): string {
  return latestTransition(flag).time;
}

/** The latest transition's text and its instant, each time parsed once. */
function latestTransition(flag: Flag): { time: string; ms: number } {
  const times = [flag.created_at, flag.locked_at, flag.unlocked_at, flag.completed_at];
  let latest = { time: '', ms: -Infinity };
  for (const time of times) {
    if (time === null) continue;
    const ms = instant(time);
    if (latest.time === '' || ms > latest.ms) latest = { time, ms };
  }
  return latest;
}

/**
 * True when version `a` is newer than `b`: completion is final, else the later transition wins
 * (a release recorded after a lock wins over a copy that still holds that lock).
 */
export function isNewer(a: Flag, b: Flag): boolean {
  if (a.status !== b.status) return a.status === 'completed';
  return latestTransition(a).ms > latestTransition(b).ms;
}

/** Every branch's flag files (the ledger branch left out), each tree's raw listing let go. */
async function branchTrees(ws: Workspace): Promise<BranchTree[]> {
  const ledger = ws.config.ledger.branch;
  const refs = (await branchRefs(ws.root)).filter(
    (ref) => ref.name !== ledger && !ref.name.endsWith(`/${ledger}`),
  );
  return Promise.all(
    refs.map(async (ref) => ({
      branch: ref.name,
      entries: flagEntries(await listTree(ws.root, ref.oid, ws.config.flags_dir)),
    })),
  );
}

/** The blobs of the branches that `known` lacks, each once. */
function unknownBlobs(trees: BranchTree[], known: Map<string, ParsedFlag>): string[] {
  const oids = new Set<string>();
  for (const tree of trees)
    for (const e of tree.entries.values()) if (!known.has(e.oid)) oids.add(e.oid);
  return [...oids];
}

/** Adds a version of a flag to the merged set: the newest transition wins. */
function mergeVersion(merged: Map<string, BranchFlag>, flag: Flag, branch: string | null): void {
  const current = merged.get(flag.id);
  if (current === undefined) {
    merged.set(flag.id, {
      flag,
      branches: branch === null ? [] : [branch],
      from: branch ?? LEDGER,
    });
    return;
  }
  if (branch !== null) current.branches.push(branch);
  // The same parse (a blob the work tree holds) is never newer than itself.
  if (flag !== current.flag && isNewer(flag, current.flag))
    Object.assign(current, { flag, from: branch ?? LEDGER });
}

/** `from` of a version read from this work tree and the ledger (what `list` shows). */
export const LEDGER = 'ledger';

/** The parse of a blob git could not read: no flag, and no problem to show. */
const UNREAD: ParsedFlag = { flag: null, problems: [] };

/** The work tree's valid parses by blob id: a branch's copy of the same blob parses the same. */
function parsesByBlob(work: StoredFlag[]): Map<string, ParsedFlag> {
  const known = new Map<string, ParsedFlag>();
  for (const s of work) if (s.oid !== undefined && s.flag !== null) known.set(s.oid, s);
  return known;
}

/**
 * Every flag on every local and remote-tracking branch, merged by id with the version `list`
 * shows (this work tree and the ledger branch), with the filter applied. A flag completed or
 * created in the ledger is shown so even when no branch has that version committed. A branch's
 * blob the work tree holds byte for byte is not parsed again: at 100,000 flags on 4 branches that
 * share them, parsing every blob (through a cache of 50,000) cost 54 s and 934 MB.
 */
export function allBranchFlags(
  ws: Workspace,
  filter: ListFilter,
): Promise<{ flags: BranchFlag[]; invalid: BranchProblem[] }> {
  return withProgress(ws.progress, () => mergeBranches(ws, filter));
}

async function mergeBranches(
  ws: Workspace,
  filter: ListFilter,
): Promise<{ flags: BranchFlag[]; invalid: BranchProblem[] }> {
  const listing = await ws.flags.readListing({ progress: ws.progress });
  const known = parsesByBlob(listing.work);
  ws.progress('listing the flags of every branch');
  const trees = await branchTrees(ws);
  const parsed = await parseBlobs(ws, unknownBlobs(trees, known));
  ws.progress(`merging the flags of ${trees.length} branches`);
  const merged = new Map<string, BranchFlag>();
  const invalid: BranchProblem[] = [];
  // Each branch's listing is let go once merged.
  for (let tree = trees.shift(); tree !== undefined; tree = trees.shift()) {
    for (const [id, e] of tree.entries) {
      const version = checkName(id, known.get(e.oid) ?? parsed.get(e.oid) ?? UNREAD);
      if (version.flag !== null) mergeVersion(merged, version.flag, tree.branch);
      else invalid.push({ branch: tree.branch, path: e.path, problems: version.problems });
    }
  }
  for (const s of listing.stored) if (s.flag !== null) mergeVersion(merged, s.flag, null);
  const keep = flagMatcher(filter);
  const flags = [...merged.values()]
    .filter((b) => keep(b.flag))
    .sort((a, b) => byPriority(a.flag, b.flag));
  return { flags, invalid };
}
