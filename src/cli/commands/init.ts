/** `flagstore init`: set a repository up (idempotent). */
import type { Command } from 'commander';
import { initRepository } from '../../services/init.js';
import { action, workspace } from '../context.js';
import { printNative, say, warn } from '../output.js';

/** Registers `init`. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'set this repository up: configuration, flags/ and agents/ folders, the pre-commit hook',
    )
    .action(
      action('native', async (ctx) => {
        const ws = await workspace(ctx);
        const report = await initRepository(ws);
        if (ctx.json) {
          printNative({ ...report });
          return;
        }
        report.created.forEach((p) => say(`created    ${p}`));
        report.unchanged.forEach((p) => say(`unchanged  ${p}`));
        report.manual.forEach((m) => warn(`to do:     ${m}`));
      }),
    );
}
