/**
 * The hot path: the commands an agent runs at the start of every session and between tasks
 * (see hot-args.ts) run here without loading commander, the command table or anything only
 * writes need. Any other command line, and any failure, is handed to the full CLI, which then
 * prints exactly what it always prints: the output of both paths is the same by construction.
 */
import { briefCommand } from './commands/brief.js';
import { listCommand } from './commands/list.js';
import { getAgentFlags } from './commands/seed-flags.js';
import { commandContext, current, runHandler, type Ctx } from './context.js';
import { hotCommand, type HotCommand } from './hot-args.js';
import { quietOnClosedPipe } from './pipe.js';

/** The handler call of a hot command, as the full CLI would make it. */
function handlerCall(command: HotCommand): (ctx: Ctx) => Promise<void> {
  switch (command.name) {
    case 'get-agent-flags':
      return (ctx) => getAgentFlags(ctx, command.agent);
    case 'list': {
      const target = command.target === undefined ? {} : { for: command.target };
      return (ctx) => listCommand(ctx, { ...target, status: 'pending' });
    }
    case 'brief':
      return (ctx) =>
        briefCommand(ctx, command.agent === undefined ? {} : { agent: command.agent });
  }
}

async function fullCli(argv: string[]): Promise<number> {
  const { run } = await import('./main.js');
  return run(argv);
}

/** Runs a command line: on the hot path when it is a hot command, else in the full CLI. */
export async function run(argv: string[]): Promise<number> {
  const command = hotCommand(argv);
  if (command === null) return fullCli(argv);
  quietOnClosedPipe();
  current.exitCode = 0;
  try {
    const mode = command.name === 'get-agent-flags' ? 'seed' : 'native';
    const ctx = commandContext(mode, { json: command.json });
    await runHandler(ctx, handlerCall(command), []);
    return current.exitCode;
  } catch {
    // The full CLI reports every failure; a read command is safe to run a second time.
    return fullCli(argv);
  }
}
