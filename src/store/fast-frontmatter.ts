/**
 * A fast reader for the exact YAML subset flagstore itself writes (one `key: value` per line,
 * block lists of simple items, JSON context). Anything else returns undefined and the caller
 * falls back to the full YAML parser, so hand-written files keep full YAML semantics.
 * A property test checks that both readers agree on every file flagstore renders.
 */

const KEY_LINE = /^([a-z_][a-z0-9_]*):(?: (.*))?$/;
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
  const quoted = DOUBLE_QUOTED.exec(text) ?? SINGLE_QUOTED.exec(text);
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

/** Parses front matter in flagstore's own format, or returns undefined to ask for a full parse. */
export function fastFrontMatter(raw: string): Record<string, unknown> | undefined {
  const lines = raw.split('\n');
  const data: Record<string, unknown> = {};
  let i = lines[0] === '' ? 1 : 0;
  while (i < lines.length) {
    const match = KEY_LINE.exec(lines[i] as string);
    // `__proto__` would set the object's prototype here, unlike in the YAML parser: let it decide.
    if (!match || match[1] === '__proto__' || Object.hasOwn(data, match[1] as string)) {
      return undefined;
    }
    if (match[2] === undefined) {
      const list = readList(lines, i + 1);
      if (list === undefined || list.items.length === 0) return undefined;
      data[match[1] as string] = list.items;
      i = list.next;
      continue;
    }
    const parsed = value(match[2]);
    if (parsed === NO_VALUE) return undefined;
    data[match[1] as string] = parsed;
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
