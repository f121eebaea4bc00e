/** Commands and paths for fix lines a user may paste into a POSIX shell (the shell-quote package). */
import { createRequire } from 'node:module';
import type { quote as Quote } from 'shell-quote';

/** `args` as one shell command line: each word unchanged when a shell reads it as written. */
export function shellWords(args: readonly string[]): string {
  const { quote } = createRequire(import.meta.url)('shell-quote') as { quote: typeof Quote };
  return quote([...args]);
}

/** `text` as one shell word, quoted only when it holds a character a shell reads. */
export function shellWord(text: string): string {
  return shellWords([text]);
}
