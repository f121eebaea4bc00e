/**
 * Edits of flagstore's own front matter without the YAML parser: scalars rendered as the YAML
 * package renders them, and `key: value` lines replaced in place. Anything these functions are
 * not sure of returns undefined and the caller takes the YAML path (src/store/frontmatter.ts);
 * a property test checks that both paths give the same text whenever the fast one answers.
 */
import { fastFrontMatter, ID_LIKE, RESERVED, TIMESTAMP } from './fast-frontmatter.js';

/** A string YAML writes as it is: starts with a letter, then letters, digits, `_ . / -`. */
const BARE = /^[A-Za-z][A-Za-z0-9_./-]*$/;
/** A code location, `path:line`. */
const LOCATION = /^[A-Za-z_][A-Za-z0-9_./-]*:\d+$/;
/** An agent handle: YAML double-quotes it (a leading `@` is reserved). */
const HANDLE = /^@[A-Za-z0-9_.-]+$/;

/** A scalar as `YAML.stringify(value, { lineWidth: 0 }).trimEnd()` writes it, or undefined. */
export function fastScalarText(value: string | boolean | null): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (BARE.test(value) && !RESERVED.test(value)) return value;
  if (TIMESTAMP.test(value) || ID_LIKE.test(value) || LOCATION.test(value)) return value;
  if (HANDLE.test(value)) return `"${value}"`;
  return undefined;
}

/** The front matter of a file as splitFile (frontmatter.ts) gives it. */
export interface RawFront {
  raw: string;
  rawOffset: number;
  /** True when the fast reader already read `raw` (fastSplit): it is not read again. */
  fast?: boolean | undefined;
}

/** True when the fast reader understands this front matter (read once per split). */
export function isFastFront(file: RawFront): boolean {
  return file.fast ?? fastFrontMatter(file.raw) !== undefined;
}

/**
 * Sets top-level scalar fields as setFields (frontmatter.ts) does, for front matter in
 * flagstore's own format: a present key's value is replaced, a missing key is appended at the
 * end of the front matter. Undefined when the YAML path must decide.
 */
export function fastSetFields(
  text: string,
  file: RawFront,
  fields: Record<string, string | boolean | null>,
): string | undefined {
  if (!isFastFront(file)) return undefined;
  const lines = file.raw.split('\n');
  const appended: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const insert = fastScalarText(value);
    if (insert === undefined || !/^[a-z_][a-z0-9_]*$/.test(key)) return undefined;
    const at = lines.findIndex((line) => line.startsWith(`${key}: `) || line === `${key}:`);
    if (at < 0) {
      appended.push(`${key}: ${insert}`);
      continue;
    }
    const old = (lines[at] as string).slice(key.length + 2);
    // A block list (`key:` then items) or a JSON value is no single value: YAML refuses it.
    if (old === '' || old.startsWith('{') || old.startsWith('[')) return undefined;
    lines[at] = `${key}: ${insert}`;
  }
  let raw = lines.join('\n');
  if (appended.length > 0) raw = `${raw.replace(/\n*$/, '')}\n${appended.join('\n')}`;
  return text.slice(0, file.rawOffset) + raw + text.slice(file.rawOffset + file.raw.length);
}
