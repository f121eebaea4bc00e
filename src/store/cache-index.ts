/**
 * The parse cache's index: for every file, the version it was parsed at, its shard and, for a
 * valid flag, its marks (src/core/marks.ts, with the blob id of its bytes when known). Written
 * as joined columns (one key, one shard number and one marks line per file, shard names once),
 * not as one small array per file: at 100,000 flags that is a few MB instead of tens. The rows
 * read from the file are held to be looked up; rows recorded since are only written out
 * (src/store/index-spool.ts): a read records each file once, and never looks it up again.
 */
import { IndexSpool, type IndexRow } from './index-spool.js';

/** The index as written in its cache file. */
interface IndexColumns {
  ids: string;
  keys: string;
  /** One line per file: its marks, or nothing. */
  marks: string;
  shards: number[];
  names: string[];
}

function isColumns(value: unknown): value is IndexColumns {
  const v = value as Partial<IndexColumns> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.ids === 'string' &&
    typeof v.keys === 'string' &&
    typeof v.marks === 'string' &&
    Array.isArray(v.shards) &&
    Array.isArray(v.names)
  );
}

/** What leads each of the index's fields in its file, in order. */
const FIELDS = ['{"ids":"', '","keys":"', '","marks":"', '","shards":[', '],"names":['];

/** What ends the index's value: the names' array, the columns' record, the stamped record. */
const END = ']}}';

/**
 * The columns of an index file's value (the bytes after its stamp, see stampedBytes), each
 * parsed on its own, so the file is never one string; null when they are not all there or do
 * not parse. A field's lead cannot appear inside the string before it (JSON escapes its quotes).
 */
export function indexColumns(bytes: Buffer): unknown {
  const starts: number[] = [];
  for (const field of FIELDS) {
    const start = bytes.indexOf(field, starts.length === 0 ? 0 : (starts.at(-1) as number) + 1);
    if (start < 0 || (starts.length === 0 && start !== 0)) return null;
    starts.push(start);
  }
  const end = bytes.length - END.length;
  if (bytes.toString('latin1', end) !== END || end < (starts.at(-1) as number)) return null;
  starts.push(end);
  try {
    // Each field's text with the quotes or brackets around it (a lead ends with the opening one,
    // the next lead, or the end, starts with the closing one).
    const [ids, keys, marks, shards, names] = FIELDS.map((field, i) => {
      const from = (starts[i] as number) + field.length - 1;
      return JSON.parse(bytes.toString('utf8', from, (starts[i + 1] as number) + 1)) as unknown;
    });
    return { ids, keys, marks, shards, names };
  } catch {
    return null;
  }
}

/**
 * File id -> [version key, shard name, marks]: the rows read from the file, to look up, and the
 * rows recorded since, to write (see the module's comment).
 */
export class CacheIndex {
  private readonly slots = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly marks: string[] = [];
  private readonly shards: number[] = [];
  private readonly names: string[] = [];
  private readonly nameSlots = new Map<string, number>();
  private readonly spool: IndexSpool;

  /** @param dir the parse cache's folder (where recorded rows are spooled) */
  constructor(dir: string) {
    this.spool = new IndexSpool(dir);
  }

  /** An index read from its columns; anything malformed gives an empty index. */
  static from(value: unknown, dir: string): CacheIndex {
    const index = new CacheIndex(dir);
    if (!isColumns(value) || value.ids === '') return index;
    const ids = value.ids.split('\n');
    const keys = value.keys.split('\n');
    const marks = value.marks.split('\n');
    const lengths = [keys.length, marks.length, value.shards.length];
    if (lengths.some((length) => length !== ids.length)) return index;
    ids.forEach((id, i) => {
      const name = value.names[value.shards[i] as number];
      if (typeof name === 'string') index.load(id, keys[i] as string, name, marks[i] as string);
    });
    return index;
  }

  /** The version key, shard and marks line ('' for none) of a file read, when known. */
  get(id: string): [key: string, shard: string, marks: string] | undefined {
    const slot = this.slots.get(id);
    if (slot === undefined) return undefined;
    const shard = this.names[this.shards[slot] as number] as string;
    return [this.keys[slot] as string, shard, this.marks[slot] as string];
  }

  /** How many files the index holds, at most (a file recorded twice counts twice). */
  get size(): number {
    return this.slots.size + this.spool.count;
  }

  /** True when the index as read holds a file (and it was not recorded or dropped since). */
  has(id: string): boolean {
    return this.slots.has(id);
  }

  /**
   * Records a file's version, shard and marks line: written when the index is saved (the last
   * row recorded for a file wins), no longer looked up.
   */
  set(id: string, key: string, shard: string, marks = ''): void {
    this.slots.delete(id);
    this.spool.add([id, key, marks, this.nameOf(shard)]);
  }

  /** Drops a file read from the file. */
  delete(id: string): void {
    this.slots.delete(id);
  }

  /** Every file id the index as read still holds. */
  ids(): string[] {
    return [...this.slots.keys()];
  }

  /** Lets go of the recorded rows' scratch files without writing (a read that failed). */
  release(): void {
    this.spool.discard();
  }

  /** Writes the index file: the rows read and still held, then the rows recorded. */
  save(path: string, stamp: string): void {
    this.spool.write(path, { stamp, head: () => this.rows(), names: this.names });
  }

  private *rows(): Generator<IndexRow> {
    for (const [id, slot] of this.slots) {
      yield [
        id,
        this.keys[slot] as string,
        this.marks[slot] as string,
        this.shards[slot] as number,
      ];
    }
  }

  private nameOf(shard: string): number {
    let name = this.nameSlots.get(shard);
    if (name === undefined) {
      name = this.names.push(shard) - 1;
      this.nameSlots.set(shard, name);
    }
    return name;
  }

  private load(id: string, key: string, shard: string, marks: string): void {
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.keys.length;
      this.slots.set(id, slot);
    }
    this.keys[slot] = key;
    this.shards[slot] = this.nameOf(shard);
    this.marks[slot] = marks;
  }
}
