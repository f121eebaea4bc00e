/** `flagstore gate pre-commit | restore`: the hook's entry point and its recovery command. */
import type { Command } from 'commander';
import { formatAge } from '../../core/duration.js';
import type { FlagSummary } from '../../gates/staged-flags.js';
import { recover } from '../../gates/hide.js';
import { runPreCommit, type PreCommitReport } from '../../gates/precommit.js';
import { action, identity, workspace } from '../context.js';
import { palette, printNative, say, sanitize, warn } from '../output.js';

/** The environment variable that lets one commit through the critical-flag block. */
export const OVERRIDE_ENV = 'FLAGSTORE_ALLOW_CRITICAL';

function skipList(): string[] {
  return (process.env.FLAGSTORE_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function blockingLine(flag: FlagSummary, now: Date): string[] {
  const target = flag.target_agent ?? '(everyone)';
  const who = flag.target_agent ?? '@your.agent';
  return [
    `  ${flag.id}  ${flag.flag_type}  ${flag.source_agent} -> ${target}  ${formatAge(flag.created_at, now)} old${flag.locked ? '  locked' : ''}`,
    `    ${flag.change}`,
    `    resolve: flagstore complete ${flag.id} --by ${who} --notes "what was done"`,
  ].map(sanitize);
}

function printGates(report: PreCommitReport): void {
  const c = palette();
  const mark = { pass: c.green('pass'), fail: c.red('fail'), skip: c.dim('skip') };
  if (report.hidden.length > 0) {
    say(
      c.dim(
        `unstaged edits in ${report.hidden.length} file(s) hidden while gates ran, then restored`,
      ),
    );
  }
  for (const g of report.gates) {
    const time = g.status === 'skip' ? '' : `${Math.round(g.ms)}ms`;
    const reason = g.reason === null ? '' : `  ${sanitize(g.reason)}`;
    say(`${mark[g.status]}  ${sanitize(g.name).padEnd(10)} ${time.padStart(7)}${reason}`);
  }
  for (const g of report.gates.filter((r) => r.status === 'fail' && r.output !== '')) {
    say(c.bold(`--- ${sanitize(g.name)} (last lines) ---`));
    say(sanitize(g.output));
  }
}

function printBlock(report: PreCommitReport, now: Date): void {
  const c = palette();
  const blocking = report.block.blocking;
  if (blocking.length > 0 && report.overridden) {
    warn(
      c.red(
        c.bold(
          `WARNING: ${blocking.length} unresolved critical flag(s) overridden for this commit (${OVERRIDE_ENV}/FLAGSTORE_SKIP).`,
        ),
      ),
    );
    warn(c.red('Record why in the commit message; CI will still report these flags.'));
  } else if (blocking.length > 0) {
    warn(c.red(`commit blocked: ${blocking.length} unresolved critical flag(s):`));
  }
  blocking.forEach((f) => blockingLine(f, now).forEach((line) => warn(line)));
  if (blocking.length > 0 && !report.overridden) {
    warn(
      `emergency only: ${OVERRIDE_ENV}=1 git commit ... (prints this warning), or git commit --no-verify`,
    );
  }
  for (const { flag, paths } of report.notices) {
    const files = sanitize(paths.join(', '));
    say(
      c.yellow(
        `notice: pending flag ${flag.id} (${sanitize(flag.flag_type)}, ${flag.impact_level}) concerns ${files}`,
      ),
    );
  }
}

function registerPreCommit(gate: Command): void {
  gate
    .command('pre-commit')
    .description('run the gates and the critical-flag block against the staged content')
    .action(
      action('native', async (ctx) => {
        const ws = await workspace(ctx);
        const skip = skipList();
        const report = await runPreCommit({
          ws,
          agent: await identity(ctx, ws),
          skip,
          allowCritical: ['1', 'true', 'yes'].includes(process.env[OVERRIDE_ENV] ?? ''),
        });
        if (ctx.json) printNative({ ...report });
        else {
          if (skip.length > 0)
            warn(`skipping for this commit (FLAGSTORE_SKIP): ${sanitize(skip.join(', '))}`);
          report.unknownSkips.forEach((s) =>
            warn(`warning: FLAGSTORE_SKIP names no gate: ${sanitize(s)}`),
          );
          printGates(report);
          printBlock(report, ctx.now);
        }
        return report.ok ? 0 : 1;
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
              `kept      ${sanitize(k.path)} (changed since; your saved version: ${sanitize(k.copy)})`,
            ),
          );
        }
        return report !== null && report.kept.length > 0 ? 6 : 0;
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
