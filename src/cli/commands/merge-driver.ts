/** `flagstore merge-driver %O %A %B %P`: the git merge driver for flag files (set up by init). */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { mergeFlagBytes } from '../../sync/merge-driver.js';
import { action } from '../context.js';
import { sanitize, warn } from '../output.js';

/** Registers `merge-driver`. */
export function registerMergeDriver(program: Command): void {
  program
    .command('merge-driver')
    .description('git merge driver for flag files: field by field, prose by git merge-file')
    .argument('<base>', 'the common ancestor (%O)')
    .argument('<ours>', 'our version, overwritten with the result (%A)')
    .argument('<theirs>', 'their version (%B)')
    .argument('[path]', 'the path being merged (%P), for messages')
    .action(
      action('native', async (_ctx, ...args: unknown[]) => {
        const [base, ours, theirs, path] = args as [string, string, string, string | undefined];
        const merged = await mergeFlagBytes({
          base: readFileSync(base),
          ours: readFileSync(ours),
          theirs: readFileSync(theirs),
        });
        writeFileSync(ours, merged.bytes);
        if (!merged.conflict) return 0;
        warn(
          `flagstore: conflicting prose in ${sanitize(path ?? ours)}; resolve the markers by hand`,
        );
        return 1;
      }),
    );
}
