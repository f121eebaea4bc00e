/**
 * The parse cache index's rows as read from its file (src/store/cache-index.ts): the file's bytes
 * held whole, with where each row's id, key and marks line start, and the rows found by id through
 * a hash table of row numbers. Nothing is made of a row until it is asked for, and its key is
 * compared with the bytes: at 100,000 flags the file is 18.7 MB, and parsing its columns into
 * strings, cut into 300,000 more and held in a map of 100,000 ids, took about 60 MB at the peak
 * of the read after a cold one.
 */

/** What leads each of the index's fields in its file, in order. */
const FIELDS = ['{"ids":"', '","keys":"', '","marks":"', '","shards":[', '],"names":['];

/** What ends the index's value: the names' array, the columns' record, the stamped record. */
const END = ']}}';

/** Where each of the five fields' text starts and ends. */
type Spans = [
  [number, number],
  [number, number],
  [number, number],
  [number, number],
  [number, number],
];

const BACKSLASH = 0x5c;
const LETTER_N = 0x6e;

/**
 * Where each field's text starts and ends (inside its quotes or brackets) in an index file's
 * value, or null when they are not all there. A field's lead cannot appear inside the string
 * before it (JSON escapes its quotes).
 */
function fieldSpans(bytes: Buffer): Spans | null {
  const leads: number[] = [];
  for (const field of FIELDS) {
    const start = bytes.indexOf(field, leads.length === 0 ? 0 : (leads.at(-1) as number) + 1);
    if (start < 0 || (leads.length === 0 && start !== 0)) return null;
    leads.push(start);
  }
  const end = bytes.length - END.length;
  if (bytes.toString('latin1', end) !== END || end < (leads.at(-1) as number)) return null;
  leads.push(end);
  return FIELDS.map((field, i) => [
    (leads[i] as number) + field.length,
    leads[i + 1] as number,
  ]) as Spans;
}

/**
 * Calls `each` with the offset after every line break of an escaped JSON string's text (the two
 * bytes `\n` there, never an escaped backslash's second half).
 */
function forEachBreak(
  bytes: Buffer,
  [from, to]: [number, number],
  each: (at: number) => void,
): void {
  for (let at = from; at < to; at++) {
    if (bytes[at] !== BACKSLASH) continue;
    if (bytes[at + 1] === LETTER_N) each(at + 2);
    at++;
  }
}

/** The offsets where the lines of an escaped JSON string's text start, with its end last. */
function lineStarts(bytes: Buffer, span: [number, number]): Int32Array {
  let count = 1;
  forEachBreak(bytes, span, () => count++);
  const starts = new Int32Array(count + 1);
  let row = 0;
  starts[row++] = span[0];
  forEachBreak(bytes, span, (at) => (starts[row++] = at));
  // The end, as if a separator followed: a row ends two bytes before the next one starts.
  starts[count] = span[1] + 2;
  return starts;
}

/** The shards' numbers and the names they refer to, parsed; null when they are not such arrays. */
function numbersAndNames(bytes: Buffer, spans: Spans): [unknown[], string[]] | null {
  try {
    const [numbers, names] = [spans[3], spans[4]].map(([from, to]) =>
      JSON.parse(bytes.toString('utf8', from - 1, to + 1)),
    ) as [unknown, unknown];
    if (!Array.isArray(numbers) || !Array.isArray(names)) return null;
    return names.every((name) => typeof name === 'string') ? [numbers, names] : null;
  } catch {
    return null;
  }
}

/** A string's FNV-1a hash of its UTF-16 code units (of an ASCII text's bytes alike). */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** A column of escaped lines in the file's bytes. */
class Lines {
  constructor(
    private readonly bytes: Buffer,
    readonly starts: Int32Array,
  ) {}

  get count(): number {
    return this.starts.length - 1;
  }

  /** A line's text as the file's JSON has it (escaped). */
  raw(row: number): string {
    const [from, to] = this.span(row);
    return this.bytes.toString('utf8', from, to);
  }

  /** A line's text, unescaped. */
  text(row: number): string {
    const [from, to] = this.span(row);
    const raw = this.bytes.toString('utf8', from, to);
    return this.escaped(from, to) ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  /** True when two lines hold the same text. */
  same(a: number, b: number): boolean {
    const [from, to] = this.span(a);
    const [other, end] = this.span(b);
    if (this.bytes.compare(this.bytes, other, end, from, to) === 0) return true;
    return !(this.plain(from, to) && this.plain(other, end)) && this.text(a) === this.text(b);
  }

  /** True when a line's text is `text`, compared on the bytes when they are plain ASCII. */
  is(row: number, text: string): boolean {
    const [from, to] = this.span(row);
    if (to - from !== text.length) return !this.plain(from, to) && this.text(row) === text;
    for (let i = 0; i < text.length; i++) {
      const byte = this.bytes[from + i] as number;
      if (byte >= 0x80 || byte === BACKSLASH) return this.text(row) === text;
      if (byte !== text.charCodeAt(i)) return false;
    }
    return true;
  }

  /** The hash of a line's text (see hashText), from its bytes when they are plain ASCII. */
  hash(row: number): number {
    const [from, to] = this.span(row);
    if (!this.plain(from, to)) return hashText(this.text(row));
    let hash = 0x811c9dc5;
    for (let at = from; at < to; at++)
      hash = Math.imul(hash ^ (this.bytes[at] as number), 0x01000193);
    return hash >>> 0;
  }

  private escaped(from: number, to: number): boolean {
    for (let at = from; at < to; at++) if (this.bytes[at] === BACKSLASH) return true;
    return false;
  }

  private plain(from: number, to: number): boolean {
    for (let at = from; at < to; at++) {
      const byte = this.bytes[at] as number;
      if (byte >= 0x80 || byte === BACKSLASH) return false;
    }
    return true;
  }

  private span(row: number): [number, number] {
    return [this.starts[row] as number, (this.starts[row + 1] as number) - 2];
  }
}

/** The rows of an index file, looked up by id (see the module's comment). */
export class IndexTable {
  private readonly table: Int32Array;
  /** 1 for a row dropped: recorded again or deleted since, or held twice (the last one counts). */
  private readonly dropped: Uint8Array;
  /** How many rows are not dropped. */
  liveCount = 0;

  private constructor(
    private readonly columns: { ids: Lines; keys: Lines; marks: Lines },
    readonly shards: readonly unknown[],
    readonly names: readonly string[],
  ) {
    const count = columns.ids.count;
    this.table = new Int32Array(2 ** Math.ceil(Math.log2(2 * count + 2)));
    this.dropped = new Uint8Array(count);
    this.liveCount = count;
    for (let row = 0; row < count; row++) {
      if (this.shard(row) === undefined) this.drop(row);
      else this.place(row);
    }
  }

  /**
   * The table of an index file's value (the bytes after its stamp, see stampedBytes), or null
   * when its columns are not all there, do not parse or do not agree in length.
   */
  static read(bytes: Buffer): IndexTable | null {
    const spans = fieldSpans(bytes);
    // No rows: the columns are empty (one empty line each).
    if (spans === null || spans[0][0] === spans[0][1]) return null;
    const arrays = numbersAndNames(bytes, spans);
    if (arrays === null) return null;
    const [ids, keys, marks] = spans.slice(0, 3).map((span) => {
      return new Lines(bytes, lineStarts(bytes, span));
    }) as [Lines, Lines, Lines];
    const counts = [keys.count, marks.count, arrays[0].length];
    if (counts.some((count) => count !== ids.count)) return null;
    return new IndexTable({ ids, keys, marks }, ...arrays);
  }

  /** How many rows the file holds. */
  get count(): number {
    return this.columns.ids.count;
  }

  /** The row of a file id (the last one when the file holds it twice), or -1. */
  find(id: string): number {
    const mask = this.table.length - 1;
    for (let at = hashText(id) & mask; ; at = (at + 1) & mask) {
      const row = (this.table[at] as number) - 1;
      if (row < 0 || this.columns.ids.is(row, id)) return row;
    }
  }

  /** A row's file id. */
  id(row: number): string {
    return this.columns.ids.text(row);
  }

  /** A row's version key. */
  key(row: number): string {
    return this.columns.keys.text(row);
  }

  /** True when a row's version key is `key`. */
  hasKey(row: number, key: string): boolean {
    return this.columns.keys.is(row, key);
  }

  /** A row's marks line ('' for none). */
  marks(row: number): string {
    return this.columns.marks.text(row);
  }

  /** The shard name of a row, or undefined when the file names none for it. */
  shard(row: number): string | undefined {
    const name = this.names[this.shards[row] as number];
    return typeof name === 'string' ? name : undefined;
  }

  /** The row of a file id when it is not dropped, or -1. */
  rowOf(id: string): number {
    const row = this.find(id);
    return row >= 0 && this.dropped[row] === 0 ? row : -1;
  }

  /** Drops a row (see `dropped`). */
  drop(row: number): void {
    if (this.dropped[row] === 1) return;
    this.dropped[row] = 1;
    this.liveCount -= 1;
  }

  /** The rows not dropped, in order. */
  *rows(): Generator<number> {
    for (let row = 0; row < this.count; row++) if (this.dropped[row] === 0) yield row;
  }

  /** A row's fields as the file's JSON has them (escaped, without quotes), for writing it again. */
  escaped(row: number): [id: string, key: string, marks: string, shard: number] {
    const { ids, keys, marks } = this.columns;
    return [ids.raw(row), keys.raw(row), marks.raw(row), this.shards[row] as number];
  }

  /** Puts a row in the hash table, in the place of an earlier row of the same id (dropped). */
  private place(row: number): void {
    const { ids } = this.columns;
    const mask = this.table.length - 1;
    for (let at = ids.hash(row) & mask; ; at = (at + 1) & mask) {
      const held = (this.table[at] as number) - 1;
      if (held < 0 || ids.same(held, row)) {
        if (held >= 0) this.drop(held);
        this.table[at] = row + 1;
        return;
      }
    }
  }
}
