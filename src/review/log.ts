/** The history of one flag from git: each transition, who, when, and in which commit. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { typedFullId } from '../core/ids.js';
import { readTexts } from '../git/objects.js';
import { git, gitOrFail } from '../git/repo.js';
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
  /** With all branches: every branch that contains the commit (empty otherwise). */
  branches: string[];
  /** The agent the transition records (creator, lock holder, completer), when it records one. */
  agent: string | null;
  change: FlagChange;
}

/** Where a step of the history happened: the entry without its change. */
export type StepMeta = Omit<LogEntry, 'agent' | 'change'>;

/** A flag's history: its full id and its changes, oldest first. */
export interface FlagHistory {
  id: string;
  entries: LogEntry[];
}

/** A commit that touches the flag file. */
export interface Commit {
  commit: string;
  parents: string[];
  author: string;
  date: string;
  subject: string;
}

function resolveId(ws: Workspace, raw: string): string {
  try {
    return ws.flags.resolve(raw);
  } catch (error) {
    const id = typedFullId(raw);
    if (id !== null) return id;
    throw error;
  }
}

/** The full id a user's id or prefix names, and the repository path of its file. */
export function flagPath(ws: Workspace, raw: string): { id: string; path: string } {
  const id = resolveId(ws, raw);
  return { id, path: `${ws.config.flags_dir}/${id}.md` };
}

/** Commits touching `path` along `revs`, oldest first; git's failures are errors. */
export async function commitsTouching(
  root: string,
  revs: string[],
  path: string,
): Promise<Commit[]> {
  const format = '--format=%H%x1f%P%x1f%an%x1f%aI%x1f%s';
  const out = await gitOrFail(root, ['log', '--reverse', format, ...revs, '--', path]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [commit = '', parents = '', author = '', date = '', subject = ''] = line.split('\x1f');
      return { commit, parents: parents.split(' ').filter(Boolean), author, date, subject };
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

/** The flag as a snapshot of one version (empty when the file is absent). */
export function snapshotOf(id: string, path: string, text: string | null | undefined): Snapshot {
  return text === null || text === undefined
    ? new Map()
    : new Map([[id, versionOf(id, path, text)]]);
}

/** Turns changes into entries, with the agent each transition records. */
export function entriesOf(meta: StepMeta, changes: FlagChange[]): LogEntry[] {
  return changes.map((change) => ({ ...meta, agent: agentOf(change), change }));
}

/** The work tree's step: where uncommitted changes are listed. */
export const WORK_TREE: StepMeta = {
  commit: null,
  author: null,
  date: null,
  subject: null,
  branches: [],
};

/** The flag file as it is in the work tree, or null. */
export function workText(ws: Workspace, path: string): string | null {
  const file = join(ws.root, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/**
 * The changes of one flag along a list of commits, oldest first, each step against the one
 * before; also the last version seen, for what follows (the work tree).
 */
export async function stepsAlong(
  ws: Workspace,
  flag: { id: string; path: string; also?: string },
  steps: (StepMeta & { commit: string })[],
): Promise<{ entries: LogEntry[]; last: Snapshot }> {
  const { id, path } = flag;
  // `also`: where else the file may be at a commit (the ledger's flat and fanned-out places).
  const places = flag.also === undefined ? [path] : [path, flag.also];
  const texts = await readTexts(
    ws.root,
    steps.flatMap((c) => places.map((p) => `${c.commit}:${p}`)),
  );
  return entriesAlong({ id, path }, steps, (step) =>
    places.map((p) => texts.get(`${step.commit}:${p}`)).find((t) => t != null),
  );
}

/**
 * The changes of one flag along commits whose texts are known (`text` gives the file at a step,
 * nullish when absent), each step against the one before; also the last version seen.
 */
export function entriesAlong<S extends StepMeta>(
  flag: { id: string; path: string },
  steps: S[],
  text: (step: S, index: number) => string | null | undefined,
): { entries: LogEntry[]; last: Snapshot } {
  const entries: LogEntry[] = [];
  let last: Snapshot = new Map();
  steps.forEach((step, index) => {
    const next = snapshotOf(flag.id, flag.path, text(step, index));
    entries.push(...entriesOf(step, diffSnapshots(last, next)));
    last = next;
  });
  return { entries, last };
}

/**
 * The changes a merge made itself: what differs from every parent. A transition it took from
 * one side is that side's commit; fields it changed against every parent (edited while
 * resolving the merge) are its own, as an edit when the transition was not.
 */
export function ownChanges(first: FlagChange[], others: FlagChange[][]): FlagChange[] {
  if (others.length === 0) return first;
  return first.flatMap((change) => {
    const matches = others.map((list) => list.find((c) => c.id === change.id));
    if (matches.some((m) => m === undefined)) return [];
    const fields = change.fields.filter((f) => matches.every((m) => m?.fields.includes(f)));
    if (matches.every((m) => m?.kind === change.kind) && change.kind !== 'edited') {
      return [{ ...change, fields }];
    }
    return fields.length > 0 ? [{ ...change, kind: 'edited' as const, fields }] : [];
  });
}

/**
 * The changes a commit made to the flag, given each revision's version of it: against its
 * parent, and for a merge only what it changed itself ({@link ownChanges}).
 */
export function commitChanges(
  c: Pick<Commit, 'commit' | 'parents'>,
  version: (rev: string | undefined) => Snapshot,
): FlagChange[] {
  const [first, ...others] = c.parents.length > 0 ? c.parents : [undefined];
  const after = version(c.commit);
  return ownChanges(
    diffSnapshots(version(first), after),
    others.map((p) => diffSnapshots(version(p), after)),
  );
}

/** Where a commit's step happened. */
export function metaOf(
  c: Pick<Commit, 'commit' | 'author' | 'date' | 'subject'>,
  branches: string[],
): StepMeta & { commit: string } {
  return { commit: c.commit, author: c.author, date: c.date, subject: c.subject, branches };
}

/** The error for a flag with no recorded change where it was looked for. */
export function noHistory(id: string, where: string): FlagstoreError {
  return new FlagstoreError('not_found', `flag ${id} has no history ${where}`, {
    fix: where === 'in this branch' ? `flagstore log ${id} --all-branches` : 'git fetch --all',
  });
}

/** Commits touching `path` along HEAD; none before the first commit (asked only when git fails). */
async function headCommits(root: string, path: string): Promise<Commit[]> {
  try {
    return await commitsTouching(root, [], path);
  } catch (error) {
    const unborn = await git(root, ['rev-parse', '--verify', '-q', 'HEAD']).then(
      () => false,
      () => true,
    );
    if (unborn) return [];
    throw error;
  }
}

/** Every change to a flag along HEAD's history, oldest first, then any uncommitted change. */
export async function flagLog(ws: Workspace, raw: string): Promise<FlagHistory> {
  const { id, path } = flagPath(ws, raw);
  const commits = await headCommits(ws.root, path);
  const { entries, last: previous } = await stepsAlong(
    ws,
    { id, path },
    commits.map((c) => metaOf(c, [])),
  );
  return withWorkTree(ws, { id, path }, { entries, last: previous });
}

/** A flag's history along HEAD completed: the work tree's change added, none at all an error. */
export function withWorkTree(
  ws: Workspace,
  flag: { id: string; path: string },
  along: { entries: LogEntry[]; last: Snapshot },
): FlagHistory {
  const { id, path } = flag;
  const work = snapshotOf(id, path, workText(ws, path));
  const entries = [...along.entries, ...entriesOf(WORK_TREE, diffSnapshots(along.last, work))];
  if (entries.length === 0) throw noHistory(id, 'in this branch');
  return { id, entries };
}
