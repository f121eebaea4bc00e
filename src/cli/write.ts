/**
 * The write commands' entry: `create`, `lock`, `unlock` and `complete` run here with only
 * their own commands, so a write does not load every other command (the board, the SQL
 * engine, search, the MCP server...). A plain spelling (write-args.ts) runs its handler
 * directly, without commander; any other spelling runs the commander program with only the
 * write commands registered (program.ts, as the full CLI builds it). The handlers and the
 * error boundary are the full CLI's; any request for help is handed to the full CLI before
 * anything runs.
 */
import { createCommand, presentCreated, type CreateOptions } from './commands/create-run.js';
import { transitionCommand, type TransitionOptions } from './commands/transition-run.js';
import { commandContext, currentExitCode, resetRun, runHandler } from './context.js';
import { setOutputSink } from './output.js';
import { quietOnClosedPipe } from './pipe.js';
import { commandName, WRITE_COMMANDS } from './route.js';
import { outputWaiting } from './std-fd.js';
import { parseWriteArgs, type WriteArgs } from './write-args.js';

/** Set once a plainly spelt write has run (see {@link finished}). */
let plainDone = false;

/**
 * True when the process may end at once (bin/flagstore.js then calls `process.exit`, sparing
 * node's teardown of the heap and environment): a plainly spelt write ran, which printed only
 * through the output sink and awaited all its work, and none of its output waits in a stream.
 */
export function finished(): boolean {
  return plainDone && !outputWaiting();
}

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
  // A plain spelling prints through the output sink, which writes to the descriptors and
  // handles a closed pipe itself: node's stream for standard output is not created for it.
  const line = parseWriteArgs(argv);
  if (line !== null) {
    const code = await runLine(line);
    plainDone = true;
    return code;
  }
  quietOnClosedPipe();
  const [{ registerCreate }, { registerTransitions }, { runProgram }] = await Promise.all([
    import('./commands/create.js'),
    import('./commands/transitions.js'),
    import('./program.js'),
  ]);
  return runProgram(argv, { registers: [registerCreate, registerTransitions], seedCommands: [] });
}

/**
 * Runs a plainly spelt write as the commander program would run it (program.ts's runProgram
 * and context.ts's action): the same context, handler and exit code; a failure goes through
 * the same error boundary, loaded only then.
 */
async function runLine(line: WriteArgs): Promise<number> {
  resetRun();
  setOutputSink(null);
  try {
    const ctx = commandContext('native', line.globals, line.command);
    if (line.command === 'create') {
      const options = line.options as unknown as CreateOptions;
      await runHandler(
        ctx,
        async (c) => presentCreated(c, await createCommand(c, line.argument, options)),
        [],
      );
    } else {
      const handler = transitionCommand(line.command);
      await runHandler(ctx, handler, [line.argument, line.options as TransitionOptions]);
    }
    return currentExitCode();
  } catch (error) {
    const { reportError } = await import('./errors.js');
    return reportError(error, false);
  }
}
