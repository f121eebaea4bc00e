/** One flag's history on every local and remote-tracking branch. */
import { branchesContaining, readTexts } from '../git/objects.js';
import { diffSnapshots } from './changes.js';
import type { Workspace } from '../services/workspace.js';
import {
  commitChanges,
  commitsTouching,
  entriesOf,
  flagPath,
  metaOf,
  noHistory,
  snapshotOf,
  WORK_TREE,
  workText,
  type Commit,
  type FlagHistory,
} from './log.js';
import { sortedByWhen } from './log-order.js';

/** How many `git for-each-ref --contains` run at once. */
const CONCURRENCY = 4;

/** The branches containing each commit, a few lookups at a time. */
async function containing(root: string, commits: Commit[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (let i = 0; i < commits.length; i += CONCURRENCY) {
    const batch = commits.slice(i, i + CONCURRENCY);
    const found = await Promise.all(batch.map((c) => branchesContaining(root, c.commit)));
    batch.forEach((c, k) => result.set(c.commit, found[k] ?? []));
  }
  return result;
}

/**
 * Every change to a flag on any local or remote-tracking branch, in the order the transitions
 * happened (the times the flag records, else author dates): each commit touching the file
 * against its parent, with every branch that contains it; a merge lists only what it changed
 * itself. Then any uncommitted change.
 */
export async function flagLogAllBranches(ws: Workspace, raw: string): Promise<FlagHistory> {
  const { id, path } = flagPath(ws, raw);
  const ledger = ws.config.ledger.branch;
  const revs = [
    '--full-history',
    '--author-date-order',
    `--exclude=${ledger}`,
    '--branches',
    `--exclude=*/${ledger}`,
    '--remotes',
  ];
  const commits = await commitsTouching(ws.root, revs, path);
  const revisions = commits.flatMap((c) => [c.commit, ...c.parents]);
  const texts = await readTexts(
    ws.root,
    [...revisions, 'HEAD'].map((r) => `${r}:${path}`),
  );
  const version = (rev: string | undefined) => snapshotOf(id, path, texts.get(`${rev}:${path}`));
  const branches = await containing(ws.root, commits);
  const committed = commits.flatMap((c) => {
    const changes = commitChanges(c, version);
    return entriesOf(metaOf(c, branches.get(c.commit) ?? []), changes);
  });
  const entries = sortedByWhen(committed);
  const work = snapshotOf(id, path, workText(ws, path));
  entries.push(...entriesOf(WORK_TREE, diffSnapshots(version('HEAD'), work)));
  if (entries.length === 0) throw noHistory(id, 'on any branch');
  return { id, entries };
}
