/**
 * `JSON.stringify(value, null, space)` in pieces, for printing and for cache files: the items of
 * a top-level array, and of arrays and rows made in pieces (JsonRows) that are values of a
 * top-level object, are stringified one at a time (compact: a batch of them at a time), so a long
 * listing is never held as one string (at 100,000 flags `get-agent-flags` prints 18 MB, and its parse cache shard is as
 * large). The pieces joined are the very text JSON.stringify gives
 * (test/json-pieces.property.test.ts).
 */

/** How the pieces are laid out: JSON.stringify's `space` of 2 (printed) or none (compact). */
interface Layout {
  space: string;
  /** Between a key and its value. */
  colon: string;
}

/**
 * An array whose items are made only as they are written: `map` of each of `items`. Printed in
 * pieces it never holds more than one made item; JSON.stringify sees the array it stands for.
 */
export class JsonRows<T> {
  constructor(
    readonly items: readonly T[],
    readonly map: (item: T) => unknown,
  ) {}

  /** The array these rows stand for (what JSON.stringify writes). */
  toJSON(): unknown[] {
    return this.items.map((item) => this.map(item));
  }
}

/**
 * The body of the JSON string of `lines` joined by line breaks (without its quotes). JSON
 * escapes a string character by character, except that a surrogate pair stays whole, and no
 * pair spans a line break: the bodies of consecutive batches of lines, joined by `\n`, are the
 * body of all of them joined (the parse cache's index is written so, src/store/index-spool.ts).
 */
export function escapedLines(lines: readonly string[]): string {
  return JSON.stringify(lines.join('\n')).slice(1, -1);
}

/** A plain object whose own enumerable keys are exactly what JSON.stringify writes of it. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && !('toJSON' in value);
}

/** True when JSON.stringify leaves a key with this value out of an object. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** A value's JSON at a depth: its lines after the first indented by `indent`. */
function indented(value: unknown, indent: string, layout: Layout): string {
  const text = JSON.stringify(value, null, layout.space) ?? 'null';
  return indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
}

/** The line break and indentation before an item at `indent` (nothing when compact). */
function lineStart(indent: string, layout: Layout): string {
  return layout.space === '' ? '' : `\n${indent}`;
}

/** How many items of an array are stringified at once in the compact layout. */
const BATCH = 256;

/**
 * A compact array's items a batch at a time, each batch one JSON.stringify of its items: the
 * same text (an array's items are stringified alike wherever they stand), in a fraction of the
 * time one call per item takes (writing the gate's blob cache of 10,000 parses: 20-88 ms against
 * 73-243 ms, docs/performance.md "Round raw26").
 */
function* compactPieces(
  items: readonly unknown[],
  map: (item: unknown) => unknown,
): Generator<string> {
  yield '[';
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = JSON.stringify(items.slice(i, i + BATCH).map(map));
    yield `${i === 0 ? '' : ','}${batch.slice(1, -1)}`;
  }
  yield ']';
}

function* arrayPieces(
  items: readonly unknown[],
  indent: string,
  layout: Layout,
  map: (item: unknown) => unknown = (item) => item,
): Generator<string> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  if (layout.space === '') {
    yield* compactPieces(items, map);
    return;
  }
  const pad = `${indent}${layout.space}`;
  yield '[';
  for (let i = 0; i < items.length; i++) {
    yield `${i === 0 ? '' : ','}${lineStart(pad, layout)}${indented(map(items[i]), pad, layout)}`;
  }
  yield `${lineStart(indent, layout)}]`;
}

/** The pieces of an array, or of rows made as they are written; undefined for anything else. */
function listPieces(value: unknown, indent: string, layout: Layout): Generator<string> | undefined {
  if (Array.isArray(value)) return arrayPieces(value, indent, layout);
  if (value instanceof JsonRows) {
    const rows = value as JsonRows<unknown>;
    return arrayPieces(rows.items, indent, layout, (item) => rows.map(item));
  }
  return undefined;
}

/** The top-level record in pieces: its arrays and rows item by item, its other values whole. */
function* recordPieces(record: Record<string, unknown>, layout: Layout): Generator<string> {
  const keys = Object.keys(record).filter((key) => !omitted(record[key]));
  if (keys.length === 0) {
    yield '{}';
    return;
  }
  const pad = layout.space;
  yield '{';
  for (const [i, key] of keys.entries()) {
    yield `${i === 0 ? '' : ','}${lineStart(pad, layout)}${JSON.stringify(key)}${layout.colon}`;
    yield* listPieces(record[key], pad, layout) ?? [indented(record[key], pad, layout)];
  }
  yield `${lineStart('', layout)}}`;
}

/** The pieces of `JSON.stringify(value, null, space)` (space 2 or 0), in order. */
export function* jsonPieces(value: unknown, space: 0 | 2 = 2): Generator<string> {
  const layout = space === 2 ? { space: '  ', colon: ': ' } : { space: '', colon: ':' };
  const list = listPieces(value, '', layout);
  if (list !== undefined) yield* list;
  else if (isPlainRecord(value)) yield* recordPieces(value, layout);
  else yield String(JSON.stringify(value, null, layout.space));
}

/**
 * The pieces of {@link jsonPieces} gathered into flat strings of at least `size` characters
 * (the last one shorter): each is joined once, so no chain of concatenations holds its parts.
 */
export function* jsonChunks(value: unknown, space: 0 | 2, size: number): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const part of jsonPieces(value, space)) {
    parts.push(part);
    length += part.length;
    if (length < size) continue;
    yield parts.join('');
    parts = [];
    length = 0;
  }
  yield parts.join('');
}
