/** Terminal output: sanitised text, colours only on a TTY (NO_COLOR respected), stable JSON. */
import pc from 'picocolors';
import type { Progress } from '../core/progress.js';
import { sanitize } from '../core/sanitize.js';

/** The JSON schema version of native `--json` output. */
export const SCHEMA_VERSION = 1;

/** The sanitiser lives in core/ so every output layer (CLI, MCP) shares it. */
export { sanitize } from '../core/sanitize.js';

/** True when standard output is a terminal that may be coloured. */
export function colorEnabled(): boolean {
  return Boolean(process.stdout.isTTY) && pc.isColorSupported && !process.env.NO_COLOR;
}

/** Colour helpers that are identity functions when colour is off. */
export function palette(): ReturnType<typeof pc.createColors> {
  return pc.createColors(colorEnabled());
}

/** Writes a line to standard output; callers sanitise untrusted parts before styling them. */
export function say(text: string): void {
  clearProgress();
  process.stdout.write(`${text}\n`);
}

/** Writes a line to standard error; callers sanitise untrusted parts before styling them. */
export function warn(text: string): void {
  clearProgress();
  process.stderr.write(`${text}\n`);
}

/** Prints an error for a person: the message, then the command that fixes it when there is one. */
export function warnError(error: { message: string; fix?: string | undefined }): void {
  const c = palette();
  warn(`${c.red('error:')} ${sanitize(error.message)}`);
  if (error.fix) warn(`${c.dim('  fix:')} ${sanitize(error.fix)}`);
}

/** Writes a JSON document to standard output (JSON escaping makes control characters inert). */
export function printJson(value: unknown): void {
  clearProgress();
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes a native `--json` payload with its schema version. */
export function printNative(payload: Record<string, unknown>): void {
  printJson({ schema_version: SCHEMA_VERSION, ...payload });
}

/** Styles a cell after layout: (padded text, row index, column index) -> styled text. */
export type CellStyle = (text: string, row: number, column: number) => string;

/** Lays rows out in aligned, sanitised columns; the last column is cut to the terminal width. */
export function table(rows: string[][], style: CellStyle = (text) => text): string[] {
  const clean = rows.map((row) => row.map((cell) => sanitize(cell).replace(/\s+/g, ' ')));
  const widths: number[] = [];
  for (const row of clean)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const max = process.stdout.isTTY ? process.stdout.columns || 120 : Infinity;
  return clean.map((row, r) => {
    let used = 0;
    const cells = row.map((cell, c) => {
      const text = c === row.length - 1 ? fit(cell, max - used) : cell.padEnd(widths[c] ?? 0);
      used += text.length + 2;
      return style(text, r, c);
    });
    return cells.join('  ').trimEnd();
  });
}

function fit(text: string, room: number): string {
  if (text.length <= room) return text;
  return room <= 1 ? '…' : `${text.slice(0, room - 1)}…`;
}

// The status line of long operations, on standard error and only when it is a terminal, so
// nothing decorative reaches a pipe, a log or a tool. It appears only when an operation lasts
// longer than a moment, shows the seconds elapsed, and is erased before anything is printed.
const DELAY_MS = 400;
const REDRAW_MS = 100;
const TICK_MS = 1000;

interface Line {
  what: string | null;
  since: number;
  drawn: number;
  timer: NodeJS.Timeout | null;
}

const line: Line = { what: null, since: 0, drawn: 0, timer: null };

/** Draws the line once the operation has lasted a moment (timers cannot interrupt sync work). */
function draw(): void {
  const now = Date.now();
  if (line.what === null || now - line.since < DELAY_MS) return;
  const width = (process.stderr.columns || 80) - 1;
  const text = `${line.what} (${Math.floor((now - line.since) / 1000)}s)`.slice(0, width);
  process.stderr.write(`\r\x1b[2K${text}`);
  line.drawn = now;
}

/** Erases the status line, if one is shown, and stops its clock. */
export function clearProgress(): void {
  if (line.timer !== null) clearInterval(line.timer);
  if (line.drawn > 0) process.stderr.write('\r\x1b[2K');
  Object.assign(line, { what: null, drawn: 0, timer: null });
}

function report(what: string | null): void {
  if (what === null) return clearProgress();
  if (line.what === null) {
    line.since = Date.now();
    line.timer = setInterval(draw, TICK_MS).unref();
    setTimeout(draw, DELAY_MS).unref();
  }
  line.what = sanitize(what).replace(/\s+/g, ' ');
  if (Date.now() - line.drawn >= REDRAW_MS) draw();
}

/** The progress sink for this process: the status line on a terminal, else nothing. */
export function terminalProgress(): Progress {
  return process.stderr.isTTY ? report : () => undefined;
}
