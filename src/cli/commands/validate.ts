/** `flagstore validate [paths...]`: check flag files against the schema, with file and line. */
import type { Command } from 'commander';
import { EXIT_CODES } from '../../core/errors.js';
import { validateFiles } from '../../services/validate.js';
import { action, workspace } from '../context.js';
import { palette, printNative, say, sanitize } from '../output.js';

/** Registers `validate`. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('validate flag and agent files (default: the flags and agents folders)')
    .argument('[paths...]', 'files or folders')
    .action(
      action('native', async (ctx, paths: string[]) => {
        const ws = await workspace(ctx);
        const reports = validateFiles(ws, ctx.cwd, paths);
        const failed = reports.filter((r) => !r.valid);
        if (ctx.json) {
          printNative({ valid: failed.length === 0, files: reports });
        } else {
          const c = palette();
          for (const r of reports) {
            for (const p of r.problems) {
              const label = p.severity === 'error' ? c.red('error') : c.yellow('warning');
              say(`${sanitize(r.path)}:${p.line}: ${label}: ${sanitize(p.message)}`);
            }
          }
          say(`${reports.length} file(s) checked, ${failed.length} invalid`);
        }
        return failed.length > 0 ? EXIT_CODES.invalid : 0;
      }),
    );
}
