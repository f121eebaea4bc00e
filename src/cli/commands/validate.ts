/** `flagstore validate [paths...]`: check flag files against the schema, with file and line. */
import { join } from 'node:path';
import type { Command } from 'commander';
import { EXIT_CODES } from '../../core/errors.js';
import { adoptFlagFiles, type Adoption, type Unadopted } from '../../services/adopt.js';
import { validateFiles, type FileReport } from '../../services/validate.js';
import { userPath } from '../../services/workspace.js';
import { dataAction, workspace, type Ctx } from '../context.js';
import { palette, printNative, say, sanitize } from '../output.js';

/** What `validate` found, and with `--fix` what it repaired first. */
export interface ValidateResult {
  files: FileReport[];
  fixed: Adoption[];
}

/** Validates; with `fix`, gives hand-written flag files their id and name first. */
export async function runValidate(
  ctx: Ctx,
  paths: string[],
  o: { fix?: boolean },
): Promise<ValidateResult> {
  const ws = await workspace(ctx);
  const first = validateFiles(ws, ctx.cwd, paths);
  if (o.fix !== true) return { files: first, fixed: [] };
  const done = adoptFlagFiles(ws, first).filter((a): a is Adoption => !isUnadopted(a));
  const moved = new Map(done.map((a) => [join(ws.root, a.from), join(ws.root, a.to)]));
  const again = paths.map((p) => moved.get(userPath(ctx.cwd, p)) ?? p);
  return { files: validateFiles(ws, ctx.cwd, again), fixed: done };
}

function isUnadopted(a: Adoption | Unadopted): a is Unadopted {
  return 'problems' in a;
}

function presentValidate(ctx: Ctx, { files, fixed }: ValidateResult): number {
  const failed = files.filter((r) => !r.valid);
  if (ctx.json) {
    printNative({ valid: failed.length === 0, files, fixed });
  } else {
    const c = palette();
    for (const a of fixed) {
      const what = a.added.length > 0 ? `added ${a.added.join(', ')}` : 'renamed';
      say(`${c.green('fixed')} ${sanitize(a.from)} -> ${sanitize(a.to)} (${what})`);
    }
    for (const r of files) {
      for (const p of r.problems) {
        const label = p.severity === 'error' ? c.red('error') : c.yellow('warning');
        say(`${sanitize(r.path)}:${p.line}: ${label}: ${sanitize(p.message)}`);
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
