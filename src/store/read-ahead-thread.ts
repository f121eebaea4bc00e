/**
 * The reader thread of a cold read (see read-ahead.ts). Its function runs as the source of an
 * eval'd worker, so it uses nothing from outside itself but its argument (node's `require`) and
 * the worker's data; the indices of the shared counters are repeated here for that reason.
 */
import type * as Fs from 'node:fs';
import type * as WorkerThreads from 'node:worker_threads';

/**
 * The memory the reader thread and the parser share: a ring of `slots` batches of `batch` files,
 * batch `b` in slot `b % slots`. Nothing else passes between them.
 */
export interface Ring {
  /** The files' ids in UTF-8, joined with NUL; a file's path is `prefix`, its id, `suffix`. */
  ids: Uint8Array;
  prefix: string;
  suffix: string;
  /** Files per batch. */
  batch: number;
  /** Batches in the ring: the thread reads at most this many beyond the parser's. */
  slots: number;
  /**
   * Counters: batches claimed, the parser's batch, stop, the thread ended (see threadSource), and
   * a signal counted up each time a batch is ready or the thread ends (what the parser waits on).
   */
  control: Int32Array;
  /** Per slot, the batch whose files it holds (-1: none yet). */
  ready: Int32Array;
  /** Per file of each slot, its length in `bytes` (-1: not read) ... */
  lengths: Int32Array;
  /** ... its ino, size, mtimeMs and ctimeMs ... */
  stats: Float64Array;
  /** ... and its bytes, one stretch of `bytes.length / slots` per slot. */
  bytes: Uint8Array;
}

/**
 * Claims batches of files in turn and reads each file as `readFlag` does (opened without
 * following a symlink or waiting on a FIFO, checked and sized by `fstat` on the descriptor) into
 * the batch's slot. A file that is not a regular file, is empty, gives fewer bytes than its size,
 * does not fit in the slot or fails in any way is left not read: the parser reads it itself, as
 * it would have without this thread.
 */
export function readerThread(req: NodeJS.Require): void {
  const fs = req('node:fs') as typeof Fs;
  const ring = (req('node:worker_threads') as typeof WorkerThreads).workerData as Ring;
  const { control, batch } = ring;
  const ids = Buffer.from(ring.ids.buffer, ring.ids.byteOffset, ring.ids.length);
  const room = ring.bytes.length / ring.slots;
  const flags = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;
  /** Reads one file to `at` in the ring's bytes, if it fits before `end`: its length, or -1. */
  function readOne(path: string, file: number, place: { at: number; end: number }): number {
    let fd = -1;
    try {
      fd = fs.openSync(path, flags);
      const s = fs.fstatSync(fd);
      if (!s.isFile() || s.size === 0 || place.at + s.size > place.end) return -1;
      if (fs.readSync(fd, ring.bytes, place.at, s.size, null) !== s.size) return -1;
      ring.stats.set([s.ino, s.size, s.mtimeMs, s.ctimeMs], file * 4);
      place.at += s.size;
      return s.size;
    } catch {
      return -1;
    } finally {
      if (fd >= 0) fs.closeSync(fd);
    }
  }
  // Id `file` starts at `from` in `ids` (-1: past the end); files are asked for in order.
  let file = 0;
  let from = 0;
  /** The path of file `index`, none past the end. */
  function pathOf(index: number): string | undefined {
    while (file < index && from >= 0) {
      const sep = ids.indexOf(0, from);
      from = sep < 0 ? -1 : sep + 1;
      file++;
    }
    if (from < 0 || file !== index) return undefined;
    const end = ids.indexOf(0, from);
    return ring.prefix + ids.toString('utf8', from, end < 0 ? ids.length : end) + ring.suffix;
  }
  /** Reads batch `index` into its slot; false when there is no such batch. */
  function readBatch(index: number): boolean {
    if (pathOf(index * batch) === undefined) return false;
    const slot = index % ring.slots;
    const place = { at: slot * room, end: (slot + 1) * room };
    for (let at = 0; at < batch; at++) {
      const path = pathOf(index * batch + at);
      const first = slot * batch + at;
      ring.lengths[first] = path === undefined ? -1 : readOne(path, first, place);
    }
    Atomics.store(ring.ready, slot, index);
    Atomics.add(control, 4, 1);
    Atomics.notify(control, 4);
    return true;
  }
  const stopped = (): boolean => Atomics.load(control, 2) !== 0;
  for (;;) {
    // Flow control: the slot of batch `claimed` is free once the parser has left the batch
    // `slots` before it.
    while (!stopped() && Atomics.load(control, 0) - Atomics.load(control, 1) >= ring.slots) {
      Atomics.wait(control, 1, Atomics.load(control, 1), 50);
    }
    if (stopped() || !readBatch(Atomics.add(control, 0, 1))) return;
  }
}

/**
 * The source of the eval'd worker that runs `thread` (readerThread, or a stand-in in tests):
 * however the function ends (done, stopped, or failing), the thread says it has ended and wakes
 * the parser, which then reads itself any batch the thread claimed and did not read.
 */
export function threadSource(thread: (req: NodeJS.Require) => void): string {
  const ring = "require('node:worker_threads').workerData";
  const ended =
    'Atomics.store(r.control, 3, 1); Atomics.add(r.control, 4, 1); Atomics.notify(r.control, 4);';
  return `const r = ${ring}; try { (${thread.toString()})(require); } finally { ${ended} }`;
}
