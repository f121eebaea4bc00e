/**
 * A fast reader for the exact YAML subset flagstore itself writes (one `key: value` per line,
 * block lists of simple items, JSON context). Anything else returns undefined and the caller
 * falls back to the full YAML parser, so hand-written files keep full YAML semantics.
 * A property test checks that both readers agree on every file flagstore renders.
 */

/** A key as flagstore writes one; the line is `key:` or `key: value`. */
const KEY = /^[a-z_][a-z0-9_]*$/;
/** What `.` in a regular expression does not match: a value holding one goes to the YAML parser. */
const NOT_DOT = /[\r\u2028\u2029]/;
const LIST_ITEM = /^ {2}- (.*)$/;
/**
 * A plain scalar YAML reads as this very string: it starts with a letter, `_` or `/` (never an
 * indicator, a digit or a sign), holds printable ASCII, and does not end in a space or `:`.
 * Globs and paths (`src/*.ts`, `docs/{a,b}.md`, `a b.txt`) qualify; PLAIN_BREAK excludes
 * what would end it early.
 */
const PLAIN = /^[A-Za-z_/](?:[\x20-\x7E]*[\x21-\x39\x3B-\x7E])?$/;
/** A mapping indicator or a comment inside the text. */
const PLAIN_BREAK = /: | #/;
/** A flag id; with a letter other than E it can never be read as a YAML number. */
export const ID_LIKE = /^(?=.*[A-DF-Z])[0-9A-Z]{26}$/;
/** A UTC timestamp as flagstore writes it: YAML reads it as this very string. */
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** Words the YAML core schema reads as null or a boolean (YAML quotes them as strings). */
export const RESERVED = /^(null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const SAFE_INTEGER = /^-?(0|[1-9]\d{0,14})$/;
/**
 * A word of ASCII letters and digits that starts with a digit (a mistyped flag id, a version
 * tag): YAML's core schema reads it as this very string unless CORE_NUMBER says it is a number.
 */
const DIGIT_WORD = /^[0-9][0-9A-Za-z]*$/;
const CORE_NUMBER = /^(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+[eE][0-9]+)$/;
const DOUBLE_QUOTED = /^"([^"\\]*)"$/;
const SINGLE_QUOTED = /^'([^']*)'$/;

const NO_VALUE = Symbol('no value');

/** A flow list of plain items, as `init` writes `agents_dir: [agents, .claude/agents]`. */
const FLOW_LIST = /^\[([^[\]{}"'`]*)\]$/;
/** A plain item may also start with a dot (`.claude/agents`), except YAML's `.inf` and `.nan`. */
const DOT_ITEM = /^\.[A-Za-z_/]/;
const DOT_NUMBER = /^\.(inf|Inf|INF|nan|NaN|NAN)$/;

/** The value of `null`, `true` and `false`; NO_VALUE for any other text. */
function keyword(text: string): unknown {
  if (text === 'null') return null;
  if (text === 'true') return true;
  return text === 'false' ? false : NO_VALUE;
}

function scalar(text: string): unknown {
  const word = keyword(text);
  if (word !== NO_VALUE) return word;
  // Only text that starts with a quote can be quoted: most values skip both expressions.
  const first = text.charCodeAt(0);
  const quoted =
    first === 34 ? DOUBLE_QUOTED.exec(text) : first === 39 ? SINGLE_QUOTED.exec(text) : null;
  if (quoted) return quoted[1];
  if (TIMESTAMP.test(text) || ID_LIKE.test(text)) return text;
  if (DIGIT_WORD.test(text)) return CORE_NUMBER.test(text) ? NO_VALUE : text;
  if (PLAIN.test(text) && !PLAIN_BREAK.test(text) && !RESERVED.test(text)) return text;
  return NO_VALUE;
}

/** The items of a flow list of plain strings, or NO_VALUE for anything else. */
function flowList(text: string): unknown {
  const inner = FLOW_LIST.exec(text)?.[1];
  if (inner === undefined) return NO_VALUE;
  if (inner.trim() === '') return [];
  const items = inner.split(',').map((item) => item.trim());
  const plain = (item: string): boolean => {
    const rest = DOT_ITEM.test(item) && !DOT_NUMBER.test(item) ? item.slice(1) : item;
    return typeof scalar(rest) === 'string' && !/^\d|:/.test(rest);
  };
  return items.every(plain) ? items : NO_VALUE;
}

function value(text: string): unknown {
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text.startsWith('[') ? flowList(text) : NO_VALUE;
    }
  }
  if (SAFE_INTEGER.test(text)) return Number(text);
  return scalar(text);
}

function readList(lines: string[], start: number): { items: unknown[]; next: number } | undefined {
  const items: unknown[] = [];
  let i = start;
  for (; i < lines.length; i++) {
    const match = LIST_ITEM.exec(lines[i] as string);
    if (!match) break;
    const item = scalar(match[1] as string);
    if (item === NO_VALUE) return undefined;
    items.push(item);
  }
  return { items, next: i };
}

/** A line's key and its value's text (undefined for `key:` alone), or undefined for any other line. */
interface KeyLine {
  key: string;
  text: string | undefined;
}

/**
 * A line read as `^([a-z_][a-z0-9_]*):(?: (.*))?$` reads it, without the match array and its
 * groups: this runs for every line of every flag a cold read parses.
 */
function keyLine(line: string): KeyLine | undefined {
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  const key = line.slice(0, colon);
  if (!KEY.test(key)) return undefined;
  if (colon === line.length - 1) return { key, text: undefined };
  if (line.charCodeAt(colon + 1) !== 32) return undefined;
  const text = line.slice(colon + 2);
  return NOT_DOT.test(text) ? undefined : { key, text };
}

/** Parses front matter in flagstore's own format, or returns undefined to ask for a full parse. */
export function fastFrontMatter(raw: string): Record<string, unknown> | undefined {
  const lines = raw.split('\n');
  const data: Record<string, unknown> = {};
  let i = lines[0] === '' ? 1 : 0;
  while (i < lines.length) {
    const line = keyLine(lines[i] as string);
    // A key seen twice, `__proto__` (it would set the object's prototype here) or any other key
    // an object has (`constructor`): the YAML parser decides. No value is undefined, and unlike
    // Object.hasOwn the lookup needs no call into V8's runtime for each line.
    if (!line || line.key === '__proto__' || data[line.key] !== undefined) return undefined;
    if (line.text === undefined) {
      const list = readList(lines, i + 1);
      if (list === undefined || list.items.length === 0) return undefined;
      data[line.key] = list.items;
      i = list.next;
      continue;
    }
    const parsed = value(line.text);
    if (parsed === NO_VALUE) return undefined;
    data[line.key] = parsed;
    i++;
  }
  return data;
}

/**
 * Parses a whole YAML file of the same subset (such as `.flagstore.yml` as `init` writes it),
 * skipping blank lines and lines that hold only a comment; undefined asks for a full parse.
 */
export function fastYamlMapping(text: string): Record<string, unknown> | undefined {
  const kept = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  return fastFrontMatter(kept.join('\n'));
}
