/**
 * Stamped cache files of many records, one record a line: the head (`{"stamp":…,"value":[`), each
 * record's JSON on a line of its own (after the first, led by a comma), then `]}`. The file is one
 * JSON document all the same, as every stamped cache file, but it is read a line at a time from
 * reads of 64 KB, never as one buffer and one string: a parse cache shard at 100,000 flags is 18
 * MB, and holding it whole cost about 37 MB of peak memory on top of the parses made from it.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { stampedHead, writeStamped, writeText } from './atomic.js';

/** Records are written in pieces of about this many characters. */
const PIECE = 1 << 16;

/** The line that ends the records. */
const END = ']}';

/** Writes records as a stamped file of lines (see the module's comment); failures are ignored. */
export function writeLines(path: string, stamp: string, records: Iterable<unknown>): void {
  writeStamped(path, stamp, (fd) => {
    let piece = '[';
    let first = true;
    for (const record of records) {
      piece += `${first ? '\n' : '\n,'}${JSON.stringify(record)}`;
      first = false;
      if (piece.length < PIECE) continue;
      writeText(fd, piece);
      piece = '';
    }
    writeText(fd, `${piece}\n]`);
  });
}

/**
 * Reads a file written by {@link writeLines} with this stamp, handing each record to `each` in
 * order; false when the file is missing, of another stamp or format, or cut short (the records
 * handed over are then to be dropped).
 */
export function readLines(path: string, stamp: string, each: (record: unknown) => void): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.from(`${stampedHead(stamp)}[\n`);
    const start = Buffer.alloc(head.length);
    if (readSync(fd, start, 0, head.length, 0) !== head.length || !start.equals(head)) return false;
    return readRecords(lines(fd, head.length), each);
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Parses the record lines after the head; true when they end with the closing line, last. */
function readRecords(from: Iterable<string>, each: (record: unknown) => void): boolean {
  let count = 0;
  let ended = false;
  for (const line of from) {
    if (ended) return false;
    if (line === END) ended = true;
    else if (count > 0 && !line.startsWith(',')) return false;
    else each(JSON.parse(count++ === 0 ? line : line.slice(1)));
  }
  return ended;
}

/** The lines of an open file from `position` on, decoded one at a time (no line break kept). */
function* lines(fd: number, position: number): Generator<string> {
  const chunk = Buffer.allocUnsafe(PIECE);
  let rest: Buffer | undefined;
  for (let at = position; ;) {
    const read = readSync(fd, chunk, 0, chunk.length, at);
    if (read === 0) break;
    at += read;
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl >= 0 && nl < read; nl = chunk.indexOf(10, from)) {
      const part = chunk.subarray(from, nl);
      yield (rest === undefined ? part : Buffer.concat([rest, part])).toString('utf8');
      rest = undefined;
      from = nl + 1;
    }
    if (from === read) continue;
    const tail = Buffer.from(chunk.subarray(from, read));
    rest = rest === undefined ? tail : Buffer.concat([rest, tail]);
  }
  if (rest !== undefined) yield rest.toString('utf8');
}
