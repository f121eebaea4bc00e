/**
 * Prose wrapped to the width tables use (table.ts `outputWidth`: COLUMNS, else the terminal's
 * width; piped output, which is for machines, is not wrapped unless COLUMNS is set). Lines
 * break only at spaces, so an id, a path or a URL is never cut (one longer than the width stands
 * alone on its line), and a command the caller names stays whole on one line when it fits on
 * one (a run the command pattern takes that is wider than a line, as in prose that names a
 * command mid-sentence, breaks at its spaces like the rest). Widths count characters, as tables
 * do.
 */
import { outputWidth } from './table.js';

/** A command a wrapped line must keep whole: `flagstore <word> ...` or `git config ...`. */
const COMMAND = /\b(?:flagstore [a-z-]+|git config)(?: [^\s;,]+)*?(?=[;,]|\s\(|\.?$)/g;

/** Stands for a space inside a command while the line is cut into words. */
const GLUE = '\u0000';

/** The indent of a line's continuation lines: its own, and past a leading `- ` or `> `. */
function hangingIndent(line: string): string {
  const lead = /^\s*(?:[-*>] )?/.exec(line)?.[0] ?? '';
  return ' '.repeat(lead.length);
}

/**
 * Cuts one line into lines of at most `width` characters, breaking only at spaces (a break at a
 * run of spaces, as after a sentence, takes the whole run).
 */
export function wrapLine(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const indent = hangingIndent(line);
  const glued = line.replace(COMMAND, (command) => command.replaceAll(' ', GLUE));
  const room = width - indent.length;
  const words = glued
    .slice(indent.length)
    .split(' ')
    .flatMap((word) => (word.length > room ? word.split(GLUE) : [word]));
  const lines: string[] = [];
  let current = glued.slice(0, indent.length) + (words.shift() ?? '');
  for (const word of words) {
    if (current.length + 1 + word.length <= width || current.trim() === '') current += ` ${word}`;
    else if (word !== '') {
      lines.push(current);
      current = indent + word;
    }
  }
  lines.push(current);
  return lines.map((l) => l.replaceAll(GLUE, ' '));
}

/** Every line wrapped to the output's width (unchanged when piped with no COLUMNS set). */
export function wrapProse(lines: string[]): string[] {
  const width = outputWidth();
  return width === Infinity ? lines : lines.flatMap((line) => wrapLine(line, width));
}
