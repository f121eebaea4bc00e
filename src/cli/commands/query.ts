/** `flagstore query "SQL" [params-json]`: the seed's read-only SQL, output as a JSON array. */
import type { Command } from 'commander';
import { parseParams, runQuery } from '../../sql/query.js';
import { action, workspace } from '../context.js';
import { printJson } from '../output.js';

/** Registers `query`. */
export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('seed-compatible: read-only SQL over tables flags and agents_catalog (JSON rows)')
    .argument('<sql>', 'one SELECT statement')
    .argument('[params]', 'JSON array of positional parameters, or object of named ones')
    .action(
      action('seed', async (ctx, sql: string, params: string | undefined) => {
        const ws = await workspace(ctx);
        printJson(await runQuery(ws, { sql, params: parseParams(params), now: ctx.now }));
      }),
    );
}
