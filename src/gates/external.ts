/** External gates: expand file arguments, run (parallel ones together), detect modified files. */
import { delimiter, join, resolve } from 'node:path';
import type { Progress } from '../core/progress.js';
import { INSTALL_HINTS } from '../store/gate-presets.js';
import { STAGED_FILES, type GateSpec } from '../store/gates-config.js';
import { argBudget, splitArgv } from './argv.js';
import { clockMs } from './clock.js';
import { execGate, type ExecOutcome, type ExecRequest } from './exec.js';
import { globMatcher } from './glob.js';
import { indexEntries, unstagedPaths } from './staged.js';
import { headNow, landedCommit } from './landed.js';

/** The outcome of one gate, as printed. */
export interface GateReport {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  ms: number;
  /** Why it failed or was skipped. */
  reason: string | null;
  /** The tail of its output (failures only). */
  output: string;
}

/** What the external gates run against. */
export interface ExternalInput {
  root: string;
  gates: GateSpec[];
  /** Staged paths (added or modified), repository-relative. */
  staged: string[];
  skip: Set<string>;
  /** HEAD's commit as the caller read it for this run (null: unborn); read here when absent. */
  head?: string | null;
  /** Told which gates are running while they run. */
  progress?: Progress;
}

/** Git variables that point a git process at a particular repository or index. */
const GIT_LOCAL_ENV = [
  'GIT_INDEX_FILE',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_PREFIX',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_GRAFT_FILE',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_INTERNAL_SUPER_PREFIX',
  'GIT_SHALLOW_FILE',
  'GIT_REPLACE_REF_BASE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
];

/**
 * The environment of a gate: the repository's node_modules/.bin first on PATH, and git's
 * hook variables removed so tools that run git (test suites with temp repositories) are not
 * pointed at this commit's index; the index stays available as FLAGSTORE_INDEX_FILE.
 */
export function gateEnv(root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (env.GIT_INDEX_FILE) env.FLAGSTORE_INDEX_FILE = resolve(root, env.GIT_INDEX_FILE);
  for (const name of GIT_LOCAL_ENV) delete env[name];
  env.PATH = [join(root, 'node_modules', '.bin'), env.PATH ?? ''].join(delimiter);
  return env;
}

function safeArg(path: string): string {
  return path.startsWith('-') ? `./${path}` : path;
}

/**
 * The argument lists of a gate (more than one when its files do not fit in one command line),
 * or why it has nothing to judge.
 */
export function gateArgv(
  gate: GateSpec,
  staged: string[],
  budget: number,
): { argvs: string[][] } | { skip: string } {
  const files = gate.files === null ? staged : staged.filter(globMatcher(gate.files));
  if (gate.files !== null && files.length === 0)
    return { skip: `no staged file matches ${gate.files}` };
  if (!gate.command.includes(STAGED_FILES)) return { argvs: [gate.command] };
  if (files.length === 0) return { skip: 'no staged files' };
  return { argvs: splitArgv(gate.command, STAGED_FILES, files.map(safeArg), budget) };
}

/** Runs the argument lists one after the other, stopping at the first that fails. */
async function execRuns(argvs: string[][], base: Omit<ExecRequest, 'argv'>): Promise<ExecOutcome> {
  let outcome: ExecOutcome | null = null;
  for (const argv of argvs) {
    outcome = await execGate({ ...base, argv });
    if (outcome.code !== 0 || outcome.signal !== null || outcome.timedOut) break;
  }
  return outcome as ExecOutcome;
}

function tail(output: string, lines = 20): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}

function verdict(gate: GateSpec, outcome: ExecOutcome): string | null {
  const program = gate.command[0] ?? '';
  if (outcome.missing) {
    const hint =
      INSTALL_HINTS[program] ?? `install ${program} or fix gates.commands in .flagstore.yml`;
    return `${program} is not installed (not found on PATH); to install: ${hint}`;
  }
  if (outcome.startError !== undefined) return `could not start ${program}: ${outcome.startError}`;
  if (outcome.timedOut) return `timed out after ${Math.round(gate.timeoutMs / 1000)}s`;
  if (outcome.signal !== null) return `killed by ${outcome.signal}`;
  return outcome.code === 0 ? null : `exit code ${outcome.code}`;
}

/** Keeps the progress line naming the gates that are running. */
function tracker(progress: Progress | undefined): (name: string, running: boolean) => void {
  const names = new Set<string>();
  return (name, running) => {
    if (running) names.add(name);
    else names.delete(name);
    progress?.(names.size > 0 ? `gates: running ${[...names].join(', ')}` : null);
  };
}

async function runOne(
  input: ExternalInput,
  gate: GateSpec,
  track: (name: string, running: boolean) => void,
): Promise<GateReport> {
  const start = clockMs();
  const env = gateEnv(input.root);
  const plan = gateArgv(gate, input.staged, argBudget(env));
  if ('skip' in plan)
    return { name: gate.name, status: 'skip', ms: 0, reason: plan.skip, output: '' };
  track(gate.name, true);
  const outcome = await execRuns(plan.argvs, {
    cwd: input.root,
    env,
    timeoutMs: gate.timeoutMs,
  }).finally(() => track(gate.name, false));
  const reason = verdict(gate, outcome);
  const ms = clockMs() - start;
  if (reason === null) return { name: gate.name, status: 'pass', ms, reason, output: '' };
  return {
    name: gate.name,
    status: 'fail',
    ms,
    reason,
    output: outcome.missing ? '' : tail(outcome.output),
  };
}

/** What the gates may not change: the working tree's unstaged state and the index. */
interface Watch {
  root: string;
  /** Paths already blamed on a gate (or already unstaged before the gates ran). */
  known: Set<string>;
  /** The index as it was: path -> mode and blob. */
  index: Map<string, string>;
  /** HEAD as it was (another commit landing meanwhile changes the index too). */
  head: string | null;
}

async function indexState(root: string): Promise<Map<string, string>> {
  return new Map((await indexEntries(root)).map((e) => [e.path, `${e.mode} ${e.blob}`]));
}

async function startWatch(root: string, known: string | null | undefined): Promise<Watch> {
  const [unstaged, index, head] = await Promise.all([
    unstagedPaths(root),
    indexState(root),
    known === undefined ? headNow(root) : known,
  ]);
  return { root, known: new Set(unstaged), index, head };
}

function changedIndex(watch: Watch, now: Map<string, string>): string[] {
  const paths = new Set([...now.keys(), ...watch.index.keys()]);
  return [...paths].filter((p) => now.get(p) !== watch.index.get(p));
}

/**
 * Fails the gates that just ran when files changed under them: in the working tree (a gate
 * that fixes instead of checking) or in the index (a gate that fixes and stages its fix, which
 * would otherwise be committed unreviewed).
 */
async function flagModified(watch: Watch, reports: GateReport[]): Promise<void> {
  const [unstaged, index] = await Promise.all([unstagedPaths(watch.root), indexState(watch.root)]);
  const modified = unstaged.filter((path) => !watch.known.has(path));
  const staged = changedIndex(watch, index);
  if (modified.length === 0 && staged.length === 0) return;
  modified.forEach((path) => watch.known.add(path));
  watch.index = index;
  const landed = await landedCommit(watch.root, watch.head, { changed: staged, index });
  if (landed !== null) watch.head = landed;
  const reason =
    landed !== null
      ? `another commit (${landed.slice(0, 10)}) landed while the gates ran and changed the index: ${staged.join(', ')} (commit again)`
      : staged.length > 0
        ? `changed the staged files (a gate must check, not fix; the commit is stopped): ${staged.join(', ')}`
        : `modified files (a gate must check, not fix): ${modified.join(', ')} (if you saved them yourself while gates ran, commit again)`;
  for (const report of reports.filter((r) => r.status !== 'skip')) {
    report.status = 'fail';
    report.reason = reason;
  }
}

/** Runs the external gates: parallel ones together first, then the others one by one. */
export async function runExternal(input: ExternalInput): Promise<GateReport[]> {
  const active = input.gates.filter((g) => !input.skip.has(g.name));
  const watch = await startWatch(input.root, input.head);
  const track = tracker(input.progress);
  const parallel = await Promise.all(
    active.filter((g) => g.parallel).map((g) => runOne(input, g, track)),
  );
  await flagModified(watch, parallel);
  const reports = [...parallel];
  for (const gate of active.filter((g) => !g.parallel)) {
    const report = await runOne(input, gate, track);
    await flagModified(watch, [report]);
    reports.push(report);
  }
  const order = active.map((g) => g.name);
  return reports.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}
