/**
 * The board's data: the view model built from the flag and agent services (the merged view that
 * `list` reads), one flag in full with its chain and history, and a cheap change token.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import {
  agentGraph,
  BOARD_SCHEMA,
  chainIndex,
  isOverdue,
  TITLE_MAX,
  urgentFirst,
  type BoardData,
  type BoardRow,
  type FlagView,
  type HistoryStep,
  type InvalidFile,
} from '../core/board-model.js';
import { FLAG_FILE_NAME_PROBLEM, shortIds } from '../core/ids.js';
import { lockState } from '../core/lifecycle.js';
import type { Flag } from '../core/types.js';
import { git } from '../git/repo.js';
import { commonDirOf } from '../git/discovery.js';
import { detailText } from '../review/markdown.js';
import { flagLog } from '../review/log.js';
import type { HistoryResult } from '../review/log-walk.js';
import { agentsDir, catalogEntries } from './agents.js';
import { listFlags } from './flags.js';
import { ledgerRef } from '../git/ledger.js';
import type { Workspace } from './workspace.js';

/** The board's data and the full flags it was built from, by id. */
export interface BoardSnapshot {
  data: BoardData;
  flags: Map<string, Flag>;
  /**
   * Chains by origin id, each oldest first; a flag in no chain is one of its own, so a flag's
   * chain (its own row at least) is found without a scan of every row (a report views each).
   */
  chains: Map<string, BoardRow[]>;
}

/**
 * A flag as a board row, named by `short`: the form `list` prints, unique among every flag
 * (see {@link shortIds}), never the full id as a stand-in.
 */
export function boardRow(flag: Flag, o: { now: Date; short: string }): BoardRow {
  const title = (flag.change_description.split('\n')[0] ?? '').slice(0, TITLE_MAX);
  const row = {
    id: flag.id,
    short: o.short,
    type: flag.flag_type,
    impact: flag.impact_level,
    status: flag.status,
    lock: lockState(flag, o.now),
    lockedBy: flag.locked_by,
    source: flag.source_agent,
    target: flag.target_agent,
    created: flag.created_at,
    completed: flag.completed_at,
    chain: flag.chain_origin_id,
    title,
  };
  return { ...row, overdue: isOverdue(row, o.now) };
}

async function invalidFiles(
  ws: Workspace,
  stored: { path: string; problems: InvalidFile['problems'] }[],
): Promise<{ invalid: InvalidFile[]; catalog: string[] }> {
  const entries = await catalogEntries(ws);
  const badAgents = entries
    .filter((e) => e.agent === null)
    .map((e) => ({ path: join(agentsDir(ws), e.file), problems: e.problems }));
  const invalid = [...stored, ...badAgents].map((s) => ({
    path: relative(ws.root, s.path),
    problems: s.problems.map(({ field, line, severity, message }) => ({
      field,
      line,
      severity,
      message,
    })),
  }));
  const catalog = entries.flatMap((e) => (e.agent === null ? [] : [e.agent.handle]));
  return { invalid, catalog };
}

/**
 * The board's title: the repository's folder name, and in a linked worktree the main
 * repository's name with the worktree's folder after it (`shop (agent-2)`), so agents' boards
 * from their worktrees name one project. A bare repository's `.git` suffix is dropped.
 */
function projectName(ws: Workspace): string {
  const own = basename(ws.root);
  const common = commonDirOf(ws.gitDir);
  if (common === ws.gitDir) return own;
  const main = basename(common) === '.git' ? basename(dirname(common)) : basename(common, '.git');
  return main === own ? own : `${main} (${own})`;
}
/** Builds the board from every flag (pending and completed) and the agent catalog. */
export async function loadBoard(
  ws: Workspace,
  options: { now?: Date; token?: string } = {},
): Promise<BoardSnapshot> {
  const now = options.now ?? new Date();
  const token = options.token ?? (await changeToken(ws));
  const { flags, invalid: stored, misnamed } = await listFlags(ws, { status: 'all' });
  const shorts = shortIds(flags.map((f) => f.id));
  const rows = flags
    .map((f) => boardRow(f, { now, short: shorts.get(f.id) ?? f.id }))
    .sort(urgentFirst);
  const { invalid, catalog } = await invalidFiles(ws, [
    ...stored.map((s) => ({ path: s.path, problems: s.problems })),
    ...misnamed.map((p) => ({ path: join(ws.root, p), problems: [FLAG_FILE_NAME_PROBLEM] })),
  ]);
  const data: BoardData = {
    schema: BOARD_SCHEMA,
    generatedAt: now.toISOString(),
    repo: projectName(ws),
    token,
    rows,
    invalid,
    ...agentGraph(rows, catalog),
  };
  return {
    data,
    flags: new Map(flags.map((f) => [f.id, f])),
    chains: chainIndex(rows),
  };
}

function historyOf(log: HistoryResult): { steps: HistoryStep[] | null; note: string | null } {
  if (log instanceof Error) return { steps: null, note: log.message };
  const steps = log.entries.map((e) => ({
    commit: e.commit,
    date: e.date,
    kind: e.change.kind,
    by: e.agent ?? e.author,
    detail: detailText(e.change),
  }));
  return { steps, note: null };
}

/**
 * One flag in full: every field, its chain and (when asked) its history from git, read here
 * or handed over as `log` (a report reads many in one walk of git's log).
 */
export async function flagView(
  ws: Workspace,
  snapshot: BoardSnapshot,
  options: { id: string; history: boolean; log?: HistoryResult },
): Promise<FlagView | null> {
  const flag = snapshot.flags.get(options.id);
  if (flag === undefined) return null;
  const chain = snapshot.chains.get(flag.chain_origin_id ?? flag.id) ?? [];
  if (!options.history)
    return {
      flag: { ...flag },
      chain,
      history: null,
      historyNote: `not included in this report: flagstore log ${flag.id}`,
    };
  const log = options.log ?? (await flagLog(ws, flag.id).catch((error: unknown) => error as Error));
  const { steps, note } = historyOf(log);
  return { flag: { ...flag }, chain, history: steps, historyNote: note };
}

/** A fingerprint of a folder's markdown files: names, sizes and modification times. */
function folderStamp(dir: string): string {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.md'));
  } catch {
    return 'none';
  }
  let latest = 0;
  let bytes = 0;
  for (const name of names) {
    try {
      const stat = statSync(join(dir, name));
      latest = Math.max(latest, stat.mtimeMs);
      bytes += stat.size;
    } catch {
      // A file removed while the folder is read changes the count, hence the token.
    }
  }
  return `${names.length}:${bytes}:${latest}`;
}

/**
 * Changes whenever a flag or agent file changes in the work tree (count, sizes, times) or the
 * ledger branch moves; cheap enough to poll every second or two.
 */
export async function changeToken(ws: Workspace): Promise<string> {
  const ledger = await git(ws.root, [
    'rev-parse',
    '-q',
    '--verify',
    ledgerRef(ws.config.ledger.branch),
  ]).catch(() => '');
  return [folderStamp(ws.flagsDir), folderStamp(agentsDir(ws)), ledger.trim() || '-'].join('|');
}
