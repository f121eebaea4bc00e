/** `flagstore init`: set a repository up (idempotent), and optionally an agent client. */
import type { Command } from 'commander';
import { unwrap } from '../../core/errors.js';
import { setupClaude } from '../../services/claude-setup.js';
import { initRepository } from '../../services/init.js';
import { oneOfList } from '../parse.js';
import { action, workspace } from '../context.js';
import { printNative, say, warn } from '../output.js';

interface InitOptions {
  ci?: string;
  agent?: string;
  command?: string;
}

/** Registers `init`. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'set this repository up: configuration, flags/ and agents/ folders, the pre-commit hook, the merge driver',
    )
    .option('--ci <provider>', 'also write a CI workflow that runs flagstore check (github)')
    .option(
      '--agent <client>',
      'also set up an agent client (claude: .mcp.json, the SessionStart hook, CLAUDE.md)',
    )
    .option('--command <line>', 'how the client starts flagstore (default: flagstore, on PATH)')
    .action(
      action('native', async (ctx, o: InitOptions) => {
        const ci =
          o.ci === undefined ? undefined : unwrap(oneOfList<'github'>(o.ci, ['github'], 'ci'))[0];
        const client =
          o.agent === undefined
            ? undefined
            : unwrap(oneOfList<'claude'>(o.agent, ['claude'], 'agent'))[0];
        const ws = await workspace(ctx);
        const report = await initRepository(ws, { ci });
        const claude = client === 'claude' ? await setupClaude(ws, { command: o.command }) : null;
        if (claude !== null) {
          report.created.push(...claude.created);
          report.unchanged.push(...claude.unchanged);
        }
        const updated = claude?.updated ?? [];
        if (ctx.json) {
          printNative({ ...report, updated });
          return;
        }
        report.created.forEach((p) => say(`created    ${p}`));
        updated.forEach((p) => say(`updated    ${p}`));
        report.unchanged.forEach((p) => say(`unchanged  ${p}`));
        report.manual.forEach((m) => warn(`to do:     ${m}`));
      }),
    );
}
