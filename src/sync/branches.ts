/** Flags from every branch, read in one batch from git's object database and merged by id. */
import { byPriority } from '../core/rules.js';
import type { Flag } from '../core/types.js';
import { branchRefs, listTree } from '../git/objects.js';
import { flagMatcher, type ListFilter } from '../services/flags.js';
import type { Workspace } from '../services/workspace.js';
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

/** The time of a flag's latest recorded transition. */
export function transitionTime(flag: Flag): string {
  return [flag.created_at, flag.locked_at ?? '', flag.completed_at ?? ''].sort().at(-1) ?? '';
}

/** True when version `a` is newer than `b`: completion is final, else the later transition wins. */
export function isNewer(a: Flag, b: Flag): boolean {
  if (a.status !== b.status) return a.status === 'completed';
  return transitionTime(a) > transitionTime(b);
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

/**
 * Every flag on every local and remote-tracking branch (the ledger branch aside: every other
 * command reads it already), merged by id, with the filter applied.
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
    const current = merged.get(s.id);
    if (current === undefined)
      merged.set(s.id, { flag: version.flag, branches: [s.branch], from: s.branch });
    else {
      current.branches.push(s.branch);
      if (isNewer(version.flag, current.flag))
        Object.assign(current, { flag: version.flag, from: s.branch });
    }
  }
  const keep = flagMatcher(filter);
  const flags = [...merged.values()]
    .filter((b) => keep(b.flag))
    .sort((a, b) => byPriority(a.flag, b.flag));
  return { flags, invalid };
}
