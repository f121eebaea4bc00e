/** `flagstore query`: read-only SQL over the workspace's flags and agents (the seed's `query`). */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { FlagstoreError } from '../core/errors.js';
import { listAgents } from '../services/agents.js';
import type { Workspace } from '../services/workspace.js';
import type { SqlValue } from './engine.js';
import type { QueryJob, QueryLimits, QueryOutcome } from './query-job.js';

export type { QueryLimits } from './query-job.js';

const READ_START = /^(select|with|values)\b/i;
const COMMENTS = /^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/;

/** The limits of a query unless raised: 20 s, 100,000 rows, 512 MiB. */
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  timeoutMs: 20_000,
  maxRows: 100_000,
  maxMemoryMb: 512,
};

function refused(sql: string): FlagstoreError {
  return new FlagstoreError(
    'invalid',
    'query is read-only: only one SELECT (or WITH ... SELECT, VALUES) statement is allowed',
    {
      fix: 'change flags with flagstore create, lock, unlock and complete',
      details: { sql },
    },
  );
}

/**
 * Named parameters in every form SQLite takes: `{"a": 1}` binds `:a`, `@a` and `$a`, as
 * `{":a": 1}` binds `:a` (sql.js alone would bind nothing for `a` and read NULL).
 */
function namedParams(params: Record<string, SqlValue>): Record<string, SqlValue> {
  const named: Record<string, SqlValue> = {};
  for (const [key, value] of Object.entries(params)) {
    if (/^[:@$]/.test(key)) named[key] = value;
    else for (const prefix of [':', '@', '$']) named[`${prefix}${key}`] ??= value;
  }
  return named;
}

/** Parses the optional params argument: a JSON array (positional) or object (named). */
export function parseParams(raw: string | undefined): SqlValue[] | Record<string, SqlValue> {
  if (raw === undefined || raw.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new FlagstoreError('usage', `params are not valid JSON: ${(error as Error).message}`);
  }
  if (Array.isArray(value)) return value as SqlValue[];
  if (typeof value === 'object' && value !== null) return value as Record<string, SqlValue>;
  throw new FlagstoreError('usage', 'params must be a JSON array or object, like ["@backend.api"]');
}

function checkReadOnly(sql: string): void {
  const body = sql.replace(COMMENTS, '');
  if (!READ_START.test(body)) throw refused(sql);
}

function limitError(what: string, fix: string, sql: string): FlagstoreError {
  return new FlagstoreError('invalid', `query stopped: ${what}`, { fix, details: { sql } });
}

const RAISE = {
  time: 'add a LIMIT or a tighter WHERE, or raise the limit: --timeout 60s or FLAGSTORE_QUERY_TIMEOUT=60s',
  rows: 'add a LIMIT, or raise the cap: --max-rows N or FLAGSTORE_QUERY_MAX_ROWS=N',
  memory:
    'add a LIMIT or a tighter WHERE, or raise the cap: --max-memory MiB or FLAGSTORE_QUERY_MAX_MEMORY=MiB',
};

/** The outcome of a job as rows, or the error a person reads. */
function rowsOf(outcome: QueryOutcome, job: QueryJob): Record<string, unknown>[] {
  if ('rows' in outcome) return outcome.rows;
  const { limits, sql } = job;
  switch (outcome.failure) {
    case 'refused':
      throw refused(sql);
    case 'rows':
      throw limitError(`the result has more than ${limits.maxRows} rows`, RAISE.rows, sql);
    case 'memory':
      throw limitError(
        `it needs more than ${limits.maxMemoryMb} MiB (${outcome.message})`,
        RAISE.memory,
        sql,
      );
    default:
      throw new FlagstoreError('invalid', `SQL error: ${outcome.message}`, {
        fix: 'the tables are flags and agents_catalog, with the seed\'s columns; see them with: flagstore query "SELECT * FROM flags LIMIT 1"',
        details: { sql },
      });
  }
}

/**
 * The worker's script: beside this module in the bundle (dist/bundle/query-worker.js) and in the
 * compiled tree; from the TypeScript sources (tests run them in-process) the bundle's copy.
 */
function workerFile(): URL {
  const beside = new URL('./query-worker.js', import.meta.url);
  if (existsSync(beside)) return beside;
  return new URL('../../dist/bundle/query-worker.js', import.meta.url);
}

/** Runs a job in a worker thread, stopped when it outlives the time limit or its heap. */
function inWorker(job: QueryJob): Promise<QueryOutcome> {
  const { limits } = job;
  const worker = new Worker(workerFile(), {
    workerData: job,
    // The parent's flags (--input-type, --inspect, a test runner's loaders) are not the worker's.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: limits.maxMemoryMb },
  });
  return new Promise<QueryOutcome>((resolve, reject) => {
    const stop = (settle: () => void): void => {
      clearTimeout(timer);
      void worker.terminate();
      settle();
    };
    const seconds = Math.round(limits.timeoutMs / 100) / 10;
    const timer = setTimeout(
      () => stop(() => reject(limitError(`it ran longer than ${seconds}s`, RAISE.time, job.sql))),
      limits.timeoutMs,
    );
    worker.once('message', (outcome: QueryOutcome) => stop(() => resolve(outcome)));
    worker.once('error', (error: Error & { code?: string }) => {
      const memory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      const message = memory ? `it needs more than ${limits.maxMemoryMb} MiB` : error.message;
      stop(() => reject(limitError(message, memory ? RAISE.memory : 'report this', job.sql)));
    });
    worker.once('exit', (code) =>
      stop(() => reject(limitError(`the query worker exited (${code})`, 'report this', job.sql))),
    );
  });
}

/** Runs one read-only statement within the limits and returns its rows. */
export async function runQuery(
  ws: Workspace,
  request: {
    sql: string;
    params?: SqlValue[] | Record<string, SqlValue>;
    now: Date;
    limits?: Partial<QueryLimits>;
  },
): Promise<Record<string, unknown>[]> {
  checkReadOnly(request.sql);
  const [all, agents] = await Promise.all([
    ws.flags.readAll({ progress: ws.progress }),
    listAgents(ws),
  ]);
  const params = request.params ?? [];
  const job: QueryJob = {
    sql: request.sql,
    params: Array.isArray(params) ? params : namedParams(params),
    flags: all.flatMap((s) => (s.flag ? [s.flag] : [])),
    agents: agents.map(({ file: _file, ...agent }) => agent),
    now: request.now,
    limits: { ...DEFAULT_QUERY_LIMITS, ...request.limits },
  };
  return rowsOf(await inWorker(job), job);
}
