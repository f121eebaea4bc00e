/**
 * Command-line arguments that are not UTF-8. Node decodes each argument as UTF-8 and silently
 * puts U+FFFD in place of bytes that are not, so a flag would be written with text the caller
 * never sent. Where the system shows the bytes as given (Linux: /proc/self/cmdline), a command
 * line holding such an argument is refused before any command's handler runs (context.ts's
 * runHandler, which every entry goes through). Cheap: the file is read only when an argument
 * holds U+FFFD at all, which no well-formed command line does.
 */
import { readFileSync } from 'node:fs';
import { FlagstoreError } from '../core/errors.js';

/** The replacement character node puts in place of bytes that are not UTF-8. */
const REPLACEMENT = '\uFFFD';

/** The arguments as the system holds them (after node's own options and the script), or null. */
function rawArguments(count: number): Buffer[] | null {
  let cmdline: Buffer;
  try {
    cmdline = readFileSync('/proc/self/cmdline');
  } catch {
    return null;
  }
  const words: Buffer[] = [];
  for (let start = 0; start < cmdline.length;) {
    const end = cmdline.indexOf(0, start);
    const stop = end < 0 ? cmdline.length : end;
    words.push(cmdline.subarray(start, stop));
    start = stop + 1;
  }
  return words.length < count ? null : words.slice(words.length - count);
}

/** The argument's bytes up to the first one that is not UTF-8, and that byte, escaped. */
function preview(raw: Buffer, text: string): string {
  const again = Buffer.from(text);
  let at = 0;
  while (at < raw.length && raw[at] === again[at]) at++;
  const before = raw.subarray(0, at).toString('utf8');
  const start = before.length > 24 ? `…${before.slice(-24)}` : before;
  return `byte 0x${(raw[at] ?? 0).toString(16).padStart(2, '0')} after "${start}"`;
}

/**
 * Refuses this process's command line when it holds an argument that is not UTF-8 (see the
 * module comment): a FlagstoreError naming the argument (1 for the first word after `flagstore`).
 */
export function checkArgumentBytes(): void {
  const argv = process.argv.slice(2);
  if (!argv.some((arg) => arg.includes(REPLACEMENT))) return;
  const raw = rawArguments(argv.length);
  if (raw === null) return;
  // A word is this argument when it decodes to it; it was changed when it does not encode back.
  const index = argv.findIndex((arg, i) => {
    const bytes = raw[i] as Buffer;
    return bytes.toString('utf8') === arg && !bytes.equals(Buffer.from(arg));
  });
  if (index < 0) return;
  const where = preview(raw[index] as Buffer, argv[index] as string);
  throw new FlagstoreError(
    'usage',
    `argument ${index + 1} is not valid UTF-8 (${where}): it would be read with U+FFFD in place of its bytes, so nothing was done`,
    {
      fix: 'pass the text in UTF-8: convert it first (for example with iconv -f latin1 -t utf-8), or run the calling program with a UTF-8 locale',
      details: { argument: index + 1 },
    },
  );
}
