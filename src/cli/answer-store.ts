/**
 * The answer cache's files (src/cli/answer.ts): one per command line and setting in
 * `.git/flagstore/answers/`, a JSON header line followed by the bytes printed, written to a
 * temporary file and renamed, at most KEEP of them; and the printing of a kept answer.
 */
import { closeSync, fstatSync, futimesSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Places } from './answer-key.js';
import type { WatchNote } from './answer-watch.js';
import { writeStd } from './std-fd.js';

/** The header's format: answers of another format are never used. */
export const FORMAT = 3;
/** Answers kept per worktree, and their bytes at most; the least recently written go first. */
const KEEP = { count: 32, bytes: 256 * 1024 * 1024 };

/** A stored answer's header (the first line of its file; stdout and stderr bytes follow). */
export interface Header {
  format: number;
  /** The entry's full name (the file is named by a hash of it). */
  name: string;
  places: Places;
  /** The state key's text. */
  state: string;
  /** The flags folder's untracked files in that state. */
  untracked: string[];
  /** Until when (epoch ms) the answer holds; null: time plays no part in it. */
  until: number | null;
  /** The watcher's token and the changed files in that state (src/cli/answer-watch.ts). */
  watch?: WatchNote;
  code: number;
  out: number;
  err: number;
  /**
   * The file's modification time as written (epoch seconds, a whole even number, which every
   * file system keeps exactly): an edit in place gives the file a time of its own.
   */
  stamp: number;
}

/** The UTF-8 length of texts printed one after another. */
export function byteLength(texts: string[]): number {
  return texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
}

/**
 * A file name for an entry's full name: two 32-bit multiplicative hashes (cyrb53's mixing).
 * Not a cryptographic hash (node's crypto module costs milliseconds to load): the header holds
 * the full name, so two names sharing a file only take turns in it.
 */
export function fileNameOf(name: string): string {
  let [a, b] = [0xdeadbeef, 0x41c6ce57];
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return [a, b].map((n) => (n >>> 0).toString(16).padStart(8, '0')).join('');
}

/**
 * A kept answer's header and its open file, whose printed bytes start at `at` (they are copied
 * from the file when printed, never held whole: see {@link replay}). Close it with closeEntry.
 */
export interface Entry {
  header: Header;
  fd: number;
  at: number;
}

/** Closes a kept answer's file. */
export function closeEntry(entry: Entry): void {
  closeSync(entry.fd);
}

/** The first line of an open file (an entry's header: its untracked files can make it long). */
function firstLine(fd: number): Buffer {
  const chunks: Buffer[] = [];
  for (let at = 0; ;) {
    const chunk = Buffer.allocUnsafe(at === 0 ? 16_384 : 4 * at);
    const read = readSync(fd, chunk, 0, chunk.length, at);
    const eol = chunk.subarray(0, read).indexOf(10);
    chunks.push(chunk.subarray(0, eol < 0 ? read : eol));
    if (eol >= 0) return Buffer.concat(chunks);
    if (read === 0) throw new Error('no header');
    at += read;
  }
}

/** A kept answer's header, or null when there is none (or it cannot be read). */
export function readEntry(path: string): Entry | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const line = firstLine(fd);
    const header = JSON.parse(line.toString('utf8')) as Header;
    if (header.format !== FORMAT) throw new Error('not an answer');
    return { header, fd, at: line.length + 1 };
  } catch {
    closeSync(fd);
    return null;
  }
}

/** Bytes already written to an open file (from its start), to be copied into an answer. */
export interface Spooled {
  fd: number;
  length: number;
  /** Where the bytes start in the file (0 unless given). */
  start?: number;
}

/** Standard output printed as it comes and copied into an open file, to be kept from there. */
export interface Spool extends Spooled {
  print: (text: string) => void;
  /** True when a copy failed (the answer is then not kept). */
  failed: boolean;
}

/**
 * A spool into an open (unnamed) file: each text is printed, then appended to the file, both
 * from the string itself (no buffer of it is made here).
 */
export function spoolInto(fd: number): Spool {
  const spool: Spool = {
    fd,
    length: 0,
    failed: false,
    print: (text) => {
      writeStd(1, text);
      if (spool.failed) return;
      try {
        const length = Buffer.byteLength(text);
        // A file takes a write whole; anything less and the answer is simply not kept.
        spool.failed = writeSync(fd, text) !== length;
        spool.length += length;
      } catch {
        spool.failed = true;
      }
    },
  };
  return spool;
}

/** Copies a spooled file's bytes to an open file, a piece at a time. */
function copySpooled(from: Spooled, to: number): void {
  const piece = Buffer.allocUnsafe(Math.min(from.length, 1 << 20));
  for (let at = 0; at < from.length;) {
    const want = Math.min(piece.length, from.length - at);
    const read = readSync(from.fd, piece, 0, want, (from.start ?? 0) + at);
    if (read === 0) throw new Error('spooled answer cut short');
    for (let done = 0; done < read;) done += writeSync(to, piece, done, read - done);
    at += read;
  }
}

/**
 * Writes an answer atomically (its header line, then the body's parts one after another, texts
 * or spooled bytes, so a large answer is never held or copied whole), then drops the oldest
 * answers beyond KEEP.
 */
export function writeEntry(
  dir: string,
  name: string,
  entry: { header: Omit<Header, 'stamp'>; body: readonly (string | Spooled)[] },
): void {
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    const stamp = 2 * Math.floor(Date.now() / 2000);
    for (const part of [`${JSON.stringify({ ...entry.header, stamp })}\n`, ...entry.body]) {
      if (typeof part === 'string') writeSync(fd, part);
      else copySpooled(part, fd);
    }
    futimesSync(fd, stamp, stamp);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, name));
  evict(dir);
}

/** Drops the oldest answers beyond KEEP's count or bytes (the newest is always kept). */
function evict(dir: string): void {
  const byAge = readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .map((n) => ({ n, s: statSync(join(dir, n), { throwIfNoEntry: false }) }))
    .sort((a, b) => (b.s?.mtimeMs ?? 0) - (a.s?.mtimeMs ?? 0));
  const kept = { count: 0, bytes: 0 };
  for (const { n, s } of byAge) {
    const bytes = kept.bytes + (s?.size ?? 0);
    if (kept.count > 0 && (kept.count >= KEEP.count || bytes > KEEP.bytes)) {
      rmSync(join(dir, n), { force: true });
    } else {
      Object.assign(kept, { count: kept.count + 1, bytes });
    }
  }
}

/**
 * True when the file is as it was written (checked before printing a byte of it): its header's
 * counts are whole numbers, the file holds every byte they count, and its modification time is
 * still the header's stamp. A file cut short, or edited or corrupted in place, is then a miss
 * (and rewritten), never printed in part.
 */
export function intact(entry: Entry): boolean {
  const { code, out, err, stamp } = entry.header;
  if (![code, out, err, stamp].every((n) => Number.isSafeInteger(n) && n >= 0)) return false;
  try {
    const s = fstatSync(entry.fd, { bigint: true });
    return s.size === BigInt(entry.at + out + err) && s.mtimeNs === BigInt(stamp) * 1_000_000_000n;
  } catch {
    return false;
  }
}

/** Copies `length` bytes of an open file from `at` to standard output or error, a piece at a time. */
function copyOut(from: { fd: number; at: number; length: number }, to: 1 | 2, piece: Buffer) {
  for (let done = 0; done < from.length;) {
    const want = Math.min(piece.length, from.length - done);
    const read = readSync(from.fd, piece, 0, want, from.at + done);
    if (read === 0) throw new Error('kept answer cut short');
    writeStd(to, piece.subarray(0, read));
    done += read;
  }
}

/**
 * Prints a kept answer (its file checked {@link intact}) and returns its exit code, whether or
 * not its reader is still there. The bytes go from the file to the descriptors a megabyte at a
 * time through one buffer: an 18 MB answer is neither read ahead nor held (its pages were a
 * fresh allocation on every hit).
 */
export function replay(entry: Entry): number {
  const { header, fd, at } = entry;
  const piece = Buffer.allocUnsafe(Math.min(Math.max(header.out, header.err), 1 << 20));
  copyOut({ fd, at, length: header.out }, 1, piece);
  copyOut({ fd, at: at + header.out, length: header.err }, 2, piece);
  return header.code;
}
