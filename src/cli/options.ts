/** Options shared by several commands, declared once so their names and help never drift. */
import { Option, type Command } from 'commander';
import { commitHelp, type WriteOption } from './write-options.js';

/** `--commit`: commit what the command wrote (`what` completes the help text). */
export function commitOption(what: string): Option {
  return new Option('--commit', commitHelp(what));
}

/** Registers a write command's options (src/cli/write-options.ts) with commander. */
export function addWriteOptions(command: Command, options: WriteOption[]): Command {
  for (const o of options) {
    // A text with a file form is required as one or the other (text-files.ts says so).
    const either = options.some(
      (f) => f.fileOf !== undefined && o.flags.startsWith(`--${f.fileOf} `),
    );
    if (o.required === true && !either) command.requiredOption(o.flags, o.description);
    else if (o.default !== undefined) command.option(o.flags, o.description, o.default);
    else command.option(o.flags, o.description);
  }
  return command;
}
