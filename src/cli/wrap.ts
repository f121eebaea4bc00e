/**
 * Prose wrapped to the width tables use (table.ts `outputWidth`: COLUMNS, else the terminal's
 * width; piped output, which is for machines, is not wrapped unless COLUMNS is set). Lines
 * break only at spaces, so an id, a path or a URL is never cut (one longer than the width stands
 * alone on its line), and a command the caller names stays whole on one line when it fits on
 * one (a run the command pattern takes that is wider than a line, as in prose that names a
 * command mid-sentence, breaks at its spaces like the rest). Widths are terminal columns, as in
 * tables (columns.ts: a CJK character or an emoji takes two), and a tab is expanded to the next
 * tab stop before the line is measured, so none reaches a wrapped line.
 */
import { columns, expandTabs } from './columns.js';
import { outputWidth } from './table.js';

/** A command a wrapped line must keep whole: `flagstore <word> ...` or `git config ...`. */
const COMMAND = /\b(?:flagstore [a-z-]+|git config)(?: [^\s;,]+)*?(?=[;,]|\s\(|\.?$)/g;

/** Stands for a space inside a command while the line is cut into words. */
const GLUE = '\u0000';

/**
 * A line's lead (its indent, and a leading `- ` or `> `) and the indent of its continuation
 * lines: as many spaces as the lead takes columns, and `hang` more.
 */
function hangingIndent(line: string, hang: number): { lead: string; indent: string } {
  const lead = /^\s*(?:[-*>] )?/.exec(line)?.[0] ?? '';
  return { lead, indent: ' '.repeat(columns(lead) + hang) };
}

/** The columns a word takes, a command's glued spaces counted as the spaces they stand for. */
function wordColumns(word: string): number {
  return columns(word.replaceAll(GLUE, ' '));
}

/**
 * Cuts one line into lines of at most `width` columns, breaking only at spaces (a break at a
 * run of spaces, as after a sentence, takes the whole run); tabs are expanded first. Its
 * continuation lines hang under its text, `hang` columns further in (a heading's value).
 */
export function wrapLine(text: string, width: number, hang = 0): string[] {
  const line = expandTabs(text);
  if (columns(line) <= width) return [line];
  const { lead, indent } = hangingIndent(line, hang);
  const glued = line.replace(COMMAND, (command) => command.replaceAll(' ', GLUE));
  const room = width - indent.length;
  const words = glued
    .slice(lead.length)
    .split(' ')
    .flatMap((word) => (wordColumns(word) > room ? word.split(GLUE) : [word]));
  const lines: string[] = [];
  let current = lead + (words.shift() ?? '');
  let used = wordColumns(current);
  for (const word of words) {
    const wide = wordColumns(word);
    if (used + 1 + wide <= width || current.trim() === '') {
      current += ` ${word}`;
      used += 1 + wide;
    } else if (word !== '') {
      lines.push(current);
      current = indent + word;
      used = indent.length + wide;
    }
  }
  lines.push(current);
  return lines.map((l) => l.replaceAll(GLUE, ' '));
}

/**
 * Every line wrapped to the output's width (unchanged when piped with no COLUMNS set), its
 * continuation lines `hang` columns further in than its text.
 */
export function wrapProse(lines: string[], hang = 0): string[] {
  const width = outputWidth();
  return width === Infinity ? lines : lines.flatMap((line) => wrapLine(line, width, hang));
}
