/** The CLI: wires every command into one program and maps failures to exit codes in one place. */
import type { Command } from 'commander';
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
import { registerWatch } from './commands/watch.js';
import { registerTransitions } from './commands/transitions.js';
import { registerValidate } from './commands/validate.js';
import { buildProgramWith, runProgram, type Register } from './program.js';
import type { OutputSink } from './output.js';
import { quietOnClosedPipe } from './pipe.js';

export { commandName } from './route.js';

/** Every command, in the order of the help text. */
const COMMANDS: readonly Register[] = [
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
  registerWatch,
];

/** Builds the commander program with every command registered. */
export function buildProgram(): Command {
  return buildProgramWith(COMMANDS);
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
  return runProgram(argv, {
    registers: COMMANDS,
    seedCommands: SEED_COMMANDS,
    output: options.output,
  });
}

/** Runs the CLI with the given arguments and returns the exit code (the binary's entry). */
export async function run(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  return runCommand(argv);
}
