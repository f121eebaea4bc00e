/** The command that shows what a bounded listing left out: the user's own command plus `--all`. */
import { unsafeIndex } from '../core/sanitize.js';
import { shellWord } from '../git/shell-word.js';
import { current } from './context.js';

/** Whether a word must not be printed back: a terminal control, bidi mark, tab or newline. */
function unprintable(word: string): boolean {
  return unsafeIndex(word) !== -1 || /[\t\n]/u.test(word);
}

/** Words a shell reads as written (`@` included, which shell-quote escapes): printed bare. */
const PLAIN = /^[\w@%+=:,./-]+$/u;

/** The arguments without `--limit n` / `--limit=n`, which `--all` replaces. */
function withoutLimit(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    const option = end === -1 || i < end;
    if (option && word === '--limit') i++;
    else if (!(option && word.startsWith('--limit='))) kept.push(word);
  }
  return kept;
}

/**
 * The command line that lists everything, quoted for a POSIX shell, e.g.
 * `flagstore list --for @api --all`; null when the command line is not known or holds a
 * character that must not reach a terminal (the caller then names the option alone).
 */
export function allCommand(argv: readonly string[] = current.argv): string | null {
  if (argv.length === 0 || argv.some(unprintable)) return null;
  const words = withoutLimit(argv);
  const end = words.indexOf('--');
  if (end === -1) words.push('--all');
  else words.splice(end, 0, '--all');
  return ['flagstore', ...words].map((w) => (PLAIN.test(w) ? w : shellWord(w))).join(' ');
}
