/**
 * Bytes a transition does not touch stay as they were: a file is read as UTF-8, so an invalid
 * sequence reads as U+FFFD and would be written back as U+FFFD. Each line of the new text that
 * holds U+FFFD takes the original bytes of the line that decoded to it.
 */

const LF = 0x0a;

/** The lines of files that did not decode cleanly, by their decoded text, in file order. */
function lossyLines(originals: Uint8Array[]): Map<string, Buffer[]> {
  const lines = new Map<string, Buffer[]>();
  for (const original of originals) {
    const buffer = Buffer.from(original.buffer, original.byteOffset, original.byteLength);
    for (let start = 0; start <= buffer.length;) {
      const found = buffer.indexOf(LF, start);
      const end = found < 0 ? buffer.length : found;
      const bytes = buffer.subarray(start, end);
      const text = bytes.toString('utf8');
      if (text.includes('\uFFFD')) lines.set(text, [...(lines.get(text) ?? []), bytes]);
      start = end + 1;
    }
  }
  return lines;
}

/** Encodes an edited text, restoring the original bytes of the lines it kept from `originals`. */
export function keepBytes(next: string, originals: Uint8Array[]): Buffer {
  if (!next.includes('\uFFFD')) return Buffer.from(next, 'utf8');
  const lossy = lossyLines(originals);
  const parts = next.split('\n').map((line) => {
    if (!line.includes('\uFFFD')) return Buffer.from(line, 'utf8');
    const queue = lossy.get(line);
    const bytes = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    return bytes ?? Buffer.from(line, 'utf8');
  });
  const newline = Buffer.from([LF]);
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [newline, part])));
}
