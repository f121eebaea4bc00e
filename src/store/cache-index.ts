/**
 * The parse cache's index: for every file, the version it was parsed at and its shard. Held
 * as columns (one key string and one shard number per file, shard names once) and written as
 * joined columns, not as one small array per file: at 100,000 flags that is a few MB instead
 * of tens, on every read.
 */

/** The index as written in its cache file. */
interface IndexColumns {
  ids: string;
  keys: string;
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
    Array.isArray(v.shards) &&
    Array.isArray(v.names)
  );
}

/** File id -> [version key, shard name], stored compactly. */
export class CacheIndex {
  private readonly slots = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly shards: number[] = [];
  private readonly names: string[] = [];
  private readonly nameSlots = new Map<string, number>();

  /** An index read from its columns; anything malformed gives an empty index. */
  static from(value: unknown): CacheIndex {
    const index = new CacheIndex();
    if (!isColumns(value) || value.ids === '') return index;
    const ids = value.ids.split('\n');
    const keys = value.keys.split('\n');
    if (keys.length !== ids.length || value.shards.length !== ids.length) return index;
    ids.forEach((id, i) => {
      const name = value.names[value.shards[i] as number];
      if (typeof name === 'string') index.set(id, keys[i] as string, name);
    });
    return index;
  }

  /** The version key and shard of a file, when known. */
  get(id: string): [key: string, shard: string] | undefined {
    const slot = this.slots.get(id);
    if (slot === undefined) return undefined;
    return [this.keys[slot] as string, this.names[this.shards[slot] as number] as string];
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  set(id: string, key: string, shard: string): void {
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
  }

  delete(id: string): void {
    this.slots.delete(id);
  }

  /** Every file id in the index. */
  ids(): string[] {
    return [...this.slots.keys()];
  }

  /** The columns to write (ids and keys hold no line break: both are file names or stats). */
  toJSON(): IndexColumns {
    const ids: string[] = [];
    const keys: string[] = [];
    const shards: number[] = [];
    for (const [id, slot] of this.slots) {
      ids.push(id);
      keys.push(this.keys[slot] as string);
      shards.push(this.shards[slot] as number);
    }
    return { ids: ids.join('\n'), keys: keys.join('\n'), shards, names: this.names };
  }
}
