/** Per-command context: where to run, who acts, and how to print (human, native JSON, seed JSON). */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { resolveIdentity, openWorkspace, type Workspace } from '../services/workspace.js';
import { checkArgumentBytes } from './argv-bytes.js';
import { clearProgress, terminalProgress } from './output.js';

/** How a command prints results and errors. */
export type Mode = 'native' | 'seed';

/** What every command handler receives. */
export interface Ctx {
  cwd: string;
  json: boolean;
  mode: Mode;
  by: string | undefined;
  now: Date;
  /** False with `--no-pager`: long output is never paged. */
  pager: boolean;
}

/**
 * The output mode and name of the command being run, read by the single error boundary
 * (`command` words a missing identity's fix in that command's spelling).
 */
export const current: {
  mode: Mode;
  json: boolean;
  exitCode: number;
  command: string;
  /** The command line as the user typed it, after `flagstore` (for "the rest" hints). */
  argv: readonly string[];
  /**
   * The texts this run read from a file form, by flag field (`change_description`:
   * `--change-file`, text-files.ts), so that an error names the option typed.
   */
  fileForms: Record<string, string>;
} = {
  mode: 'native',
  json: false,
  exitCode: 0,
  command: '',
  argv: [],
  fileForms: {},
};

/** Forgets the previous run's mode and exit code: one process may run many commands. */
export function resetRun(): void {
  const fresh = { mode: 'native', json: false, exitCode: 0, command: '', argv: [], fileForms: {} };
  Object.assign(current, fresh);
}

/** The exit code the command handler set. */
export function currentExitCode(): number {
  return current.exitCode;
}

/** A command handler; it may return an exit code for outcomes that are not errors. */
export type Handler<A extends unknown[]> = (ctx: Ctx, ...args: A) => Promise<number | void>;

/** The global options every command may receive. */
export interface GlobalOptions {
  directory?: string | undefined;
  json?: boolean | undefined;
  by?: string | undefined;
  /** False with `--no-pager`. */
  pager?: boolean | undefined;
}

/** Sets the output mode and name of the command about to run and returns its context. */
export function commandContext(mode: Mode, globals: GlobalOptions, command = ''): Ctx {
  current.mode = mode;
  current.command = command;
  current.json = mode === 'seed' || Boolean(globals.json);
  return {
    cwd: resolve(globals.directory ?? process.cwd()),
    json: current.json,
    mode,
    by: globals.by,
    now: new Date(),
    pager: globals.pager !== false,
  };
}

/**
 * Runs a handler with a context and records its exit code; the progress line is cleared after.
 * A command line with an argument that is not UTF-8 is refused first (argv-bytes.ts).
 */
export async function runHandler<A extends unknown[]>(
  ctx: Ctx,
  handler: Handler<A>,
  args: A,
): Promise<void> {
  try {
    checkArgumentBytes();
    current.exitCode = (await handler(ctx, ...args)) ?? 0;
  } finally {
    clearProgress();
  }
}

/** Wraps a handler as a commander action that receives a context first. */
export function action<A extends unknown[]>(
  mode: Mode,
  handler: Handler<A>,
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const command = args[args.length - 1] as Command;
    const ctx = commandContext(mode, command.optsWithGlobals<GlobalOptions>(), command.name());
    await runHandler(ctx, handler, args.slice(0, -1) as A);
  };
}

/**
 * A command in two steps, as changesets' and nuxt's CLIs write them: `run` does the work and
 * returns data without printing; `present` prints that data for a person or, with --json, for
 * a tool, and may return an exit code. Tests and tools can call `run` for the data alone.
 */
export function dataAction<A extends unknown[], T>(
  mode: Mode,
  run: (ctx: Ctx, ...args: A) => Promise<T>,
  present: (ctx: Ctx, data: T) => number | void,
): (...args: unknown[]) => Promise<void> {
  return action<A>(mode, async (ctx, ...args) => present(ctx, await run(ctx, ...args)));
}

/** Opens the workspace of the command's folder. */
export function workspace(ctx: Ctx): Promise<Workspace> {
  return openWorkspace(ctx.cwd, terminalProgress());
}

/** The acting agent for this command, or null. */
export function identity(ctx: Ctx, ws: Workspace, explicit?: string): Promise<string | null> {
  return resolveIdentity(ws, { explicit: explicit ?? ctx.by, env: process.env.FLAGSTORE_AGENT });
}
