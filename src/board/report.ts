/** `flagstore report --html`: the board as one static, self-contained HTML file. */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FlagView } from '../core/board-model.js';
import { FlagstoreError } from '../core/errors.js';
import { jsonChunks } from '../core/json-pieces.js';
import { countStep, withProgress } from '../core/progress.js';
import { shellWord } from '../git/shell-word.js';
import { flagLogs } from '../review/log-walk.js';
import { flagView, loadBoard } from '../services/board-data.js';
import type { Workspace } from '../services/workspace.js';
import { writeAtomicPieces } from '../store/atomic.js';
import { loadAssets, staticPagePieces } from './assets.js';

/** How much a report holds. */
export interface ReportOptions {
  /** The most urgent flags whose git history is included (read in one walk of git's log). */
  historyLimit: number;
  now?: Date;
}

/** The data a static page reads instead of the API: the board and every flag in full. */
export interface ReportData {
  board: Awaited<ReturnType<typeof loadBoard>>['data'];
  flags: Record<string, FlagView>;
}

/** Builds the report's data: every flag in full, history for the most urgent ones. */
export function reportData(ws: Workspace, options: ReportOptions): Promise<ReportData> {
  return withProgress(ws.progress, () => readReport(ws, options));
}

async function readReport(ws: Workspace, options: ReportOptions): Promise<ReportData> {
  const snapshot = await loadBoard(ws, options.now === undefined ? {} : { now: options.now });
  const flags: Record<string, FlagView> = {};
  const run = { count: 0, of: snapshot.data.rows.length, progress: ws.progress };
  const urgent = snapshot.data.rows.slice(0, options.historyLimit).map((row) => row.id);
  if (urgent.length > 0) ws.progress(`reading the history of ${urgent.length} flags`);
  const logs = await flagLogs(ws, urgent);
  for (const row of snapshot.data.rows) {
    countStep(run, { doing: 'reading flags and their history', unit: 'flags' });
    // flagLogs answers every urgent id (a history or its error): having a log is being urgent.
    const log = logs.get(row.id);
    const view = await flagView(ws, snapshot, { id: row.id, history: log !== undefined, log });
    if (view !== null) flags[row.id] = view;
  }
  return { board: snapshot.data, flags };
}

/** Flag views between two pieces of the report's JSON. */
const VIEWS_PER_PIECE = 200;

/**
 * The text of `JSON.stringify(data)` in pieces: the board's rows a batch at a time, then the
 * flags' views (ids are never integer-like, so their order is the order they were added in).
 */
function* reportJson(data: ReportData): Generator<string> {
  yield '{"board":';
  yield* jsonChunks(data.board, 0, 1 << 16);
  yield ',"flags":{';
  let batch: string[] = [];
  let comma = '';
  for (const [id, view] of Object.entries(data.flags)) {
    batch.push(`${JSON.stringify(id)}:${JSON.stringify(view)}`);
    if (batch.length < VIEWS_PER_PIECE) continue;
    yield `${comma}${batch.join(',')}`;
    [batch, comma] = [[], ','];
  }
  yield `${batch.length === 0 ? '' : comma}${batch.join(',')}}}`;
}

/**
 * The report as one HTML file (script, style and data inline, under a hash-based CSP), in pieces:
 * at 100,000 flags one string of it, and its copies, took hundreds of MB.
 */
export async function reportPieces(
  ws: Workspace,
  options: ReportOptions,
): Promise<Iterable<string>> {
  const data = await reportData(ws, options);
  return staticPagePieces(loadAssets(), reportJson(data));
}

/** Writes the report to a file atomically: a reader never sees half of it. */
export async function writeReport(
  ws: Workspace,
  path: string,
  options: ReportOptions,
): Promise<number> {
  const folder = dirname(path);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory())
    throw new FlagstoreError('not_found', `no folder ${folder} to write the report into`, {
      fix: `mkdir -p ${shellWord(folder)}, or pass another -o`,
      details: { path },
    });
  return writeAtomicPieces(path, await reportPieces(ws, options));
}
