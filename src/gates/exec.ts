/** Running one external gate: an argument list in its own process group, with a timeout. */
import { spawn, type ChildProcess } from 'node:child_process';

/** How a command ended. */
export interface ExecOutcome {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Set when the program could not be started because it is not installed. */
  missing: boolean;
  /** Why the program could not be started, when it is installed (e.g. EACCES: not executable). */
  startError?: string;
  output: string;
}

/** What to run and how. */
export interface ExecRequest {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

const KEEP_BYTES = 64 * 1024;
const KILL_GRACE_MS = 2000;
const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Kills every running gate (and its children); used when the hook itself is interrupted. */
export function killAll(): void {
  for (const child of running) killGroup(child, 'SIGKILL');
}

/** Runs a command without a shell; never rejects. */
export function execGate(request: ExecRequest): Promise<ExecOutcome> {
  const [program = '', ...args] = request.argv;
  return new Promise((resolve) => {
    const child = spawn(program, args, {
      cwd: request.cwd,
      env: request.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-KEEP_BYTES));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), KILL_GRACE_MS).unref();
    }, request.timeoutMs);
    const finish = (outcome: Omit<ExecOutcome, 'output' | 'timedOut'>) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ ...outcome, timedOut, output });
    };
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish({
        code: null,
        signal: null,
        missing: error.code === 'ENOENT',
        ...(error.code !== 'ENOENT' && { startError: error.message }),
      }),
    );
    child.on('close', (code, signal) => finish({ code, signal, missing: false }));
  });
}
