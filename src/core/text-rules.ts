/**
 * Characters a flag may not hold: terminal controls, DEL, C1 controls and bidi overrides (the
 * ones sanitize.ts removes from output) anywhere, and line breaks or tabs in a one-line field (a
 * path, a code location). Flags are read in terminals and by agents; outputs strip these
 * characters, and writers refuse them, so no file holds what an output would have to hide.
 */
import type { Problem } from './rules.js';
import { unsafeIndex } from './sanitize.js';
import type { JsonValue } from './types.js';

/** The fields of a flag the rules look at (texts, paths, location and context). */
export interface TextFields {
  change_description: string;
  action_required: string;
  example_usage: string | null;
  notes: string | null;
  related_files: string[];
  code_location: string | null;
  context: JsonValue | null;
}

/** What to do about each kind of refused character, by how its message reads. */
const FIXES: [RegExp, (named: string) => string][] = [
  [
    / holds a control character \((U\+([0-9A-F]{4,6})[^)]*)\)/,
    (named) => `remove the character, or write it out as visible text (${named})`,
  ],
  [
    / holds a line break or tab \(/,
    () =>
      'a path or code location is one line: give several paths comma-separated (--files a.ts,b.ts)',
  ],
];

/** `\u202e for U+202E RIGHT-TO-LEFT OVERRIDE`: the escape of the character a message names. */
function escapeOf(match: RegExpExecArray): string {
  const [, named, hex] = match;
  if (hex === undefined) return '';
  const escape = hex.length > 4 ? `{${hex.toLowerCase()}}` : hex.toLowerCase();
  return `\\u${escape} for ${named}`;
}

/** The fix to give with these problems, when some of them are refused characters. */
export function unsafeTextFix(problems: { message: string }[]): string | undefined {
  const fixes = FIXES.flatMap(([pattern, fix]) => {
    const match = problems.map((p) => pattern.exec(p.message)).find((m) => m !== null);
    return match === undefined ? [] : [fix(escapeOf(match))];
  });
  return fixes.length === 0 ? undefined : fixes.join('; ');
}

const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x07: 'BEL',
  0x08: 'BS',
  0x09: 'TAB',
  0x0a: 'LF',
  0x0d: 'CR',
  0x1b: 'ESC',
  0x7f: 'DEL',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
};

/** `U+001B ESC`: a character named as a reader can look it up. */
export function characterName(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const name = NAMES[code];
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return name === undefined ? hex : `${hex} ${name}`;
}

/** The first forbidden character's index in a text (line breaks and tabs too when `oneLine`). */
function badIndex(text: string, oneLine: boolean): number {
  const unsafe = unsafeIndex(text);
  if (!oneLine) return unsafe;
  const line = text.search(/[\n\t]/);
  return line === -1 || (unsafe !== -1 && unsafe < line) ? unsafe : line;
}

/** The problem with one text, when it holds a forbidden character. */
export function textProblem(
  field: string,
  text: string,
  options: { oneLine?: boolean; severity: Problem['severity'] },
): Problem | null {
  const at = badIndex(text, options.oneLine ?? false);
  if (at === -1) return null;
  const char = String.fromCodePoint(text.codePointAt(at) ?? 0);
  // Only a one-line text refuses a line break or tab; a CR there is a line break too.
  const breaks = options.oneLine === true && /[\n\r\t]/.test(char);
  const kind = breaks ? 'a line break or tab' : 'a control character';
  const message = `${field} holds ${kind} (${characterName(char)}) at character ${at + 1}`;
  return { field, message, severity: options.severity };
}

/** Every string of a JSON value, object keys included. */
function strings(value: JsonValue | null): string[] {
  const out: string[] = [];
  const stack: unknown[] = [value];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    if (typeof next === 'string') out.push(next);
    else if (next !== null && typeof next === 'object') {
      for (const [key, child] of Object.entries(next)) stack.push(key, child);
    }
  }
  return out;
}

/**
 * One problem per field that holds a forbidden character (the first one found in it). Every
 * parse of a flag runs this: the texts are checked one by one as they are named, without a list
 * of them made first.
 */
export function unsafeTextProblems(flag: TextFields, severity: Problem['severity']): Problem[] {
  const problems = new Map<string, Problem>();
  const check = (field: string, text: string | null, oneLine: boolean): void => {
    if (text === null || problems.has(field)) return;
    const problem = textProblem(field, text, { oneLine, severity });
    if (problem !== null) problems.set(field, problem);
  };
  check('change_description', flag.change_description, false);
  check('action_required', flag.action_required, false);
  check('example_usage', flag.example_usage, false);
  check('notes', flag.notes, false);
  check('code_location', flag.code_location, true);
  for (const file of flag.related_files) check('related_files', file, true);
  for (const text of strings(flag.context)) check('context', text, false);
  return problems.size === 0 ? [] : [...problems.values()];
}
