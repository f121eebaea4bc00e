/**
 * The parse cache index's new rows, written out as they are recorded instead of held: each of
 * the index file's columns (src/store/cache-index.ts) goes to a scratch file of its own, already
 * escaped as the file's JSON has it, a batch of rows at a time. Saving writes the index file
 * from the rows read at the start and then copies the scratch files into it. At 100,000 flags a
 * cold read held about 20 MB of keys and marks lines (with their GC slack, more) until it saved.
 */
import { closeSync, mkdirSync, readSync, writeSync } from 'node:fs';
import { escapedLines } from '../core/json-pieces.js';
import { scratchIn, writeStamped, writeText as writeAll } from './atomic.js';

/** One index row, in the columns' order: file id, version key, marks line ('' for none), shard number. */
export type IndexRow = [id: string, key: string, marks: string, shard: number];

/** The four columns in the file's order: three strings of lines, one array of numbers. */
const COLUMNS = ['ids', 'keys', 'marks', 'shards'] as const;

/** How many rows are escaped and written at once. */
const BATCH = 512;

/** One column being spooled: its pieces already in the file's JSON, separators included. */
class Column {
  private pending: string[] = [];
  private fd: number | undefined;
  /** Bytes in the scratch file. */
  private spooled = 0;
  /** Rows spooled or pending. */
  count = 0;

  constructor(private readonly lines: boolean) {}

  add(text: string): void {
    this.pending.push(text);
    this.count += 1;
  }

  get full(): boolean {
    return this.pending.length >= BATCH;
  }

  /**
   * A batch as JSON text, with the separator before it unless it comes first; `escaped` texts
   * are already as the file's JSON has them.
   */
  piece(texts: readonly string[], first: boolean, escaped = false): string {
    const separator = this.lines ? '\\n' : ',';
    const body = this.lines && !escaped ? escapedLines(texts) : texts.join(separator);
    return first ? body : `${separator}${body}`;
  }

  /** Writes the pending batch to the scratch file (opened by `open` the first time). */
  flush(open: () => number): void {
    if (this.pending.length === 0) return;
    this.fd ??= open();
    this.spooled += writeAll(this.fd, this.piece(this.pending, this.spooled === 0));
    this.pending = [];
  }

  /**
   * Writes the column's rows to `out`: `head` first (batched, already escaped), then the
   * spooled ones.
   */
  writeTo(out: number, head: Iterable<string>): void {
    let first = true;
    let batch: string[] = [];
    const put = () => {
      writeAll(out, this.piece(batch, first, true));
      first = false;
      batch = [];
    };
    for (const text of head) if (batch.push(text) >= BATCH) put();
    if (batch.length > 0) put();
    if (this.fd !== undefined && this.spooled > 0) {
      if (!first) writeAll(out, this.lines ? '\\n' : ',');
      copyBytes(this.fd, out, this.spooled);
      first = false;
    }
    if (this.pending.length > 0) writeAll(out, this.piece(this.pending, first));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Copies the first `length` bytes of one open file to another, 64 KB at a time. */
function copyBytes(from: number, to: number, length: number): void {
  const piece = Buffer.allocUnsafe(Math.min(length, 1 << 16));
  for (let at = 0; at < length;) {
    const read = readSync(from, piece, 0, Math.min(piece.length, length - at), at);
    if (read === 0) throw new Error('index spool cut short');
    for (let done = 0; done < read;) done += writeSync(to, piece, done, read - done);
    at += read;
  }
}

/** What the index file holds besides the spooled rows. */
export interface IndexFile {
  /** The file's stamp (see saveStamped in cache.ts). */
  stamp: string;
  /**
   * The rows read at the start and still held, written before the spooled ones: their texts as
   * the file's JSON has them (escaped, without quotes).
   */
  head: () => Iterable<IndexRow>;
  /** The shard names the rows' numbers refer to. */
  names: readonly string[];
}

/** The index rows recorded since the index was read, spooled to scratch files. */
export class IndexSpool {
  private readonly columns = COLUMNS.map((name) => new Column(name !== 'shards'));
  private failed = false;

  /** @param dir the parse cache's folder, where the scratch files go (unlinked at once) */
  constructor(private readonly dir: string) {}

  /** How many rows were recorded (a file recorded twice counts twice; the last row wins). */
  get count(): number {
    return this.columns[0]?.count ?? 0;
  }

  /** Records a row; a batch full is written out. */
  add(row: IndexRow): void {
    if (this.failed) return;
    row.forEach((value, i) => this.columns[i]?.add(String(value)));
    if (!this.columns[0]?.full) return;
    try {
      for (const column of this.columns) column.flush(() => this.scratch());
    } catch {
      // Caching is an optimisation: the index is then simply not written.
      this.failed = true;
    }
  }

  private scratch(): number {
    mkdirSync(this.dir, { recursive: true });
    return scratchIn(this.dir);
  }

  /** Closes the scratch files without writing the index (a read that failed). */
  discard(): void {
    for (const column of this.columns) column.close();
  }

  /**
   * Writes the index file atomically (`head`'s rows, then the spooled ones); failing only costs
   * speed, so errors are ignored. The scratch files are closed either way.
   */
  write(path: string, file: IndexFile): void {
    try {
      if (!this.failed) writeStamped(path, file.stamp, (out) => this.writeValue(out, file));
    } finally {
      this.discard();
    }
  }

  private writeValue(out: number, file: IndexFile): void {
    writeAll(out, '{');
    COLUMNS.forEach((name, i) => {
      const quote = name === 'shards' ? ['[', ']'] : ['"', '"'];
      writeAll(out, `${i === 0 ? '' : ','}"${name}":${quote[0]}`);
      this.columns[i]?.writeTo(out, columnOf(file.head(), i));
      writeAll(out, quote[1] as string);
    });
    writeAll(out, `,"names":${JSON.stringify(file.names)}}`);
  }
}

function* columnOf(rows: Iterable<IndexRow>, i: number): Generator<string> {
  for (const row of rows) yield String(row[i]);
}
