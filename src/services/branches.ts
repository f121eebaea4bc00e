/** Flags from every branch, read in one batch from git's object database and merged by id. */
import { instant } from '../core/instant.js';
import { byPriority } from '../core/rules.js';
import type { Flag } from '../core/types.js';
import { branchRefs, listTree } from '../git/objects.js';
import { flagMatcher, listFlags, type ListFilter } from './flags.js';
import type { Workspace } from './workspace.js';
import type { LocatedProblem } from '../store/flag-file.js';
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

interface Seen {
  branch: string;
  oid: string;
  path: string;
  id: string;
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

async function listAll(ws: Workspace): Promise<Seen[]> {
  const ledger = ws.config.ledger.branch;
  const refs = (await branchRefs(ws.root)).filter(
    (ref) => ref.name !== ledger && !ref.name.endsWith(`/${ledger}`),
  );
  const trees = await Promise.all(
    refs.map((ref) => listTree(ws.root, ref.oid, ws.config.flags_dir)),
  );
  return refs.flatMap((ref, i) =>
    [...flagEntries(trees[i] ?? [])].map(([id, e]) => ({
      branch: ref.name,
      oid: e.oid,
      path: e.path,
      id,
    })),
  );
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
  if (isNewer(flag, current.flag)) Object.assign(current, { flag, from: branch ?? LEDGER });
}

/** `from` of a version read from this work tree and the ledger (what `list` shows). */
export const LEDGER = 'ledger';

/**
 * Every flag on every local and remote-tracking branch, merged by id with the version `list`
 * shows (this work tree and the ledger branch), with the filter applied. A flag completed or
 * created in the ledger is shown so even when no branch has that version committed.
 */
export async function allBranchFlags(
  ws: Workspace,
  filter: ListFilter,
): Promise<{ flags: BranchFlag[]; invalid: BranchProblem[] }> {
  const seen = await listAll(ws);
  const parsed = await parseBlobs(
    ws,
    seen.map((s) => s.oid),
  );
  const merged = new Map<string, BranchFlag>();
  const invalid: BranchProblem[] = [];
  for (const s of seen) {
    const version = checkName(s.id, parsed.get(s.oid) ?? { flag: null, problems: [] });
    if (!version?.flag) {
      invalid.push({ branch: s.branch, path: s.path, problems: version.problems });
      continue;
    }
    mergeVersion(merged, version.flag, s.branch);
  }
  for (const flag of (await listFlags(ws, { status: 'all' })).flags)
    mergeVersion(merged, flag, null);
  const keep = flagMatcher(filter);
  const flags = [...merged.values()]
    .filter((b) => keep(b.flag))
    .sort((a, b) => byPriority(a.flag, b.flag));
  return { flags, invalid };
}
