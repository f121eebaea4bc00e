/**
 * Cutting untrusted text for a message: on grapheme cluster boundaries (Intl.Segmenter), so a
 * cut never leaves half a surrogate pair, an emoji without its modifier or a letter without its
 * combining mark.
 */

let segmenter: Intl.Segmenter | undefined;

/** True for the first half of a surrogate pair: a cut just after it leaves half a character. */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The first `keep` UTF-16 units of `text`, one fewer where the cut would split a surrogate pair. */
export function headOf(text: string, keep: number): string {
  return text.slice(0, keep > 0 && isHighSurrogate(text.charCodeAt(keep - 1)) ? keep - 1 : keep);
}

/**
 * The text itself when it has at most `max` UTF-16 units, else its longest start of whole
 * grapheme clusters that fits in `max - 3` units, followed by `...`.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - 3;
  segmenter ??= new Intl.Segmenter();
  let end = 0;
  for (const { segment, index } of segmenter.segment(text)) {
    if (index + segment.length > room) break;
    end = index + segment.length;
  }
  return `${text.slice(0, end)}...`;
}
