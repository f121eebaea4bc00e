/** `flagstore query "SQL" [params-json]`: the seed's read-only SQL, output as a JSON array. */
import type { Command } from 'commander';
import { parseDuration } from '../../core/duration.js';
import { FlagstoreError, unwrap } from '../../core/errors.js';
import { parseParams, runQuery, type QueryLimits } from '../../sql/query.js';
import { action, workspace } from '../context.js';
import { printJson } from '../output.js';

interface LimitOptions {
  timeout?: string;
  maxRows?: string;
  maxMemory?: string;
}

function positive(raw: string, what: string): number {
  const value = Number(raw);
  if (Number.isSafeInteger(value) && value > 0) return value;
  throw new FlagstoreError('usage', `${what} must be a whole number above 0 (got "${raw}")`);
}

/** The limits given by option, else by environment variable; unset ones keep the defaults. */
function limits(o: LimitOptions): Partial<QueryLimits> {
  const env = process.env;
  const timeout = o.timeout ?? env.FLAGSTORE_QUERY_TIMEOUT;
  const rows = o.maxRows ?? env.FLAGSTORE_QUERY_MAX_ROWS;
  const memory = o.maxMemory ?? env.FLAGSTORE_QUERY_MAX_MEMORY;
  const result: Partial<QueryLimits> = {};
  if (timeout) result.timeoutMs = unwrap(parseDuration(timeout));
  if (rows) result.maxRows = positive(rows, 'the row cap');
  if (memory) result.maxMemoryMb = positive(memory, 'the memory cap (MiB)');
  return result;
}

/** Registers `query`. */
export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('seed-compatible: read-only SQL over tables flags and agents_catalog (JSON rows)')
    .argument('<sql>', 'one SELECT statement')
    .argument('[params]', 'JSON array of positional parameters, or object of named ones')
    .option('--timeout <duration>', 'stop the query after this long (default 20s)')
    .option('--max-rows <n>', 'refuse a result of more rows (default 100000)')
    .option('--max-memory <MiB>', 'refuse a query needing more memory (default 512)')
    .action(
      action('seed', async (ctx, sql: string, params: string | undefined, o: LimitOptions) => {
        const ws = await workspace(ctx);
        const request = { sql, params: parseParams(params), now: ctx.now, limits: limits(o) };
        printJson(await runQuery(ws, request));
      }),
    );
}
