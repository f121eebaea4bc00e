/**
 * An edit made through a formatter (the `yaml` library re-renders a whole document), carried
 * onto the user's file: only the lines the edit changed are taken from the rendering, every
 * other byte stays as the user wrote it (comments where they were, blank lines, quoting, CR LF,
 * a last line without a line end). Two line diffs do it: the user's file against the rendering
 * of that same file unedited (which lines correspond), and that rendering against the edited
 * one (what the edit changed). Pure: no I/O.
 */
import { diffArrays } from 'diff';
import { linesOf, normaliseLineEnds, usualEnd, type Line } from './line-ends.js';

/** The three texts of an edit made through a formatter. */
export interface CarryTexts {
  /** The file as the user wrote it. */
  original: string;
  /** The formatter's rendering of the original, unedited. */
  rendered: string;
  /** The formatter's rendering after the edit. */
  edited: string;
}

/** One change of the rendering: the `removed` lines from `at` replaced by `insert`. */
interface Edit {
  at: number;
  remove: number;
  removed: string[];
  insert: string[];
}

function textsOf(text: string): string[] {
  return linesOf(normaliseLineEnds(text)).map((line) => line.text);
}

/** For each line of the rendering, the index of the same line in the user's file, or -1. */
function correspondence(original: string[], rendered: string[]): number[] {
  const toOriginal = new Array<number>(rendered.length).fill(-1);
  let [o, r] = [0, 0];
  for (const change of diffArrays(original, rendered)) {
    const count = change.value.length;
    if (!change.added && !change.removed) {
      for (let k = 0; k < count; k++) toOriginal[r + k] = o + k;
    }
    if (!change.added) o += count;
    if (!change.removed) r += count;
  }
  return toOriginal;
}

/** The changes from the rendering to the edited rendering, each a run of removals and additions. */
function editsOf(rendered: string[], edited: string[]): Edit[] {
  const edits: Edit[] = [];
  let at = 0;
  let open: Edit | null = null;
  for (const change of diffArrays(rendered, edited)) {
    if (!change.added && !change.removed) {
      open = null;
      at += change.value.length;
      continue;
    }
    if (open === null) edits.push((open = { at, remove: 0, removed: [], insert: [] }));
    if (change.removed) {
      open.remove += change.value.length;
      open.removed.push(...change.value);
      at += change.value.length;
    } else open.insert.push(...change.value);
  }
  return edits;
}

/**
 * Where an edit lands in the user's file (`texts`, its lines): the lines it removes there (each
 * must be the user's line, in one run). An insertion goes right after the user's line the
 * rendering has before it; where the rendering has a line the user wrote otherwise there, at the
 * end of the user's lines that such rendered lines stand for (before the next line both have).
 * Null when the removed lines are not the user's as written.
 */
function placeOf(
  edit: Edit,
  map: { toOriginal: number[]; texts: string[] },
): { start: number; count: number } | null {
  const { toOriginal } = map;
  if (edit.remove > 0) {
    const start = toOriginal[edit.at] ?? -1;
    for (let k = 0; k < edit.remove; k++) {
      if (start < 0 || toOriginal[edit.at + k] !== start + k)
        return soleRun(map.texts, edit.removed);
    }
    return { start, count: edit.remove };
  }
  if (edit.at === 0) return { start: 0, count: 0 };
  const before = toOriginal[edit.at - 1] ?? -1;
  if (before >= 0) return { start: before + 1, count: 0 };
  const next = toOriginal.slice(edit.at).find((o) => o >= 0);
  return { start: next ?? map.texts.length, count: 0 };
}

/**
 * The one place the user's file holds `run` verbatim, or null when it holds it nowhere or more
 * than once. Lines this edit removes that the line diff paired with others (a file in a layout
 * the formatter does not render, whose entries share lines with the one removed: `language:
 * system` in each of pre-commit's local hooks) are found so, as an earlier edit wrote them.
 */
function soleRun(texts: string[], run: string[]): { start: number; count: number } | null {
  const starts = texts
    .map((_, i) => i)
    .filter((i) => run.every((line, k) => texts[i + k] === line));
  return starts.length === 1 ? { start: starts[0] as number, count: run.length } : null;
}

/** Replaces lines of the file; a file that ended without a line end still does. */
function splice(
  lines: Line[],
  at: { start: number; count: number; insert: string[] },
  end: string,
): void {
  const atEnd = lines.length > 0 && at.start + at.count === lines.length;
  const unended = atEnd && lines[lines.length - 1]?.end === '';
  lines.splice(at.start, at.count, ...at.insert.map((text) => ({ text, end })));
  if (!unended || lines.length === 0) return;
  const before = lines[at.start - 1];
  if (before !== undefined && before.end === '') before.end = end;
  (lines[lines.length - 1] as Line).end = '';
}

/**
 * The user's file with the edit carried onto it: byte for byte the original except the lines
 * the edit changed (added lines take the file's usual line end). Null when the edit touches
 * lines the formatter rendered otherwise than the user wrote them (the caller then keeps the
 * formatter's text).
 */
export function carryEdit(texts: CarryTexts): string | null {
  const lines = linesOf(texts.original);
  const toOriginal = correspondence(
    lines.map((line) => line.text),
    textsOf(texts.rendered),
  );
  const placed: { start: number; count: number; insert: string[] }[] = [];
  for (const edit of editsOf(textsOf(texts.rendered), textsOf(texts.edited))) {
    const place = placeOf(edit, { toOriginal, texts: lines.map((line) => line.text) });
    if (place === null) return null;
    placed.push({ ...place, insert: edit.insert });
  }
  const end = lines.length === 0 ? '\n' : usualEnd(lines);
  for (const at of placed.reverse()) splice(lines, at, end);
  return lines.map((line) => line.text + line.end).join('');
}
