/** Untrusted text made safe to show: no terminal escapes, no bidi reordering, no hidden controls. */

// Control characters (except tab and newline), DEL, C1 controls, bidi marks and overrides, and
// Unicode tag characters (U+E0000-E007F): invisible in every terminal, page and summary, yet a
// model reads them as text, so a flag could carry instructions no reviewer sees.
const UNSAFE_CLASS =
  '[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\u{E0000}-\\u{E007F}]';
const UNSAFE = new RegExp(UNSAFE_CLASS, 'gu');
const UNSAFE_ONE = new RegExp(UNSAFE_CLASS, 'u');

/** Where the first character {@link sanitize} removes is in a text, or -1 when there is none. */
export function unsafeIndex(text: string): number {
  return text.search(UNSAFE_ONE);
}

/** The distinct characters {@link sanitize} removes from a text, in order of first use. */
export function unsafeCharacters(text: string): string[] {
  return [...new Set(text.match(UNSAFE) ?? [])];
}

/**
 * JSON text with the characters {@link sanitize} removes written as `\uXXXX` escapes (the same
 * JSON value): JSON.stringify escapes C0 controls but leaves DEL, C1 controls and bidi marks
 * raw, and a terminal showing the document acts on them. Outside strings JSON is ASCII, so only
 * string contents change.
 */
export function escapeUnsafeJson(json: string): string {
  return json.replace(UNSAFE, (c) => c.replace(/[^]/g, unitEscape));
}

/** `\uXXXX` for one UTF-16 code unit (a tag character is written as its surrogate pair). */
function unitEscape(unit: string): string {
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Removes characters that could inject terminal escape sequences or reorder text. */
export function sanitize(text: string): string {
  return text.replace(UNSAFE, '');
}

/** Untrusted text quoted for a message: JSON quotes, every character sanitize removes escaped. */
export function quotedText(text: string): string {
  return escapeUnsafeJson(JSON.stringify(text));
}

/** Untrusted text made one sanitised line: every kind of line break becomes a space. */
export function oneLine(text: string): string {
  return sanitize(text.replace(/[\r\n\v\f\u0085\u2028\u2029]+/g, ' '));
}

/** Sanitises every string in a JSON-like value (object keys included), leaving the rest as is. */
export function sanitizeDeep<T>(value: T): T {
  if (typeof value === 'string') return sanitize(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => sanitizeDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [sanitize(k), sanitizeDeep(v)]),
    ) as T;
  }
  return value;
}
