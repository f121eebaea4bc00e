/**
 * The commander program without its commands: global options, version, output wiring and the
 * run loop. main.ts registers every command; write.ts only the write commands, so a write
 * does not load the whole CLI.
 */
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../store/package.js';
import { current, currentExitCode, resetRun } from './context.js';
import { reportError } from './errors.js';
import { HELP_LAYOUT } from './help-layout.js';
import { setOutputSink, writeRaw, type OutputSink } from './output.js';
import { commandName } from './route.js';

/** Adds one command (or a family of commands) to the program. */
export type Register = (program: Command) => void;

/** Help and version text go to the run's output; errors go through the single error boundary. */
const COMMANDER_OUTPUT = {
  writeOut: (text: string) => writeRaw('stdout', text),
  writeErr: (text: string) => writeRaw('stderr', text),
  outputError: () => undefined,
};

/** The words that name a command on the command line, like `agents add`. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Commander's errors carry the command they are about, so the fix names its own --help. */
function throwWithCommand(command: Command): (error: CommanderError) => never {
  return (error) => {
    throw Object.assign(error, { commandPath: commandPath(command) });
  };
}

function configureTree(command: Command): void {
  command
    .exitOverride(throwWithCommand(command))
    .configureOutput(COMMANDER_OUTPUT)
    .configureHelp(HELP_LAYOUT);
  command.commands.forEach((sub) => configureTree(sub));
}

/** Builds the commander program with the given commands registered, in order. */
export function buildProgramWith(registers: readonly Register[]): Command {
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
    .showHelpAfterError(false);
  for (const register of registers) register(program);
  configureTree(program);
  return program;
}

/** What one run of the program needs: its commands, the seed's command names, an output. */
export interface ProgramRun {
  registers: readonly Register[];
  /** Commands whose errors print in the seed's JSON. */
  seedCommands: readonly string[];
  output?: OutputSink | undefined;
}

/**
 * Runs one command in this process and returns its exit code; never exits the process and
 * leaves no state behind for the next run.
 */
export async function runProgram(argv: string[], p: ProgramRun): Promise<number> {
  resetRun();
  current.argv = argv;
  setOutputSink(p.output ?? null);
  try {
    await buildProgramWith(p.registers).parseAsync(argv, { from: 'user' });
    return currentExitCode();
  } catch (error) {
    if (isCleanExit(error)) return 0;
    if (error instanceof CommanderError && jsonAsked(argv)) current.json = true;
    return reportError(error, p.seedCommands.includes(commandName(argv) ?? ''));
  } finally {
    current.argv = [];
    setOutputSink(null);
  }
}

/**
 * Whether the command line asks for JSON: commander refuses a line before any handler reads
 * its options, and an agent that passed `--json` still parses the error from standard output.
 */
function jsonAsked(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

function isCleanExit(error: unknown): boolean {
  const e = error as { code?: string; exitCode?: number };
  return e.exitCode === 0 && typeof e.code === 'string' && e.code.startsWith('commander.');
}
