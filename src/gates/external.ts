/** External gates: expand file arguments, run (parallel ones together), detect modified files. */
import { delimiter, join, resolve } from 'node:path';
import type { Progress } from '../core/progress.js';
import { INSTALL_HINTS } from './presets.js';
import { STAGED_FILES, type GateSpec } from './config.js';
import { execGate, type ExecOutcome } from './exec.js';
import { globMatcher } from './glob.js';
import { unstagedPaths } from './staged.js';

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

/** The argument list of a gate, or null (and why) when it has nothing to judge. */
export function gateArgv(gate: GateSpec, staged: string[]): { argv: string[] } | { skip: string } {
  const files = gate.files === null ? staged : staged.filter(globMatcher(gate.files));
  if (gate.files !== null && files.length === 0)
    return { skip: `no staged file matches ${gate.files}` };
  if (!gate.command.includes(STAGED_FILES)) return { argv: gate.command };
  if (files.length === 0) return { skip: 'no staged files' };
  return { argv: gate.command.flatMap((w) => (w === STAGED_FILES ? files.map(safeArg) : [w])) };
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
  const start = performance.now();
  const plan = gateArgv(gate, input.staged);
  if ('skip' in plan)
    return { name: gate.name, status: 'skip', ms: 0, reason: plan.skip, output: '' };
  track(gate.name, true);
  const outcome = await execGate({
    argv: plan.argv,
    cwd: input.root,
    env: gateEnv(input.root),
    timeoutMs: gate.timeoutMs,
  }).finally(() => track(gate.name, false));
  const reason = verdict(gate, outcome);
  const ms = performance.now() - start;
  if (reason === null) return { name: gate.name, status: 'pass', ms, reason, output: '' };
  return {
    name: gate.name,
    status: 'fail',
    ms,
    reason,
    output: outcome.missing ? '' : tail(outcome.output),
  };
}

async function flagModified(
  root: string,
  reports: GateReport[],
  known: Set<string>,
): Promise<void> {
  const modified = (await unstagedPaths(root)).filter((path) => !known.has(path));
  if (modified.length === 0) return;
  modified.forEach((path) => known.add(path));
  for (const report of reports.filter((r) => r.status !== 'skip')) {
    report.status = 'fail';
    report.reason = `modified files (a gate must check, not fix): ${modified.join(', ')}`;
  }
}

/** Runs the external gates: parallel ones together first, then the others one by one. */
export async function runExternal(input: ExternalInput): Promise<GateReport[]> {
  const active = input.gates.filter((g) => !input.skip.has(g.name));
  const known = new Set<string>();
  const track = tracker(input.progress);
  const parallel = await Promise.all(
    active.filter((g) => g.parallel).map((g) => runOne(input, g, track)),
  );
  await flagModified(input.root, parallel, known);
  const reports = [...parallel];
  for (const gate of active.filter((g) => !g.parallel)) {
    const report = await runOne(input, gate, track);
    await flagModified(input.root, [report], known);
    reports.push(report);
  }
  const order = active.map((g) => g.name);
  return reports.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
}
