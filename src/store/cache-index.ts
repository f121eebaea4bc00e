/**
 * The parse cache's index: for every file, the version it was parsed at, its shard and, for a
 * valid flag, its marks (src/core/marks.ts, with the blob id of its bytes when known). Held as
 * columns (one key string, one shard number and one marks line per file, shard names once) and
 * written as joined columns, not as one small array per file: at 100,000 flags that is a few MB
 * instead of tens, on every read.
 */
import { JsonLines } from '../core/json-pieces.js';

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

/** File id -> [version key, shard name, marks], stored compactly. */
export class CacheIndex {
  private readonly slots = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly marks: string[] = [];
  private readonly shards: number[] = [];
  private readonly names: string[] = [];
  private readonly nameSlots = new Map<string, number>();

  /** An index read from its columns; anything malformed gives an empty index. */
  static from(value: unknown): CacheIndex {
    const index = new CacheIndex();
    if (!isColumns(value) || value.ids === '') return index;
    const ids = value.ids.split('\n');
    const keys = value.keys.split('\n');
    const marks = value.marks.split('\n');
    const lengths = [keys.length, marks.length, value.shards.length];
    if (lengths.some((length) => length !== ids.length)) return index;
    ids.forEach((id, i) => {
      const name = value.names[value.shards[i] as number];
      if (typeof name === 'string') index.set(id, keys[i] as string, name, marks[i] as string);
    });
    return index;
  }

  /** The version key, shard and marks line ('' for none) of a file, when known. */
  get(id: string): [key: string, shard: string, marks: string] | undefined {
    const slot = this.slots.get(id);
    if (slot === undefined) return undefined;
    const shard = this.names[this.shards[slot] as number] as string;
    return [this.keys[slot] as string, shard, this.marks[slot] as string];
  }

  /** How many files the index holds. */
  get size(): number {
    return this.slots.size;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  set(id: string, key: string, shard: string, marks = ''): void {
    let name = this.nameSlots.get(shard);
    if (name === undefined) {
      name = this.names.push(shard) - 1;
      this.nameSlots.set(shard, name);
    }
    let slot = this.slots.get(id);
    if (slot === undefined) {
      slot = this.keys.length;
      this.slots.set(id, slot);
    }
    this.keys[slot] = key;
    this.shards[slot] = name;
    this.marks[slot] = marks;
  }

  delete(id: string): void {
    this.slots.delete(id);
  }

  /** Every file id in the index. */
  ids(): string[] {
    return [...this.slots.keys()];
  }

  /**
   * The columns to write (ids and keys hold no line break: both are file names or stats; nor
   * do marks lines, see encodeMarks), as lines written in pieces: at 100,000 flags the marks
   * column alone is 10 MB, which joined, escaped and encoded at once took 50 MB more memory.
   */
  toJSON(): Record<keyof IndexColumns, unknown> {
    const ids = [...this.slots.keys()];
    const slots = [...this.slots.values()];
    const column = (values: string[]) => new JsonLines(slots, (slot) => values[slot] as string);
    const shards = slots.map((slot) => this.shards[slot] as number);
    return {
      ids: new JsonLines(ids, (id) => id),
      keys: column(this.keys),
      marks: column(this.marks),
      shards,
      names: this.names,
    };
  }
}
