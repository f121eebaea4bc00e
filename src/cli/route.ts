/**
 * Which bundle entry runs a command line (bin/flagstore.js asks before loading anything else,
 * so this module imports nothing but hot-args.ts and std-fd.ts): the commit hook's, the answer
 * cache's, the hot reads', the writes' or the full CLI's. See docs/performance.md.
 */
import { hotCommand } from './hot-args.js';

/** Whether a descriptor is a terminal, without node:tty (bin asks it of standard output). */
export { isTerminal } from './std-fd.js';

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

/** The commands the write entry runs (src/cli/write.ts). */
export const WRITE_COMMANDS: readonly string[] = ['create', 'lock', 'unlock', 'complete'];

/** A bundle entry in dist/bundle/. */
export type Entry = 'hook' | 'answer' | 'hot' | 'write' | 'main';

/** How the process was started, besides its arguments. */
export interface Start {
  /** Standard output is not a terminal (a pipe or a file). */
  piped: boolean;
  /** The answer cache is on (FLAGSTORE_NO_ANSWER_CACHE unset). */
  cache: boolean;
}

/**
 * The entry for a command line: `gate pre-commit` exactly (what the git hook runs) takes the
 * hook's; a hot read (hot-args.ts) the answer cache's when piped, else the hot one; a write
 * command, after any global options, the write entry; anything else the full CLI.
 */
export function entryFor(argv: string[], start: Start): Entry {
  if (argv.length === 2 && argv[0] === 'gate' && argv[1] === 'pre-commit') return 'hook';
  if (hotCommand(argv) !== null) return start.piped && start.cache ? 'answer' : 'hot';
  return WRITE_COMMANDS.includes(commandName(argv) ?? '') ? 'write' : 'main';
}
