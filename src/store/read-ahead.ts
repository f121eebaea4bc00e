/**
 * A cold read's file access on another thread. Opening, `fstat`ing, reading and closing 10,000
 * flag files is about a quarter of a cold read; a reader thread does it a bounded window of
 * batches ahead of the parser, which takes each batch whole and synchronously (one message, no
 * event loop turn). The parser claims any batch the thread has not (so the thread's start-up
 * costs no wait), and reads itself any file the thread did not read: whatever the thread does,
 * each file's outcome is the one `readChecked` gives it without this module.
 *
 * A thread costs about 9 MB of resident memory while it lives and some CPU to start, so it reads
 * ahead only where a process asks for it ({@link useReadAhead}: the CLI's hot reads) and only
 * for a read of many files the parse cache does not know (docs/performance.md, round speed34).
 */
import { constants as fsConstants } from 'node:fs';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { threadStarted } from '../core/thread-start.js';
import { fileKey, type ParseCache } from './cache.js';
import type { FlagRead, NamedFile } from './flag-read.js';
import { readerThread, threadSource, type Ring } from './read-ahead-thread.js';

/** Indices of the shared counters (repeated in readerThread and threadSource). */
const CLAIMED = 0;
const CONSUMED = 1;
const STOP = 2;
const ENDED = 3;
const SIGNAL = 4;

/** How a flag file's name ends (the thread makes each path from its id). */
const SUFFIX = '.md';

/**
 * node's `worker_threads`, loaded when a thread is first started: every process that imports the
 * flag store would otherwise load it (about half a millisecond), and a write starts no thread.
 */
function workerThreads(): typeof import('node:worker_threads') {
  return createRequire(import.meta.url)(
    'node:worker_threads',
  ) as typeof import('node:worker_threads');
}

/** The files to read ahead: their ids, in the order the parser asks for them, and their paths. */
export interface AheadFiles {
  ids: string[];
  pathOf: (id: string) => string;
}

/** How a read ahead is set up. */
export interface AheadOptions {
  /** Below this many files, no thread (its start-up would cost more than it saves). */
  minFiles?: number;
  /** Files per batch. */
  batch?: number;
  /** Batches the thread may read beyond the parser's (the ring's slots). */
  slots?: number;
  /** Bytes a slot holds (a file that does not fit is the parser's to read). */
  room?: number;
  /** How long the parser waits for a batch the thread claimed before reading it itself (ms). */
  patience?: number;
  /** What the thread runs (see threadSource): readerThread, or a failing stand-in in tests. */
  thread?: (req: NodeJS.Require) => void;
  /** Told, as the read ahead stops, how many files the thread's reads served. */
  report?: (served: number) => void;
  /**
   * The parser claims no batch: it waits, up to the patience, for the thread's read of each
   * (tests: a read of a few files would otherwise be over before the thread runs).
   */
  threadReadsAll?: boolean;
}

/**
 * Files a cold read must have for the CLI's hot reads to start the thread: at 5,000 it cost CPU,
 * at 10,000 it cost none (docs/performance.md, round speed34).
 */
export const MIN_FILES = 8000;

const DEFAULTS: Required<Omit<AheadOptions, 'report'>> & Pick<AheadOptions, 'report'> = {
  threadReadsAll: false,
  minFiles: MIN_FILES,
  batch: 64,
  slots: 8,
  room: 1 << 17,
  patience: 2000,
  thread: readerThread,
};

/** This process's reads ahead: none until it asks for them (see {@link useReadAhead}). */
let wanted: AheadOptions | null = null;

/**
 * Lets this process's cold reads read ahead (with these options), or stops them (null). Only the
 * CLI's hot reads ask: a write, the hook's gate and the MCP server read without a thread.
 */
export function useReadAhead(options: AheadOptions | null): void {
  wanted = options;
}

/**
 * The read ahead FLAGSTORE_READ_AHEAD asks for: digits are the least number of files (0: every
 * cold read, as tests do), `off` none; unset or anything else (a blank, `-1`, `1e3`), reads of
 * {@link MIN_FILES}.
 */
export function readAheadFromEnv(value: string | undefined): AheadOptions | null {
  if (value === 'off') return null;
  return value !== undefined && /^\d+$/.test(value) ? { minFiles: Number(value) } : {};
}

/** The batch the parser is in: read by the thread (its files' reads) or by the parser (none). */
interface Current {
  index: number;
  reads: (FlagRead | undefined)[] | undefined;
}

/**
 * Reads a list of files ahead of a parser that asks for them in the list's order (see the
 * module's comment); a file asked for out of that order is the parser's to read.
 */
export class ReadAhead {
  private readonly ring: Ring;
  private readonly worker: Worker;
  /** Settles once the thread has exited (see {@link stop}). */
  private readonly exited: Promise<void>;
  private next = 0;
  private started = false;
  private served = 0;
  private current: Current = { index: -1, reads: undefined };

  private constructor(
    private readonly files: AheadFiles & { prefix: string },
    private readonly settings: typeof DEFAULTS,
  ) {
    const { batch, slots, room } = settings;
    const count = batch * slots;
    const ready = new Int32Array(new SharedArrayBuffer(4 * slots)).fill(-1);
    this.ring = {
      ids: sharedText(files.ids.join('\0')),
      prefix: files.prefix,
      suffix: SUFFIX,
      batch,
      slots,
      control: new Int32Array(new SharedArrayBuffer(20)),
      ready,
      lengths: new Int32Array(new SharedArrayBuffer(4 * count)),
      stats: new Float64Array(new SharedArrayBuffer(32 * count)),
      bytes: new Uint8Array(new SharedArrayBuffer(room * slots)),
    };
    const source = threadSource(settings.thread);
    // One megabyte of young generation, as the hot reads keep theirs (src/cli/heap-growth.ts).
    const resourceLimits = { maxYoungGenerationSizeMb: 1 };
    // No node options of this process: `--import` would load its modules in the thread too, and
    // `--input-type=module` makes the eval'd source a module, without `require`.
    const options = { eval: true, workerData: this.ring, resourceLimits, execArgv: [] };
    this.worker = new (workerThreads().Worker)(source, options);
    // A thread that fails costs only its help: the parser reads what it did not.
    this.worker.on('error', () => this.halt());
    // However far its start got, V8's settings are given again once it is gone (thread-start.ts).
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => {
        threadStarted();
        resolve();
      });
    });
    this.worker.unref();
  }

  /**
   * A read ahead of the files of `ids` (in that order), or none when there are too few or no
   * safe open (no O_NOFOLLOW).
   */
  static of(files: AheadFiles, options = wanted): ReadAhead | undefined {
    if (options === null) return undefined;
    const settings = { ...DEFAULTS, ...options };
    const { ids, pathOf } = files;
    if (ids.length === 0 || ids.length < settings.minFiles) return undefined;
    if (fsConstants.O_NOFOLLOW === undefined) return undefined;
    const first = pathOf(ids[0]!);
    const prefix = first.slice(0, first.length - ids[0]!.length - SUFFIX.length);
    try {
      return new ReadAhead({ ...files, prefix }, settings);
    } catch {
      return undefined;
    }
  }

  /**
   * The read of `file` when it is the list's next file, at the path the thread read, and the
   * thread read it; else none.
   */
  take(file: NamedFile): FlagRead | undefined {
    const { ids, prefix } = this.files;
    if (ids[this.next] !== file.id || file.path !== prefix + file.id + SUFFIX) return undefined;
    const at = this.next++;
    const index = Math.floor(at / this.settings.batch);
    if (index !== this.current.index) this.enter(index);
    const read = this.current.reads?.[at % this.settings.batch];
    if (read !== undefined) this.served++;
    return read;
  }

  /**
   * Stops the thread (it ends its batch, reads nothing more, and exits); settles once it has
   * exited. A read need not wait for that: the thread holds nothing the read still uses.
   */
  stop(): Promise<void> {
    this.halt();
    this.settings.report?.(this.served);
    return this.exited;
  }

  /** Tells the thread to stop, wakes it if it waits for room, and ends it. */
  private halt(): void {
    const { control } = this.ring;
    Atomics.store(control, STOP, 1);
    Atomics.notify(control, CONSUMED);
    void this.worker.terminate();
  }

  /** Moves to batch `index`: claims it for the parser, or takes the thread's read of it. */
  private enter(index: number): void {
    const { control } = this.ring;
    Atomics.store(control, CONSUMED, index);
    Atomics.notify(control, CONSUMED);
    const mine =
      !this.settings.threadReadsAll &&
      Atomics.compareExchange(control, CLAIMED, index, index + 1) === index;
    const read = !mine && this.wait(index);
    if (read && !this.started) {
      // The thread has read a batch: its start is over (see src/core/thread-start.ts).
      this.started = true;
      threadStarted();
    }
    this.current = { index, reads: read ? this.reads(index) : undefined };
  }

  /** Waits for the thread's read of batch `index`, up to the patience: false after that. */
  private wait(index: number): boolean {
    const { ready, slots, control } = this.ring;
    const slot = index % slots;
    const until = Date.now() + this.settings.patience;
    for (;;) {
      // Read before the checks: a batch made ready or the thread's end after them changes it,
      // and the wait then returns at once.
      const signal = Atomics.load(control, SIGNAL);
      if (Atomics.load(ready, slot) === index) return true;
      // A thread that has ended marked its last batch ready before it said so.
      if (Atomics.load(control, ENDED) !== 0) return Atomics.load(ready, slot) === index;
      const left = until - Date.now();
      if (left <= 0 || Atomics.load(control, STOP) !== 0) return false;
      Atomics.wait(control, SIGNAL, signal, left);
    }
  }

  /**
   * Each file's read of batch `index` (none for a file the thread did not read): views of the
   * slot, valid until the parser leaves the batch (the thread reuses the slot only after).
   */
  private reads(index: number): (FlagRead | undefined)[] {
    const { batch, slots, lengths, stats, bytes } = this.ring;
    const first = (index % slots) * batch;
    let offset = (index % slots) * (bytes.length / slots);
    const reads: (FlagRead | undefined)[] = [];
    for (let at = first; at < first + batch; at++) {
      const length = lengths[at]!;
      if (length < 0) {
        reads.push(undefined);
        continue;
      }
      const [ino, size, mtimeMs, ctimeMs] = stats.subarray(at * 4, at * 4 + 4);
      const key = fileKey({ ino: ino!, size: size!, mtimeMs: mtimeMs!, ctimeMs: ctimeMs! });
      reads.push({ bytes: Buffer.from(bytes.buffer, offset, length), key });
      offset += length;
    }
    return reads;
  }
}

/** A text's UTF-8 bytes in shared memory (the thread reads it without a copy in its heap). */
function sharedText(text: string): Uint8Array {
  const bytes = new Uint8Array(new SharedArrayBuffer(Buffer.byteLength(text)));
  Buffer.from(bytes.buffer, 0, bytes.length).write(text);
  return bytes;
}

/**
 * A read ahead of the files the cache does not know (those a read opens whatever they hold), or
 * none. Where this process reads without a thread (a write, the hook's gate, the MCP server) or
 * there are too few files, the ids are not filtered at all: that filter alone took 10 ms at
 * 100,000 flags the cache knew.
 */
export function aheadOfUnknown(
  cache: Pick<ParseCache, 'has'>,
  ids: string[],
  pathOf: (id: string) => string,
): ReadAhead | undefined {
  if (wanted === null || ids.length < (wanted.minFiles ?? DEFAULTS.minFiles)) return undefined;
  return ReadAhead.of({ ids: ids.filter((id) => !cache.has(id)), pathOf });
}
