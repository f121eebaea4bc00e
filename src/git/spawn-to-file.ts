/**
 * Runs a process with its standard output to an open file, for the answer cache (src/cli/
 * answer-key.ts), whose hit starts one process: `git diff-files`. `node:child_process` loads
 * `net`, `dgram` and the stream modules first, about 4 ms of a 15 ms hit on this machine
 * (docs/performance.md); node's own process handle, which `child_process` spawns through
 * (`process.binding('process_wrap')`), needs none of them and takes the same options. Where that
 * handle cannot be had quietly, the process is started by `child_process` as before: node run
 * with `--pending-deprecation` (which replaces `process.binding` with a wrapper that prints a
 * deprecation warning), a permission model that forbids it, a node without it, or a spawn that
 * throws. Either way the promise resolves only when the process exited with status 0 and no
 * signal, and rejects otherwise (it never throws).
 */
import { childProcess } from './child-process.js';

/** A process to run: `file` is looked up in the PATH of `env`, as child_process does. */
export interface FileRun {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The descriptor standard output goes to; standard input and error are ignored. */
  stdout: number;
}

/** node's process handle (src/process_wrap.cc), as child_process uses it. */
interface ProcessHandle {
  onexit: (status: number, signal: string | number) => void;
  spawn(options: object): number;
  close(): void;
}

type ProcessHandleClass = new () => ProcessHandle;

let handleClass: ProcessHandleClass | null | undefined;

/**
 * node's process handle class, or null where it cannot be had without a warning or an error.
 * `process.binding` is node's own function named `binding`; under `--pending-deprecation` node
 * replaces it with a wrapper (named otherwise) that prints DEP0111 on first use.
 */
function processHandle(): ProcessHandleClass | null {
  if (handleClass !== undefined) return handleClass;
  handleClass = null;
  const binding = (process as { binding?: (name: string) => unknown }).binding;
  if (typeof binding !== 'function' || binding.name !== 'binding') return null;
  try {
    const wrap = binding('process_wrap') as { Process?: unknown } | undefined;
    if (typeof wrap?.Process === 'function') handleClass = wrap.Process as ProcessHandleClass;
  } catch {
    // Forbidden (node's permission model) or gone: child_process starts the process.
  }
  return handleClass;
}

/** Why a finished process did not succeed, or null when it exited with status 0 and no signal. */
function failureOf(run: FileRun, status: number | null, signal: unknown): Error | null {
  if (status === 0 && !signal) return null;
  return new Error(
    `${run.file} ${run.args[0] ?? ''}: ${signal ? `signal ${signal}` : `exit ${status}`}`,
  );
}

/** The environment as `NAME=value` pairs (what the handle takes), as child_process makes them. */
function envPairs(env: NodeJS.ProcessEnv): string[] {
  const pairs: string[] = [];
  for (const name of Object.keys(env)) {
    const value = env[name];
    if (value !== undefined) pairs.push(`${name}=${value}`);
  }
  return pairs;
}

/** Runs the process through node's handle; false when the handle refused to start it. */
function viaHandle(Handle: ProcessHandleClass, run: FileRun, settle: Settle): boolean {
  const handle = new Handle();
  handle.onexit = (status, signal) => {
    handle.close();
    settle(failureOf(run, status, signal));
  };
  const options = {
    file: run.file,
    args: [run.file, ...run.args],
    cwd: run.cwd,
    envPairs: envPairs(run.env),
    stdio: [{ type: 'ignore' }, { type: 'fd', fd: run.stdout }, { type: 'ignore' }],
    detached: false,
    windowsHide: false,
    windowsVerbatimArguments: false,
  };
  let error: number;
  try {
    error = handle.spawn(options);
  } catch {
    handle.close();
    return false;
  }
  if (error !== 0) {
    handle.close();
    settle(new Error(`${run.file}: cannot start (${error})`));
  }
  return true;
}

/** Runs the process through child_process, as before. */
function viaChildProcess(run: FileRun, settle: Settle): void {
  const child = childProcess().spawn(run.file, run.args, {
    cwd: run.cwd,
    stdio: ['ignore', run.stdout, 'ignore'],
    env: run.env,
  });
  child.on('error', (error) => settle(error));
  child.on('exit', (status, signal) => settle(failureOf(run, status, signal)));
}

type Settle = (failure: Error | null) => void;

/**
 * Runs `run.file` with `run.args` and its standard output to `run.stdout`; resolves when it
 * exited with status 0 and no signal, rejects otherwise (a failure to start included).
 */
export function runToFile(run: FileRun): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle: Settle = (failure) => {
      if (settled) return;
      settled = true;
      if (failure === null) resolve();
      else reject(failure);
    };
    // A NUL would end the C string the handle hands on; child_process refuses it.
    const words = [run.file, ...run.args, ...Object.keys(run.env), ...Object.values(run.env)];
    if (words.some((word) => word?.includes('\0'))) return settle(new Error('a NUL in a word'));
    const Handle = processHandle();
    if (Handle === null || !viaHandle(Handle, run, settle)) viaChildProcess(run, settle);
  });
}
