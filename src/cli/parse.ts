/** Parsing of CLI option values into domain values. */
import { fail, FlagstoreError, ok, type Result } from '../core/errors.js';
import { editDistance } from '../core/validate.js';

/** Splits a comma-separated option and checks every item against the allowed values. */
export function oneOfList<T extends string>(
  raw: string,
  allowed: readonly string[],
  option: string,
): Result<T[]> {
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = items.filter((item) => !allowed.includes(item));
  if (items.length === 0 || bad.length > 0) {
    return fail(
      'usage',
      `--${option} must be one or more of ${allowed.join(', ')} (got "${raw}")`,
      {
        fix: `pass --${option} ${nearestValues(items, allowed).join(',')}`,
      },
    );
  }
  return ok(items as T[]);
}

/** The items with each one not allowed replaced by the nearest allowed value (a typo's fix). */
function nearestValues(items: string[], allowed: readonly string[]): string[] {
  if (items.length === 0) return allowed.slice(0, 1);
  const nearest = (item: string): string =>
    allowed
      .map((value) => ({ value, d: editDistance(item.toLowerCase(), value) }))
      .reduce((best, c) => (c.d < best.d ? c : best)).value;
  return [...new Set(items.map((item) => (allowed.includes(item) ? item : nearest(item))))];
}

/** Rows a human listing shows unless --all or --limit says otherwise. */
export const DEFAULT_LIMIT = 50;

/**
 * The rows `--limit n` (0: all) and `--all` allow; {@link DEFAULT_LIMIT} when neither is given
 * (the one place the default is set: `list`, `diff` and `agents list` give `--limit` none).
 */
export function rowLimit(o: { limit?: string | undefined; all?: boolean | undefined }): number {
  if (o.all) return Infinity;
  if (o.limit === undefined) return DEFAULT_LIMIT;
  const n = Number(o.limit);
  if (!Number.isInteger(n) || n < 0)
    throw new FlagstoreError('usage', `--limit must be a whole number (got "${o.limit}")`, {
      fix: 'pass --limit 100, or --all',
    });
  return n === 0 ? Infinity : n;
}
