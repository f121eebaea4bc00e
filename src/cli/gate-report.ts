/** Running `gate pre-commit` and printing its report; shared by the command and the hook entry. */
import { formatAge } from '../core/duration.js';
import { completeWords } from '../core/transition-rules.js';
import { runPreCommit, type GateRepo, type PreCommitReport } from '../gates/precommit.js';
import { runByFrameworkToo } from '../gates/framework-legacy.js';
import type { FlagSummary } from '../gates/staged-flags.js';
import type { StagedChange } from '../gates/staged.js';
import type { ObjectReader } from '../git/objects.js';
import { columns, padToWidest } from './columns.js';
import {
  oneLine,
  palette,
  printNative,
  say,
  sanitize,
  terminalProgress,
  warn,
  warnNote,
} from './output.js';
import { fit } from './table.js';
import { wrapLine } from './wrap.js';

/** The environment variable that lets one commit through the critical-flag block. */
export const OVERRIDE_ENV = 'FLAGSTORE_ALLOW_CRITICAL';

function skipList(): string[] {
  return (process.env.FLAGSTORE_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The hook's message fits 80 columns whatever the terminal (git shows it in terminals, editors'
 * commit panes and CI logs): prose wraps at spaces, a change text is cut, and a command the user
 * must run is split only between its arguments, with a shell continuation (` \`) so that it
 * still pastes as one command.
 */
export const HOOK_WIDTH = 80;

/** A line wrapped to the hook's width, its continuation lines `hang` columns further in. */
function fitHook(line: string, hang = 2): string[] {
  return wrapLine(line, HOOK_WIDTH, hang);
}

/**
 * A command on as many lines as it needs: `lead` then its words (each kept whole, an option with
 * its value), a line ending in ` \` when the next continues it, continuation lines indented.
 */
export function commandLines(lead: string, words: string[], indent: string): string[] {
  const lines: string[] = [];
  let current = lead;
  for (const word of words) {
    const empty = current === lead || current === indent;
    const next = empty ? current + word : `${current} ${word}`;
    // Room for the ` \` a line ends with when the next word does not fit after it.
    if (empty || columns(next) + 2 <= HOOK_WIDTH) current = next;
    else {
      lines.push(`${current} \\`);
      current = indent + word;
    }
  }
  return [...lines, current];
}

function blockingLines(flag: FlagSummary, now: Date): string[] {
  const target = flag.target_agent ?? '(everyone)';
  const locked = flag.locked ? '  locked' : '';
  const id = sanitize(flag.id);
  const resolve = completeWords(flag.id, flag.target_agent).map(sanitize);
  const head = [`  ${id}`, sanitize(flag.flag_type)];
  const agents = `${sanitize(flag.source_agent)} -> ${sanitize(target)}`;
  const age = `${formatAge(flag.created_at, now)} old${locked}`;
  const line = [...head, agents, age].join('  ');
  // The agents go to a line of their own when the handles are too long for one.
  const heading =
    columns(line) <= HOOK_WIDTH ? [line] : [[...head, age].join('  '), ...fitHook(`    ${agents}`)];
  return [
    ...heading,
    `    ${fit(sanitize(flag.change), HOOK_WIDTH - 4)}`,
    ...commandLines('    resolve: ', resolve, '      '),
  ];
}

/** Where hidden edits went when they could not go back in place. */
function printSaved(report: PreCommitReport): void {
  const c = palette();
  const recovered = report.recovered;
  if (recovered !== null) {
    fitHook('flagstore: an earlier gate run was killed; its hidden edits were restored first:')
      .map((line) => c.yellow(line))
      .forEach((line) => warn(line));
    recovered.restored.forEach((p) => fitHook(`  restored  ${oneLine(p)}`, 10).forEach(warn));
  }
  for (const k of [...(recovered?.kept ?? []), ...report.saved]) {
    fitHook(
      `kept your version of ${oneLine(k.path)} (${sanitize(k.why)}); its hidden unstaged edits are saved in ${oneLine(k.copy)}`,
    ).forEach((line) => warn(c.yellow(line)));
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
    const hidden = `unstaged edits in ${report.hidden.length} file(s) hidden while gates ran, ${then}`;
    fitHook(hidden).forEach((line) => say(c.dim(line)));
  }
  const names = padToWidest(
    report.gates.map((g) => sanitize(g.name)),
    NAME_WIDTH,
  );
  report.gates.forEach((g, i) => {
    const time = g.status === 'skip' ? '' : `${Math.round(g.ms)}ms`;
    const reason = g.reason === null ? '' : `  ${sanitize(g.reason)}`;
    // Laid out uncoloured (the mark is 4 columns), then the mark coloured.
    const [first = '', ...rest] = fitHook(
      `${g.status}  ${names[i] ?? ''} ${time.padStart(7)}${reason}`,
      6,
    );
    say(mark[g.status] + first.slice(4));
    rest.forEach((line) => say(line));
  });
  for (const g of report.gates.filter((r) => r.status === 'fail' && r.output !== '')) {
    say(c.bold(`--- ${sanitize(g.name)} (last lines) ---`));
    say(sanitize(g.output));
  }
}

/** How many blocking flags the message lists; the count and the command for all come first. */
export const BLOCK_SHOWN = 10;

function blockAdvice(count: number, agent: string | null): string[] {
  const list = ['flagstore list --impact critical', ...(agent === null ? [] : [`--for ${agent}`])];
  const lines = commandLines('see them all: ', list.map(sanitize), '  ');
  if (agent === null && count > 0)
    lines.push(
      ...fitHook(
        'no agent identity is set, so every critical flag blocks; set one (FLAGSTORE_AGENT=@you.module, or git config flagstore.agent @you.module) and only flags for you or for everyone block',
      ),
    );
  return lines;
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
    fitHook(`WARNING: ${count} overridden for this commit (${OVERRIDE_ENV}/FLAGSTORE_SKIP).`)
      .map((line) => c.red(c.bold(line)))
      .forEach((line) => warn(line));
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
    warn(`emergency only: ${OVERRIDE_ENV}=1 git commit ... (prints this warning),`);
    warn('  or git commit --no-verify');
  }
  printNotices(report.notices);
}

/**
 * How many related-files notices a commit prints: a month in, a much-edited file concerns
 * hundreds of pending flags, and a notice each buried the gates' verdict. `--json` has them all.
 */
export const NOTICES_SHOWN = 10;

function printNotices(notices: PreCommitReport['notices']): void {
  const c = palette();
  for (const { flag, paths } of notices.slice(0, NOTICES_SHOWN)) {
    const what = `${sanitize(flag.flag_type)}, ${sanitize(flag.impact_level)}`;
    const notice = `notice: pending flag ${flag.id} (${what}) concerns ${oneLine(paths.join(', '))}`;
    fitHook(notice).forEach((line) => say(c.yellow(line)));
  }
  const more = notices.length - NOTICES_SHOWN;
  if (more <= 0) return;
  const rest = `notice: ...and ${more} more pending flag(s) concern the staged files (all of them: flagstore --json gate pre-commit)`;
  fitHook(rest).forEach((line) => say(c.yellow(line)));
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
