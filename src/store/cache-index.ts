/**
 * The parse cache's index: for every file, the version it was parsed at, its shard and, for a
 * valid flag, its marks (src/core/marks.ts, with the blob id of its bytes when known). Written
 * as joined columns (one key, one shard number and one marks line per file, shard names once),
 * not as one small array per file: at 100,000 flags that is a few MB instead of tens. The rows
 * read from the file are held as the file's bytes, to be looked up (src/store/index-table.ts);
 * rows recorded since are only written out (src/store/index-spool.ts): a read records each file
 * once, and never looks it up again. A save that records few rows appends them to the index's
 * journal instead (src/store/index-journal.ts), read over the file's rows; once the journal
 * holds more than a sixteenth of the file's rows, the next save writes the file whole again.
 */
import {
  appendJournal,
  readJournal,
  removeJournal,
  type Journal,
  type JournalRecord,
} from './index-journal.js';
import { IndexSpool, type IndexRow } from './index-spool.js';
import { IndexTable } from './index-table.js';

/** A row read from the journal: version key, shard name, marks line. */
type JournalRow = [key: string, shard: string, marks: string];

/** The journal holds at most this many lines, or a sixteenth of the file's rows if more. */
const JOURNAL_ROOM = 256;

/** A text as the index file's JSON has it (escaped, without quotes). */
const escapedText = (text: string): string => JSON.stringify(text).slice(1, -1);

/**
 * File id -> [version key, shard name, marks]: the rows read from the file, to look up, and the
 * rows recorded since, to write (see the module's comment).
 */
export class CacheIndex {
  private readonly names: string[];
  private readonly nameSlots = new Map<string, number>();
  private readonly spool: IndexSpool;
  /** The journal's rows, over the file's (see the module's comment). */
  private readonly journaled = new Map<string, JournalRow>();
  /** What to append to the journal on saving; null: too much, the file is written whole. */
  private recorded: JournalRecord[] | null = [];
  private readonly room: number;

  /**
   * @param dir the parse cache's folder (where recorded rows are spooled, and the journal is)
   * @param table the rows read from the index file, if any
   * @param journal the index's journal as read, with the stamp it was read for; without one,
   *   a save writes the file whole (and removes any journal)
   */
  constructor(
    private readonly dir: string,
    private readonly table: IndexTable | null = null,
    private readonly journal?: { stamp: string; read: Journal | null },
  ) {
    this.spool = new IndexSpool(dir);
    this.names = [...(table?.names ?? [])];
    this.names.forEach((name, i) => this.nameSlots.set(name, i));
    this.room = this.replayed(journal?.read ?? null);
  }

  /**
   * An index read from the bytes of its file's value (after its stamp, see stampedBytes) and,
   * given the stamp, its journal; anything malformed gives an empty index.
   */
  static from(bytes: Buffer | null, dir: string, stamp?: string): CacheIndex {
    const table = bytes === null ? null : IndexTable.read(bytes);
    const journal = stamp === undefined ? undefined : { stamp, read: readJournal(dir, stamp) };
    return new CacheIndex(dir, table, journal);
  }

  /** The version key and shard of a file read, when known. */
  get(id: string): [key: string, shard: string] | undefined {
    const journaled = this.journaled.get(id);
    if (journaled !== undefined) return [journaled[0], journaled[1]];
    const row = this.rowOf(id);
    return row < 0 ? undefined : [this.table!.key(row), this.table!.shard(row) as string];
  }

  /** The shard of this exact version of a file read, when known. */
  shardOf(id: string, key: string): string | undefined {
    const journaled = this.journaled.get(id);
    if (journaled !== undefined) return journaled[0] === key ? journaled[1] : undefined;
    const row = this.rowOf(id);
    return row >= 0 && this.table!.hasKey(row, key) ? this.table!.shard(row) : undefined;
  }

  /** The marks line ('' for none) of this exact version of a file read, when known. */
  marksOf(id: string, key: string): string | undefined {
    const journaled = this.journaled.get(id);
    if (journaled !== undefined) return journaled[0] === key ? journaled[2] : undefined;
    const row = this.rowOf(id);
    return row >= 0 && this.table!.hasKey(row, key) ? this.table!.marks(row) : undefined;
  }

  /** How many files the index holds, at most (a file recorded twice counts twice). */
  get size(): number {
    return (this.table?.liveCount ?? 0) + this.journaled.size + this.spool.count;
  }

  /** True when the index as read holds a file (and it was not recorded or dropped since). */
  has(id: string): boolean {
    return this.journaled.has(id) || this.rowOf(id) >= 0;
  }

  /**
   * Records a file's version, shard and marks line: written when the index is saved (the last
   * row recorded for a file wins), no longer looked up.
   */
  set(id: string, key: string, shard: string, marks = ''): void {
    this.drop(id);
    this.spool.add([id, key, marks, this.nameOf(shard)]);
    this.record([id, key, marks, shard]);
  }

  /** Drops a file read from the file or its journal. */
  delete(id: string): void {
    if (!this.has(id)) return;
    this.drop(id);
    this.record([id]);
  }

  /** Every file id the index as read still holds. */
  ids(): string[] {
    const { table } = this;
    const read = table === null ? [] : [...table.rows()].map((row) => table.id(row));
    return [...read, ...this.journaled.keys()];
  }

  /** Lets go of the recorded rows' scratch files without writing (a read that failed). */
  release(): void {
    this.spool.discard();
  }

  /**
   * Saves what was recorded: appended to the journal when it has room and the file was read
   * with this stamp, else the index file written whole (the rows read and still held, then the
   * rows recorded) and the journal removed.
   */
  save(path: string, stamp: string): void {
    const { recorded, journal } = this;
    if (this.table !== null && recorded !== null && journal?.stamp === stamp && journal.read) {
      this.spool.discard();
      if (recorded.length > 0) appendJournal(this.dir, stamp, recorded);
      return;
    }
    this.spool.write(path, { stamp, head: () => this.rows(), names: this.names });
    removeJournal(this.dir);
  }

  /** The rows read and still held, as the file's JSON has them (see IndexFile). */
  private *rows(): Generator<IndexRow> {
    const { table } = this;
    if (table !== null) for (const row of table.rows()) yield table.escaped(row);
    for (const [id, [key, shard, marks]] of this.journaled) {
      yield [escapedText(id), escapedText(key), escapedText(marks), this.nameOf(shard)];
    }
  }

  /** Applies the journal's records; the room left in it (see JOURNAL_ROOM). */
  private replayed(journal: Journal | null): number {
    for (const record of journal?.records ?? []) this.replay(record);
    const rows = this.table === null ? 0 : this.table.count;
    return Math.max(JOURNAL_ROOM, rows >> 4) - (journal?.lines ?? 0);
  }

  /** Applies a journal record read (see the module's comment). */
  private replay(record: JournalRecord): void {
    const [id, key, marks, shard] = record;
    this.drop(id);
    if (key !== undefined) this.journaled.set(id, [key, shard as string, marks as string]);
  }

  /** Notes a record to append on saving, while the journal has room for it. */
  private record(record: JournalRecord): void {
    if (this.recorded === null) return;
    if (this.recorded.push(record) > this.room) this.recorded = null;
  }

  /** Drops a file's row read, from the file or the journal. */
  private drop(id: string): void {
    this.journaled.delete(id);
    const row = this.rowOf(id);
    if (row >= 0) this.table!.drop(row);
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
