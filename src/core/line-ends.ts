/** Line ends: text from Windows tools arrives with CR LF (or a lone CR); flags store LF only. */

/** Turns CR LF and lone CR line ends into LF, so the text reads back exactly as stored. */
export function normaliseLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** The same object with every string value's line ends normalised (one level deep). */
export function normaliseFields<T extends object>(input: T): T {
  const out = { ...input } as Record<string, unknown>;
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'string') out[key] = normaliseLineEnds(value);
    else if (Array.isArray(value))
      out[key] = value.map((v) => (typeof v === 'string' ? normaliseLineEnds(v) : v));
  }
  return out as T;
}

/** One line of a file: its text and the line end after it ('' for a last line without one). */
export interface Line {
  text: string;
  end: string;
}

/** A file's lines, each with its own line end (CR LF, LF or a lone CR). */
export function linesOf(file: string): Line[] {
  return [...file.matchAll(/([^\r\n]*)(\r\n|\n|\r|$)/g)]
    .filter((match) => match[0] !== '' || match.index < file.length)
    .map((match) => ({ text: match[1]!, end: match[2]! }));
}

/** The end most of the lines use: CR LF when at least as many lines end so as with LF. */
export function usualEnd(lines: Line[]): string {
  const crlf = lines.filter((line) => line.end === '\r\n').length;
  const lf = lines.filter((line) => line.end === '\n').length;
  return crlf > 0 && crlf >= lf ? '\r\n' : '\n';
}

/**
 * `text` with the line ends of `model`, the file it was made from: the lines both share at the
 * start and at the end keep their own line ends byte for byte (a file of mixed ends too), a
 * line changed in place keeps the end of the line it replaces, and the lines added get the
 * end most of model's lines have (CR LF for a file a Windows editor or `core.autocrlf` wrote).
 * A file rewritten by a tool then differs from its old self only where the tool changed it,
 * and taking the change out again gives the old file back exactly.
 */
export function withLineEndsOf(model: string | null, text: string): string {
  if (model === null || !model.includes('\r')) return text;
  const old = linesOf(model);
  const out = linesOf(normaliseLineEnds(text));
  const same = (a: Line | undefined, b: Line | undefined): boolean => a?.text === b?.text;
  let head = 0;
  while (head < Math.min(old.length, out.length) && same(old[head], out[head])) head++;
  let tail = 0;
  const room = Math.min(old.length, out.length) - head;
  while (tail < room && same(old[old.length - 1 - tail], out[out.length - 1 - tail])) tail++;
  const inPlace = old.length === out.length;
  const usual = usualEnd(old);
  return out
    .map((line, index) => {
      if (line.end === '') return line.text;
      const fromTail =
        index >= out.length - tail ? old[index - out.length + old.length] : undefined;
      const source = index < head || inPlace ? old[index] : fromTail;
      return line.text + (source?.end || usual);
    })
    .join('');
}
