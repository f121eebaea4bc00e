/** `flagstore import-sqlite <project.db>`: bring a project off the original SQLite store. */
import type { Command } from 'commander';
import { userPath } from '../../services/workspace.js';
import { importSqlite, NOT_A_HANDLE, type SqliteImportReport } from '../../sql/import-sqlite.js';
import { action, workspace } from '../context.js';
import { commitOption } from '../options.js';
import { printNative, sanitize, say } from '../output.js';

interface ImportOptions {
  commit?: boolean;
  tz?: string;
}

/** How many unusable agent names the summary quotes; --json lists every one. */
const NAMES_SHOWN = 10;

/**
 * The agents rows not imported: those already in the catalog counted, those whose name is not a
 * handle named (a row left behind must not go unsaid), with how to add them by hand.
 */
function skippedAgents(skipped: SqliteImportReport['agents']['skipped']): string[] {
  const unusable = skipped.filter((s) => s.reason === NOT_A_HANDLE).map((s) => s.name);
  const lines: string[] = [];
  if (unusable.length > 0) {
    const names = unusable.slice(0, NAMES_SHOWN).map((n) => JSON.stringify(n));
    const rest = unusable.length - names.length;
    const more = rest > 0 ? `, and ${rest} more (--json lists them)` : '';
    lines.push(
      `agents skipped, ${NOT_A_HANDLE}: ${sanitize(names.join(', '))}${more}`,
      '  add each by hand: flagstore agents add @domain.module --description "what it does"',
    );
  }
  const known = skipped.length - unusable.length;
  if (known > 0) lines.push(`agents skipped: ${known} already in the catalog`);
  return lines;
}

/** The human summary: counts, the zone, and repairs by kind (not one line per row). */
function summary(report: SqliteImportReport): string[] {
  const { agents, flags, repairs } = report;
  const lines = [
    `agents: ${agents.written.length} written, ${agents.skipped.length} skipped; flags: ${flags.written.length} written, ${flags.skipped.length} skipped`,
    `times read as local time in ${report.time_zone} (change with --tz)`,
  ];
  const repaired = flags.written.filter((f) => f.repairs.length > 0).length;
  if (repaired > 0) {
    lines.push(
      `${repaired} of ${flags.written.length} flags needed repairs, each recorded in the flag's notes:`,
    );
    lines.push(...repairs.map((r) => `  ${String(r.rows).padStart(5)}  ${sanitize(r.kind)}`));
    lines.push(
      'every repair, row by row: flagstore --json import-sqlite <db> (or flagstore show #<id>)',
    );
  }
  lines.push(...skippedAgents(agents.skipped));
  if (report.commit) lines.push(`committed ${report.commit.slice(0, 10)}`);
  return lines;
}

/** Registers `import-sqlite`. */
export function registerImportSqlite(program: Command): void {
  program
    .command('import-sqlite')
    .description(
      'import agents_catalog and every flag from an original SQLite database (all or nothing; re-running adds nothing)',
    )
    .argument('<db>', 'path of the project.db file')
    .addOption(commitOption('the written files'))
    .option('--tz <zone>', "the original's time zone, e.g. Europe/Madrid (default: this machine's)")
    .action(
      action('native', async (ctx, db: string, o: ImportOptions) => {
        const ws = await workspace(ctx);
        const report = await importSqlite(ws, userPath(ctx.cwd, db), {
          commit: o.commit ?? false,
          ...(o.tz === undefined ? {} : { tz: o.tz }),
          now: ctx.now,
        });
        if (ctx.json) printNative({ ...report });
        else summary(report).forEach((line) => say(line));
      }),
    );
}
