/** Parsing of CLI option values into domain values. */
import { fail, ok, type Result } from '../core/errors.js';

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
    return fail('usage', `--${option} must be one or more of ${allowed.join(', ')} (got "${raw}")`);
  }
  return ok(items as T[]);
}
