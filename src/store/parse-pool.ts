/**
 * Parsing many flag files on two threads. A cold read parses every flag file, which is most of
 * its time; with enough files a worker thread (this very module, loaded again from the same
 * bundle file) parses beside the main thread. Both claim chunks of files from one shared
 * counter, so neither waits for the other and the split follows whichever core is free; the
 * main thread takes the worker's parses between its own chunks. A chunk the worker claimed but
 * never returned (it failed to start, ran out of memory, or died) is parsed on the main thread,
 * so the worker can only make a read faster, never change what it finds.
 */
import {
  isMainThread,
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  workerData,
  type MessagePort,
} from 'node:worker_threads';
import { appendFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { ParseCache, shardOf } from './cache.js';
import { flagPath, parseFile, type WorkEntry } from './parse-file.js';

/** Files per claim: small enough to balance the threads, large enough to post few messages. */
const CHUNK = 64;

/** Below this many files to parse, a worker's start-up (about 60 ms of CPU) is not worth it. */
const WORKER_MIN = 2000;

const KIND = 'flagstore-parse';

/** What a parse gives a read: the entry when the read wants it, else the file's version and shard. */
export type Parsed =
  { wanted: true; entry: WorkEntry } | { wanted: false; key: string; shard: string };

/** The files to parse (ids in the flags folder `dir`) and the target the read wants. */
export interface ParseJob {
  dir: string;
  ids: string[];
  target: string | undefined;
}

interface WorkerJob extends ParseJob {
  kind: typeof KIND;
  claims: SharedArrayBuffer;
  port: MessagePort;
}

interface Batch {
  chunk: number;
  parsed: Parsed[];
}

/** One file parsed for a read of `target`'s flags (every flag when undefined). */
function parseFor(job: ParseJob, id: string): Parsed {
  const entry = parseFile({ id, path: flagPath(job.dir, id) });
  const shard = shardOf(entry);
  if (ParseCache.wanted(shard, job.target)) return { wanted: true, entry };
  return { wanted: false, key: entry.key, shard };
}

function parseChunk(job: ParseJob, chunk: number): Batch {
  const end = Math.min((chunk + 1) * CHUNK, job.ids.length);
  const parsed: Parsed[] = [];
  for (let i = chunk * CHUNK; i < end; i++) parsed.push(parseFor(job, job.ids[i] as string));
  return { chunk, parsed };
}

/** Claims chunks from the shared counter and runs `each` on them until none are left. */
function claimAll(job: ParseJob, claims: SharedArrayBuffer, each: (batch: Batch) => void): void {
  const counter = new Int32Array(claims);
  const chunks = Math.ceil(job.ids.length / CHUNK);
  for (let chunk = Atomics.add(counter, 0, 1); chunk < chunks; chunk = Atomics.add(counter, 0, 1)) {
    each(parseChunk(job, chunk));
  }
}

/** The worker's side: parse claimed chunks, post each, then close the port. */
function workerSide(job: WorkerJob): void {
  claimAll(job, job.claims, (batch) => job.port.postMessage(batch));
  job.port.close();
}

if (!isMainThread && (workerData as Partial<WorkerJob> | null)?.kind === KIND) {
  workerSide(workerData as WorkerJob);
}

/**
 * Whether a worker is worth starting for `count` files: `FLAGSTORE_PARSE_WORKER=always` or
 * `never` decide; otherwise only for WORKER_MIN files or more, and only while the machine has
 * room for a second thread (the one-minute load average, this very read's process included,
 * below the core count). On a busy machine a second thread gets no core of its own: it only
 * adds its start-up and its own JIT warm-up to the CPU bill.
 */
function wantWorker(count: number): boolean {
  const setting = process.env.FLAGSTORE_PARSE_WORKER;
  if (setting === 'always') return true;
  if (setting === 'never' || count < WORKER_MIN) return false;
  const cores = availableParallelism();
  return cores >= 2 && (loadavg()[0] ?? Infinity) < cores;
}

interface Helper {
  worker: Worker;
  port: MessagePort;
}

/** Starts the worker on this module's own file; null from TypeScript sources or on failure. */
function startHelper(job: ParseJob, claims: SharedArrayBuffer): Helper | null {
  if (!import.meta.url.endsWith('.js')) return null;
  try {
    const { port1, port2 } = new MessageChannel();
    const data: WorkerJob = { ...job, kind: KIND, claims, port: port2 };
    // The parent's flags (--cpu-prof, a preloaded module, a test runner's loaders) are not the worker's.
    const worker = new Worker(new URL(import.meta.url), {
      workerData: data,
      transferList: [port2],
      execArgv: [],
    });
    worker.unref();
    // A failed worker is no failure of the read: its chunks are parsed here.
    worker.on('error', () => undefined);
    return { worker, port: port1 };
  } catch {
    return null;
  }
}

function drain(port: MessagePort, settle: (batch: Batch) => void): void {
  for (let got = receiveMessageOnPort(port); got; got = receiveMessageOnPort(port)) {
    settle(got.message as Batch);
  }
}

/** Waits for the worker's last parses: until every chunk is in, or the worker is gone. */
function finish(helper: Helper, settle: (batch: Batch) => void, left: () => number): Promise<void> {
  const { port, worker } = helper;
  drain(port, settle);
  if (left() === 0) {
    port.close();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    let open = true;
    // Once only: taking messages from a closed port crashes node 20 (a segmentation fault).
    const end = (): void => {
      if (!open) return;
      open = false;
      drain(port, settle);
      port.close();
      resolve();
    };
    port.on('message', (batch: Batch) => {
      if (!open) return;
      settle(batch);
      if (left() === 0) end();
    });
    port.once('close', end);
    worker.once('exit', end);
  });
}

/** Appends what the worker did to `FLAGSTORE_PARSE_TRACE`, for the tests. */
function trace(files: number, byWorker: number): void {
  const file = process.env.FLAGSTORE_PARSE_TRACE;
  if (file) appendFileSync(file, `parsed ${files} files, ${byWorker} in the worker\n`);
}

/**
 * Parses every file of the job, calling `take` once per file with its index in `job.ids` (in
 * no particular order). Runs on a worker thread as well when there are enough files (see
 * {@link wantWorker}; `FLAGSTORE_PARSE_WORKER=only` leaves every chunk to the worker, for tests).
 */
export async function parseFiles(
  job: ParseJob,
  take: (index: number, parsed: Parsed) => void,
): Promise<void> {
  const chunks = Math.ceil(job.ids.length / CHUNK);
  const claims = new SharedArrayBuffer(4);
  const mode = process.env.FLAGSTORE_PARSE_WORKER;
  const worker = job.ids.length > 0 && (mode === 'only' || wantWorker(job.ids.length));
  const helper = worker ? startHelper(job, claims) : null;
  const done = new Uint8Array(chunks);
  const count = { left: chunks, worker: 0 };
  const settle = (batch: Batch, byWorker = true): void => {
    if (done[batch.chunk] === 1) return;
    batch.parsed.forEach((parsed, i) => take(batch.chunk * CHUNK + i, parsed));
    done[batch.chunk] = 1;
    count.left -= 1;
    if (byWorker) count.worker += batch.parsed.length;
  };
  if (helper === null || mode !== 'only') {
    claimAll(job, claims, (batch) => {
      settle(batch, false);
      if (helper !== null) drain(helper.port, settle);
    });
  }
  if (helper !== null) await finish(helper, settle, () => count.left);
  // What the worker claimed but never returned (it failed) is parsed here.
  for (let chunk = 0; chunk < chunks && count.left > 0; chunk++) {
    if (done[chunk] === 0) settle(parseChunk(job, chunk), false);
  }
  trace(job.ids.length, count.worker);
}
