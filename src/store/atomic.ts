/** Atomic file writes: a reader sees the old file or the new one, never half of either. */
import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tempFileWriter } from '../core/ids.js';
import { jsonChunks } from '../core/json-pieces.js';
import { processAlive } from '../git/process-alive.js';
import { stallForTests } from '../git/stall.js';

/** A temp file older than this was left by a crashed or stopped writer (a write takes ms). */
export const STALE_TEMP_MS = 60_000;

/**
 * A temp file this old whose writer's process id runs no more was left by a killed writer: it
 * goes at once, not after {@link STALE_TEMP_MS}, so `git add -A` soon after the kill does not
 * take it in. The wait spares a live writer in another PID namespace (a container sharing the
 * work tree), whose id may mean nothing here: it holds its temp file for milliseconds, and one
 * stopped longer fails on its rename and says so.
 */
const ORPHAN_TEMP_MS = 2_000;

/**
 * True when a file name is one of our temp files (`tempFileWriter`): beside the file it replaces
 * (a rename is atomic only within one file system). No reader lists it (it ends in `.tmp`), so
 * the ledger never records it, and `removeStaleTemps` deletes it once a crash left it behind.
 */
export function isTempFile(name: string): boolean {
  return tempFileWriter(name) !== null;
}

/** True when a temp file of this name and age was left by a writer that is gone or stuck. */
function leftBehind(name: string, ageMs: number): boolean {
  if (ageMs > STALE_TEMP_MS) return true;
  const pid = tempFileWriter(name) ?? 0;
  return ageMs > ORPHAN_TEMP_MS && pid !== process.pid && !processAlive(pid);
}

/**
 * Deletes the stale temp files among a folder's entries; a writer that was stopped that long
 * then fails to rename its temp file and reports it, so no write is lost silently.
 */
export function removeStaleTemps(dir: string, names: string[], now = Date.now()): void {
  for (const name of names) {
    if (!isTempFile(name)) continue;
    const path = join(dir, name);
    try {
      const stat = lstatSync(path);
      if (stat.isFile() && leftBehind(name, now - stat.mtimeMs)) rmSync(path, { force: true });
    } catch {
      // Gone already, or not ours to remove (read-only folder): readers skip it either way.
    }
  }
}

/** A new temp file name beside `path` (see isTempFile); O_EXCL keeps two writers apart. */
export function tempPathFor(path: string): string {
  const tag = Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
  return join(dirname(path), `.${basename(path)}.${process.pid}.${tag}.tmp`);
}

/**
 * An open file with no name in `dir` (it goes when closed): scratch space that a crash never
 * leaves behind.
 */
export function scratchIn(dir: string): number {
  const path = tempPathFor(join(dir, 'scratch'));
  const fd = openSync(path, 'wx+');
  try {
    unlinkSync(path);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

/**
 * How a file is written. `durable` (the default) flushes it to the disk before it replaces the
 * old one: a crash then leaves the old file or the new, never an empty one. A copy that can be
 * written again from another record (a flag's work-tree copy of what the ledger already holds)
 * skips the flush, which is the slowest part of a write on a busy disk.
 */
export interface WriteMode {
  durable?: boolean;
}

/**
 * Writes a new temp file beside `path` and returns its name. Synchronous, as every write here:
 * a write is a few small system calls, which node's thread pool would only delay (it starts
 * four threads on first use, and each step would wait for one).
 */
function writeTemp(path: string, write: (fd: number) => void, mode: WriteMode): string {
  const temp = tempPathFor(path);
  const fd = openSync(temp, 'wx');
  try {
    write(fd);
    if (mode.durable !== false) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  return temp;
}

/** Replaces a file atomically (temp file in the same folder, then rename). */
export function writeAtomic(
  path: string,
  content: string | Uint8Array,
  mode: WriteMode = {},
): void {
  renameTemp(
    writeTemp(path, (fd) => writeFileSync(fd, content), mode),
    path,
  );
}

/** Moves a written temp file over `path`; the temp file is removed when that fails. */
function renameTemp(temp: string, path: string): void {
  stallForTests('RENAME');
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** How a work-tree copy of what another record holds is written: not flushed (see WriteMode). */
const COPY: WriteMode = { durable: false };

/**
 * True when a rename or link (`syscall`) failed for want of its temp file: a reader swept it away
 * (removeStaleTemps) while this writer stalled for over a minute between writing and placing it.
 */
function sweptAway(error: unknown, syscall: 'rename' | 'link'): boolean {
  const e = error as NodeJS.ErrnoException;
  return e.code === 'ENOENT' && e.syscall === syscall;
}

/**
 * Writes a copy of what another record holds (a flag's work-tree copy of the ledger's text), not
 * flushed. A writer whose temp file was swept away (see sweptAway) finds its rename failing: the
 * record it copies is already written, so the copy is written once more rather than reported as
 * lost.
 */
export function writeCopyAtomic(path: string, content: string | Uint8Array): void {
  try {
    writeAtomic(path, content, COPY);
  } catch (error) {
    if (!sweptAway(error, 'rename')) throw error;
    writeAtomic(path, content, COPY);
  }
}

/**
 * Replaces a file atomically with a text written piece by piece, never held whole (a report of
 * 100,000 flags is 170 MB); returns its length in bytes.
 */
export function writeAtomicPieces(path: string, pieces: Iterable<string>): number {
  let bytes = 0;
  const write = (fd: number): void => {
    for (const piece of pieces) bytes += writeText(fd, piece);
  };
  renameTemp(writeTemp(path, write, {}), path);
  return bytes;
}

/**
 * Creates a file atomically, failing with EEXIST when it is already there. A writer whose temp
 * file was swept away (see sweptAway) writes it once more: a link never replaces a file, so a
 * create that stalled can never put its text over one written meanwhile (that one wins, EEXIST).
 */
export function createAtomic(path: string, content: string, mode: WriteMode = {}): void {
  try {
    linkNew(path, content, mode);
  } catch (error) {
    if (!sweptAway(error, 'link')) throw error;
    linkNew(path, content, mode);
  }
}

/** Writes a temp file beside `path` and links it there (EEXIST when taken); the temp file goes. */
function linkNew(path: string, content: string, mode: WriteMode): void {
  const temp = writeTemp(path, (fd) => writeFileSync(fd, content), mode);
  stallForTests('LINK');
  try {
    linkSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * The opening of a stamped cache file, up to its value: `{"stamp":<stamp>,"value":`. The stamp
 * comes first so a reader can tell a file of other code before it parses the rest.
 */
export function stampedHead(stamp: string): string {
  return `{"stamp":${JSON.stringify(stamp)},"value":`;
}

/** Writes a text whole to an open file; returns its length in bytes. */
export function writeText(fd: number, text: string): number {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
  return bytes.length;
}

/**
 * Writes a stamped cache file atomically, creating its folder: the head (see stampedHead), what
 * `writeValue` writes to the open temp file, then the closing brace. Not synced to disk (a file
 * torn by a crash does not parse and is ignored); a failure (read-only or vanished git dir) only
 * costs speed, so it is ignored and the temp file removed. Synchronous, as every write here.
 */
export function writeStamped(path: string, stamp: string, writeValue: (fd: number) => void): void {
  let temp: string | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    temp = tempPathFor(path);
    const fd = openSync(temp, 'wx');
    try {
      writeText(fd, stampedHead(stamp));
      writeValue(fd);
      writeText(fd, '}');
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch {
    // Caching is an optimisation; never fail a command over it.
    if (temp !== undefined) rmSync(temp, { force: true });
  }
}

/** Cache files are written in pieces of about this many characters (see JSON_PIECE in output.ts). */
const CACHE_PIECE = 1 << 16;

/**
 * Writes a value's compact JSON to an open file in pieces, never as one string (a cache file of
 * a large repository is tens of MB).
 */
export function writeJson(fd: number, value: unknown): void {
  for (const chunk of jsonChunks(value, 0, CACHE_PIECE)) writeText(fd, chunk);
}
