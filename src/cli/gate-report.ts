/** Running `gate pre-commit` and printing its report; shared by the command and the hook entry. */
import { formatAge } from '../core/duration.js';
import { runPreCommit, type GateRepo, type PreCommitReport } from '../gates/precommit.js';
import { runByFrameworkToo } from '../gates/framework-legacy.js';
import type { FlagSummary } from '../gates/staged-flags.js';
import type { StagedChange } from '../gates/staged.js';
import type { ObjectReader } from '../git/objects.js';
import { padToWidest } from './columns.js';
import { palette, printNative, say, sanitize, terminalProgress, warn, warnNote } from './output.js';

/** The environment variable that lets one commit through the critical-flag block. */
export const OVERRIDE_ENV = 'FLAGSTORE_ALLOW_CRITICAL';

function skipList(): string[] {
  return (process.env.FLAGSTORE_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function blockingLines(flag: FlagSummary, now: Date): string[] {
  const target = flag.target_agent ?? '(everyone)';
  const who = flag.target_agent ?? '@your.agent';
  const locked = flag.locked ? '  locked' : '';
  return [
    `  ${flag.id}  ${flag.flag_type}  ${flag.source_agent} -> ${target}  ${formatAge(flag.created_at, now)} old${locked}`,
    `    ${flag.change}`,
    `    resolve: flagstore complete ${flag.id} --by ${who} --notes "what was done"`,
  ].map(sanitize);
}

/** Where hidden edits went when they could not go back in place. */
function printSaved(report: PreCommitReport): void {
  const c = palette();
  const recovered = report.recovered;
  if (recovered !== null) {
    warn(
      c.yellow('flagstore: an earlier gate run was killed; its hidden edits were restored first:'),
    );
    recovered.restored.forEach((p) => warn(`  restored  ${sanitize(p)}`));
  }
  for (const k of [...(recovered?.kept ?? []), ...report.saved]) {
    warn(
      c.yellow(
        `kept your version of ${sanitize(k.path)} (${sanitize(k.why)}); its hidden unstaged edits are saved in ${sanitize(k.copy)}`,
      ),
    );
  }
}

/** The columns a gate's name takes at least in the report, so short names line up as before. */
const NAME_WIDTH = 10;

function printGates(report: PreCommitReport): void {
  const c = palette();
  printSaved(report);
  const mark = { pass: c.green('pass'), fail: c.red('fail'), skip: c.dim('skip') };
  if (report.hidden.length > 0) {
    // A file saved while the gates ran keeps the save; its hidden edits were not put back.
    const kept = report.saved.length;
    const then =
      kept === 0
        ? 'then restored'
        : `then ${report.hidden.length - kept} restored, ${kept} kept as you saved it (above)`;
    say(c.dim(`unstaged edits in ${report.hidden.length} file(s) hidden while gates ran, ${then}`));
  }
  const names = padToWidest(
    report.gates.map((g) => sanitize(g.name)),
    NAME_WIDTH,
  );
  report.gates.forEach((g, i) => {
    const time = g.status === 'skip' ? '' : `${Math.round(g.ms)}ms`;
    const reason = g.reason === null ? '' : `  ${sanitize(g.reason)}`;
    say(`${mark[g.status]}  ${names[i] ?? ''} ${time.padStart(7)}${reason}`);
  });
  for (const g of report.gates.filter((r) => r.status === 'fail' && r.output !== '')) {
    say(c.bold(`--- ${sanitize(g.name)} (last lines) ---`));
    say(sanitize(g.output));
  }
}

/** How many blocking flags the message lists; the count and the command for all come first. */
export const BLOCK_SHOWN = 10;

function blockAdvice(count: number, agent: string | null): string[] {
  const lines = [
    `see them all: flagstore list --impact critical${agent === null ? '' : ` --for ${agent}`}`,
  ];
  if (agent === null && count > 0)
    lines.push(
      'no agent identity is set, so every critical flag blocks; set one (FLAGSTORE_AGENT=@you.module, or git config flagstore.agent @you.module) and only flags for you or for everyone block',
    );
  return lines.map(sanitize);
}

function printBlocking(blocking: FlagSummary[], agent: string | null, now: Date): void {
  blocking
    .slice(0, BLOCK_SHOWN)
    .forEach((f) => blockingLines(f, now).forEach((line) => warn(line)));
  if (blocking.length > BLOCK_SHOWN) warn(`  ...and ${blocking.length - BLOCK_SHOWN} more`);
  blockAdvice(blocking.length, agent).forEach((line) => warn(line));
}

function printBlock(report: PreCommitReport, now: Date, agent: string | null): void {
  const c = palette();
  const blocking = report.block.blocking;
  if (blocking.length > 0 && report.overridden) {
    const count = `${blocking.length} unresolved critical flag(s)`;
    warn(
      c.red(
        c.bold(`WARNING: ${count} overridden for this commit (${OVERRIDE_ENV}/FLAGSTORE_SKIP).`),
      ),
    );
    warn(c.red('Record why in the commit message; CI will still report these flags.'));
  } else if (blocking.length > 0) {
    warn(
      c.red(
        `commit blocked: ${blocking.length} unresolved critical flag(s)${blocking.length > BLOCK_SHOWN ? `; the first ${BLOCK_SHOWN}` : ''}:`,
      ),
    );
  }
  if (blocking.length > 0) printBlocking(blocking, agent, now);
  if (blocking.length > 0 && !report.overridden) {
    warn(
      `emergency only: ${OVERRIDE_ENV}=1 git commit ... (prints this warning), or git commit --no-verify`,
    );
  }
  for (const { flag, paths } of report.notices) {
    const what = `${sanitize(flag.flag_type)}, ${sanitize(flag.impact_level)}`;
    say(
      c.yellow(`notice: pending flag ${flag.id} (${what}) concerns ${sanitize(paths.join(', '))}`),
    );
  }
}

/** What a pre-commit run needs from its caller. */
export interface PreCommitRun {
  repo: GateRepo;
  agent: string | null;
  json: boolean;
  now: Date;
  /** Staged changes already read by the caller. */
  changes?: StagedChange[];
  /** A batch object reader the caller already started. */
  objects?: ObjectReader;
}

/** Runs the gates, prints the report (human or `--json`) and returns the exit code. */
export async function preCommit(run: PreCommitRun): Promise<number> {
  // The pre-commit framework runs the gate from its own configuration right after this run.
  if (!run.json && (await runByFrameworkToo(run.repo.root))) return 0;
  const skip = skipList();
  const report = await runPreCommit({
    ws: run.repo,
    agent: run.agent,
    skip,
    allowCritical: ['1', 'true', 'yes'].includes(process.env[OVERRIDE_ENV] ?? ''),
    ...(run.changes === undefined ? {} : { changes: run.changes }),
    ...(run.objects === undefined ? {} : { objects: run.objects }),
    progress: terminalProgress(),
  });
  if (run.json) printNative({ ...report });
  else {
    if (skip.length > 0)
      warn(`skipping for this commit (FLAGSTORE_SKIP): ${sanitize(skip.join(', '))}`);
    report.unknownSkips.forEach((s) => warnNote(`FLAGSTORE_SKIP names no gate: ${s}`));
    printGates(report);
    printBlock(report, run.now, run.agent);
  }
  return report.ok ? 0 : 1;
}
