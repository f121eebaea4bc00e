/** `flagstore check`: the CI backstop, with GitHub annotations and a step summary under Actions. */
import type { Command } from 'commander';
import { EXIT_CODES } from '../../core/errors.js';
import { reportLink, runCheck, writeStepSummary, type CheckReport } from '../../review/check.js';
import { annotation } from '../../review/findings.js';
import { changeJson } from '../../review/markdown.js';
import { action, workspace } from '../context.js';
import { oneLine, palette, printNative, say, sayCommand, warnNote } from '../output.js';

/** The base a check compares with: --base, else the pull request's base branch under Actions. */
function baseRef(option: string | undefined): string | undefined {
  if (option !== undefined) return option;
  const prBase = process.env.GITHUB_BASE_REF;
  return prBase ? `origin/${prBase}` : undefined;
}

/**
 * Appends the step summary. It only repeats the findings: a path it cannot write (a folder
 * missing in a job container, a local runner) is warned about, and the verdict stands.
 */
function stepSummary(path: string, report: CheckReport): void {
  try {
    writeStepSummary(path, report, reportLink(process.env));
  } catch (error) {
    warnNote(`could not write the step summary to ${path}: ${(error as Error).message}`);
  }
}

/** Registers `check`. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(
      'CI backstop: valid flag and agent files, legal transitions, no unresolved critical flag',
    )
    .option('--base <ref>', 'compare with this ref (default: merge base with the default branch)')
    .action(
      action('native', async (ctx, o: { base?: string }) => {
        const ws = await workspace(ctx);
        const report = await runCheck(ws, baseRef(o.base));
        if (process.env.GITHUB_ACTIONS === 'true') {
          report.findings.forEach((f) => sayCommand(annotation(f)));
          const summary = process.env.GITHUB_STEP_SUMMARY;
          if (summary) stepSummary(summary, report);
        }
        if (ctx.json) {
          printNative({
            ok: report.ok,
            findings: report.findings,
            range: report.review.range,
            changes: report.review.changes.map(changeJson),
          });
        } else {
          const c = palette();
          for (const f of report.findings) {
            const level = f.severity === 'error' ? c.red('error') : c.yellow('warning');
            say(`${oneLine(f.path)}:${f.line}: ${level}: ${oneLine(f.message)}`);
          }
          say(
            report.ok
              ? c.green('check passed')
              : c.red(
                  `check failed: ${report.findings.filter((f) => f.severity === 'error').length} error(s)`,
                ),
          );
        }
        return report.ok ? 0 : EXIT_CODES.invalid;
      }),
    );
}
