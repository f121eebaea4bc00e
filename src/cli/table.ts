/**
 * Tables that fit the terminal: each column says how it may give way (shortened with `…` down to
 * a minimum, or dropped, least important first), and one flexible column takes the room left.
 * Widths are terminal columns (columns.ts): a CJK character or an emoji takes two.
 */
import { columns, padColumns, sliceColumns } from './columns.js';
import { isTerminal } from './std-fd.js';

/** How a column behaves when the table is too wide. */
export interface ColumnSpec {
  /** Dropped before columns with a higher number; Infinity is never dropped. */
  priority: number;
  /** Shortened (with `…`) down to this width before anything is dropped. */
  min?: number;
  /** The one column that takes the room left (the change text); at least `min` wide. */
  flex?: boolean;
  /** The flexible column grows to this width before shortened columns get room back. */
  comfort?: number;
  /**
   * A cell wider than this does not widen its column, even with no width to fit (piped): it is
   * cut to the width the other cells give (or to this width when every cell is wider), so one
   * huge cell never pads every row.
   */
  outlier?: number;
}

/** Styles a cell after layout: (padded text, row index, column name index) -> styled text. */
export type CellStyle = (text: string, row: number, column: number) => string;

const GAP = 2;

/** The width to lay tables out for: COLUMNS when set, the terminal's width, else unbounded. */
export function outputWidth(): number {
  const env = Number(process.env.COLUMNS);
  if (Number.isInteger(env) && env > 0) return env;
  return isTerminal(1) ? process.stdout.columns || 80 : Infinity;
}

/** Cuts text to a width in columns, ending with `…` when it was wider. */
export function fit(text: string, room: number): string {
  if (columns(text) <= room) return text;
  return room <= 1 ? '…' : `${sliceColumns(text, room - 1)}…`;
}

function total(widths: Map<number, number>): number {
  let sum = 0;
  for (const w of widths.values()) sum += w;
  return sum + GAP * Math.max(0, widths.size - 1);
}

/** The widths of the kept columns (index -> width), shortening then dropping to fit `width`. */
export function layout(natural: number[], specs: ColumnSpec[], width: number): Map<number, number> {
  const widths = new Map(natural.map((w, i) => [i, w]));
  const flex = specs.findIndex((s) => s.flex);
  if (flex >= 0) widths.set(flex, Math.min(natural[flex] ?? 0, specs[flex]?.min ?? 0));
  shorten(widths, natural, specs, { width, flex });
  const order = specs
    .map((spec, i) => ({ spec, i }))
    .filter(({ i, spec }) => i !== flex && spec.priority !== Infinity)
    .sort((a, b) => a.spec.priority - b.spec.priority);
  for (const { i } of order) {
    if (total(widths) <= width) break;
    widths.delete(i);
  }
  restore(widths, natural, width, { index: flex, comfort: specs[flex]?.comfort ?? 0 });
  return widths;
}

/** Shortens the columns that have a minimum, left to right, until the table fits. */
function shorten(
  widths: Map<number, number>,
  natural: number[],
  specs: ColumnSpec[],
  at: { width: number; flex: number },
): void {
  for (const [i, spec] of specs.entries()) {
    if (total(widths) <= at.width) return;
    if (i !== at.flex && spec.min !== undefined) widths.set(i, Math.min(natural[i] ?? 0, spec.min));
  }
}

/** Widens the flexible column by the room left, up to `limit`. */
function grow(widths: Map<number, number>, flex: number, limit: number, width: number): void {
  if (flex < 0 || !widths.has(flex)) return;
  const current = widths.get(flex) ?? 0;
  widths.set(flex, Math.max(current, Math.min(limit, current + width - total(widths))));
}

/** Gives room back: the flexible column to its comfort, shortened columns, then the rest. */
function restore(
  widths: Map<number, number>,
  natural: number[],
  width: number,
  flex: { index: number; comfort: number },
): void {
  const full = natural[flex.index] ?? 0;
  grow(widths, flex.index, Math.min(full, flex.comfort), width);
  for (const [i, w] of widths) {
    const room = width - total(widths);
    if (i !== flex.index && room > 0) widths.set(i, Math.min(natural[i] ?? w, w + room));
  }
  grow(widths, flex.index, full, width);
}

/**
 * Each column's widest cell, leaving out cells wider than the column's `outlier` width; a column
 * whose every row is such a cell is that width.
 */
function naturalWidths(rows: string[][], specs: ColumnSpec[]): number[] {
  const natural: number[] = [];
  const over: boolean[] = [];
  const ordinary: boolean[] = [];
  for (const [r, row] of rows.entries()) {
    for (const [i, cell] of row.entries()) {
      const width = columns(cell);
      if (width > (specs[i]?.outlier ?? Infinity)) over[i] = true;
      else natural[i] = Math.max(natural[i] ?? 0, width);
      if (r > 0 && width <= (specs[i]?.outlier ?? Infinity)) ordinary[i] = true;
    }
  }
  return natural.map((w, i) =>
    over[i] === true && ordinary[i] !== true ? (specs[i]?.outlier ?? w) : w,
  );
}

/**
 * Lays rows (the first is the header) of sanitised one-line cells, no tab in them (output.ts
 * `table` makes every run of white space one space), out in columns that fit `width`.
 */
export function fitTable(
  rows: string[][],
  specs: ColumnSpec[],
  options: { width?: number; style?: CellStyle } = {},
): string[] {
  const clean = rows;
  const natural = naturalWidths(clean, specs);
  const widths = layout(natural, specs, options.width ?? outputWidth());
  const kept = [...widths.keys()].sort((a, b) => a - b);
  const style = options.style ?? ((text: string) => text);
  return clean.map((row, r) =>
    kept
      .map((c, k) => {
        const text = fit(row[c] ?? '', widths.get(c) ?? 0);
        const width = widths.get(c) ?? 0;
        return style(k === kept.length - 1 ? text : padColumns(text, width), r, c);
      })
      .join(' '.repeat(GAP))
      .trimEnd(),
  );
}

/** The default: every column kept whole except the last, which is cut to the width. */
export function lastColumnFlexes(columns: number): ColumnSpec[] {
  return Array.from({ length: columns }, (_, i) =>
    i === columns - 1 ? { priority: Infinity, flex: true, min: 1 } : { priority: Infinity },
  );
}
