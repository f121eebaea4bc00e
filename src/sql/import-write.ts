/**
 * The writing half of `flagstore import-sqlite`: every planned agent and flag file, or none;
 * a flag file already there counts as imported.
 */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { FlagstoreError } from '../core/errors.js';
import { countStep } from '../core/progress.js';
import type { Flag } from '../core/types.js';
import { guardSignals, type SignalGuard } from '../git/signal-guard.js';
import { createAtomic } from '../store/atomic.js';
import { agentsDir } from '../services/agents.js';
import type { Workspace } from '../services/workspace.js';
import type { PlannedFlag } from './import-plan.js';

/** What one import wrote and skipped, and why; every repair, and a summary of them. */
export interface SqliteImportReport {
  /** The zone the original's wall-clock times were read in. */
  time_zone: string;
  agents: {
    /** Each agent written, with the repairs its row needed (control characters removed). */
    written: { handle: string; file: string; repairs: string[] }[];
    skipped: { name: string; reason: string }[];
  };
  flags: {
    written: { from: string; id: string; repairs: string[] }[];
    skipped: { from: string; id: string | null; reason: string }[];
  };
  /** Rows per kind of repair, most frequent first. */
  repairs: { kind: string; rows: number }[];
  commit: string | null;
}

/** An agent file to write: where, and what. */
export interface PendingFile {
  path: string;
  text: string;
}

/** Whether the file at `path` holds exactly `text` (what an earlier run of this import wrote). */
export function holds(path: string, text: string): boolean {
  return existsSync(path) && readFileSync(path, 'utf8') === text;
}

/** What the write loop wrote, and the files other runs of this import had written already. */
export interface Written {
  agentPaths: string[];
  flagPaths: string[];
  flagsPresent: string[];
}

/**
 * Catches a Ctrl-C (or SIGTERM, SIGHUP) while files are written: the write loop stops at its
 * next file and removes what it wrote, where the default handler exited and left half an import.
 */
function catchSignals(): SignalGuard {
  return guardSignals({
    signals: ['SIGINT', 'SIGTERM', 'SIGHUP'],
    stop: (signal) => {
      throw new Error(`interrupted (${signal})`);
    },
  });
}

/** What one write loop is doing: its files, the report, and where it is (for the error). */
interface Run {
  ws: Workspace;
  report: SqliteImportReport;
  done: Written;
  current: string;
}

function writeAgents(run: Run, agents: PendingFile[]): void {
  for (const file of agents) {
    run.current = file.path;
    createAtomic(file.path, file.text);
    run.done.agentPaths.push(file.path);
  }
}

/** Writes one flag's file, or counts it as imported when the file is already there. */
async function writeFlag(run: Run, p: PlannedFlag): Promise<void> {
  const { ws, report, done } = run;
  const flag = p.flag as Flag;
  const path = ws.flags.pathOf(flag.id);
  if (existsSync(path)) {
    done.flagsPresent.push(path);
    report.flags.skipped.push({
      from: p.from,
      id: flag.id,
      reason: `already imported as ${flag.id}`,
    });
    return;
  }
  done.flagPaths.push(await ws.flags.createFile(flag));
  report.flags.written.push({
    from: p.from,
    id: flag.id,
    repairs: p.repairs.map((r) => r.message),
  });
}

async function writeFiles(
  run: Run,
  agents: PendingFile[],
  planned: PlannedFlag[],
  signals: SignalGuard,
): Promise<void> {
  if (agents.length > 0) await fs.mkdir(agentsDir(run.ws), { recursive: true });
  writeAgents(run, agents);
  const count = { count: 0, of: planned.length, progress: run.ws.progress };
  for (const p of planned) {
    run.current = `row #${p.from}`;
    await signals.stopIfAsked();
    countStep(count, { doing: 'importing', unit: 'flags' });
    await writeFlag(run, p);
  }
  await signals.stopIfAsked();
}

/**
 * Writes every planned file, or none: a failure, or a signal, removes what this run wrote, then
 * reports.
 */
export async function writeAll(
  ws: Workspace,
  agents: PendingFile[],
  planned: PlannedFlag[],
  report: SqliteImportReport,
): Promise<Written> {
  const done: Written = { agentPaths: [], flagPaths: [], flagsPresent: [] };
  const run: Run = { ws, report, done, current: '' };
  const signals = catchSignals();
  try {
    await writeFiles(run, agents, planned, signals);
  } catch (error) {
    const written = [...done.agentPaths, ...done.flagPaths];
    await Promise.all(written.map((path) => fs.rm(path, { force: true })));
    const reason = error instanceof Error ? error.message : String(error);
    throw new FlagstoreError(
      'io',
      `import stopped at ${run.current}: ${reason}; the ${written.length} file(s) it had written were removed`,
      {
        details: { at: run.current, ...(signals.received() ? { signal: signals.received() } : {}) },
      },
    );
  } finally {
    signals.release();
    ws.progress(null);
  }
  return done;
}
