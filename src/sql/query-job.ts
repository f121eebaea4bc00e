/**
 * One `query` statement as a job for a worker thread: the tables are built and the statement
 * runs there, under SQLite's heap limit and a row cap, so the caller can stop a runaway query.
 */
import type { Agent } from '../catalog/agent.js';
import type { Flag } from '../core/types.js';
import { selectRows, sqlEngine, type SqlValue } from './engine.js';
import { loadTables } from './tables.js';

/** How far one query may go; each is raised with an option or an environment variable. */
export interface QueryLimits {
  /** Wall time for building the tables and running the statement. */
  timeoutMs: number;
  /** Rows a result may hold. */
  maxRows: number;
  /** SQLite's heap and the worker's JavaScript heap, each, in MiB. */
  maxMemoryMb: number;
}

/** What a worker needs to run one statement (structured-cloneable). */
export interface QueryJob {
  sql: string;
  params: SqlValue[] | Record<string, SqlValue>;
  flags: Flag[];
  agents: Agent[];
  now: Date;
  limits: QueryLimits;
}

/** Why a job failed: the statement was refused, hit a limit, or is not valid SQL. */
export type QueryFailure = 'refused' | 'rows' | 'memory' | 'sql';

/** The rows of a job, or why it failed (errors cross the thread as plain data). */
export type QueryOutcome =
  { rows: Record<string, unknown>[] } | { failure: QueryFailure; message: string };

function classify(error: unknown): QueryOutcome {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RowLimit) return { failure: 'rows', message };
  if (/readonly/.test(message)) return { failure: 'refused', message };
  if (/out of memory|too big/i.test(message)) return { failure: 'memory', message };
  return { failure: 'sql', message };
}

/** The row cap was reached. */
class RowLimit extends Error {}

/** Builds the tables and runs the job's one statement; never throws. */
export async function runJob(job: QueryJob): Promise<QueryOutcome> {
  const SQL = await sqlEngine();
  const db = new SQL.Database();
  try {
    const bytes = job.limits.maxMemoryMb * 1024 * 1024;
    db.exec(`PRAGMA temp_store = MEMORY; PRAGMA hard_heap_limit = ${Math.floor(bytes)}`);
    loadTables(db, job);
    db.exec('PRAGMA query_only = ON');
    const statements = [...db.iterateStatements(job.sql)];
    statements.forEach((s) => s.free());
    if (statements.length !== 1) return { failure: 'refused', message: 'not one statement' };
    const rows = selectRows(db, job.sql, job.params, job.limits.maxRows + 1);
    if (rows.length > job.limits.maxRows) throw new RowLimit(`more than ${job.limits.maxRows}`);
    return { rows };
  } catch (error) {
    return classify(error);
  } finally {
    db.close();
  }
}
