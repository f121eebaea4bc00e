/** Options shared by several commands, declared once so their names and help never drift. */
import { Option } from 'commander';

/** `--commit`: commit what the command wrote (`what` completes the help text). */
export function commitOption(what: string): Option {
  return new Option('--commit', `commit ${what} (only those files; nothing else you staged)`);
}
