/** The history of one flag from git: each transition, who, when, and in which commit. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { isFlagId } from '../core/ids.js';
import { branchRefs, readTexts } from '../git/objects.js';
import { git } from '../git/repo.js';
import type { Workspace } from '../services/workspace.js';
import { diffSnapshots, type FlagChange } from './changes.js';
import { versionOf, type Snapshot } from './snapshot.js';

/** One step in a flag's history. */
export interface LogEntry {
  /** The commit, or null for uncommitted changes in the work tree. */
  commit: string | null;
  author: string | null;
  date: string | null;
  subject: string | null;
  /** With all branches: the branch the commit was reached from (null for the work tree). */
  branch: string | null;
  /** The agent the transition records (creator, lock holder, completer), when it records one. */
  agent: string | null;
  change: FlagChange;
}

interface Commit {
  commit: string;
  parent: string | null;
  author: string;
  date: string;
  subject: string;
  /** The tip it was reached from, as given to git log (`--source`). */
  source: string;
}

function resolveId(ws: Workspace, raw: string): string {
  try {
    return ws.flags.resolve(raw);
  } catch (error) {
    const upper = raw.trim().toUpperCase();
    if (isFlagId(upper)) return upper;
    throw error;
  }
}

async function commitsTouching(root: string, revs: string[], path: string): Promise<Commit[]> {
  const format = '--format=%H%x1f%P%x1f%an%x1f%aI%x1f%s%x1f%S';
  const out = await git(root, ['log', '--reverse', '--source', format, ...revs, '--', path]).catch(
    () => '',
  );
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [commit = '', parents = '', author = '', date = '', subject = '', source = ''] =
        line.split('\x1f');
      return { commit, parent: parents.split(' ')[0] || null, author, date, subject, source };
    });
}

function agentOf(change: FlagChange): string | null {
  const flag = change.after;
  if (flag === null) return null;
  if (change.kind === 'created') return flag.source_agent;
  if (change.kind === 'locked') return flag.locked_by;
  if (change.kind === 'completed') return flag.completed_by;
  return null;
}

function snapshotOf(id: string, path: string, text: string | null | undefined): Snapshot {
  return text === null || text === undefined
    ? new Map()
    : new Map([[id, versionOf(id, path, text)]]);
}

/** Collects log entries: each step diffs a snapshot against the one before it. */
function collector(): {
  entries: LogEntry[];
  step: (meta: Omit<LogEntry, 'agent' | 'change'>, before: Snapshot, after: Snapshot) => void;
} {
  const entries: LogEntry[] = [];
  const step = (meta: Omit<LogEntry, 'agent' | 'change'>, before: Snapshot, after: Snapshot) => {
    for (const change of diffSnapshots(before, after))
      entries.push({ ...meta, agent: agentOf(change), change });
  };
  return { entries, step };
}

const WORK_TREE = { commit: null, author: null, date: null, subject: null, branch: null };

function workText(ws: Workspace, path: string): string | null {
  const file = join(ws.root, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

function meta(c: Commit, branch: string | null): Omit<LogEntry, 'agent' | 'change'> {
  return { commit: c.commit, author: c.author, date: c.date, subject: c.subject, branch };
}

function noHistory(id: string, where: string): FlagstoreError {
  return new FlagstoreError('not_found', `flag ${id} has no history ${where}`, {
    fix: where === 'in this branch' ? `flagstore log ${id} --all-branches` : 'git fetch --all',
  });
}

/** A flag's history: its full id and its changes, oldest first. */
export interface FlagHistory {
  id: string;
  entries: LogEntry[];
}

/** The full id a user's id or prefix names, and the repository path of its file. */
function flagPath(ws: Workspace, raw: string): { id: string; path: string } {
  const id = resolveId(ws, raw);
  return { id, path: `${ws.config.flags_dir}/${id}.md` };
}

/** Every change to a flag along HEAD's history, oldest first, then any uncommitted change. */
export async function flagLog(ws: Workspace, raw: string): Promise<FlagHistory> {
  const { id, path } = flagPath(ws, raw);
  const commits = await commitsTouching(ws.root, [], path);
  const texts = await readTexts(
    ws.root,
    commits.map((c) => `${c.commit}:${path}`),
  );
  const { entries, step } = collector();
  let previous: Snapshot = new Map();
  for (const c of commits) {
    const next = snapshotOf(id, path, texts.get(`${c.commit}:${path}`));
    step(meta(c, null), previous, next);
    previous = next;
  }
  step(WORK_TREE, previous, snapshotOf(id, path, workText(ws, path)));
  if (entries.length === 0) throw noHistory(id, 'in this branch');
  return { id, entries };
}

/**
 * Every change to a flag on any local or remote-tracking branch, oldest first: each commit
 * that touches the file, against its first parent, with the branch it was reached from (merges
 * are left out: their changes are the commits they bring), then any uncommitted change.
 */
export async function flagLogAllBranches(ws: Workspace, raw: string): Promise<FlagHistory> {
  const { id, path } = flagPath(ws, raw);
  const refs = await branchRefs(ws.root);
  const names = new Map<string, string[]>();
  for (const ref of refs) names.set(ref.oid, [...(names.get(ref.oid) ?? []), ref.name]);
  const revs = ['--no-merges', '--full-history', '--date-order', ...names.keys()];
  const commits = names.size === 0 ? [] : await commitsTouching(ws.root, revs, path);
  const versions = commits.flatMap((c) =>
    [c.commit, c.parent ?? []].flat().map((r) => `${r}:${path}`),
  );
  const texts = await readTexts(ws.root, [...versions, `HEAD:${path}`]);
  const { entries, step } = collector();
  const version = (rev: string | null) => snapshotOf(id, path, texts.get(`${rev}:${path}`));
  for (const c of commits) {
    const branch = names.get(c.source)?.join(', ') ?? c.source;
    step(meta(c, branch), version(c.parent), version(c.commit));
  }
  step(WORK_TREE, version('HEAD'), snapshotOf(id, path, workText(ws, path)));
  if (entries.length === 0) throw noHistory(id, 'on any branch');
  return { id, entries };
}
