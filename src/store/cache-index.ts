/**
 * The parse cache's index: for every file, the version it was parsed at, its shard and, for a
 * valid flag, its marks (src/core/marks.ts, with the blob id of its bytes when known). Written
 * as joined columns (one key, one shard number and one marks line per file, shard names once),
 * not as one small array per file: at 100,000 flags that is a few MB instead of tens. The rows
 * read from the file are held as the file's bytes, to be looked up (src/store/index-table.ts);
 * rows recorded since are only written out (src/store/index-spool.ts): a read records each file
 * once, and never looks it up again.
 */
import { IndexSpool, type IndexRow } from './index-spool.js';
import { IndexTable } from './index-table.js';

/**
 * File id -> [version key, shard name, marks]: the rows read from the file, to look up, and the
 * rows recorded since, to write (see the module's comment).
 */
export class CacheIndex {
  private readonly names: string[];
  private readonly nameSlots = new Map<string, number>();
  private readonly spool: IndexSpool;

  /**
   * @param dir the parse cache's folder (where recorded rows are spooled)
   * @param table the rows read from the index file, if any
   */
  constructor(
    dir: string,
    private readonly table: IndexTable | null = null,
  ) {
    this.spool = new IndexSpool(dir);
    this.names = [...(table?.names ?? [])];
    this.names.forEach((name, i) => this.nameSlots.set(name, i));
  }

  /**
   * An index read from the bytes of its file's value (after its stamp, see stampedBytes);
   * anything malformed gives an empty index.
   */
  static from(bytes: Buffer | null, dir: string): CacheIndex {
    return new CacheIndex(dir, bytes === null ? null : IndexTable.read(bytes));
  }

  /** The version key and shard of a file read, when known. */
  get(id: string): [key: string, shard: string] | undefined {
    const row = this.rowOf(id);
    return row < 0 ? undefined : [this.table!.key(row), this.table!.shard(row) as string];
  }

  /** The shard of this exact version of a file read, when known. */
  shardOf(id: string, key: string): string | undefined {
    const row = this.rowOf(id);
    return row >= 0 && this.table!.hasKey(row, key) ? this.table!.shard(row) : undefined;
  }

  /** The marks line ('' for none) of this exact version of a file read, when known. */
  marksOf(id: string, key: string): string | undefined {
    const row = this.rowOf(id);
    return row >= 0 && this.table!.hasKey(row, key) ? this.table!.marks(row) : undefined;
  }

  /** How many files the index holds, at most (a file recorded twice counts twice). */
  get size(): number {
    return (this.table?.liveCount ?? 0) + this.spool.count;
  }

  /** True when the index as read holds a file (and it was not recorded or dropped since). */
  has(id: string): boolean {
    return this.rowOf(id) >= 0;
  }

  /**
   * Records a file's version, shard and marks line: written when the index is saved (the last
   * row recorded for a file wins), no longer looked up.
   */
  set(id: string, key: string, shard: string, marks = ''): void {
    this.delete(id);
    this.spool.add([id, key, marks, this.nameOf(shard)]);
  }

  /** Drops a file read from the file. */
  delete(id: string): void {
    const row = this.rowOf(id);
    if (row >= 0) this.table!.drop(row);
  }

  /** Every file id the index as read still holds. */
  ids(): string[] {
    const { table } = this;
    return table === null ? [] : [...table.rows()].map((row) => table.id(row));
  }

  /** Lets go of the recorded rows' scratch files without writing (a read that failed). */
  release(): void {
    this.spool.discard();
  }

  /** Writes the index file: the rows read and still held, then the rows recorded. */
  save(path: string, stamp: string): void {
    this.spool.write(path, { stamp, head: () => this.rows(), names: this.names });
  }

  /** The rows read and still held, as the file's JSON has them (see IndexFile). */
  private *rows(): Generator<IndexRow> {
    const { table } = this;
    if (table !== null) for (const row of table.rows()) yield table.escaped(row);
  }

  private rowOf(id: string): number {
    return this.table === null ? -1 : this.table.rowOf(id);
  }

  private nameOf(shard: string): number {
    let name = this.nameSlots.get(shard);
    if (name === undefined) {
      name = this.names.push(shard) - 1;
      this.nameSlots.set(shard, name);
    }
    return name;
  }
}
