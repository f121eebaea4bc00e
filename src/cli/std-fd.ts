/**
 * Standard output and error by their descriptors, without node's stream objects: creating
 * `process.stdout` for a pipe loads `net` and the stream modules, and `node:tty` (what
 * `isatty` lives in) loads `net` too, a few milliseconds of every command's start-up. Node's
 * built-ins only: bin/flagstore.js takes `isTerminal` from route.cjs, the answer cache's bundle
 * writes with `writeStd`.
 */
import { fstatSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

/** What is known of each descriptor: whether it is a terminal, whether writes go by its stream. */
const terminals = new Map<number, boolean>();
const streamed = new Set<number>();
/** Descriptors whose reader is gone: later output for them is dropped. */
const gone = new Set<number>();
/** Descriptors a write failed on (a full disk): gone too, and the failure is reported elsewhere. */
const failed = new Set<number>();

/**
 * True when a write to descriptor `fd` failed for another reason than its reader leaving (a
 * full disk, an I/O error): what would have gone there must be said on the other one.
 */
export function writeFailed(fd: 1 | 2): boolean {
  return failed.has(fd);
}

/**
 * True when descriptor `fd` is a terminal. One `fstat` decides for anything that is not a
 * character device (a pipe, a file, a socket: never a terminal); a character device (a
 * terminal, or `/dev/null`) is asked of `node:tty`, as before.
 */
export function isTerminal(fd: number): boolean {
  let known = terminals.get(fd);
  if (known === undefined) {
    known = characterDevice(fd) && ttyOf().isatty(fd);
    terminals.set(fd, known);
  }
  return known;
}

function characterDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return false;
  }
}

function ttyOf(): typeof import('node:tty') {
  return createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
}

/**
 * Writes to standard output (1) or error (2) straight to the descriptor, as node's stream does
 * on Linux (synchronously, in order). A non-blocking pipe that does not take a write at once is
 * made blocking (see madeBlocking); where that cannot be done, the rest goes through the stream,
 * which waits for it, and so does every later write to that descriptor, so that nothing
 * overtakes it. A reader that is gone (`flagstore list | head`) is not a failure
 * and not the end of the command: its output is dropped from then on and the command runs to
 * its end, so its exit code stands (a gate that blocks a commit still exits 1). Bytes handed to
 * the stream are copied first: the stream writes later, and a caller may reuse its buffer. When
 * standard output and error are one pipe (`2>&1`) and one of them waits in its stream, the
 * other's bytes go through that stream too, after it, never straight into the middle of it.
 */
export function writeStd(fd: 1 | 2, data: string | Uint8Array): void {
  if (gone.has(fd)) return;
  const to = writerOf(fd);
  if (to !== fd) return writeStd(to, data);
  const stream = (): NodeJS.WriteStream => (fd === 1 ? process.stdout : process.stderr);
  if (streamed.has(fd)) {
    stream().write(typeof data === 'string' ? data : Buffer.from(data));
    return;
  }
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  for (let at = 0; at < bytes.length;) {
    try {
      at += writeSync(fd, bytes, at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return void gone.add(fd);
      if (code !== 'EAGAIN') throw failure(fd, error);
      if (madeBlocking(stream())) continue;
      streamed.add(fd);
      stream()
        .on('error', (e: NodeJS.ErrnoException) => readerGone(fd, e))
        .write(Buffer.from(bytes.subarray(at)));
      return;
    }
  }
}

/** A failed write: later output for `fd` is dropped, and the error goes to the caller. */
function failure(fd: 1 | 2, error: unknown): unknown {
  gone.add(fd);
  failed.add(fd);
  return error;
}

/**
 * Makes a non-blocking pipe's writes wait for its reader, as node's standard streams do on
 * Windows (creating `process.stdout` for a pipe makes it non-blocking); false when the stream
 * cannot. Handed to the stream instead, a long answer waits in memory for a slow reader: at
 * 100,000 flags 18 MB of output took 52 MB of buffers.
 */
function madeBlocking(stream: NodeJS.WriteStream): boolean {
  // Tests take the stream's way too, as where a pipe cannot be made blocking.
  if (process.env.FLAGSTORE_TEST_KEEP_NONBLOCKING === '1') return false;
  const handle = (stream as { _handle?: { setBlocking?: (on: boolean) => number } })._handle;
  return handle?.setBlocking?.(true) === 0;
}

/**
 * The descriptor whose stream `fd`'s bytes go through: `fd`, or the other one while bytes of it
 * wait in its stream and both are one pipe.
 */
function writerOf(fd: 1 | 2): 1 | 2 {
  const other = fd === 1 ? 2 : 1;
  return !streamed.has(fd) && streamed.has(other) && samePipe() ? other : fd;
}

/** Whether standard output and error are one file (`2>&1`), told once. */
let shared: boolean | undefined;

/**
 * True when descriptors 1 and 2 are the same file (a pipe or socket where it matters: only those
 * make a write wait in a stream).
 */
function samePipe(): boolean {
  if (shared === undefined) {
    try {
      const [a, b] = [fstatSync(1), fstatSync(2)];
      shared = a.dev === b.dev && a.ino === b.ino;
    } catch {
      shared = false;
    }
  }
  return shared;
}

/**
 * A stream's error: its reader gone (the output is dropped from then on), or a failure that is
 * thrown. Also the handler of `process.stdout`'s own errors (src/cli/pipe.ts).
 */
export function readerGone(fd: 1 | 2, error: NodeJS.ErrnoException): void {
  const closed = error.code === 'EPIPE' || (gone.has(fd) && error.code === 'ERR_STREAM_DESTROYED');
  if (!closed) throw error;
  gone.add(fd);
}

/** True when output handed to node's stream (see writeStd) still waits to be written. */
export function outputWaiting(): boolean {
  return [...streamed].some(
    (fd) => (fd === 1 ? process.stdout : process.stderr).writableLength > 0,
  );
}
