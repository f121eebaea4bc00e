/**
 * Running one external gate: an argument list in its own process group, with a timeout.
 * The whole group dies with the gate: when its leader exits, on a timeout, when the hook is
 * interrupted, and (through a tiny watchdog) when the hook itself is killed outright. A
 * background child that escaped the group and still holds the output pipes is not waited for.
 */
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
/** How long output still arriving after the gate exited is collected before giving up on it. */
const DRAIN_MS = 300;
const running = new Set<ChildProcess>();

/**
 * Kills a gate's process group once the hook (this process) is gone, even by SIGKILL, which
 * runs no handler of ours. It polls once a second; its arguments are numbers, never user text.
 */
const WATCHDOG = 'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -9 -"$2" 2>/dev/null';

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function watchdog(gate: ChildProcess): ChildProcess | null {
  if (gate.pid === undefined) return null;
  const args = ['-c', WATCHDOG, 'flagstore-watchdog', String(process.pid), String(gate.pid)];
  const dog = spawn('sh', args, { detached: true, stdio: 'ignore' });
  dog.on('error', () => undefined);
  dog.unref();
  return dog;
}

/** Kills every running gate (and its children); used when the hook itself is interrupted. */
export function killAll(): void {
  for (const child of running) killGroup(child.pid, 'SIGKILL');
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
    const dog = watchdog(child);
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-KEEP_BYTES));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let timedOut = false;
    let done = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGTERM');
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
    }, request.timeoutMs);
    const finish = (outcome: Omit<ExecOutcome, 'output' | 'timedOut'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      running.delete(child);
      killGroup(dog?.pid, 'SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
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
    child.on('exit', (code, signal) => {
      killGroup(child.pid, 'SIGKILL');
      const end = () => finish({ code, signal, missing: false });
      const drained = setTimeout(end, DRAIN_MS);
      child.on('close', () => {
        clearTimeout(drained);
        end();
      });
    });
  });
}
