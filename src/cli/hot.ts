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
import { writeStd } from './std-fd.js';
import { hotCommand, type HotCommand } from './hot-args.js';
import { quietOnClosedPipe } from './pipe.js';
import { setOutputSink } from './output.js';
import { outputHorizon, resetHorizon } from '../core/horizon.js';
import { readPlaces, type ReadPlaces } from '../services/workspace.js';
import { keepHeapSmall } from './heap-growth.js';
import { readAheadFromEnv, useReadAhead } from '../store/read-ahead.js';

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

/** Runs a hot command's handler; false when it failed (the full CLI then reports it). */
async function runHot(command: HotCommand, argv: readonly string[]): Promise<boolean> {
  quietOnClosedPipe();
  keepHeapSmall();
  current.exitCode = 0;
  current.argv = argv;
  // A cold read of many files reads them ahead on a thread (src/store/read-ahead.ts); the full
  // CLI (writes, and a hot command handed over) reads without one.
  useReadAhead(readAheadFromEnv(process.env.FLAGSTORE_READ_AHEAD));
  try {
    const mode = command.name === 'get-agent-flags' ? 'seed' : 'native';
    const ctx = commandContext(mode, { json: command.json });
    await runHandler(ctx, handlerCall(command), []);
    return true;
  } catch {
    return false;
  } finally {
    useReadAhead(null);
    current.argv = [];
  }
}

/** Runs a command line: on the hot path when it is a hot command, else in the full CLI. */
export async function run(argv: string[]): Promise<number> {
  const command = hotCommand(argv);
  // The full CLI reports every failure; a read command is safe to run a second time.
  if (command === null || !(await runHot(command, argv))) return fullCli(argv);
  return current.exitCode;
}

/**
 * A hot command's answer as printed, for the answer cache (src/cli/answer.ts): the texts in the
 * pieces they were printed in, never joined (at 100,000 flags one answer is 18 MB).
 */
export interface Captured {
  code: number;
  stdout: string[];
  stderr: string[];
  /** Until when (epoch ms) the same state prints the same; Infinity when time plays no part. */
  until: number;
}

/**
 * Runs a hot command line with its standard error held back and returns its answer, for the
 * answer cache to print and keep; standard output goes to `stdout` as it is printed (held back
 * too without it). Null when the hot path could not answer: what it printed then goes to the
 * process's streams and the full CLI runs the command line, as {@link run} does.
 */
export async function runCaptured(
  argv: string[],
  stdout?: (text: string) => void,
): Promise<Captured | null> {
  const command = hotCommand(argv);
  const held = { stdout: [] as string[], stderr: [] as string[] };
  const out = stdout ?? ((text: string) => void held.stdout.push(text));
  setOutputSink({ stdout: out, stderr: (t) => held.stderr.push(t) });
  resetHorizon();
  const answered = command !== null && (await runHot(command, argv));
  setOutputSink(null);
  const { stderr } = held;
  if (answered)
    return { code: current.exitCode, stdout: held.stdout, stderr, until: outputHorizon() };
  for (const text of held.stdout) writeStd(1, text);
  for (const text of stderr) writeStd(2, text);
  process.exitCode = await fullCli(argv);
  return null;
}

/** The places a hot command in `cwd` reads (for the answer cache), or null on any failure. */
export async function answerPlaces(cwd: string): Promise<ReadPlaces | null> {
  try {
    return await readPlaces(cwd);
  } catch {
    return null;
  }
}
