/**
 * Prose wrapped to the width tables use (table.ts `outputWidth`: COLUMNS, else the terminal's
 * width; piped output, which is for machines, is not wrapped unless COLUMNS is set). Lines
 * break only at spaces, so an id, a path or a URL is never cut (one longer than the width stands
 * alone on its line), and a command the caller names stays whole on one line when it fits on
 * one (a run the command pattern takes that is wider than a line, as in prose that names a
 * command mid-sentence, breaks at its spaces like the rest). Widths are terminal columns, as in
 * tables (columns.ts: a CJK character or an emoji takes two), and a tab is expanded to the next
 * tab stop before the line is measured, so none reaches a wrapped line. CJK text, which puts no
 * spaces between words, also breaks between its characters when a run of it is wider than a
 * line (never before a closing mark such as `。`).
 */
import { clusters, columns, expandTabs } from './columns.js';
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

/** A piece of a line and what stands before it: a space, or nothing inside a run of CJK text. */
interface Piece {
  text: string;
  gap: string;
}

/** Closing marks a line may not start with, opening marks it may not end with (CJK rules). */
const NO_START =
  /^[、。，．：；？！）」』】〉》〕］｝ー・…々ぁぃぅぇぉっゃゅょァィゥェォッャュョ]/u;
const NO_END = /^[（「『【〈《〔［｛]/u;

/**
 * A word wider than the room cut where CJK text may break: before and after a wide (two
 * column) character, never before a closing mark or after an opening one. CJK prose puts no
 * spaces between its words, so without this a sentence of it would stand alone past the width.
 */
function cutWide(word: string): Piece[] {
  const pieces: Piece[] = [{ text: '', gap: ' ' }];
  let before: { text: string; width: number } | undefined;
  for (const cluster of clusters(word)) {
    const wide = before !== undefined && (before.width === 2 || cluster.width === 2);
    if (wide && !NO_START.test(cluster.text) && !NO_END.test(before?.text ?? ''))
      pieces.push({ text: '', gap: '' });
    const last = pieces[pieces.length - 1] as Piece;
    last.text += cluster.text;
    before = cluster;
  }
  return pieces;
}

/** A word as the pieces a line may break between: whole when it fits the room. */
function pieces(word: string, room: number): Piece[] {
  if (wordColumns(word) <= room) return [{ text: word, gap: ' ' }];
  return word
    .split(GLUE)
    .flatMap((part) => (columns(part) > room ? cutWide(part) : [{ text: part, gap: ' ' }]));
}

/**
 * Cuts one line into lines of at most `width` columns, breaking at spaces (a break at a run of
 * spaces, as after a sentence, takes the whole run) and, in a word too wide for a line, where
 * CJK text may break; tabs are expanded first. Its continuation lines hang under its text,
 * `hang` columns further in (a heading's value).
 */
export function wrapLine(text: string, width: number, hang = 0): string[] {
  const line = expandTabs(text);
  if (columns(line) <= width) return [line];
  const { lead, indent } = hangingIndent(line, hang);
  const glued = line.replace(COMMAND, (command) => command.replaceAll(' ', GLUE));
  const words = glued
    .slice(lead.length)
    .split(' ')
    .flatMap((word) => pieces(word, width - indent.length));
  const lines: string[] = [];
  let current = lead + (words.shift()?.text ?? '');
  let used = wordColumns(current);
  for (const { text: word, gap } of words) {
    const wide = gap.length + wordColumns(word);
    if (used + wide <= width || current.trim() === '') {
      current += gap + word;
      used += wide;
    } else if (word !== '') {
      lines.push(current);
      current = indent + word;
      used = indent.length + wide - gap.length;
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
