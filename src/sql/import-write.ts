/**
 * The writing half of `flagstore import-sqlite`: every planned agent and flag file, or none.
 * A file at a planned path that holds exactly what this import writes was written by another
 * run of it (two runs at once, or a run killed before its commit): it counts as already
 * imported. Anything else there stops the import with the file to look at.
 */
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { agentFileName } from '../catalog/agent.js';
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

/** An agent file to write: its row's name and handle, where, what, and its row's repairs. */
export interface PendingFile {
  name: string;
  handle: string;
  path: string;
  text: string;
  repairs: string[];
}

/** Why an agent already in the catalog is not written again. */
export const IN_CATALOG = 'already in the catalog';

/** Whether the file at `path` holds exactly `text` (what an earlier run of this import wrote). */
export function holds(path: string, text: string): boolean {
  return existsSync(path) && readFileSync(path, 'utf8') === text;
}

/** What the write loop wrote, and the files other runs of this import had written already. */
export interface Written {
  agentPaths: string[];
  agentsPresent: string[];
  flagPaths: string[];
  flagsPresent: string[];
}

/**
 * Creates `path` with `text`; false when another run of this import wrote the same file first.
 * A different file there (the link refused with EEXIST) is an error naming it, with the fix.
 */
export function createOnce(ws: Workspace, path: string, text: string): boolean {
  try {
    createAtomic(path, text);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (holds(path, text)) return false;
    const file = relative(ws.root, path);
    throw new FlagstoreError(
      'conflict',
      `${file} appeared while importing and holds another file than this import writes`,
      {
        fix: `look at ${file} (git log, git status): if another import or a person wrote it, move it aside, then run the import again`,
        details: { path: file },
      },
    );
  }
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

/** Writes each agent's file, or counts it as in the catalog when another run wrote it first. */
function writeAgents(run: Run, agents: PendingFile[]): void {
  const { report, done } = run;
  for (const file of agents) {
    run.current = file.path;
    if (createOnce(run.ws, file.path, file.text)) {
      done.agentPaths.push(file.path);
      const { handle, repairs } = file;
      report.agents.written.push({ handle, file: agentFileName(handle), repairs });
    } else {
      done.agentsPresent.push(file.path);
      report.agents.skipped.push({ name: file.name, reason: IN_CATALOG });
    }
  }
}

/** Writes one flag's file, or counts it as imported when the file is already there. */
function writeFlag(run: Run, p: PlannedFlag): void {
  const { ws, report, done } = run;
  const flag = p.flag as Flag;
  const path = ws.flags.pathOf(flag.id);
  const skip = () => {
    done.flagsPresent.push(path);
    report.flags.skipped.push({
      from: p.from,
      id: flag.id,
      reason: `already imported as ${flag.id}`,
    });
  };
  if (existsSync(path)) return skip();
  if (!createOnce(ws, path, ws.flags.newFileText(flag))) return skip();
  done.flagPaths.push(path);
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
  if (planned.length > 0) await fs.mkdir(run.ws.flagsDir, { recursive: true });
  writeAgents(run, agents);
  const count = { count: 0, of: planned.length, progress: run.ws.progress };
  for (const p of planned) {
    run.current = `row #${p.from}`;
    await signals.stopIfAsked();
    countStep(count, { doing: 'importing', unit: 'flags' });
    writeFlag(run, p);
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
  const done: Written = { agentPaths: [], agentsPresent: [], flagPaths: [], flagsPresent: [] };
  const run: Run = { ws, report, done, current: '' };
  const signals = catchSignals();
  try {
    await writeFiles(run, agents, planned, signals);
  } catch (error) {
    const written = [...done.agentPaths, ...done.flagPaths];
    await Promise.all(written.map((path) => fs.rm(path, { force: true })));
    const reason = error instanceof Error ? error.message : String(error);
    const known = error instanceof FlagstoreError ? error : null;
    const fix = known?.fix;
    throw new FlagstoreError(
      known?.code ?? 'io',
      `import stopped at ${run.current}: ${reason}; the ${written.length} file(s) it had written were removed`,
      {
        ...(fix ? { fix } : {}),
        details: { at: run.current, ...(signals.received() ? { signal: signals.received() } : {}) },
      },
    );
  } finally {
    signals.release();
  }
  return done;
}
