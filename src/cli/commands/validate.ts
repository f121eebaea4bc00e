/** `flagstore validate [paths...]`: check flag files against the schema, with file and line. */
import type { Command } from 'commander';
import { EXIT_CODES } from '../../core/errors.js';
import { validateAndFix, type ValidateResult } from '../../services/adopt.js';
import { dataAction, workspace, type Ctx } from '../context.js';
import { oneLine, palette, printNative, say } from '../output.js';

/** Validates; with `fix`, gives hand-written flag files their id and name first. */
export async function runValidate(
  ctx: Ctx,
  paths: string[],
  o: { fix?: boolean },
): Promise<ValidateResult> {
  return validateAndFix(await workspace(ctx), { cwd: ctx.cwd, paths, fix: o.fix });
}

function presentValidate(ctx: Ctx, { files, fixed }: ValidateResult): number {
  const failed = files.filter((r) => !r.valid);
  if (ctx.json) {
    printNative({ valid: failed.length === 0, files, fixed });
  } else {
    const c = palette();
    for (const a of fixed) {
      const what = a.added.length > 0 ? `added ${a.added.join(', ')}` : 'renamed';
      say(`${c.green('fixed')} ${oneLine(a.from)} -> ${oneLine(a.to)} (${what})`);
    }
    for (const r of files) {
      for (const p of r.problems) {
        const label = p.severity === 'error' ? c.red('error') : c.yellow('warning');
        say(`${oneLine(r.path)}:${p.line}: ${label}: ${oneLine(p.message)}`);
      }
    }
    say(`${files.length} file(s) checked, ${failed.length} invalid`);
  }
  return failed.length > 0 ? EXIT_CODES.invalid : 0;
}

/** Registers `validate`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('validate flag and agent files (default: the flags and agents folders)')
    .argument('[paths...]', 'files or folders')
    .option(
      '--fix',
      'give flag files written by hand in the flags folder their id, created_at and <id>.md name',
    )
    .action(dataAction('native', runValidate, presentValidate));
}
