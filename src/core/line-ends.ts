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

/**
 * `text` with the line ends `model` uses: CR LF when most of model's lines end so (a file a
 * Windows editor or `core.autocrlf` wrote), else `text` as it is. A file rewritten by a tool
 * then differs from its old self only where the tool changed it.
 */
export function withLineEndsOf(model: string | null, text: string): string {
  const crlf = model?.match(/\r\n/g)?.length ?? 0;
  const lf = (model?.match(/\n/g)?.length ?? 0) - crlf;
  if (crlf === 0 || crlf < lf) return text;
  return normaliseLineEnds(text).replace(/\n/g, '\r\n');
}
