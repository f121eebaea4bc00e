/** Terminal output: sanitised text, colours only on a TTY (NO_COLOR respected), stable JSON. */
import pc from 'picocolors';
import type { Progress } from '../core/progress.js';
import { escapeUnsafeJson, sanitize } from '../core/sanitize.js';
import { jsonChunks } from '../core/json-pieces.js';
import { isTerminal, writeStd } from './std-fd.js';
import { fitTable, lastColumnFlexes, type CellStyle, type ColumnSpec } from './table.js';

export type { CellStyle } from './table.js';

/** The JSON schema version of native `--json` output. */
export const SCHEMA_VERSION = 1;

/** The sanitiser lives in core/ so every output layer (CLI, MCP) shares it. */
export { oneLine, sanitize } from '../core/sanitize.js';

/**
 * True when standard output is a terminal that may be coloured. The colour library is asked
 * only then: in the bundles it is loaded on first use (scripts/stubs/lazy-picocolors.mjs), and
 * loading it creates node's stream for standard output.
 */
export function colorEnabled(): boolean {
  return isTerminal(1) && pc.isColorSupported && !process.env.NO_COLOR;
}

type Colors = ReturnType<typeof pc.createColors>;

/**
 * The palette with colour off, as `pc.createColors(false)` makes it (every helper `String`), but
 * without loading the colour library, which resolves a package and, unless NO_COLOR is set,
 * creates node's stream for standard output: the commit hook's report and every piped command
 * printed through it (docs/performance.md, round perf28).
 */
export const PLAIN_COLORS: Colors = new Proxy({} as Colors, {
  get: (_, key) => (key === 'isColorSupported' ? false : String),
});

/** Colour helpers that are identity functions when colour is off. */
export function palette(): Colors {
  return colorEnabled() ? pc.createColors(true) : PLAIN_COLORS;
}

/** Where a run's output goes: the process's streams, or a caller's buffers (in-process runs). */
export interface OutputSink {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The process's own output, written straight to its descriptors (see std-fd.ts). */
const processSink: OutputSink = {
  stdout: (text) => writeStd(1, text),
  stderr: (text) => writeStd(2, text),
};

let sink: OutputSink = processSink;

/** Sends this process's command output to `next` (null: back to the process's streams). */
export function setOutputSink(next: OutputSink | null): void {
  sink = next ?? processSink;
}

/** Writes text as is (commander's help and version text) to the run's output. */
export function writeRaw(stream: keyof OutputSink, text: string): void {
  clearProgress();
  sink[stream](text);
}

/** Writes a line to standard output; callers sanitise untrusted parts before styling them. */
export function say(text: string): void {
  clearProgress();
  sink.stdout(`${inActions() ? inertCommands(text) : text}\n`);
}

/** Writes a line to standard error; callers sanitise untrusted parts before styling them. */
export function warn(text: string): void {
  clearProgress();
  sink.stderr(`${inActions() ? inertCommands(text) : text}\n`);
}

/** Prints a warning for a person, marked as one so it is not taken for an error. */
export function warnNote(text: string): void {
  warn(`warning: ${sanitize(text)}`);
}

/** Prints an error for a person: the message, then the command that fixes it when there is one. */
export function warnError(error: { message: string; fix?: string | undefined }): void {
  const c = palette();
  warn(`${c.red('error:')} ${sanitize(error.message)}`);
  if (error.fix) warn(`${c.dim('  fix:')} ${sanitize(error.fix)}`);
}

/**
 * JSON is handed to the output in pieces of about this many characters: below V8's 128 KB for
 * a large object, whose space only a full GC empties (1 MB pieces piled up there).
 */
const JSON_PIECE = 1 << 16;

/**
 * Writes a JSON document to standard output, in pieces: a long listing is never held as one
 * string (see json-pieces.ts). JSON escaping covers C0 controls only; DEL, C1 controls and bidi
 * marks are written as `\uXXXX` too (the same JSON value), so none reaches a terminal raw.
 */
export function printJson(value: unknown): void {
  clearProgress();
  // `##[` only occurs inside JSON strings (never across pieces), where `\u005b` is the same `[`.
  const write = (text: string): void => {
    const json = escapeUnsafeJson(text);
    sink.stdout(inActions() ? json.replace(/##\[/g, '##\\u005b') : json);
  };
  for (const chunk of jsonChunks(value, 2, JSON_PIECE)) write(chunk);
  write('\n');
}

/** Writes a native `--json` payload with its schema version. */
export function printNative(payload: Record<string, unknown>): void {
  printJson({ schema_version: SCHEMA_VERSION, ...payload });
}

/** Lays rows out in aligned, sanitised columns that fit the width (see table.ts). */
export function table(
  rows: string[][],
  style: CellStyle = (text) => text,
  specs?: ColumnSpec[],
): string[] {
  const clean = rows.map((row) => row.map((cell) => sanitize(cell).replace(/\s+/g, ' ')));
  return fitTable(clean, specs ?? lastColumnFlexes(rows[0]?.length ?? 0), { style });
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
  return isTerminal(2) ? report : () => undefined;
}

/** True when output goes to a GitHub Actions log, where a line can be a workflow command. */
export function inActions(): boolean {
  return process.env.GITHUB_ACTIONS === 'true';
}

/**
 * Text that cannot run a GitHub Actions workflow command. The runner splits output on CR and
 * LF, takes a line whose start (after blanks) is `::` as a command, and the old `##[` form
 * anywhere in a line: such lines get `> ` in front, and `##[` becomes `## [`.
 */
export function inertCommands(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((part) => {
      const line = part.replace(/##\[/g, '## [');
      return /^\s*::/.test(line) ? `> ${line}` : line;
    })
    .join('\n');
}

/** Writes a workflow command flagstore built itself (its data escaped by the caller). */
export function sayCommand(command: string): void {
  clearProgress();
  sink.stdout(`${command}\n`);
}
