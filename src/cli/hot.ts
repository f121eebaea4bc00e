/**
 * The hot path: the commands an agent runs at the start of every session and between tasks
 * (`get-agent-flags <agent>`, `list [--for <agent>]`, `brief [--agent <agent>]`, each with an
 * optional `--json`) run here without loading commander, the command table or anything only
 * writes need. Any other spelling, and any failure, is handed to the full CLI, which then
 * prints exactly what it always prints: the output of both paths is the same by construction.
 */
import { briefCommand } from './commands/brief.js';
import { listCommand } from './commands/list.js';
import { getAgentFlags } from './commands/seed.js';
import { commandContext, current, runHandler, type Ctx, type Mode } from './context.js';
import { quietOnClosedPipe } from './pipe.js';

/** A recognised hot command: its output mode and the handler call. */
interface HotCall {
  mode: Mode;
  json: boolean;
  call: (ctx: Ctx) => Promise<void>;
}

/** Options of the hot commands that take a value. */
const VALUE_OPTIONS = new Set(['--for', '--agent']);

/** The command line split into `--json`, options with a value, and positional words. */
interface Words {
  json: boolean;
  options: Map<string, string>;
  positional: string[];
}

/**
 * Splits the arguments the way commander would read them, or returns null for anything the
 * hot path does not handle: other flags, `--opt=value`, a value that looks like a flag, an
 * option before the command name, or an option given twice.
 */
function words(argv: string[]): Words | null {
  const found: Words = { json: false, options: new Map(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--json') {
      found.json = true;
    } else if (VALUE_OPTIONS.has(word)) {
      const value = argv[++i];
      const misplaced = found.positional.length === 0 || found.options.has(word);
      if (value === undefined || value.startsWith('-') || misplaced) return null;
      found.options.set(word, value);
    } else if (word.startsWith('-')) {
      return null;
    } else {
      found.positional.push(word);
    }
  }
  return found;
}

function only(found: Words, allowed: string[]): boolean {
  return [...found.options.keys()].every((key) => allowed.includes(key));
}

type Recogniser = (found: Words, rest: string[]) => HotCall['call'] | null;

/** The hot commands: each recognises its exact spelling and builds the handler call. */
const HOT: Record<string, { mode: Mode; recognise: Recogniser }> = {
  'get-agent-flags': {
    mode: 'seed',
    recognise: (found, [agent, ...extra]) =>
      agent !== undefined && extra.length === 0 && found.options.size === 0
        ? (ctx) => getAgentFlags(ctx, agent)
        : null,
  },
  list: {
    mode: 'native',
    recognise: (found, rest) => {
      const target = found.options.get('--for');
      if (rest.length > 0 || !only(found, ['--for'])) return null;
      return (ctx) =>
        listCommand(ctx, { ...(target === undefined ? {} : { for: target }), status: 'pending' });
    },
  },
  brief: {
    mode: 'native',
    recognise: (found, rest) => {
      const agent = found.options.get('--agent');
      if (rest.length > 0 || !only(found, ['--agent'])) return null;
      return (ctx) => briefCommand(ctx, agent === undefined ? {} : { agent });
    },
  },
};

/** The hot command a command line asks for, or null when the full CLI must run it. */
export function hotCall(argv: string[]): HotCall | null {
  const found = words(argv);
  if (found === null) return null;
  const [name, ...rest] = found.positional;
  const command = name !== undefined && Object.hasOwn(HOT, name) ? HOT[name] : undefined;
  const call = command?.recognise(found, rest) ?? null;
  return command === undefined || call === null
    ? null
    : { mode: command.mode, json: found.json, call };
}

async function fullCli(argv: string[]): Promise<number> {
  const { run } = await import('./main.js');
  return run(argv);
}

/** Runs a command line: on the hot path when it is a hot command, else in the full CLI. */
export async function run(argv: string[]): Promise<number> {
  const hot = hotCall(argv);
  if (hot === null) return fullCli(argv);
  quietOnClosedPipe();
  current.exitCode = 0;
  try {
    const ctx = commandContext(hot.mode, { json: hot.json });
    await runHandler(ctx, hot.call, []);
    return current.exitCode;
  } catch {
    // The full CLI reports every failure; a read command is safe to run a second time.
    return fullCli(argv);
  }
}
