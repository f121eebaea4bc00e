/**
 * Text measured in terminal columns, not characters: a CJK character or an emoji takes two, a
 * combining mark none. Widths come from `string-width`; printable ASCII, nearly all output, is
 * measured here without it, and the bundles load it only when other text is measured
 * (scripts/stubs/lazy-string-width.mjs), so a hot read of ASCII flags never loads it. Text is
 * sanitised before it is measured (src/core/sanitize.ts) and holds no tab: `string-width`
 * counts none, so tabs are replaced or expanded first ({@link expandTabs}). Widths are Unicode's,
 * as current terminals draw them; a terminal that sizes each code point alone draws an emoji with
 * a skin-tone modifier 4 columns wide, not 2 (tmux 3.3a, seen on 5 December 2026), so a wrapped
 * line holding one can run 2 columns past its width there.
 */
import stringWidth from 'string-width';

/** Printable ASCII: one column a character. */
const PLAIN = /^[\x20-\x7e]*$/;

/** Terminals put a tab stop every this many columns. */
const TAB_STOP = 8;

let segmenter: Intl.Segmenter | undefined;

/** The terminal columns a text takes. */
export function columns(text: string): number {
  return PLAIN.test(text) ? text.length : stringWidth(text);
}

/** The grapheme clusters of a text (what a terminal draws as one character) and their widths. */
export function* clusters(text: string): Generator<{ text: string; width: number }> {
  segmenter ??= new Intl.Segmenter();
  for (const { segment } of segmenter.segment(text))
    yield { text: segment, width: columns(segment) };
}

/** The longest start of a text that fits in `room` columns, never cutting a cluster. */
export function sliceColumns(text: string, room: number): string {
  if (PLAIN.test(text)) return text.slice(0, room);
  let used = 0;
  let kept = '';
  for (const cluster of clusters(text)) {
    if (used + cluster.width > room) break;
    used += cluster.width;
    kept += cluster.text;
  }
  return kept;
}

/** A text padded with spaces to `width` columns. */
export function padColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - columns(text)));
}

/** Texts padded with spaces to one width: the widest text's columns, and at least `least`. */
export function padToWidest(texts: string[], least = 0): string[] {
  const width = Math.max(least, ...texts.map(columns));
  return texts.map((text) => padColumns(text, width));
}

/** A line with each tab replaced by the spaces to the next tab stop, as a terminal shows it. */
export function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  const parts = line.split('\t');
  let at = 0;
  return parts
    .map((part, i) => {
      at += columns(part);
      if (i === parts.length - 1) return part;
      const pad = TAB_STOP - (at % TAB_STOP);
      at += pad;
      return part + ' '.repeat(pad);
    })
    .join('');
}
