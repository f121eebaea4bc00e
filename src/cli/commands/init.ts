/** `flagstore init`: set a repository up (idempotent). */
import type { Command } from 'commander';
import { unwrap } from '../../core/errors.js';
import { initRepository } from '../../services/init.js';
import { oneOfList } from '../parse.js';
import { action, workspace } from '../context.js';
import { printNative, say, warn } from '../output.js';

/** What to do after a first `init`: commit the set-up, then create a flag. */
const NEXT_STEP = `
next: commit the set-up, then create a flag:
  git add -A && git commit -m "Set up flagstore"
  flagstore create change --by @you.module --to @other.agent --change "..." --action "..."
  (docs/concepts.md explains flags, the catalog and the gates; flagstore --help lists commands)`;

/** Registers `init`. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'set this repository up: configuration, flags/ and agents/ folders, the pre-commit hook, the merge driver',
    )
    .option('--ci <provider>', 'also write a CI workflow that runs flagstore check (github)')
    .action(
      action('native', async (ctx, o: { ci?: string }) => {
        const ci =
          o.ci === undefined ? undefined : unwrap(oneOfList<'github'>(o.ci, ['github'], 'ci'))[0];
        const ws = await workspace(ctx);
        const report = await initRepository(ws, { ci });
        if (ctx.json) {
          printNative({ ...report });
          return;
        }
        report.created.forEach((p) => say(`created    ${p}`));
        report.unchanged.forEach((p) => say(`unchanged  ${p}`));
        report.manual.forEach((m) => warn(`to do:     ${m}`));
        if (report.created.length > 0) say(NEXT_STEP);
      }),
    );
}
