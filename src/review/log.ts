/** The history of one flag from git: each transition, who, when, and in which commit. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlagstoreError } from '../core/errors.js';
import { isFlagId } from '../core/ids.js';
import { readTexts } from '../git/objects.js';
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
  /** The agent the transition records (creator, lock holder, completer), when it records one. */
  agent: string | null;
  change: FlagChange;
}

interface Commit {
  commit: string;
  author: string;
  date: string;
  subject: string;
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

async function commitsTouching(root: string, path: string): Promise<Commit[]> {
  const out = await git(root, [
    'log',
    '--reverse',
    '--format=%H%x1f%an%x1f%aI%x1f%s',
    '--',
    path,
  ]).catch(() => '');
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [commit = '', author = '', date = '', subject = ''] = line.split('\x1f');
      return { commit, author, date, subject };
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

/** Every change to a flag along HEAD's history, oldest first, then any uncommitted change. */
export async function flagLog(
  ws: Workspace,
  raw: string,
): Promise<{ id: string; entries: LogEntry[] }> {
  const id = resolveId(ws, raw);
  const path = `${ws.config.flags_dir}/${id}.md`;
  const commits = await commitsTouching(ws.root, path);
  const texts = await readTexts(
    ws.root,
    commits.map((c) => `${c.commit}:${path}`),
  );
  const entries: LogEntry[] = [];
  let previous: Snapshot = new Map();
  const step = (meta: Omit<LogEntry, 'agent' | 'change'>, next: Snapshot): void => {
    for (const change of diffSnapshots(previous, next))
      entries.push({ ...meta, agent: agentOf(change), change });
    previous = next;
  };
  for (const c of commits) step(c, snapshotOf(id, path, texts.get(`${c.commit}:${path}`)));
  const file = join(ws.root, path);
  const work = existsSync(file) ? readFileSync(file, 'utf8') : null;
  step({ commit: null, author: null, date: null, subject: null }, snapshotOf(id, path, work));
  if (entries.length === 0) {
    throw new FlagstoreError('not_found', `flag ${id} has no history in this branch`, {
      fix: 'flagstore list --all-branches',
    });
  }
  return { id, entries };
}
