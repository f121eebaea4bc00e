/**
 * Front matter read line by line, for agent files that are not valid YAML but that Claude Code
 * loads all the same: its generated descriptions hold unquoted colons ("Examples: <example>
 * Context: ... user: '...' assistant: '...'"), which YAML reads as nested mappings.
 */

import { SCENE_CLOSE, SCENE_OPEN } from './scenes.js';

/** A top-level `key: value` line: a plain key at the start of the line. */
const KEY_LINE = /^([A-Za-z_][\w-]*):(?:[ \t]+(.*))?$/;

/** The value as written, without one pair of matching quotes around it. */
function unquoted(raw: string): string {
  const value = raw.trim();
  const quoted = /^(["']).*\1$/s.test(value) && value.length >= 2;
  return quoted ? value.slice(1, -1) : value;
}

/** Front matter read so far: its fields, the last key, whether a scene is open, and was ever. */
interface Reading {
  fields: Map<string, string>;
  last: string | null;
  scene: boolean;
  bare: boolean;
}

function append(r: Reading, key: string, line: string): void {
  r.fields.set(key, `${r.fields.get(key) ?? ''}\n${line.trim()}`);
}

/** A scene line, into the description (else the field above); false with no field yet. */
function readScene(r: Reading, line: string): boolean {
  const into = r.fields.has('description') ? 'description' : r.last;
  if (into === null) return false;
  append(r, into, line);
  r.scene = !SCENE_CLOSE.test(line);
  return true;
}

/** Takes one line into the reading; false when it fits nowhere (nothing is guessed then). */
function readLine(r: Reading, line: string): boolean {
  const opens = !r.scene && SCENE_OPEN.test(line);
  r.bare ||= opens;
  if (r.scene || opens) return readScene(r, line);
  const match = KEY_LINE.exec(line);
  if (match !== null) {
    r.last = match[1] as string;
    if (r.fields.has(r.last)) return false;
    r.fields.set(r.last, match[2] ?? '');
    return true;
  }
  if (r.last !== null && /^[ \t]/.test(line)) {
    append(r, r.last, line);
    return true;
  }
  return line.trim() === '' || line.startsWith('#');
}

/**
 * The fields of front matter `lines` (without the `---` markers): each top-level `key: value`
 * line is a field whose value is the rest of the line as text; indented lines continue the
 * field above. Lines from an unindented `<example>` to its `</example>` (a scene, whose
 * `Context:` and `user:` lines are no fields) continue the description, wherever they stand.
 * Null when a line is none of these, a key repeats or a scene is left open (nothing is guessed).
 */
export function lineFields(lines: readonly string[]): Record<string, string> | null {
  const r = reading(lines);
  return r === null ? null : fieldsOf(r);
}

/** The lines read, or null when one fits nowhere or a scene is left open. */
function reading(lines: readonly string[]): Reading | null {
  const r: Reading = { fields: new Map(), last: null, scene: false, bare: false };
  return lines.every((line) => readLine(r, line)) && !r.scene ? r : null;
}

function fieldsOf(r: Reading): Record<string, string> {
  return Object.fromEntries([...r.fields].map(([k, v]) => [k, unquoted(v)]));
}

/** A plain value YAML refuses: one starting with a reserved character, or holding `: `. */
const NEEDS_QUOTES = /^[@`%]|: /;

/** The longest quoted value a fix shows; a longer one (a generated description) is named only. */
const QUOTED_SHOWN = 60;

/**
 * The fix for a front-matter line YAML refused, when it is a `key: value` line whose plain
 * value YAML cannot read (`target_agent: @db`, a description with `: `): the line quoted.
 */
export function quoteFix(line: string): string | undefined {
  const value = KEY_LINE.exec(line.replace(/\r$/, ''));
  const raw = value?.[2]?.trim() ?? '';
  if (value === null || !NEEDS_QUOTES.test(raw)) return undefined;
  const quoted = JSON.stringify(raw);
  const key = value[1] as string;
  return quoted.length > QUOTED_SHOWN
    ? `quote the value of ${key}`
    : `quote the value: ${key}: ${quoted}`;
}

/** A problem's message with its fix, when there is one, in parentheses. */
export function withFix(message: string, fix: string | undefined): string {
  return fix === undefined ? message : `${message} (fix: ${fix})`;
}

/** A text's front matter (raw) and body, with where each starts (see {@link frontSplit}). */
export interface RawSplit {
  raw: string;
  rawOffset: number;
  body: string;
  bodyOffset: number;
}

/**
 * The one front-matter split, as gray-matter makes it, for a text that starts with a line
 * `---`: the front matter runs to the next line that starts with `---`; the body is what
 * follows that delimiter (the rest of its line), with one line end dropped. Undefined when the
 * text does not start so or nothing closes the front matter.
 */
export function frontSplit(text: string): RawSplit | undefined {
  if (!text.startsWith('---\n')) return undefined;
  const close = text.indexOf('\n---', 3);
  if (close <= 3) return undefined;
  let bodyOffset = close + 4;
  if (text[bodyOffset] === '\r') bodyOffset++;
  if (text[bodyOffset] === '\n') bodyOffset++;
  return { raw: text.slice(3, close), rawOffset: 3, body: text.slice(bodyOffset), bodyOffset };
}

/** Front matter read line by line: its fields, the body, and whether it holds bare scenes. */
export interface LineSplit {
  fields: Record<string, string>;
  body: string;
  /** An unindented `<example>` line in the front matter (never the body's own examples). */
  bareScenes: boolean;
}

/**
 * Front matter and body of a text whose first line is `---` (a byte order mark and spaces after
 * it allowed, as the YAML path allows them), split by {@link frontSplit}, its fields read line
 * by line.
 */
export function lineSplit(text: string): LineSplit | null {
  const unmarked = text.replace(/^\uFEFF/, '');
  const eol = unmarked.indexOf('\n');
  if (eol < 0 || unmarked.slice(0, eol).trimEnd() !== '---') return null;
  const split = frontSplit(`---${unmarked.slice(eol)}`);
  if (split === undefined) return null;
  const r = reading(split.raw.split('\n').slice(1));
  return r === null ? null : { fields: fieldsOf(r), body: split.body, bareScenes: r.bare };
}
