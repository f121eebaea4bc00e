/** Front matter: split with gray-matter (YAML engine: the `yaml` package), edit line by line. */
import matter from 'gray-matter';
import YAML, { isScalar, isMap } from 'yaml';
import { FlagstoreError } from '../core/errors.js';
import { frontSplit, quoteFix } from '../core/line-front-matter.js';
import { firstLineOf, isLfsPointer, LFS_POINTER_REFUSAL } from '../core/lfs-pointer.js';
import { fastScalarText, fastSetFields, isFastFront } from './fast-edit.js';
import { fastFrontMatter } from './fast-frontmatter.js';

/** A file split into its front matter (raw and parsed) and its markdown body. */
export interface SplitFile {
  data: Record<string, unknown>;
  /** Raw front-matter text and its offset in the file, for line numbers and surgical edits. */
  raw: string;
  rawOffset: number;
  body: string;
  bodyOffset: number;
  /** True when the fast reader read the front matter (fastSplit): nothing reads it again. */
  fast?: boolean | undefined;
}

const YAML_OPTIONS = {
  schema: 'core',
  uniqueKeys: true,
  maxAliasCount: 50,
  logLevel: 'error',
} as const;

function refuseEngine(): never {
  throw new Error('only YAML front matter is allowed');
}

const MATTER_OPTIONS = {
  engines: {
    yaml: {
      // Only what the fast reader left (see fastSplit) comes here: it is not tried again.
      parse: (text: string) => YAML.parse(text, YAML_OPTIONS) as object,
      stringify: refuseEngine,
    },
    javascript: refuseEngine,
    js: refuseEngine,
    coffee: refuseEngine,
  },
};

/**
 * The text with CRLF line ends made LF: a file checked out with `core.autocrlf=true` reads like
 * its LF twin, with the same line numbers.
 */
export function lfText(text: string): string {
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
}

/** 1-based line number of an offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Why a file without front matter is refused. A Git LFS pointer is named as one: a
 * `.gitattributes` line (`git lfs track`) sends the file through git-lfs, and git then holds
 * the pointer instead of the text.
 */
function missingFrontMatter(text: string): string {
  if (!isLfsPointer(text)) {
    return 'missing front matter: the file must start with a line "---"';
  }
  return LFS_POINTER_REFUSAL;
}

/** Splits a file; throws an `invalid` error that carries the line of the problem. */
export function splitFile(text: string): SplitFile {
  if (firstLineOf(text).trimEnd() !== '---') {
    throw new FlagstoreError('invalid', missingFrontMatter(text), { details: { line: 1 } });
  }
  return fastSplit(text) ?? fullSplit(text);
}

/** Splits a file with gray-matter and the YAML parser (see {@link splitFile}). */
export function fullSplit(text: string): SplitFile {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, MATTER_OPTIONS);
  } catch (error) {
    throw yamlError(error, text);
  }
  const rawOffset = text.indexOf(parsed.matter);
  if (
    !isPlainObject(parsed.data) ||
    text.indexOf('\n---', rawOffset + parsed.matter.length - 1) < 0
  ) {
    throw new FlagstoreError(
      'invalid',
      'front matter must be a YAML mapping closed by a line "---"',
      {
        details: { line: 1 },
      },
    );
  }
  const bodyOffset = text.length - parsed.content.length;
  return { data: parsed.data, raw: parsed.matter, rawOffset, body: parsed.content, bodyOffset };
}

/**
 * The split gray-matter makes of a file in flagstore's own format (`---` and a line end, a
 * front matter the fast reader understands, a closing `---` line), without gray-matter's
 * per-call copies; undefined for anything else, which then takes the full path. The body is
 * what gray-matter leaves after the closing delimiter: the rest of its line, then one line end
 * dropped. A property test checks that both paths agree.
 */
export function fastSplit(text: string): SplitFile | undefined {
  const split = frontSplit(text);
  if (split === undefined) return undefined;
  const data = fastFrontMatter(split.raw);
  if (data === undefined || Object.keys(data).length === 0) return undefined;
  // Named one by one: a spread after `data` is a call into V8's runtime, once per flag parsed.
  const { raw, rawOffset, body, bodyOffset } = split;
  return { data, raw, rawOffset, body, bodyOffset, fast: true };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function yamlError(error: unknown, text: string): FlagstoreError {
  // The yaml package's first line ends with a colon before its excerpt of the source.
  const first = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const message = first.replace(/:\s*$/, '');
  const linePos = (error as { linePos?: [{ line: number }] }).linePos;
  const fmStart = text.indexOf('\n') + 1;
  const line = linePos ? lineAt(text, fmStart) + linePos[0].line - 2 : 1;
  const fix = linePos ? quoteFix(text.split('\n')[line - 1] ?? '') : undefined;
  return new FlagstoreError('invalid', `malformed front matter: ${message}`, {
    details: { line: Math.max(1, line) },
    ...(fix === undefined ? {} : { fix }),
  });
}

/** Offsets where each line of a text starts, to turn offsets into lines by binary search. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/**
 * Line numbers (in the whole file) of the top-level front-matter keys, from one parse: the
 * returned lookup gives a key's first line, or 1 (the opening `---`) for a key not present.
 */
export function keyLines(file: SplitFile, text: string): (key: string) => number {
  return fastKeyLines(file, text) ?? yamlKeyLines(file, text);
}

const TOP_KEY = /^([a-z_][a-z0-9_]*):/;

/**
 * Key lines of a front matter in flagstore's own format (the fast reader's), found without
 * loading the YAML parser: there every top-level key starts a line. Undefined otherwise.
 */
function fastKeyLines(file: SplitFile, text: string): ((key: string) => number) | undefined {
  if (!isFastFront(file)) return undefined;
  const first = lineAt(text, file.rawOffset);
  const lines = new Map<string, number>();
  file.raw.split('\n').forEach((line, i) => {
    const key = TOP_KEY.exec(line)?.[1];
    if (key !== undefined && !lines.has(key)) lines.set(key, first + i);
  });
  return (key) => lines.get(key) ?? 1;
}

/** Key lines from the YAML parser's document (see {@link keyLines}). */
export function yamlKeyLines(file: SplitFile, text: string): (key: string) => number {
  const doc = YAML.parseDocument(file.raw, YAML_OPTIONS);
  const lines = new Map<unknown, number>();
  if (isMap(doc.contents)) {
    const starts = lineStarts(text);
    for (const { key } of doc.contents.items) {
      if (!isScalar(key) || !key.range) continue;
      if (!lines.has(key.value))
        lines.set(key.value, lineOf(starts, file.rawOffset + key.range[0]));
    }
  }
  return (key) => lines.get(key) ?? 1;
}

/** Line number (in the whole file) of a top-level front-matter key, or of the opening `---`. */
export function keyLine(file: SplitFile, text: string, key: string): number {
  return keyLines(file, text)(key);
}

/** Line of a top-level front-matter key in a file's text; 1 when the file does not parse. */
export function lineOfKey(text: string, key: string): number {
  const lf = lfText(text);
  try {
    return keyLine(splitFile(lf), lf, key);
  } catch {
    return 1;
  }
}

/** Renders a scalar as a one-line YAML value (quoted where YAML needs it). */
export function scalarText(value: string | boolean | null): string {
  return fastScalarText(value) ?? yamlScalarText(value);
}

/** {@link scalarText} by the YAML package. */
export function yamlScalarText(value: string | boolean | null): string {
  return YAML.stringify(value, { lineWidth: 0, blockQuote: false }).replace(/\n$/, '');
}

/**
 * Sets top-level scalar fields by replacing only their value text; keys that are missing are
 * appended at the end of the front matter. Comments, order and other fields are untouched.
 */
export function setFields(text: string, fields: Record<string, string | boolean | null>): string {
  const file = splitFile(text);
  return fastSetFields(text, file, fields) ?? yamlSetFields(text, file, fields);
}

/** {@link setFields} by the YAML parser (any YAML front matter). */
export function yamlSetFields(
  text: string,
  file: SplitFile,
  fields: Record<string, string | boolean | null>,
): string {
  const doc = YAML.parseDocument(file.raw, YAML_OPTIONS);
  if (!isMap(doc.contents)) throw new FlagstoreError('invalid', 'front matter is not a mapping');
  const splices: { start: number; end: number; insert: string }[] = [];
  const appended: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const pair = doc.contents.items.find((item) => isScalar(item.key) && item.key.value === key);
    if (pair === undefined) {
      appended.push(`${key}: ${yamlScalarText(value)}`);
    } else {
      splices.push(valueSplice(pair.value, key, yamlScalarText(value)));
    }
  }
  let raw = file.raw;
  for (const s of splices.sort((a, b) => b.start - a.start)) {
    raw = raw.slice(0, s.start) + s.insert + raw.slice(s.end);
  }
  if (appended.length > 0) raw = `${raw.replace(/\n*$/, '')}\n${appended.join('\n')}`;
  return text.slice(0, file.rawOffset) + raw + text.slice(file.rawOffset + file.raw.length);
}

function valueSplice(
  node: unknown,
  key: string,
  insert: string,
): { start: number; end: number; insert: string } {
  if (!isScalar(node) || !node.range) {
    throw new FlagstoreError(
      'invalid',
      `front-matter field ${key} must be a single value to be updated`,
    );
  }
  const [start, end] = node.range;
  return { start, end, insert: start === end ? ` ${insert}` : insert };
}
