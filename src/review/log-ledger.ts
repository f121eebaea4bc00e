/** A flag's history from the ledger branch: every recorded transition, who, when and where. */
import { ledgerPath } from '../core/ledger-layout.js';
import { readTexts } from '../git/objects.js';
import { isAncestor } from '../git/ledger.js';
import { gitOrFail } from '../git/repo.js';
import type { Workspace } from '../services/workspace.js';
import { commitChanges, entriesOf, flagPath, metaOf, snapshotOf, type LogEntry } from './log.js';

interface LedgerCommit {
  commit: string;
  parents: string[];
  author: string;
  date: string;
  subject: string;
  where: string;
}

function trailer(body: string, key: string): string | null {
  const line = body.split('\n').find((l) => l.startsWith(`${key}: `));
  return line === undefined ? null : line.slice(key.length + 2).trim();
}

/** Where a ledger commit was written: the writer's branch and its host and folder. */
function whereOf(body: string): string {
  const branch = trailer(body, 'Flagstore-Branch');
  const where = trailer(body, 'Flagstore-Where');
  const action = trailer(body, 'Flagstore-Action');
  if (action === 'merge') return 'ledger merge (sync)';
  return `ledger, from ${branch ?? '?'}${where === null ? '' : ` at ${where}`}`;
}

/**
 * A ledger entry's place without its host and folder, for a narrow table: `ledger (feature)`
 * for `ledger, from feature at host:/path` (a branch name holds no space); any other text as is.
 */
export function shortWhere(where: string): string {
  const match = /^ledger, from (\S+)(?: at .*)?$/.exec(where);
  return match === null ? where : `ledger (${match[1]})`;
}

/**
 * Every ledger commit touching the flag, on every line of the ledger's history (`sync` merges
 * clones' ledgers): git's default simplification follows one side of a merge that took that
 * side's copy, and the other side's transitions (a lock before the other clone's completion)
 * would not be listed.
 */
async function ledgerCommits(ws: Workspace, paths: string[]): Promise<LedgerCommit[]> {
  const format = '--format=%H%x1f%P%x1f%an%x1f%aI%x1f%s%x1f%b%x1e';
  const ref = ws.flags.ledger.ref;
  const args = ['log', '--reverse', '--full-history', format, ref, '--', ...paths];
  return (await gitOrFail(ws.root, args))
    .split('\x1e')
    .map((r) => r.trim())
    .filter(Boolean)
    .map((record) => {
      const [commit = '', parents = '', author = '', date = '', subject = '', body = ''] =
        record.split('\x1f');
      const parentList = parents.split(' ').filter(Boolean);
      return { commit, parents: parentList, author, date, subject, where: whereOf(body) };
    });
}

/**
 * One transition recorded twice (two clones that adopted the same flag file, on lines of the
 * ledger's history that a sync merged) is listed once; the same change made again later on one
 * line (an edit undone and redone) is a new step and stays.
 */
async function once(root: string, entries: LogEntry[]): Promise<LogEntry[]> {
  const seen = new Map<string, string>();
  const kept: LogEntry[] = [];
  for (const e of entries) {
    const key = `${e.change.kind} ${JSON.stringify(e.change.after)}`;
    const earlier = seen.get(key);
    const commit = e.commit ?? '';
    if (earlier !== undefined && !(await isAncestor(root, earlier, commit))) continue;
    seen.set(key, commit);
    kept.push(e);
  }
  return kept;
}

/**
 * Every change to a flag recorded in the ledger, oldest first; empty without a ledger. Each
 * commit is read against its parents; a merge lists only what it changed itself.
 */
export async function flagLedgerLog(ws: Workspace, raw: string): Promise<LogEntry[]> {
  const { id, path } = flagPath(ws, raw);
  // A ledger holds the file flat (older ledgers) or fanned out (src/core/ledger-layout.ts).
  const places = [path, ledgerPath(ws.config.flags_dir, id)];
  const commits = await ledgerCommits(ws, places).catch(() => []);
  const revs = [...new Set(commits.flatMap((c) => [c.commit, ...c.parents]))];
  const texts = await readTexts(
    ws.root,
    revs.flatMap((r) => places.map((p) => `${r}:${p}`)),
  );
  const version = (rev: string | undefined) =>
    snapshotOf(
      id,
      path,
      rev === undefined ? null : places.map((p) => texts.get(`${rev}:${p}`)).find((t) => t != null),
    );
  return once(
    ws.root,
    commits.flatMap((c) => {
      const changes = commitChanges(c, version);
      return entriesOf(metaOf(c, [c.where]), changes);
    }),
  );
}
