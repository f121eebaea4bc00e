/** Reading one flag file: only a regular file, its bytes and identity from one open, parsed. */
import {
  closeSync,
  constants as fsConstants,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
} from 'node:fs';
import { FlagstoreError } from '../core/errors.js';
import { notRegularFile } from '../core/ids.js';
import { countStep, type StepCount } from '../core/progress.js';
import { blobId } from '../core/object-id.js';
import { fileKey } from './cache.js';
import { parseFlagFile, type ParsedFlag } from './flag-file.js';

/** A flag file's bytes and its identity (see {@link fileKey}), read through one open. */
export interface FlagRead {
  bytes: Buffer;
  key: string;
}

/** Open flags that never follow a symlink and never wait on a FIFO (0 where unsupported). */
const NO_FOLLOW = (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

function notRegular(path: string): FlagstoreError {
  const { message, fix } = notRegularFile(path);
  return new FlagstoreError('invalid', message, { fix });
}

/**
 * A flag file's bytes and identity. Only regular files are read: a symlink committed into the
 * flags folder could otherwise make flagstore read any file on the machine. The file is opened
 * without following a symlink and checked on the open descriptor, so the identity and the
 * bytes are of the same file (one open, no separate lstat).
 */
export function readFlag(path: string): FlagRead {
  if (fsConstants.O_NOFOLLOW === undefined && !lstatSync(path).isFile()) throw notRegular(path);
  let fd: number;
  try {
    fd = openSync(path, fsConstants.O_RDONLY | NO_FOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw notRegular(path);
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw notRegular(path);
    return { bytes: readToEnd(fd, stats.size), key: fileKey(stats) };
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes of an open file whose size is known, read as `readFileSync` reads them (up to that
 * size, or to the end when the size says 0), without asking for the size a second time.
 */
function readToEnd(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd);
  const buffer = Buffer.allocUnsafe(size);
  let length = 0;
  while (length < size) {
    const read = readSync(fd, buffer, length, size - length, null);
    if (read === 0) break;
    length += read;
  }
  return length === size ? buffer : buffer.subarray(0, length);
}

/** A flag file's bytes (see {@link readFlag}). */
export function flagBytes(path: string): Buffer {
  return readFlag(path).bytes;
}

/** A flag file's text (see {@link flagBytes}). */
export function flagText(path: string): string {
  return flagBytes(path).toString('utf8');
}

/** One flag file as read and parsed, with its identity when it could be read. */
export type ReadResult = ParsedFlag & { oid?: string; key?: string };

/** One flag file as read and parsed, with the bytes read (none when it could not be read). */
export type ReadBytes = ParsedFlag & { key?: string; bytes?: Buffer };

/** A flag file's bytes and identity, or the problem that it could not be read (see {@link readFlag}). */
function readOrProblem(path: string): FlagRead | ParsedFlag {
  try {
    return readFlag(path);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const message =
      e instanceof FlagstoreError ? e.message : `cannot read the file (${e.code ?? String(e)})`;
    return { flag: null, problems: [{ field: 'file', message, severity: 'error', line: 1 }] };
  }
}

/**
 * Reads and parses one flag file without hashing it: a read that drops the parse (a flag for
 * another target) never needs its blob id (see {@link readFlagFile}).
 */
export function readFlagBytes(path: string): ReadBytes {
  const read = readOrProblem(path);
  if (!('bytes' in read)) return read;
  return { ...parseFlagFile(read.bytes.toString('utf8')), bytes: read.bytes, key: read.key };
}

/** Reads and parses one flag file; one that cannot be read is an invalid entry, not a failure. */
export function readFlagFile(path: string): ReadResult {
  const { bytes, ...read } = readFlagBytes(path);
  // The id of the bytes, as git hashes them: a file with invalid UTF-8 still matches its blob.
  return bytes === undefined ? read : { ...read, oid: blobId(bytes) };
}

/** Marks a parse invalid when the flag's id is not its file name. */
export function checkIdentity(id: string, parsed: ParsedFlag): ParsedFlag {
  if (parsed.flag === null || parsed.flag.id === id) return parsed;
  const problem = {
    field: 'id',
    message: `id ${parsed.flag.id} does not match the file name ${id}.md`,
    severity: 'error' as const,
    line: 2,
  };
  return { flag: null, problems: [...parsed.problems, problem] };
}

/** A flag file in the folder: the id its name holds, and its path. */
export interface NamedFile {
  id: string;
  path: string;
}

/** A flag file read, parsed and checked against its name's id, keyed by the version read. */
export interface CheckedRead {
  key: string;
  /** The bytes read, none when the file could not be read. */
  bytes: Buffer | undefined;
  parsed: ParsedFlag;
}

/**
 * Reads a flag file of the folder (see {@link readFlagBytes}) and checks its id; `ahead` is the
 * file read already (read-ahead.ts). A cold read runs this for every file: it builds no object
 * to spread or take apart (round perf30a).
 */
export function readChecked(file: NamedFile, ahead?: FlagRead): CheckedRead {
  const read = ahead ?? readOrProblem(file.path);
  // A file that could not be opened (gone, a symlink) is keyed by what is there.
  if (!('bytes' in read)) {
    return {
      key: fileKey(lstatSync(file.path)),
      bytes: undefined,
      parsed: checkIdentity(file.id, read),
    };
  }
  const parsed = parseFlagFile(read.bytes.toString('utf8'));
  return { key: read.key, bytes: read.bytes, parsed: checkIdentity(file.id, parsed) };
}

/** The parses of a read so far, and where to report them. */
export interface ParseCount extends StepCount {
  /** Files taken from the cache so far, counted as parses are (see countCached). */
  cached?: StepCount;
}

/** Counts one parse; every few hundred parses, reports how many (see countStep). */
export function countParse(run: ParseCount): void {
  countStep(run, { doing: 'reading flags', unit: 'parsed' });
}

/**
 * Counts one file taken from the cache and returns its entry; reports as {@link countParse}
 * does. A warm read parses nothing, yet checks every file: 3.5 s at 100,000 flags.
 */
export function countCached<T>(run: ParseCount, entry: T): T {
  run.cached ??= { count: 0, of: run.of, progress: run.progress };
  countStep(run.cached, { doing: 'reading flags', unit: 'cached' });
  return entry;
}
