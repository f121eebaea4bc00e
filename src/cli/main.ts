/** The CLI: wires every command into one program and maps failures to exit codes in one place. */
import { Command } from 'commander';
import { registerAgents } from './commands/agents.js';
import { registerBoard } from './commands/board.js';
import { registerBrief } from './commands/brief.js';
import { registerCompletion } from './commands/completion.js';
import { registerCreate } from './commands/create.js';
import { registerImportSqlite } from './commands/import-sqlite.js';
import { registerCheck } from './commands/check.js';
import { registerDiff } from './commands/diff.js';
import { registerGate } from './commands/gate.js';
import { registerInit } from './commands/init.js';
import { registerInstructions } from './commands/instructions.js';
import { registerList } from './commands/list.js';
import { registerLog } from './commands/log.js';
import { registerMergeDriver } from './commands/merge-driver.js';
import { registerMcp } from './commands/mcp.js';
import { registerQuery } from './commands/query.js';
import { registerReply } from './commands/reply.js';
import { registerSearch } from './commands/search.js';
import { registerSeed, SEED_COMMANDS } from './commands/seed.js';
import { registerShow } from './commands/show.js';
import { registerSync } from './commands/sync.js';
import { registerTransitions } from './commands/transitions.js';
import { registerValidate } from './commands/validate.js';
import { packageVersion } from '../store/package.js';
import { currentExitCode, resetRun } from './context.js';
import { reportError } from './errors.js';
import { setOutputSink, writeRaw, type OutputSink } from './output.js';

/** Help and version text go to the run's output; errors go through the single error boundary. */
const COMMANDER_OUTPUT = {
  writeOut: (text: string) => writeRaw('stdout', text),
  writeErr: (text: string) => writeRaw('stderr', text),
  outputError: () => undefined,
};

function configureTree(command: Command): void {
  command.exitOverride().configureOutput(COMMANDER_OUTPUT);
  command.commands.forEach((sub) => configureTree(sub));
}
import { quietOnClosedPipe } from './pipe.js';

/** Builds the commander program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('flagstore')
    .description('A git-native flag store: coordination flags between agents, as reviewed files.')
    .version(packageVersion())
    .option('-C, --directory <dir>', 'run as if started in <dir>')
    .option('--json', 'machine-readable output (versioned schema)')
    .option('--no-pager', 'never page long output (default: page on a terminal, like git)')
    .option(
      '--by <agent>',
      'act as this agent (else FLAGSTORE_AGENT, else git config flagstore.agent)',
    )
    .exitOverride()
    .configureOutput(COMMANDER_OUTPUT)
    .showHelpAfterError(false);
  for (const register of [
    registerInit,
    registerCreate,
    registerList,
    registerShow,
    registerTransitions,
    registerReply,
    registerValidate,
    registerSeed,
    registerDiff,
    registerCheck,
    registerMergeDriver,
    registerSync,
    registerLog,
    registerInstructions,
    registerBrief,
    registerMcp,
    registerAgents,
    registerSearch,
    registerQuery,
    registerImportSqlite,
    registerGate,
    registerBoard,
    registerCompletion,
  ]) {
    register(program);
  }
  program.commands.forEach((command) => configureTree(command));
  return program;
}

/** Global options that take a value: the word after them is not the command name. */
const VALUE_OPTIONS = new Set(['-C', '--directory', '--by']);

/** The command name: the first word of argv that is neither a global option nor its value. */
export function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** Where an in-process run sends its output (default: the process's streams). */
export interface RunOptions {
  output?: OutputSink;
}

/**
 * Runs one command in this process and returns its exit code; never exits the process and
 * leaves no state behind for the next run. The entry point of `run` and of in-process tests.
 */
export async function runCommand(argv: string[], options: RunOptions = {}): Promise<number> {
  resetRun();
  setOutputSink(options.output ?? null);
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return currentExitCode();
  } catch (error) {
    if (isCleanExit(error)) return 0;
    return reportError(error, SEED_COMMANDS.includes(commandName(argv) ?? ''));
  } finally {
    setOutputSink(null);
  }
}

/** Runs the CLI with the given arguments and returns the exit code (the binary's entry). */
export async function run(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  return runCommand(argv);
}

function isCleanExit(error: unknown): boolean {
  const e = error as { code?: string; exitCode?: number };
  return e.exitCode === 0 && typeof e.code === 'string' && e.code.startsWith('commander.');
}
