/**
 * The write commands' entry: `create`, `lock`, `unlock` and `complete` run here with only
 * their own commands registered, so a write does not load every other command (the board,
 * the SQL engine, search, the MCP server...). The commands, their options and the error
 * boundary are the very ones the full CLI uses (program.ts); anything else, and any request
 * for help, is handed to the full CLI before anything runs.
 */
import { registerCreate } from './commands/create.js';
import { registerTransitions } from './commands/transitions.js';
import { quietOnClosedPipe } from './pipe.js';
import { runProgram } from './program.js';
import { commandName, WRITE_COMMANDS } from './route.js';

/** True when this entry runs the command line; help of any kind goes to the full CLI. */
export function isWriteCommand(argv: readonly string[]): boolean {
  const help = argv.some((word) => word === '-h' || word === '--help');
  return WRITE_COMMANDS.includes(commandName(argv) ?? '') && !help;
}

/** Runs a write command line here, or any other command line in the full CLI. */
export async function run(argv: string[]): Promise<number> {
  if (!isWriteCommand(argv)) {
    const { run: fullCli } = await import('./main.js');
    return fullCli(argv);
  }
  quietOnClosedPipe();
  return runProgram(argv, { registers: [registerCreate, registerTransitions], seedCommands: [] });
}
