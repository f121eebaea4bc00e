/**
 * The write commands' plain spellings, read without commander (about 125 KB of code to load and
 * a program to build at every write): the command word first, then its argument and options,
 * each option spelt out in full with its value as the next word, at most once. Anything else
 * (`--opt=value`, a value that starts with `-`, an unknown or repeated option, a missing
 * argument or required option, `--`) gets null, and the write entry hands the command line to
 * commander, which then says what it always says. The commands' options come from the list
 * commander registers too (write-options.ts); no commander is loaded.
 */
import {
  attributeName,
  takesValue,
  WRITE_OPTIONS,
  type WriteCommand,
  type WriteOption,
} from './write-options.js';

/** A write command line as the fast path runs it. */
export interface WriteArgs {
  command: WriteCommand;
  /** The flag type (`create`) or the flag id. */
  argument: string;
  /** The program's options, named as commander names them. */
  globals: { directory?: string; json?: boolean; pager?: boolean; by?: string };
  /** The command's options, named as commander names them. */
  options: Record<string, string | boolean>;
}

/** An option: where its value goes, and whether it takes the next word as its value. */
interface Spec {
  name: string;
  global: boolean;
  value: boolean;
}

const flag = (name: string, global = false): Spec => ({ name, global, value: false });
const valued = (name: string, global = false): Spec => ({ name, global, value: true });

/** The program's options (src/cli/program.ts). */
const PROGRAM: Record<string, Spec> = {
  '-C': valued('directory', true),
  '--directory': valued('directory', true),
  '--json': flag('json', true),
  '--by': valued('by', true),
};

function ownOption(command: WriteCommand, word: string): WriteOption | undefined {
  return WRITE_OPTIONS[command].find((o) => o.flags.split(' ')[0] === word);
}

function specOf(command: WriteCommand, word: string): Spec | undefined {
  if (word === '--no-pager') return flag('pager', true);
  const own = ownOption(command, word);
  if (own !== undefined) return { name: attributeName(own), global: false, value: takesValue(own) };
  return Object.hasOwn(PROGRAM, word) ? PROGRAM[word] : undefined;
}

function isCommand(word: string | undefined): word is WriteCommand {
  return word !== undefined && Object.hasOwn(WRITE_OPTIONS, word);
}

/** Sets one option (false: given twice, or its value is missing or looks like an option). */
function take(line: WriteArgs, spec: Spec, value: string | undefined): boolean {
  const into: Record<string, unknown> = spec.global ? line.globals : line.options;
  if (spec.name in into) return false;
  if (!spec.value) {
    into[spec.name] = spec.name !== 'pager';
    return true;
  }
  if (value === undefined || value.startsWith('-')) return false;
  into[spec.name] = value;
  return true;
}

/** The command line read as the fast path runs it, or null: commander reads it instead. */
export function parseWriteArgs(argv: readonly string[]): WriteArgs | null {
  const command = argv[0];
  if (!isCommand(command)) return null;
  const line: WriteArgs = { command, argument: '', globals: {}, options: {} };
  let argument: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const word = argv[i] as string;
    if (!word.startsWith('-')) {
      if (argument !== undefined) return null;
      argument = word;
      continue;
    }
    const spec = specOf(command, word);
    if (spec === undefined || !take(line, spec, spec.value ? argv[++i] : undefined)) return null;
  }
  if (argument === undefined) return null;
  line.argument = argument;
  return complete(line);
}

/** The command's required options must be there (else commander says so); defaults fill in. */
function complete(line: WriteArgs): WriteArgs | null {
  for (const o of WRITE_OPTIONS[line.command]) {
    const name = attributeName(o);
    if (o.required === true && !(name in line.options) && !(`${name}File` in line.options))
      return null;
    if (o.default !== undefined) line.options[name] ??= o.default;
  }
  return line;
}
