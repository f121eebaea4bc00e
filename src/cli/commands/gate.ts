/** `flagstore gate pre-commit | restore`: the hook's entry point and its recovery command. */
import type { Command } from 'commander';
import { recover } from '../../gates/hide-restore.js';
import { action, identity, workspace } from '../context.js';
import { preCommit } from '../gate-report.js';
import { printNative, say, sanitize, warn } from '../output.js';

function registerPreCommit(gate: Command): void {
  gate
    .command('pre-commit')
    .description('run the gates and the critical-flag block against the staged content')
    .action(
      action('native', async (ctx) => {
        const ws = await workspace(ctx);
        return preCommit({
          repo: ws,
          agent: await identity(ctx, ws),
          json: ctx.json,
          now: ctx.now,
        });
      }),
    );
}

function registerRestore(gate: Command): void {
  gate
    .command('restore')
    .description('put back unstaged edits saved by a gate run that was killed')
    .action(
      action('native', async (ctx) => {
        const ws = await workspace(ctx);
        const report = await recover(ws.root, ws.gitDir);
        if (ctx.json) printNative({ restore: report });
        else if (report === null) say('nothing to restore');
        else {
          report.restored.forEach((p) => say(`restored  ${sanitize(p)}`));
          report.kept.forEach((k) =>
            warn(
              `kept      ${sanitize(k.path)} (${sanitize(k.why)}; the hidden edits are saved in: ${sanitize(k.copy)})`,
            ),
          );
        }
        return 0;
      }),
    );
}

/** Registers `gate pre-commit` and `gate restore`. */
export function registerGate(program: Command): void {
  const gate = program.command('gate').description('pre-commit gates and the critical-flag block');
  registerPreCommit(gate);
  registerRestore(gate);
  gate.commands.forEach((c) => c.exitOverride().configureOutput({ outputError: () => undefined }));
}
