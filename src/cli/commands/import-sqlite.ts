/** `flagstore import-sqlite <project.db>`: bring a project off the original SQLite store. */
import type { Command } from 'commander';
import { userPath } from '../../services/workspace.js';
import { importSqlite } from '../../sql/import-sqlite.js';
import { action, workspace } from '../context.js';
import { commitOption } from '../options.js';
import { printNative, sanitize, say } from '../output.js';

/** Registers `import-sqlite`. */
export function registerImportSqlite(program: Command): void {
  program
    .command('import-sqlite')
    .description('import agents_catalog and flags from an original SQLite database (idempotent)')
    .argument('<db>', 'path of the project.db file')
    .addOption(commitOption('the written files'))
    .action(
      action('native', async (ctx, db: string, o: { commit?: boolean }) => {
        const ws = await workspace(ctx);
        const report = await importSqlite(ws, userPath(ctx.cwd, db), { commit: o.commit ?? false });
        if (ctx.json) {
          printNative({ ...report });
          return;
        }
        const { agents, flags } = report;
        for (const f of flags.written) {
          const fixes = f.repairs.length > 0 ? ` (${f.repairs.join('; ')})` : '';
          say(`flag #${sanitize(f.from)} -> ${f.id}${sanitize(fixes)}`);
        }
        for (const s of flags.skipped)
          say(`skipped flag #${sanitize(s.from)}: ${sanitize(s.reason)}`);
        for (const s of agents.skipped)
          say(`skipped agent ${sanitize(s.name)}: ${sanitize(s.reason)}`);
        say(
          `agents: ${agents.written.length} written, ${agents.skipped.length} skipped; flags: ${flags.written.length} written, ${flags.skipped.length} skipped`,
        );
        if (report.commit) say(`committed ${report.commit.slice(0, 10)}`);
      }),
    );
}
