/** The CLI: wires every command into one program and maps failures to exit codes in one place. */
import { Command } from 'commander';
import { registerAgents } from './commands/agents.js';
import { registerBrief } from './commands/brief.js';
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
import { registerSearch } from './commands/search.js';
import { registerSeed, SEED_COMMANDS } from './commands/seed.js';
import { registerShow } from './commands/show.js';
import { registerSync } from './commands/sync.js';
import { registerTransitions } from './commands/transitions.js';
import { registerValidate } from './commands/validate.js';
import { current } from './context.js';
import { reportError } from './errors.js';
import { quietOnClosedPipe } from './pipe.js';

/** Builds the commander program with every command registered. */
export function buildProgram(): Command {
  const program = new Command('flagstore')
    .description('A git-native flag store: coordination flags between agents, as reviewed files.')
    .version('0.1.0')
    .option('-C, --directory <dir>', 'run as if started in <dir>')
    .option('--json', 'machine-readable output (versioned schema)')
    .option(
      '--by <agent>',
      'act as this agent (else FLAGSTORE_AGENT, else git config flagstore.agent)',
    )
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .showHelpAfterError(false);
  for (const register of [
    registerInit,
    registerCreate,
    registerList,
    registerShow,
    registerTransitions,
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
  ]) {
    register(program);
  }
  program.commands.forEach((command) =>
    command.exitOverride().configureOutput({ outputError: () => undefined }),
  );
  return program;
}

/** Runs the CLI with the given arguments and returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  current.exitCode = 0;
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return current.exitCode;
  } catch (error) {
    if (isCleanExit(error)) return 0;
    return reportError(
      error,
      argv.some((arg) => SEED_COMMANDS.includes(arg)),
    );
  }
}

function isCleanExit(error: unknown): boolean {
  const e = error as { code?: string; exitCode?: number };
  return e.exitCode === 0 && typeof e.code === 'string' && e.code.startsWith('commander.');
}
