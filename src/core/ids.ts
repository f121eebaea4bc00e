/** Flag IDs are ULIDs: time-sortable, coordination-free, and resolvable by a unique prefix. */
import { fail, ok, type Result } from './errors.js';

/** A full flag ID: 26 Crockford base32 characters, uppercase. */
export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** The shortest prefix a user may type. */
export const MIN_PREFIX = 4;
const PREFIX_PATTERN = /^[0-9A-HJKMNP-TV-Z]+$/;

/** True when the value is a full, canonical flag ID. */
export function isFlagId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/** Checks that user input is a plausible ID prefix (never a path) and uppercases it. */
export function parseIdPrefix(raw: string): Result<string> {
  const prefix = raw.trim().toUpperCase();
  if (prefix.length < MIN_PREFIX || prefix.length > 26 || !PREFIX_PATTERN.test(prefix)) {
    return fail(
      'usage',
      `"${raw}" is not a flag id: use ${MIN_PREFIX} to 26 characters of an id such as 01JD3ZQ8`,
      { fix: 'flagstore list', details: { id: raw } },
    );
  }
  return ok(prefix);
}

/** Resolves a prefix against known IDs: exactly one match, or an error naming the candidates. */
export function resolvePrefix(raw: string, known: readonly string[]): Result<string> {
  const parsed = parseIdPrefix(raw);
  if (!parsed.ok) return parsed;
  const matches = known.filter((id) => id.startsWith(parsed.value));
  if (matches.length === 1) return ok(matches[0] as string);
  if (matches.length === 0) {
    return fail('not_found', `no flag with id ${parsed.value}`, {
      fix: 'flagstore list --status all',
      details: { id: parsed.value },
    });
  }
  const shown = matches.slice(0, 10);
  return fail(
    'ambiguous',
    `id prefix ${parsed.value} matches ${matches.length} flags: ${shown.join(', ')}${matches.length > shown.length ? ', ...' : ''}`,
    { fix: 'use more characters of the id', details: { id: parsed.value, candidates: matches } },
  );
}

/** The shortest prefix (at least `min` characters) that tells each ID apart from its neighbours. */
export function shortIds(ids: readonly string[], min = 8): Map<string, string> {
  const sorted = [...ids].sort();
  const result = new Map<string, string>();
  sorted.forEach((id, i) => {
    const len = Math.max(
      min,
      commonPrefix(id, sorted[i - 1]) + 1,
      commonPrefix(id, sorted[i + 1]) + 1,
    );
    result.set(id, id.slice(0, len));
  });
  return result;
}

function commonPrefix(a: string, b: string | undefined): number {
  if (b === undefined) return 0;
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}
